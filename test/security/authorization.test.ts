/**
 * Who may do what: each card action (position, declareConflict, conclude,
 * defer, takeUpCase, checkIn) tried as every kind of participant, through the
 * whole app with real Teams invokes. Authorization comes from the roster in the
 * use cases, never from which buttons a card shows, so every attempt here is
 * a hand-made invoke that a card would not have offered.
 *
 * For each action a fresh app (its own store) with the demo meeting linked,
 * six people present (m-sorost-1, m-sorost-2, m-vest-1, m-vest-2, s-sorost-1,
 * s-vest-2) and case TO-<year>-001 taken up. That case comes from Helse Fonna,
 * so m-vest-2 is recused and their substitute s-vest-2 stands in; s-sorost-1's
 * member is present, so s-sorost-1 is not needed.
 *
 * Every refusal is checked in bokmål and in English (the exact catalog text of
 * the expected reason), and against a store snapshot: a refused attempt
 * changes nothing. Allowed attempts are then checked to take effect.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testToday } from "../support/clock.js";
import { botAddedToMeeting, cardAction, participantJoin } from "../support/activities.js";
import { BotHarness, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { storeSnapshot } from "../support/snapshot.js";
import { reasonText } from "../../src/teams/replies.js";
import type { Reason } from "../../src/domain/result.js";
import type { AppCode } from "../../src/app/reason-codes.js";
import type { Locale } from "../../src/i18n/index.js";

const today = testToday; // the day the harness runs on (TEST_NOW, see test/support/clock.ts)
const MEETING = `M-${today.toISODate()}`;
const Y = today.year;
const FONNA = `TO-${Y}-001`;
const INNLANDET = `TO-${Y}-002`;
const STAVANGER = `TO-${Y}-003`;
const PRESENT = ["m-sorost-1", "m-sorost-2", "m-vest-1", "m-vest-2", "s-sorost-1", "s-vest-2"];
const STRANGER_AAD = "12345678-aaaa-4bbb-8ccc-123456789abc";

/** The roles of the matrix, as the roster person who plays each (for case FONNA). */
const ROLES = {
  "member eligible": "m-sorost-1",
  "member recused": "m-vest-2",
  "substitute not needed": "s-sorost-1",
  "substitute standing in": "s-vest-2",
  chair: "chair",
  coordinator: "coord",
  observer: "obs-dmp",
  expert: "expert-1",
  "hfContact (fagdirektør)": "dir-stavanger",
  "not on the roster": "stranger",
} as const;
type Role = keyof typeof ROLES;
const ALL_ROLES = Object.keys(ROLES) as Role[];

type Verb = "position" | "declareConflict" | "conclude" | "defer" | "takeUpCase" | "checkIn";

const notOnRoster: Reason<AppCode> = { code: "error.notOnRoster" };
const code = (c: AppCode, params?: Reason["params"]): Reason<AppCode> => (params ? { code: c, params } : { code: c });

/** The matrix: for each action, the refusal each role gets (undefined = allowed). */
const MATRIX: Record<Verb, Partial<Record<Role, Reason<AppCode>>>> = {
  position: {
    "member recused": code("error.recused", { reason: "ownHf" }),
    "substitute not needed": code("error.substituteNotNeeded"),
    chair: code("error.notEligible"),
    coordinator: code("error.notEligible"),
    observer: code("error.notEligible"),
    expert: code("error.notEligible"),
    "hfContact (fagdirektør)": code("error.notEligible"),
    "not on the roster": notOnRoster,
  },
  declareConflict: {
    chair: code("error.notMember"),
    coordinator: code("error.notMember"),
    observer: code("error.notMember"),
    expert: code("error.notMember"),
    "hfContact (fagdirektør)": code("error.notMember"),
    "not on the roster": notOnRoster,
  },
  conclude: Object.fromEntries(ALL_ROLES.filter((r) => r !== "chair").map((r) => [r, r === "not on the roster" ? notOnRoster : code("error.notChair")])),
  defer: Object.fromEntries(ALL_ROLES.filter((r) => r !== "chair").map((r) => [r, r === "not on the roster" ? notOnRoster : code("error.notChair")])),
  takeUpCase: Object.fromEntries(
    ALL_ROLES.filter((r) => r !== "chair" && r !== "coordinator").map((r) => [
      r,
      r === "not on the roster" ? notOnRoster : code("error.notChairOrCoordinator"),
    ]),
  ),
  checkIn: { "not on the roster": notOnRoster },
};

