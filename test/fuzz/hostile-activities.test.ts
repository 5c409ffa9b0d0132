/**
 * Hostile and malformed input, generated with fast-check, through the whole app
 * (BotHarness: adapter, bot, use cases, store), half in-process (send) and
 * half over HTTP (post / raw fetch):
 *
 * - adaptiveCard/action invokes: unknown and non-string verbs, data of the
 *   wrong type, missing fields, 100 KB strings, markup and script, SQL- and
 *   Cosmos-query-like strings, prototype-pollution keys, ids that don't match
 *   the patterns (or match them but name nothing), and valid verbs from
 *   people whose role may not use them;
 * - messages with random, huge or non-string text (never a real command);
 * - events: meeting start/end with wrong field types, participant lists of
 *   garbage, unknown event names;
 * - activities missing from / conversation / id / type, or with the wrong types;
 * - HTTP: non-JSON bodies, wrong content types, non-object JSON, oversized
 *   bodies, wrong methods and paths.
 *
 * Every input must get a clear answer (an invoke: a message or a 4xx; HTTP: a
 * 4xx) or be ignored; nothing may answer 5xx; the process keeps answering
 * /healthz; and the decision state (cases, meetings with their attendance,
 * positions, conflicts, conclusions and cards, records, audit) is unchanged.
 *
 * Not compared: `conversations` and `activities`. A message or event from a
 * well-formed Teams identity legitimately stores a conversation reference (so
 * the bot can answer later) and an idempotency mark for its activity id; those
 * are bookkeeping, not decisions, and are written by design for any delivery.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { testToday } from "../support/clock.js";
import { botAddedToMeeting, cardAction, meetingEnd, meetingMessage, meetingStart, participantJoin, personalMessage, TENANT } from "../support/activities.js";
import { BotHarness, invokeCard, invokeMessage, type InvokeResult } from "../support/bot-harness.js";
import { DECISION_STATE, storeSnapshot, snapshotCounts } from "../support/snapshot.js";
import { matchCommand } from "../../src/teams/commands.js";
import { parseCardAction } from "../../src/cards/actions.js";

const today = testToday; // the day the harness runs on (TEST_NOW, see test/support/clock.ts)
const MEETING = `M-${today.toISODate()}`;
const Y = today.year;
const CASE = `TO-${Y}-003`; // taken up before the fuzzing starts
const CASES = [`TO-${Y}-001`, `TO-${Y}-002`, CASE];
const STRANGER = { aadObjectId: "99999999-9999-4999-8999-999999999999", name: "Mallory" };
const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const fcOptions = (numRuns: number) => ({ numRuns, ...(FUZZ_SEED !== undefined ? { seed: FUZZ_SEED } : {}) });

let h: BotHarness;
let counted = 0;
const outcomes = { invokeMessage: 0, invoke4xx: 0, http4xx: 0, ignoredOrOk: 0, thrownInProcess: 0, inProcessUnanswerable: 0 };

// ── hostile building blocks ─────────────────────────────────────────────────

const HUGE = "Ø".repeat(50 * 1024) + "<script>alert(1)</script>"; // ~100 KB in UTF-8
const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "\u202Eevil",
  "<script>alert(document.cookie)</script>",
  "<img src=x onerror=alert(1)>",
  "<at>Komitébot</at>",
  "[click](javascript:alert(1))",
  "{{$root.secret}}",
  "${process.exit(1)}",
  "' OR '1'='1",
  '" OR 1=1 --',
  "SELECT * FROM c",
  "1; DROP TABLE cases; --",
  ") OR (c.id != null",
  "TO-2026-001' OR c.status = 'granted",
  "M-2026-11-27 OR 1=1",
  "../../etc/passwd",
  "%00",
  "__proto__",
  "constructor",
  "prototype",
  "TO-9999-999", // matches the pattern, names no case
  "M-1999-01-01", // matches the pattern, names no meeting
  "M-2026-13-45-extra",
  "to-2026-001",
  "TO-2026-0001",
  "M-2026-11-27-" + "a".repeat(40),
  "🙂".repeat(300),
  "a".repeat(501),
  HUGE,
];

const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 600, maxLength: 3000 }) },
);

const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1e308, Number.MAX_SAFE_INTEGER, [], {}) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Objects with keys that try to reach Object.prototype (as JSON.parse would produce them). */
const pollutingObject = fc
  .constantFrom(
    '{"__proto__":{"polluted":"yes","verb":"conclude"},"meetingId":"M-2026-01-01"}',
    '{"constructor":{"prototype":{"polluted":"yes"}},"caseId":"TO-2026-001"}',
    '{"__proto__":{"isAdmin":true,"role":"chair"},"position":"grant"}',
    '{"prototype":{"polluted":"yes"},"verb":"conclude","meetingId":"M-2026-01-01","caseId":"TO-2026-001"}',
    '{"hasOwnProperty":1,"toString":"x","valueOf":null,"meetingId":{"__proto__":{"length":5}}}',
  )
  .map((json) => JSON.parse(json) as Record<string, unknown>);

