/**
 * The local Teams relay: sits between the Agents Playground and the bot, on
 * loopback, and adds what Teams does that the playground (0.2.x) does not:
 *
 * 1. Who you are. The playground has a single fixed user. Everything it sends
 *    from that seat (messages, card clicks, installs) reaches the bot as the
 *    roster person you chose with the launcher's `som <id>` command — with
 *    their (opaque, local) Teams id, AAD object id, name and client language,
 *    exactly as Teams would send it for them.
 * 2. A 1:1 chat per person. In Teams each person has their own 1:1 chat with
 *    the bot; the playground has one "Personal Chat". The relay gives each
 *    person a conversation of their own: what the playground sends from its
 *    personal chat reaches the bot in the conversation of the person you act
 *    as (so the bot stores that as their personal reference), and what the bot
 *    sends to a person's conversation is shown in the playground only while you
 *    act as that person; the rest is kept. Switching person (`som <id>`)
 *    replaces what the personal chat shows with that person's messages (the
 *    playground cannot delete messages: the others' are overwritten with a
 *    "hidden" line, then the person's are posted again). `installForEveryone`
 *    installs the app for every person at start, as an administrator would in
 *    Teams, so proactive messages reach anyone you may later act as.
 *    The meeting (group) chat stays shared.
 * 3. Per-user card views. Teams refreshes a card that has `refresh` for each
 *    user in `refresh.userIds` (the bot lists the people it has seen) by sending the bot an `adaptiveCard/action`
 *    invoke (trigger "automatic") and showing that user the card the bot
 *    returns. The playground shows the shared card as is. The relay does the
 *    refresh for the person you act as: when the bot posts or updates a card
 *    with `refresh`, the relay asks the bot for that person's view and hands
 *    that to the playground (falling back to the shared card on any error). It
 *    does so even for a person not yet in `refresh.userIds` (and says so once),
 *    so that you can play anyone straight away.
 *    Switching person re-renders every card in the meeting chat as the new person.
 *
 *   playground ──POST /api/messages──▶ relay ──▶ bot /api/messages
 *   bot ──/_connector/v3/...──▶ relay ──▶ playground /_connector/v3/...
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Person } from "../domain/roster.js";
import { LOCAL_BOT, LOCAL_TENANT_ID, PERSONAL_CHAT_ID, PLAYGROUND_SEAT, personalConversationId, teamsUserId } from "./playground-config.js";

const CARD = "application/vnd.microsoft.card.adaptive";
const MAX_BODY = 1024 * 1024;
const REFRESH_TIMEOUT_MS = 8_000;
/** What a message in the playground's personal chat becomes when it belongs to someone you no longer act as. */
export const HIDDEN_TEXT = "_(skjult: hører til en annen persons 1:1-chat)_";

export interface RelayOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** Who you are at start. */
  actingAs: Person;
  /** Everyone you may act as (the roster): each gets a 1:1 conversation of their own. Default: actingAs only. */
  people?: readonly Person[];
  /** Lines for the launcher's console (switches, skipped refreshes). */
  onNote?: (line: string) => void;
}

interface KnownCard {
  conversationId: string;
  activityId: string;
  /** The activity as the bot last sent it (shared view). */
  activity: Record<string, any>;
  /** Whose view the playground shows now (undefined: the shared view). */
  renderedFor: string | undefined;
}

type Json = Record<string, any>;

/** One message the bot sent to a person's 1:1 conversation. */
interface PersonalEntry {
  /** The activity id the bot got back (the relay's own: the same whether or not the playground shows it). */
  id: string;
  /** The activity as the bot last sent or updated it. */
  activity: Json;
  /** The card the person got back when they last clicked on it (Teams shows that until the bot updates the message). */
  answered?: Json;
}

interface PersonalChat {
  person: Person;
  conversationId: string;
  entries: PersonalEntry[];
}

/** A bot message in the playground's personal chat: one of the shown person's entries, a header, or hidden. */
interface Slot {
  playgroundId: string;
  entryId?: string;
  visible: boolean;
}

export class TeamsRelay {
  private server?: http.Server;
  private playgroundUrl?: string;
  private acting: Person;
  private readonly cards = new Map<string, KnownCard>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly noted = new Set<string>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly chats = new Map<string, PersonalChat>();
  private readonly chatByConversation = new Map<string, PersonalChat>();
  /** Whose 1:1 chat the playground's personal chat shows. */
  private shownChat: string;
  private readonly slots: Slot[] = [];
  private readonly slotOfEntry = new Map<string, string>();
  private readonly entryOfSlot = new Map<string, string>();
  private personalQueue: Promise<void> = Promise.resolve();
  private nextEntry = 0;
  private readonly waiting = new Set<string>();
  private waitingTimer?: NodeJS.Timeout;
  url = "";