function dataFor(verb: Verb, caseId: string): Record<string, unknown> {
  switch (verb) {
    case "position":
      return { meetingId: MEETING, caseId, position: "grant" };
    case "declareConflict":
      return { meetingId: MEETING, caseId, conflictReason: "Har behandlet pasienten tidligere" };
    case "defer":
      return { meetingId: MEETING, caseId, deferReason: "Venter på uttalelse fra fagmiljøet" };
    case "checkIn":
      return { meetingId: MEETING };
    default:
      return { meetingId: MEETING, caseId };
  }
}

async function startMeeting(): Promise<BotHarness> {
  const h = await BotHarness.start();
  await h.send(botAddedToMeeting(h.url, h.who("chair")));
  await h.send(
    participantJoin(
      h.url,
      PRESENT.map((id) => h.who(id)),
    ),
  );
  expect(invokeCard(await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: FONNA })))).toBeTruthy();
  return h;
}

function from(h: BotHarness, role: Role, locale: string) {
  const id = ROLES[role];
  return id === "stranger" ? { aadObjectId: STRANGER_AAD, name: "Ola Utenfor", locale } : h.who(id, locale);
}

/** Tries verb as role in both languages; asserts the exact refusal and that the store did not change. */
async function expectRefused(h: BotHarness, verb: Verb, role: Role, reason: Reason<AppCode>, caseId: string): Promise<void> {
  for (const [teamsLocale, locale] of [
    ["nb-NO", "nb"],
    ["en-US", "en"],
  ] as const satisfies readonly (readonly [string, Locale])[]) {
    const before = await storeSnapshot(h.store);
    const r = await h.send(cardAction(h.url, from(h, role, teamsLocale), verb, dataFor(verb, caseId)));
    expect(r?.status, `${verb} as ${role}`).toBe(200);
    expect(invokeCard(r), `${verb} as ${role} must be refused`).toBeUndefined();
    expect(invokeMessage(r), `${verb} as ${role} (${locale})`).toBe(reasonText(locale, reason));
    expect(await storeSnapshot(h.store), `${verb} as ${role} changed the store`).toEqual(before);
  }
}

const verbs = Object.keys(MATRIX) as Verb[];

describe.each(verbs)("%s, as every role", (verb) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startMeeting();
    if (verb === "conclude") {
      // Quorate and unanimous, so a refusal can only be about who asks.
      for (const m of ["m-sorost-1", "m-sorost-2", "m-vest-1", "s-vest-2"]) {
        expect(invokeCard(await h.send(cardAction(h.url, h.who(m), "position", { meetingId: MEETING, caseId: FONNA, position: "grant" })))).toBeTruthy();
      }
    }
  });
  afterAll(async () => h?.stop());

  // takeUpCase is tried on a case not yet taken up; everything else on the Fonna case.
  const caseId = verb === "takeUpCase" ? INNLANDET : FONNA;
  const refused = Object.entries(MATRIX[verb]) as [Role, Reason<AppCode>][];
  const allowed = ALL_ROLES.filter((r) => !(r in MATRIX[verb]));

  it.each(refused)(`refuses ${verb} as %s, in nb and en, changing nothing`, async (role, reason) => {
    await expectRefused(h, verb, role, reason, caseId);
  });

  it(`allows ${verb} as ${allowed.join(", ")}`, async () => {
    for (const role of allowed) {
      const who = ROLES[role];
      // The chair and the coordinator each take up a different case (a case is taken up once).
      const target = verb === "takeUpCase" ? (role === "chair" ? STAVANGER : INNLANDET) : caseId;
      const r = await h.send(cardAction(h.url, from(h, role, "nb-NO"), verb, dataFor(verb, target)));
      expect(invokeMessage(r), `${verb} as ${role}`).toBeUndefined();
      expect(invokeCard(r), `${verb} as ${role}`).toBeTruthy();
      const state = (await h.svc.meetings.load(MEETING))!;
      switch (verb) {
        case "position":
          expect(state.positions.find((p) => p.personId === who && p.caseId === FONNA)?.position).toBe("grant");
          break;
        case "declareConflict":
          expect(state.conflicts.find((c) => c.personId === who && c.caseId === FONNA)).toBeTruthy();
          break;
        case "conclude":
          expect((await h.svc.cases.byCode(FONNA))?.outcome).toBe("granted");
          break;
        case "defer":
          expect((await h.svc.cases.byCode(FONNA))?.status).toBe("deferred");
          break;
        case "takeUpCase":
          expect((await h.svc.cases.byCode(target))?.status).toBe("inMeeting");
          break;
        case "checkIn":
          expect(state.attendance.find((a) => a.personId === who)?.present).toBe(true);
          break;
      }
    }
  });
});