const fieldOrHostile = (valid: fc.Arbitrary<unknown>) =>
  fc.option(fc.oneof({ weight: 1, arbitrary: valid }, { weight: 3, arbitrary: nastyValue }), { nil: undefined });

const hostileData: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(null, "string data", 42, [], [1, 2], true) },
  { weight: 1, arbitrary: pollutingObject },
  {
    weight: 6,
    arbitrary: fc
      .record(
        {
          meetingId: fieldOrHostile(fc.constant(MEETING)),
          caseId: fieldOrHostile(fc.constantFrom(...CASES)),
          position: fieldOrHostile(fc.constantFrom("grant", "reject", "defer")),
          conflictReason: fieldOrHostile(fc.constant("Mine egne grunner")),
          deferReason: fieldOrHostile(fc.constant("Trenger mer tid")),
          verb: fc.option(nastyValue, { nil: undefined }),
          extra: fc.option(nastyValue, { nil: undefined }),
        },
        { requiredKeys: [] },
      )
      // Keep it hostile: at least one supplied field is invalid (a fully valid action is not hostile input).
      .filter((d) => Object.entries(d).some(([k, v]) => v !== undefined && !isValidField(k, v)) || Object.values(d).every((v) => v === undefined)),
  },
);

function isValidField(key: string, v: unknown): boolean {
  switch (key) {
    case "meetingId":
      return v === MEETING;
    case "caseId":
      return CASES.includes(v as string);
    case "position":
      return v === "grant" || v === "reject" || v === "defer";
    case "conflictReason":
    case "deferReason":
      return typeof v === "string" && /^[^<]{1,500}$/.test(v.trim());
    default:
      return true; // extra keys are stripped
  }
}

const VERBS = ["checkIn", "checkOut", "position", "declareConflict", "conclude", "defer", "takeUpCase", "refreshCase", "refreshAgenda", "refreshAttendance"];
const hostileVerb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VERBS) },
  { weight: 1, arbitrary: fc.constantFrom("CONCLUDE", "conclude ", "__proto__", "constructor", "toString", "hasOwnProperty", "deleteEverything", "") },
  { weight: 1, arbitrary: nastyValue },
);

// ── helpers ─────────────────────────────────────────────────────────────────

