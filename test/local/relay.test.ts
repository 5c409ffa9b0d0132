/**
 * The local Teams relay's routing (src/local/relay.ts), against a fake Agents
 * Playground connector and a fake bot, both plain HTTP servers on loopback:
 * each person has a 1:1 conversation of their own; the playground's one
 * personal chat shows only the person you act as, and a switch replaces what it
 * shows; the meeting chat stays shared. (test/e2e/playground.test.ts plays the
 * same in the real playground in a browser.)
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Person } from "../../src/domain/roster.js";
import { HIDDEN_TEXT, TeamsRelay } from "../../src/local/relay.js";
import { MEETING_CHAT_ID, PERSONAL_CHAT_ID, PLAYGROUND_SEAT, personalConversationId, teamsUserId } from "../../src/local/playground-config.js";

const CARD = "application/vnd.microsoft.card.adaptive";
const coord: Person = {
  id: "coord",
  name: "Maren Ødegård Lie",
  role: "coordinator",
  isFagdirektor: false,
  aadObjectId: "00000000-0000-4000-8000-000000000018",
} as Person;
const director: Person = {
  id: "dir-fonna",
  name: "Gunvor Sæbø Haugland",
  role: "hfContact",
  hfId: "helse-fonna",
  isFagdirektor: true,
  aadObjectId: "871b7f6b-225c-42b6-bfdf-a522a857ae2d",
} as Person;
const member: Person = {
  id: "m-sorost-1",
  name: "Astrid Fjellvang",
  role: "member",
  isFagdirektor: true,
  aadObjectId: "00000000-0000-4000-8000-000000000001",
} as Person;

interface Call {
  method: string;
  path: string;
  body: any;
}

/** A server that records every call and answers with `answer` (JSON). */
async function fakeServer(answer: (call: Call) => { status: number; body?: unknown }): Promise<{ url: string; calls: Call[]; close(): Promise<void> }> {
  const calls: Call[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const call = { method: req.method ?? "GET", path: decodeURIComponent(req.url ?? "/"), body: text ? JSON.parse(text) : undefined };
    calls.push(call);
    const a = answer(call);
    res.writeHead(a.status, { "content-type": "application/json" });
    res.end(a.body === undefined ? "" : JSON.stringify(a.body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

const card = (title: string, refresh?: object) => ({
  contentType: CARD,
  content: { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: title }], ...(refresh ? { refresh } : {}) },
});
const message = (conversationId: string, text: string) => ({ type: "message", text, conversation: { id: conversationId }, from: { id: "28:bot" } });
const cardMessage = (conversationId: string, title: string, refresh?: object) => ({
  type: "message",
  attachments: [card(title, refresh)],
  conversation: { id: conversationId },
  from: { id: "28:bot" },
});
/** The text a playground call shows: a message's text or its card's first TextBlock. */
const shown = (c: Call) => c.body?.text ?? c.body?.attachments?.[0]?.content?.body?.[0]?.text;

describe("the local Teams relay", () => {
  let playground: Awaited<ReturnType<typeof fakeServer>>;
  let bot: Awaited<ReturnType<typeof fakeServer>>;
  let relay: TeamsRelay;
  let notes: string[];
  let nextId = 0;

  beforeEach(async () => {
    nextId = 0;
    notes = [];
    // The playground answers a post with the new message's id, as its connector does.
    playground = await fakeServer((c) =>
      c.method === "POST" ? { status: 201, body: { id: `pg-${++nextId}` } } : { status: 200, body: { id: c.path.split("/").at(-1) } },
    );
    // The bot answers a card refresh with the asking person's view, and a click with a card that names the clicker.
    bot = await fakeServer((c) => {
      const a = c.body;
      if (a?.type !== "invoke") return { status: 200 };
      const who = a.from?.name;
      const title = a.value?.trigger === "automatic" ? `view for ${who}` : `answered for ${who}`;
      return {
        status: 200,
        body: { statusCode: 200, type: CARD, value: { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: title }] } },
      };
    });
    relay = await new TeamsRelay({
      botEndpoint: `${bot.url}/api/messages`,
      actingAs: coord,
      people: [coord, director, member],
      onNote: (l) => notes.push(l),
    }).start();
    relay.setPlayground(playground.url);
  });

  afterEach(async () => {
    await relay.close();
    await playground.close();
    await bot.close();
  });

  /** What the playground's personal chat received since `from`. */
  const personalCalls = (from = 0) => playground.calls.slice(from).filter((c) => c.path.includes(`/conversations/${PERSONAL_CHAT_ID}/`));
  const fromSeat = (extra: object) => ({
    type: "message",
    id: `seat-${Math.random()}`,
    channelId: "msteams",
    serviceUrl: relay.connectorUrl,
    from: { id: PLAYGROUND_SEAT.id, name: PLAYGROUND_SEAT.name, aadObjectId: PLAYGROUND_SEAT.aadObjectId },
    recipient: { id: "28:komitebot-lokal" },
    ...extra,
  });
  const post = (path: string, body: object, method = "POST") =>
    fetch(`${relay.url}${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then(async (r) => ({
      status: r.status,
      body: await r.text(),
    }));
  const botSends = (conversationId: string, activity: object) =>
    post(`/_connector/v3/conversations/${encodeURIComponent(conversationId)}/activities`, activity);
  const botUpdates = (conversationId: string, id: string, activity: object) =>
    post(`/_connector/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(id)}`, activity, "PUT");

  it("gives each person their own 1:1 conversation with the bot, under opaque Teams ids", async () => {
    await post("/api/messages", fromSeat({ text: "hjelp", conversation: { id: PERSONAL_CHAT_ID, conversationType: "personal" } }));
    await relay.actAs(director);
    await post("/api/messages", fromSeat({ text: "hjelp", conversation: { id: PERSONAL_CHAT_ID, conversationType: "personal" } }));

    const [first, second] = bot.calls.filter((c) => c.body?.type === "message").map((c) => c.body);
    expect(first.conversation.id).toBe(personalConversationId(coord));
    expect(second.conversation.id).toBe(personalConversationId(director));
    expect(first.conversation.id).not.toBe(second.conversation.id);
    expect(first.from).toMatchObject({ id: teamsUserId(coord), aadObjectId: coord.aadObjectId, name: coord.name });
    expect(second.from).toMatchObject({ id: teamsUserId(director), aadObjectId: director.aadObjectId });
    for (const p of [coord, director, member]) {
      expect(teamsUserId(p)).toMatch(/^29:1[A-Za-z0-9_-]{40}$/);
      expect(teamsUserId(p)).not.toContain(p.aadObjectId!);
      expect(teamsUserId(p)).toBe(teamsUserId({ id: p.id })); // stable: derived from the roster id only
      expect(personalConversationId(p)).not.toContain(p.aadObjectId!);
    }
  });

  it("keeps the meeting chat shared: its messages go through as the bot sent them", async () => {
    const r = await botSends(MEETING_CHAT_ID, message(MEETING_CHAT_ID, "Møtet er koblet"));
    expect(r.status).toBe(201);
    await relay.actAs(director);
    const meetingCalls = playground.calls.filter((c) => c.path.includes(`/conversations/${MEETING_CHAT_ID}/`));
    expect(meetingCalls.map((c) => [c.method, shown(c)])).toEqual([["POST", "Møtet er koblet"]]);
  });

  it("shows a 1:1 message only while you act as its person, and keeps the others' for later", async () => {
    const toCoord = await botSends(personalConversationId(coord), cardMessage(personalConversationId(coord), "Utkast til avgjørelse – sak TO-2026-001"));
    const toDirector = await botSends(personalConversationId(director), cardMessage(personalConversationId(director), "Avgjørelse – sak TO-2026-001"));
    await relay.idle();
    expect(toCoord.status).toBe(201);
    expect(toDirector.status).toBe(201);
    expect(JSON.parse(toDirector.body).id).toMatch(/^relay-/); // the bot gets an id whether or not the playground shows it

    expect(personalCalls().map((c) => [c.method, shown(c)])).toEqual([["POST", "Utkast til avgjørelse – sak TO-2026-001"]]);
    expect(personalCalls()[0]!.body.conversation.id).toBe(PERSONAL_CHAT_ID);
    expect(relay.personalMessages(director)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(notes.join("\n")).toMatch(/sendte Gunvor Sæbø Haugland \(dir-fonna\) en melding i 1:1-chatten; «som dir-fonna» viser den/);
  });

  it("replaces what the personal chat shows with the new person's messages on a switch, and back", async () => {
    await botSends(personalConversationId(coord), cardMessage(personalConversationId(coord), "Utkast til avgjørelse – sak TO-2026-001"));
    await botSends(personalConversationId(director), cardMessage(personalConversationId(director), "Avgjørelse – sak TO-2026-001"));
    await relay.idle();
    const before = playground.calls.length;

    await relay.actAs(director);
    const switched = personalCalls(before);
    // The coordinator's record is overwritten (the playground cannot delete), then the director's chat is posted.
    expect(switched.map((c) => [c.method, c.method === "PUT" ? c.path.split("/").at(-1) : undefined, shown(c)])).toEqual([
      ["PUT", "pg-1", HIDDEN_TEXT],
      ["POST", undefined, expect.stringMatching(/^\*\*Komitébot – 1:1-chatten til Gunvor Sæbø Haugland\.\*\*/)],
      ["POST", undefined, "Avgjørelse – sak TO-2026-001"],
    ]);
    expect(JSON.stringify(switched)).not.toContain("Utkast til avgjørelse");

    const again = playground.calls.length;
    await relay.actAs(coord);
    expect(personalCalls(again).map((c) => [c.method, shown(c)])).toEqual([
      ["PUT", HIDDEN_TEXT],
      ["PUT", HIDDEN_TEXT],
      ["POST", expect.stringMatching(/1:1-chatten til Maren Ødegård Lie/)],
      ["POST", "Utkast til avgjørelse – sak TO-2026-001"],
    ]);
  });

  it("updates a kept message quietly and shows the update when its person's chat is shown", async () => {
    const sent = await botSends(personalConversationId(director), cardMessage(personalConversationId(director), "Avgjørelse – versjon 1"));
    const id = JSON.parse(sent.body).id as string;
    const before = playground.calls.length;
    const updated = await botUpdates(personalConversationId(director), id, cardMessage(personalConversationId(director), "Avgjørelse – versjon 2"));
    expect(updated.status).toBe(200);
    expect(personalCalls(before)).toEqual([]);

    await relay.actAs(director);
    expect(personalCalls(before).map(shown)).toContain("Avgjørelse – versjon 2");
    expect(personalCalls(before).map(shown)).not.toContain("Avgjørelse – versjon 1");
    // An update to a message the bot never sent is refused, as Teams does.
    expect((await botUpdates(personalConversationId(director), "relay-999", message(personalConversationId(director), "x"))).status).toBe(404);
  });

  it("sends a click on a shown card to the bot with the bot's own activity id, and shows the answer when the chat is shown again", async () => {
    await relay.actAs(director);
    const sent = await botSends(personalConversationId(director), cardMessage(personalConversationId(director), "Avgjørelse – sak TO-2026-001"));
    const botId = JSON.parse(sent.body).id as string;
    await relay.idle();
    const slot = personalCalls()
      .filter((c) => c.method === "POST")
      .at(-1)!;
    const playgroundId = `pg-${nextId}`;
    expect(shown(slot)).toBe("Avgjørelse – sak TO-2026-001");

    const click = await post(
      "/api/messages",
      fromSeat({
        type: "invoke",
        name: "adaptiveCard/action",
        replyToId: playgroundId,
        conversation: { id: PERSONAL_CHAT_ID, conversationType: "personal" },
        value: { action: { type: "Action.Execute", verb: "acknowledge", data: {} } },
      }),
    );
    expect(click.status).toBe(200);
    const invoke = bot.calls.at(-1)!.body;
    expect(invoke).toMatchObject({
      type: "invoke",
      replyToId: botId,
      conversation: { id: personalConversationId(director) },
      from: { id: teamsUserId(director) },
    });

    await relay.actAs(coord);
    const back = playground.calls.length;
    await relay.actAs(director);
    expect(personalCalls(back).map(shown)).toContain("answered for Gunvor Sæbø Haugland");
  });

  it("asks the bot for the person's own view of a 1:1 card that has refresh", async () => {
    const refresh = { action: { type: "Action.Execute", verb: "refreshRecord", data: {} }, userIds: [] };
    await botSends(personalConversationId(coord), cardMessage(personalConversationId(coord), "shared view", refresh));
    await relay.idle();
    expect(personalCalls().map(shown)).toEqual(["view for Maren Ødegård Lie"]);
    const refreshInvoke = bot.calls.find((c) => c.body?.value?.trigger === "automatic")!.body;
    expect(refreshInvoke.conversation.id).toBe(personalConversationId(coord));
  });

  it("installs the app for everyone, each in their own 1:1 conversation", async () => {
    expect(await relay.installForEveryone()).toBe(3);
    const installs = bot.calls.filter((c) => c.body?.type === "installationUpdate").map((c) => c.body);
    expect(installs.map((a) => [a.action, a.from.id, a.from.aadObjectId, a.conversation.id, a.conversation.conversationType])).toEqual(
      [coord, director, member].map((p) => ["add", teamsUserId(p), p.aadObjectId, personalConversationId(p), "personal"]),
    );
    expect(playground.calls).toEqual([]); // nothing to show: the bot says nothing to people on the roster
  });
});