  constructor(private readonly options: RelayOptions) {
    this.acting = options.actingAs;
    this.shownChat = options.actingAs.id;
    for (const p of options.people ?? [options.actingAs]) this.chatOf(p);
    this.chatOf(options.actingAs);
  }

  get actingAs(): Person {
    return this.acting;
  }

  /** The bot sends its replies here (the playground's --service-url). */
  get connectorUrl(): string {
    return `${this.url}/_connector`;
  }

  /** The playground sends activities here (the playground's --app-endpoint). */
  get messagesEndpoint(): string {
    return `${this.url}/api/messages`;
  }

  async start(port = 0): Promise<this> {
    const server = http.createServer((req, res) => {
      const work = this.serve(req, res).catch((err) => {
        if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "RelayError", message: (err as Error).message } }));
      });
      this.track(work);
    });
    server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** Where the playground listens (known once it has started). */
  setPlayground(url: string): void {
    this.playgroundUrl = url.replace(/\/$/, "");
  }

  /**
   * Act as another roster person: from now on the playground's seat is them; every card in the meeting chat is
   * re-rendered for them, and the personal chat shows their 1:1 chat with the bot (again, if already them).
   */
  async actAs(person: Person): Promise<void> {
    this.acting = person;
    this.chatOf(person);
    await Promise.all([...[...this.cards.values()].map((c) => this.rerender(c)), this.inPersonalChat(() => this.showPersonalChat(person))]);
  }

  /** The 1:1 conversation id the bot knows for a person. */
  conversationIdOf(person: Person): string {
    return this.chatOf(person).conversationId;
  }

  /** What the bot has sent to a person's 1:1 conversation, oldest first (as last sent or updated; tests). */
  personalMessages(person: Person): Json[] {
    return this.chatOf(person).entries.map((e) => e.activity);
  }

  /**
   * Installs the app for every person in `people`, as an administrator would in Teams: the bot gets an
   * installationUpdate in each person's own 1:1 conversation and stores it, so that it can reach them
   * proactively (papers, the decision record, the decision to the applying HF). Returns how many it accepted.
   */
  async installForEveryone(): Promise<number> {
    let accepted = 0;
    for (const chat of this.chats.values()) {
      const p = chat.person;
      if (!p.aadObjectId) continue;
      const locale = p.locale === "en" ? "en-US" : "nb-NO";
      const now = new Date().toISOString();
      const r = await this.toBot({
        type: "installationUpdate",
        action: "add",
        id: `relay-install-${randomUUID()}`,
        timestamp: now,
        localTimestamp: now,
        channelId: "msteams",
        serviceUrl: this.connectorUrl,
        from: { id: teamsUserId(p), name: p.name, aadObjectId: p.aadObjectId },
        recipient: LOCAL_BOT,
        conversation: { id: chat.conversationId, conversationType: "personal", tenantId: LOCAL_TENANT_ID },
        channelData: { tenant: { id: LOCAL_TENANT_ID }, source: { name: "message" } },
        locale,
        entities: [{ type: "clientInfo", locale, country: "NO", platform: "Web", timezone: "Europe/Oslo" }],
      }).catch(() => undefined);
      if (r && r.status < 300) accepted++;
    }
    return accepted;
  }

  /** Waits until no request through the relay is in flight (tests). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    if (this.waitingTimer) clearTimeout(this.waitingTimer);
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  // ---------------------------------------------------------------------------

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    const done = () => void this.pending.delete(p);
    // The caller handles p's failure; this bookkeeping must not leave a second, unhandled one.
    p.then(done, done);
    return p;
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://relay");
    const body = await readBody(req);
    if (req.method === "POST" && url.pathname === "/api/messages") {
      const activity = this.inOwnConversation(this.asActingPerson(JSON.parse(body.toString("utf8") || "{}") as Json));
      const r = await this.toBot(activity, req.headers.authorization);
      this.rememberAnswer(activity, r);
      return send(res, r.status, r.body, r.contentType);
    }
    const personal = /^\/_connector\/v3\/conversations\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const chat = personal ? this.chatByConversation.get(decodeURIComponent(personal[1]!)) : undefined;
    if (chat) return this.toPersonalChat(chat, req.method ?? "GET", personal![2] ?? "", url, body, req.headers, res);
    if (url.pathname.startsWith("/_connector/")) return this.toPlayground(req.method ?? "GET", url, body, req.headers, res);
    if (req.method === "GET" && url.pathname === "/healthz") return send(res, 200, JSON.stringify({ status: "ok" }), "application/json");
    return send(res, 404, JSON.stringify({ error: { code: "NotFound" } }), "application/json");
  }

  /** An activity from the playground's seat becomes one from the person you act as. */
  private asActingPerson(activity: Json): Json {
    if (activity?.from?.id !== PLAYGROUND_SEAT.id) return activity;
    const p = this.acting;
    const locale = p.locale === "en" ? "en-US" : "nb-NO";
    return {
      ...activity,
      from: { ...activity.from, id: teamsUserId(p), name: p.name, aadObjectId: p.aadObjectId },
      locale,
      ...(Array.isArray(activity.entities)
        ? { entities: activity.entities.map((e: Json) => (e?.type === "clientInfo" ? { ...e, locale, country: "NO", timezone: "Europe/Oslo" } : e)) }
        : { entities: [{ type: "clientInfo", locale, country: "NO", platform: "Web", timezone: "Europe/Oslo" }] }),
    };
  }

  private chatOf(person: Person): PersonalChat {
    let chat = this.chats.get(person.id);
    if (!chat) {
      chat = { person, conversationId: personalConversationId(person), entries: [] };
      this.chats.set(person.id, chat);
      this.chatByConversation.set(chat.conversationId, chat);
    }
    return chat;
  }

  /** An activity from the playground's personal chat belongs to the acting person's own 1:1 conversation. */
  private inOwnConversation(activity: Json): Json {
    if (activity?.conversation?.id !== PERSONAL_CHAT_ID) return activity;
    const chat = this.chatOf(this.acting);
    const replyToId = typeof activity.replyToId === "string" ? (this.entryOfSlot.get(activity.replyToId) ?? activity.replyToId) : undefined;
    return { ...activity, conversation: { ...activity.conversation, id: chat.conversationId }, ...(replyToId ? { replyToId } : {}) };
  }

  /** A click on a card in someone's 1:1 chat: the card they got back is what Teams shows them from now on. */
  private rememberAnswer(activity: Json, r: { status: number; body: string }): void {
    if (activity.type !== "invoke" || r.status !== 200 || typeof activity.replyToId !== "string") return;
    const chat = this.chatByConversation.get(activity.conversation?.id);
    const entry = chat?.entries.find((e) => e.id === activity.replyToId);
    const answer = safeJson(r.body);
    if (entry && answer?.type === CARD && answer.value) entry.answered = answer.value;
  }

  /** The bot's Bot Connector calls to a person's 1:1 conversation: kept, and shown only while you act as them. */
  private async toPersonalChat(
    chat: PersonalChat,
    method: string,
    rest: string,
    url: URL,
    body: Buffer,
    headers: http.IncomingHttpHeaders,
    res: http.ServerResponse,
  ): Promise<void> {
    const m = /^\/activities(?:\/([^/]+))?$/.exec(rest);
    const activityId = m?.[1] ? decodeURIComponent(m[1]) : undefined;
    const notFound = () =>
      send(
        res,
        404,
        JSON.stringify({ error: { code: "ActivityNotFoundInConversation", message: "Message does not exist in the thread." } }),
        "application/json",
      );
    if (m && method === "POST") {
      const activity = safeJson(body.toString("utf8"));
      if (!activity) return send(res, 400, JSON.stringify({ error: { code: "BadArgument" } }), "application/json");
      if (activity.type === "typing") {
        if (this.shownChat === chat.person.id) await this.postToPersonalChat(activity).catch(() => undefined);
        return send(res, 200, "{}", "application/json");
      }
      const entry: PersonalEntry = { id: `relay-${++this.nextEntry}`, activity };
      chat.entries.push(entry);
      await this.inPersonalChat(async () => {
        // A switch to this person queued before us has shown it already.
        if (this.shownChat !== chat.person.id) this.noteWaiting(chat.person);
        else if (!this.slotOfEntry.has(entry.id)) await this.showEntry(chat, entry);
      });
      return send(res, 201, JSON.stringify({ id: entry.id }), "application/json");
    }
    if (m && activityId && method === "PUT") {
      const entry = chat.entries.find((e) => e.id === activityId);
      const activity = safeJson(body.toString("utf8"));
      if (!entry || !activity) return notFound();
      entry.activity = activity;
      delete entry.answered;
      await this.inPersonalChat(async () => {
        const slot = this.slotOfEntry.get(entry.id);
        if (slot && this.shownChat === chat.person.id) await this.putSlot(slot, await this.display(chat, entry));
      });
      return send(res, 200, JSON.stringify({ id: entry.id }), "application/json");
    }
    if (m && activityId && method === "DELETE") {
      const at = chat.entries.findIndex((e) => e.id === activityId);
      if (at < 0) return notFound();
      chat.entries.splice(at, 1);
      await this.inPersonalChat(async () => {
        const slot = this.slotOfEntry.get(activityId);
        if (slot) await this.hideSlot(slot);
      });
      return send(res, 200, "", "application/json");
    }
    // Anything else (members, a member): the playground knows its own personal chat, with the same people.
    const forwarded = new URL(`/_connector/v3/conversations/${encodeURIComponent(PERSONAL_CHAT_ID)}${rest}${url.search}`, "http://relay");
    return this.toPlayground(method, forwarded, body, headers, res);
  }

  /** Personal-chat work, one piece at a time, so that a switch and the bot's sends never interleave. */
  private inPersonalChat(work: () => Promise<void>): Promise<void> {
    const next = this.personalQueue.then(work, work);
    this.personalQueue = next.catch(() => undefined);
    return this.track(next);
  }

  /** Replaces what the playground's personal chat shows with `person`'s 1:1 chat (inside inPersonalChat). */
  private async showPersonalChat(person: Person): Promise<void> {
    const chat = this.chatOf(person);
    const visible = this.slots.filter((s) => s.visible);
    for (const slot of visible) await this.hideSlot(slot.playgroundId);
    this.shownChat = person.id;
    if (!this.playgroundUrl || (visible.length === 0 && chat.entries.length === 0)) return;
    const header = `**Komitébot – 1:1-chatten til ${person.name}.** Her vises bare det boten har sendt ${person.name}; meldinger til andre er skjult.${chat.entries.length === 0 ? " Ingen meldinger ennå." : ""}`;
    const id = await this.postToPersonalChat({ type: "message", text: header, textFormat: "markdown" });
    if (id) this.slots.push({ playgroundId: id, visible: true });
    for (const entry of chat.entries) await this.showEntry(chat, entry);
  }

  private async showEntry(chat: PersonalChat, entry: PersonalEntry): Promise<void> {
    if (!this.playgroundUrl) return;
    const id = await this.postToPersonalChat(await this.display(chat, entry));
    if (!id) return;
    this.slots.push({ playgroundId: id, entryId: entry.id, visible: true });
    this.slotOfEntry.set(entry.id, id);
    this.entryOfSlot.set(id, entry.id);
  }

  /** The entry as its owner sees it: the card they last got back from a click, else their refreshed view, else as sent. */
  private async display(chat: PersonalChat, entry: PersonalEntry): Promise<Json> {
    let shown = entry.activity;
    if (entry.answered) {
      shown = { ...shown, attachments: (shown.attachments as Json[]).map((a) => (a?.contentType === CARD ? { ...a, content: entry.answered } : a)) };
    } else if (refreshAction(shown)) {
      shown = (await this.personalView(shown, chat.conversationId, entry.id, chat.person)) ?? shown;
    }
    const { replyToId: _r, ...rest } = shown;
    return { ...rest, conversation: { ...(shown.conversation ?? {}), id: PERSONAL_CHAT_ID } };
  }

  private async hideSlot(playgroundId: string): Promise<void> {
    const slot = this.slots.find((s) => s.playgroundId === playgroundId);
    if (slot) slot.visible = false;
    const entryId = this.entryOfSlot.get(playgroundId);
    this.entryOfSlot.delete(playgroundId);
    if (entryId) this.slotOfEntry.delete(entryId);
    await this.putSlot(playgroundId, { type: "message", text: HIDDEN_TEXT, textFormat: "markdown" });
  }

  private async postToPersonalChat(activity: Json): Promise<string | undefined> {
    if (!this.playgroundUrl) return undefined;
    const r = await fetch(`${this.playgroundUrl}/_connector/v3/conversations/${encodeURIComponent(PERSONAL_CHAT_ID)}/activities`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...activity, conversation: { ...(activity.conversation ?? {}), id: PERSONAL_CHAT_ID } }),
    }).catch(() => undefined);
    if (!r?.ok) return undefined;
    const id = safeJson(await r.text())?.id;
    return typeof id === "string" ? id : undefined;
  }

  private async putSlot(playgroundId: string, activity: Json): Promise<void> {
    if (!this.playgroundUrl) return;
    await fetch(`${this.playgroundUrl}/_connector/v3/conversations/${encodeURIComponent(PERSONAL_CHAT_ID)}/activities/${encodeURIComponent(playgroundId)}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...activity, id: playgroundId, conversation: { ...(activity.conversation ?? {}), id: PERSONAL_CHAT_ID } }),
    }).catch(() => undefined);
  }

  /** Says (once per burst) who got 1:1 messages that the playground does not show now. */
  private noteWaiting(person: Person): void {
    this.waiting.add(person.id);
    if (this.waitingTimer) return;
    this.waitingTimer = setTimeout(() => {
      this.waitingTimer = undefined;
      const people = [...this.waiting].map((id) => this.chats.get(id)!.person);
      this.waiting.clear();
      const named = people.slice(0, 4).map((p) => `${p.name} (${p.id})`);
      const more = people.length > named.length ? ` og ${people.length - named.length} til` : "";
      const first = people[0]!;
      this.options.onNote?.(
        people.length === 1
          ? `Komitébot sendte ${first.name} (${first.id}) en melding i 1:1-chatten; «som ${first.id}» viser den.`
          : `Komitébot sendte meldinger i 1:1-chatten til ${named.join(", ")}${more}; «som <id>» viser en persons chat.`,
      );
    }, 300);
    this.waitingTimer.unref?.();
  }

  private async toBot(activity: Json, authorization?: string): Promise<{ status: number; body: string; contentType: string }> {
    const res = await fetch(this.options.botEndpoint, {
      method: "POST",
      headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity),
    });
    return { status: res.status, body: await res.text(), contentType: res.headers.get("content-type") ?? "application/json" };
  }

  /** The bot's Bot Connector calls, passed on to the playground; cards with `refresh` get the acting person's view. */
  private async toPlayground(method: string, url: URL, body: Buffer, headers: http.IncomingHttpHeaders, res: http.ServerResponse): Promise<void> {
    if (!this.playgroundUrl) return send(res, 503, JSON.stringify({ error: { code: "PlaygroundNotReady" } }), "application/json");
    const m = /^\/_connector\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
    const activity = m && (method === "POST" || method === "PUT") ? safeJson(body.toString("utf8")) : undefined;
    const forward = async (payload: string) => {
      const r = await fetch(`${this.playgroundUrl}${url.pathname}${url.search}`, {
        method,
        headers: pickHeaders(headers),
        ...(method === "GET" || method === "HEAD" ? {} : { body: payload }),
      });
      return { status: r.status, ok: r.ok, text: await r.text(), contentType: r.headers.get("content-type") ?? "application/json" };
    };
    if (!m || !activity || !refreshAction(activity)) {
      const r = await forward(body.toString("utf8"));
      return send(res, r.status, r.text, r.contentType);
    }
    // A card with `refresh`: show the acting person's view. Writes to one card are serialised, and a
    // card rendered for someone you are no longer acting as is rendered again, so the last view wins.
    const conversationId = decodeURIComponent(m[1]!);
    const putId = method === "PUT" ? decodeURIComponent(m[2]!) : undefined;
    const render = async () => {
      const person = this.acting;
      const personal = await this.personalView(activity, conversationId, putId);
      const r = await forward(personal ? JSON.stringify(personal) : body.toString("utf8"));
      const activityId = putId ?? safeJson(r.text)?.id;
      if (r.ok && typeof activityId === "string")
        this.cards.set(activityId, { conversationId, activityId, activity, renderedFor: personal ? person.id : undefined });
      return { r, activityId, person };
    };
    const { r, activityId, person } = putId ? await this.serialised(putId, render) : await render();
    // You switched person while this card was being rendered: render it again for the new person.
    if (r.ok && typeof activityId === "string" && person.id !== this.acting.id) void this.track(this.rerenderIfStale(activityId));
    return send(res, r.status, r.text, r.contentType);
  }

  /** Asks the bot for the acting person's view of a card, as Teams' automatic refresh does. */
  private async personalView(activity: Json, conversationId: string, activityId?: string, person?: Person): Promise<Json | undefined> {
    const action = refreshAction(activity)!;
    const p = person ?? this.acting;
    const userIds: unknown = action.userIds;
    if (Array.isArray(userIds) && userIds.length > 0 && !userIds.includes(teamsUserId(p)) && !this.noted.has(p.id)) {
      // Teams would refresh only for the listed users; the bot lists the people it has already seen.
      // Here we refresh anyway so you can play anyone at once, and say so once per person.
      this.noted.add(p.id);
      this.options.onNote?.(
        `Merk: ${p.name} står ikke (ennå) i kortenes refresh.userIds – i Teams ville ${p.name} sett fellesvisningen til boten har sett dem. Her vises personlig visning likevel.`,
      );
    }
    const locale = p.locale === "en" ? "en-US" : "nb-NO";
    const invoke = {
      type: "invoke",
      name: "adaptiveCard/action",
      id: `relay-refresh-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      timestamp: new Date().toISOString(),
      channelId: "msteams",
      serviceUrl: this.connectorUrl,
      from: { id: teamsUserId(p), name: p.name, aadObjectId: p.aadObjectId },
      recipient: activity.from ?? {},
      conversation: activity.conversation ?? { id: conversationId },
      locale,
      entities: [{ type: "clientInfo", locale, country: "NO", platform: "Web", timezone: "Europe/Oslo" }],
      ...(activityId ? { replyToId: activityId } : {}),
      value: { action: { type: "Action.Execute", verb: action.verb, data: action.data ?? {} }, trigger: "automatic" },
      channelData: { ...(activity.channelData ?? {}), source: { name: "message" } },
    };
    try {
      const r = await withTimeout(this.toBot(invoke), REFRESH_TIMEOUT_MS);
      const body = safeJson(r.body);
      if (r.status !== 200 || body?.type !== CARD || !body.value) return undefined;
      const attachments = (activity.attachments as Json[]).map((a) => (a?.contentType === CARD && a.content?.refresh ? { ...a, content: body.value } : a));
      return { ...activity, attachments };
    } catch {
      return undefined;
    }
  }

  private serialised<T>(activityId: string, work: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(activityId) ?? Promise.resolve();
    const next = prev.then(work, work);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(activityId, tail);
    void tail.then(() => {
      if (this.queues.get(activityId) === tail) this.queues.delete(activityId);
    });
    return next;
  }

  private rerenderIfStale(activityId: string): Promise<void> {
    const card = this.cards.get(activityId);
    if (!card || card.renderedFor === this.acting.id) return Promise.resolve();
    return this.rerender(card);
  }

  /** Renders a known card again for the person you act as now (PUT to the playground, as Teams' refresh would show it). */
  private rerender(card: KnownCard): Promise<void> {
    let person = this.acting;
    return this.serialised(card.activityId, async () => {
      const current = this.cards.get(card.activityId) ?? card;
      person = this.acting;
      if (current.renderedFor === person.id || !this.playgroundUrl) return;
      const personal = await this.personalView(current.activity, current.conversationId, current.activityId);
      if (!personal) return;
      const path = `/_connector/v3/conversations/${encodeURIComponent(current.conversationId)}/activities/${encodeURIComponent(current.activityId)}`;
      const r = await fetch(`${this.playgroundUrl}${path}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...personal, id: current.activityId }),
      }).catch(() => undefined);
      if (r?.ok) this.cards.set(current.activityId, { ...current, renderedFor: person.id });
    }).then(() => (person.id !== this.acting.id ? this.rerenderIfStale(card.activityId) : undefined));
  }
}

function refreshAction(activity: Json): Json | undefined {
  const atts = Array.isArray(activity?.attachments) ? (activity.attachments as Json[]) : [];
  for (const a of atts) {
    const r = a?.contentType === CARD ? a.content?.refresh : undefined;
    if (r?.action?.verb) return { ...r.action, userIds: r.userIds };
  }
  return undefined;
}

function safeJson(text: string): Json | undefined {
  try {
    return text ? (JSON.parse(text) as Json) : undefined;
  } catch {
    return undefined;
  }
}

function pickHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["content-type", "authorization", "accept"]) {
    const v = h[k];
    if (typeof v === "string") out[k] = v;
  }
  return out;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: http.ServerResponse, status: number, body: string, contentType: string): void {
  res.writeHead(status, body ? { "content-type": contentType } : {});
  res.end(body);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("timeout")), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