function who(id: string) {
  return id === "stranger" ? STRANGER : h.who(id);
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Delivers over HTTP or in-process; returns what came back (or that the in-process adapter threw). */
async function deliver(activity: object, viaHttp: boolean): Promise<InvokeResult | undefined | "thrown"> {
  counted++;
  const logged = h.logLines.length;
  try {
    if (viaHttp) return await h.post(activity);
    try {
      return await h.send(activity);
    } catch {
      // In-process, the adapter throws on activities it cannot read; over HTTP the endpoint maps that to 400.
      outcomes.thrownInProcess++;
      return "thrown";
    }
  } finally {
    // An error that escaped the bot's own turn handling (reached the adapter's onTurnError): remember the input.
    // In-process (no HTTP guard in front), an activity with no conversation or sender to answer ends there: counted, not failed.
    if (!viaHttp && h.logLines.slice(logged).some((l) => l.includes("unhandled turn error"))) outcomes.inProcessUnanswerable++;
    else if (h.logLines.slice(logged).some((l) => l.includes("unhandled turn error")))
      escapes.push(`${viaHttp ? "http" : "send"} ${JSON.stringify(activity).slice(0, 600)}`);
  }
}

const escapes: string[] = [];

const RAW_KEY = /^(error|consensus|lifecycle|quorum|roster)\.[A-Za-z.]+$/;

function expectClearInvokeAnswer(r: InvokeResult | undefined | "thrown"): void {
  if (r === "thrown" || r === undefined) return;
  expect(r.status, JSON.stringify(r.body)?.slice(0, 300)).toBeLessThan(500);
  if (r.status >= 400) {
    outcomes.invoke4xx++;
    return;
  }
  const msg = invokeMessage(r);
  expect(invokeCard(r), "a hostile invoke must not be answered with a card").toBeUndefined();
  expect(typeof msg, JSON.stringify(r.body)?.slice(0, 300)).toBe("string");
  // A clear message in the user's language, not a raw message key.
  expect(msg).not.toMatch(RAW_KEY);
  outcomes.invokeMessage++;
}

function expectNoServerError(r: InvokeResult | undefined | "thrown"): void {
  if (r === "thrown" || r === undefined) return void outcomes.ignoredOrOk++;
  expect(r.status, JSON.stringify(r.body)?.slice(0, 300)).toBeLessThan(500);
  if (r.status >= 400) outcomes.http4xx++;
  else outcomes.ignoredOrOk++;
}

async function healthy(): Promise<void> {
  const res = await fetch(`${h.host.server.url}/healthz`);
  expect(res.status).toBe(200);
}

// ── the run ─────────────────────────────────────────────────────────────────

let before: Awaited<ReturnType<typeof storeSnapshot>>;

describe("hostile and malformed input", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    // A live meeting: linked chat, started and ended once, some members present, a case taken up.
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
    await h.send(meetingStart(h.url));
    await h.send(meetingEnd(h.url));
    await h.send(
      participantJoin(
        h.url,
        ["m-sorost-1", "m-sorost-2", "m-vest-1"].map((id) => h.who(id)),
      ),
    );
    const takeUp = await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: CASE }));
    expect(invokeCard(takeUp)).toBeTruthy();
    await h.send(cardAction(h.url, h.who("m-sorost-1"), "position", { meetingId: MEETING, caseId: CASE, position: "grant" }));
    before = await storeSnapshot(h.store);
  });
  afterAll(async () => h?.stop());

  it("answers card actions with hostile data clearly (message or 4xx), in-process and over HTTP", async () => {
    const people = ["stranger", "m-sorost-1", "m-vest-2", "s-sorost-1", "chair", "coord", "obs-dmp", "expert-1", "dir-stavanger"];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...people), hostileVerb, hostileData, fc.boolean(), fc.boolean(), async (person, verb, data, viaHttp, personal) => {
        // Hostile means unusable: skip the rare draw that is a well-formed write on the live meeting (e.g. a real check-in).
        const parsed = parseCardAction(verb, data);
        if (parsed.ok && !parsed.action.verb.startsWith("refresh")) {
          const d = parsed.action as { meetingId?: string; caseId?: string };
          fc.pre(d.meetingId !== MEETING || (d.caseId !== undefined && !CASES.includes(d.caseId)));
        }
        const a = cardAction(h.url, who(person), "refreshCase", {}, { personal }) as any;
        a.value = { ...a.value, action: { ...a.value.action, verb, data } };
        // Polluting keys must survive as own properties (JSON.stringify keeps them; a spread would too).
        const r = await deliver(viaHttp ? a : clone(a), viaHttp);
        // A hostile verb with a valid refresh (e.g. verb "refreshAgenda", data {meetingId: MEETING}) may show a card: that's a read.
        if (r !== "thrown" && r && invokeCard(r)) {
          expect(String(verb)).toMatch(/^refresh/);
          return;
        }
        expectClearInvokeAnswer(r);
      }),
      fcOptions(450),
    );
  }, 60_000);

  it("refuses valid verbs from people whose role may not use them", async () => {
    const data = (verb: string, caseId: string) =>
      verb === "declareConflict"
        ? { meetingId: MEETING, caseId, conflictReason: "Jeg kjenner pasienten" }
        : verb === "defer"
          ? { meetingId: MEETING, caseId, deferReason: "Trenger mer tid" }
          : verb === "position"
            ? { meetingId: MEETING, caseId, position: "reject" }
            : verb === "checkIn"
              ? { meetingId: MEETING }
              : { meetingId: MEETING, caseId };
    // verb → who must be refused (with the demo meeting as set up above).
    const refused: Record<string, string[]> = {
      position: [
        "chair",
        "coord",
        "obs-dmp",
        "obs-nye-metoder",
        "expert-1",
        "dir-stavanger",
        "dir-innlandet",
        "stranger",
        "s-sorost-1" /* their member takes part */,
      ],
      declareConflict: ["chair", "coord", "obs-dmp", "expert-1", "dir-stavanger", "stranger"],
      conclude: ["coord", "m-sorost-1", "s-vest-2", "obs-dmp", "expert-1", "dir-stavanger", "stranger"],
      defer: ["coord", "m-sorost-1", "s-vest-2", "obs-nye-metoder", "expert-1", "dir-innlandet", "stranger"],
      takeUpCase: ["m-sorost-1", "m-vest-2", "s-sorost-1", "obs-dmp", "expert-1", "dir-stavanger", "stranger"],
      checkIn: ["stranger"],
      checkOut: ["stranger"],
    };
    const pairs = Object.entries(refused).flatMap(([verb, ids]) => ids.map((id) => [verb, id] as const));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...pairs),
        fc.constantFrom(...CASES),
        fc.constantFrom("nb-NO", "en-US"),
        fc.boolean(),
        async ([verb, id], caseId, locale, viaHttp) => {
          const from = id === "stranger" ? { ...STRANGER, locale } : h.who(id, locale);
          const r = await deliver(cardAction(h.url, from, verb, data(verb, caseId)), viaHttp);
          expectClearInvokeAnswer(r);
        },
      ),
      fcOptions(150),
    );
  }, 60_000);

  it("answers or ignores messages with random, huge or non-string text", async () => {
    const notACommand = fc
      .oneof({ weight: 3, arbitrary: nastyString }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 200 }).map((s) => `<at>Komitébot</at> ${s}`) })
      .filter((text) => {
        const plain = text.replace(/<at>[^<]*<\/at>/g, "");
        return [false, true].every((personal) => {
          const m = matchCommand(plain, personal);
          return !m || m.entry.words === "command.help";
        });
      });
    const text: fc.Arbitrary<unknown> = fc.oneof(
      { weight: 4, arbitrary: notACommand },
      { weight: 1, arbitrary: fc.constantFrom(null, 42, ["neste sak"], { text: "neste sak" }, true) },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("stranger", "m-midt-1", "obs-dmp", "expert-1"),
        text,
        fc.boolean(),
        fc.boolean(),
        async (person, t, personal, viaHttp) => {
          const a = (personal ? personalMessage(h.url, who(person), "x") : meetingMessage(h.url, who(person), "x")) as any;
          a.text = t;
          if (Math.random() < 0.2) a.entities = [{ type: "mention", mentioned: "not an object", text: 5 }, null, "garbage"];
          expectNoServerError(await deliver(a, viaHttp));
        },
      ),
      fcOptions(150),
    );
  }, 60_000);

  it("ignores meeting events with malformed values and participant lists of garbage", async () => {
    const names = fc.constantFrom(
      "application/vnd.microsoft.meetingStart",
      "application/vnd.microsoft.meetingEnd",
      "application/vnd.microsoft.meetingParticipantJoin",
      "application/vnd.microsoft.meetingParticipantLeave",
      "application/vnd.microsoft.meetingParticipantsJoin",
      "application/vnd.microsoft.readReceipt",
      "__proto__",
    );
    const garbageMember = fc.oneof(
      nastyValue,
      fc.record(
        {
          user: fc.oneof(nastyValue, fc.record({ id: nastyValue, aadObjectId: fc.oneof(nastyString, fc.uuid()), name: nastyValue }, { requiredKeys: [] })),
          meeting: fc.oneof(nastyValue, fc.record({ inMeeting: nastyValue, role: nastyValue }, { requiredKeys: [] })),
        },
        { requiredKeys: [] },
      ),
    );
    const value: fc.Arbitrary<unknown> = fc.oneof(
      nastyValue,
      fc.record({ members: fc.oneof(nastyValue, fc.array(garbageMember, { maxLength: 5 })) }, { requiredKeys: [] }),
      fc.record({ Id: nastyValue, Title: nastyValue, StartTime: nastyValue, EndTime: nastyValue, MeetingType: nastyValue }, { requiredKeys: [] }),
      pollutingObject,
    );
    await fc.assert(
      fc.asyncProperty(names, value, fc.boolean(), fc.boolean(), async (name, v, otherChat, viaHttp) => {
        const a = meetingStart(h.url) as any;
        a.name = name;
        a.value = v;
        // In a chat that isn't linked, without a Teams meeting id: nothing to link to.
        if (otherChat) {
          a.conversation = { ...a.conversation, id: "19:some-other-chat@thread.v2" };
          a.channelData = { tenant: { id: TENANT } };
        }
        expectNoServerError(await deliver(a, viaHttp));
      }),
      fcOptions(150),
    );
  }, 60_000);

  it("refuses an activity whose id is not a string: every reply would carry it and fail, the error reply too", async () => {
    for (const drop of [[], ["channelData"], ["timestamp"]]) {
      const a: any = meetingMessage(h.url, STRANGER, "hjelp");
      for (const f of drop) delete a[f];
      a.id = [" ", "prototype"];
      const logged = h.logLines.length;
      expect((await h.post(a)).status).toBe(400);
      expect(h.logLines.slice(logged).filter((l) => l.includes("unhandled turn error"))).toEqual([]);
    }
  });

  it("refuses or ignores activities missing from, conversation, id or type, or with the wrong types", async () => {
    const fields = ["from", "conversation", "id", "type", "recipient", "channelId", "serviceUrl", "channelData", "timestamp"] as const;
    const mutation = fc.record({
      drop: fc.subarray([...fields], { minLength: 1 }),
      retype: fc.option(fc.tuple(fc.constantFrom(...fields), nastyValue), { nil: undefined }),
    });
    const kinds = fc.constantFrom("invoke", "message", "event", "conversationUpdate");
    await fc.assert(
      fc.asyncProperty(kinds, mutation, fc.boolean(), async (kind, m, viaHttp) => {
        const a: any =
          kind === "invoke"
            ? cardAction(h.url, h.who("m-midt-1"), "position", { meetingId: MEETING, caseId: CASE, position: "grant" })
            : kind === "message"
              ? meetingMessage(h.url, STRANGER, "hjelp")
              : kind === "event"
                ? participantJoin(h.url, [h.who("m-nord-1")])
                : botAddedToMeeting(h.url, STRANGER);
        for (const f of m.drop) delete a[f];
        // Whatever is dropped must leave the activity unable to act: keep the invoke from a member from becoming a valid action.
        if (kind === "invoke" && a.from) a.from = { id: "29:x", aadObjectId: 12345 };
        if (kind === "event" && a.from === undefined) a.value = { members: "none" };
        if (kind === "conversationUpdate") a.membersAdded = "not a list";
        if (m.retype) a[m.retype[0]] = m.retype[1];
        if (kind === "event" && !m.drop.includes("conversation")) a.conversation = { id: "19:other@thread.v2" };
        // Without a usable serviceUrl only the HTTP endpoint can refuse the activity; in-process, botbuilder would try
        // to reach a default connector on the internet (and time out) — not a path Teams traffic can take.
        const touchesServiceUrl = m.drop.includes("serviceUrl") || m.retype?.[0] === "serviceUrl";
        const r = await deliver(a, viaHttp || touchesServiceUrl);
        if (kind === "invoke" && a.type === "invoke") expectClearInvokeAnswer(r);
        else expectNoServerError(r);
      }),
      fcOptions(120),
    );
  }, 60_000);

  it("answers malformed HTTP (bodies, content types, methods, paths) with a 4xx", async () => {
    const base = h.host.server.url;
    const request = fc.oneof(
      // Not JSON, or not an object.
      fc.record({
        method: fc.constant("POST"),
        path: fc.constant("/api/messages"),
        contentType: fc.constant("application/json"),
        body: fc.oneof(
          fc.constantFrom("{not json", "", "null", "[]", "42", '"a string"', "true", '{"type":', "\u0000", "{}\u0000", "<xml/>"),
          fc.string({ maxLength: 200 }).filter((s) => {
            try {
              const v = JSON.parse(s);
              return typeof v !== "object" || v === null || Array.isArray(v);
            } catch {
              return true;
            }
          }),
        ),
        expect: fc.constant([400, 415]),
      }),
      // Wrong content type with a JSON-looking body.
      fc.record({
        method: fc.constant("POST"),
        path: fc.constant("/api/messages"),
        contentType: fc.constantFrom(
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/xml",
          "",
          "application/jsonp",
          "text/json",
        ),
        body: fc.constant(JSON.stringify({ type: "message", text: "hjelp" })),
        expect: fc.constant([415]),
      }),
      // Too large.
      fc.record({
        method: fc.constant("POST"),
        path: fc.constant("/api/messages"),
        contentType: fc.constant("application/json"),
        body: fc.constant(JSON.stringify({ type: "message", text: "x".repeat(300 * 1024) })),
        expect: fc.constant([413]),
      }),
      // Wrong method.
      fc
        .oneof(
          fc.record({ method: fc.constantFrom("GET", "PUT", "DELETE", "PATCH", "OPTIONS"), path: fc.constant("/api/messages") }),
          fc.record({ method: fc.constantFrom("POST", "PUT", "DELETE", "PATCH", "OPTIONS"), path: fc.constant("/healthz") }),
        )
        .chain(({ method, path }) =>
          fc.record({
            method: fc.constant(method),
            path: fc.constant(path),
            contentType: fc.constant("application/json"),
            body: fc.constant("{}"),
            expect: fc.constant([404, 405]),
          }),
        ),
      // Wrong path.
      fc.record({
        method: fc.constantFrom("GET", "POST"),
        path: fc.oneof(
          fc.constantFrom(
            "/",
            "/api",
            "/api/messages/",
            "/api/messages/../admin",
            "/admin",
            "/.env",
            "/%00",
            "/api/Messages",
            "//api/messages",
            "//",
            "//x",
            "/healthz/x",
          ),
          fc.webPath().filter((p) => p !== "/api/messages" && p !== "/healthz" && p.startsWith("/")),
        ),
        contentType: fc.constant("application/json"),
        body: fc.constant("{}"),
        expect: fc.constant([400, 404, 405]),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        counted++;
        const res = await fetch(base + r.path, {
          method: r.method,
          headers: r.contentType ? { "content-type": r.contentType } : {},
          ...(r.method === "GET" ? {} : { body: r.body }),
        });
        await res.arrayBuffer();
        // fetch normalises "/api/messages/../admin" to "/admin": still a 404.
        expect(r.expect, `${r.method} ${r.path} (${r.contentType}) → ${res.status}`).toContain(res.status);
        outcomes.http4xx++;
      }),
      fcOptions(180),
    );
  }, 60_000);

  it("kept running and changed no decision state", async () => {
    await healthy();
    const after = await storeSnapshot(h.store);
    for (const c of DECISION_STATE) expect(after[c], `container ${c} changed`).toEqual(before[c]);
    // Nothing reached Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // No error escaped the bot's own turn handling.
    expect(escapes.slice(0, 5)).toEqual([]);
    expect(h.logLines.filter((l) => l.includes("http handler failed")).length).toBe(0);
    expect(counted).toBeGreaterThanOrEqual(1000);
    console.info(`fuzz: ${counted} hostile inputs`, outcomes, "documents:", snapshotCounts(after));
  });
});
