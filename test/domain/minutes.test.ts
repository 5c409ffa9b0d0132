import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { approveMinutes, confirmMinutes, draftMinutes, editMinutes, requestMinutesChange, reviseMinutes, type MinutesFacts } from "../../src/domain/minutes.js";
import type { Meeting } from "../../src/domain/meeting.js";
import { demoRoster } from "./fixtures.js";

const roster = demoRoster();
const meeting: Meeting = {
  id: "M-2026-11-27",
  date: "2026-11-27",
  startsAt: "2026-11-27T13:00:00.000+01:00",
  kind: "regular",
  agenda: ["TO-2026-001", "TO-2026-002", "TO-2026-003"],
  caseMinutes: { "TO-2026-001": 20 },
  startedAt: "2026-11-27T12:02:00.000Z",
  endedAt: "2026-11-27T13:10:00.000Z",
};
const facts = (over: Partial<MinutesFacts> = {}): MinutesFacts => ({
  meeting,
  roster,
  cases: [
    { id: "TO-2026-001", code: "TO-2026-001" },
    { id: "TO-2026-002", code: "TO-2026-002" },
    { id: "TO-2026-003", code: "TO-2026-003", urgent: true },
  ],
  attendance: [
    { personId: "chair", present: true, source: "event", at: "2026-11-27T12:00:00.000Z" },
    { personId: "coord", present: true, source: "event", at: "2026-11-27T12:00:00.000Z" },
    { personId: "m-vest-1", present: true, source: "event", at: "2026-11-27T12:01:00.000Z" },
    { personId: "s-vest-2", present: true, source: "checkin", at: "2026-11-27T12:03:00.000Z" },
    { personId: "m-nord-1", present: true, source: "event", at: "2026-11-27T12:01:00.000Z" },
    { personId: "m-nord-1", present: false, source: "event", at: "2026-11-27T12:50:00.000Z" },
    { personId: "obs-dmp", present: true, source: "event", at: "2026-11-27T12:01:00.000Z" },
    { personId: "expert-1", present: true, source: "event", at: "2026-11-27T12:05:00.000Z" },
  ],
  conclusions: [
    {
      caseId: "TO-2026-001",
      meetingId: meeting.id,
      result: "granted",
      by: "chair",
      at: "2026-11-27T12:25:00.000Z",
      participants: ["m-vest-1", "s-vest-2", "m-nord-1", "m-sorost-1"],
      recused: [{ personId: "m-vest-2", reason: "ownHf" }],
    },
    {
      caseId: "TO-2026-002",
      meetingId: meeting.id,
      result: "deferred",
      reason: "Venter på oppdatert studie",
      by: "chair",
      at: "2026-11-27T12:40:00.000Z",
      participants: ["m-vest-1", "s-vest-2", "m-nord-1", "m-sorost-1"],
      recused: [{ personId: "m-sorost-1", reason: "declared", text: "Har behandlet pasienten" }],
    },
  ],
  conflicts: [{ personId: "m-sorost-1", caseId: "TO-2026-002", reason: "Har behandlet pasienten", at: "2026-11-27T12:30:00.000Z" }],
  experts: [{ caseId: "TO-2026-001", personId: "expert-1", by: "coord", at: "2026-11-26T10:00:00.000Z" }],
  takenUp: [
    { caseId: "TO-2026-001", at: "2026-11-27T12:05:00.000Z" },
    { caseId: "TO-2026-002", at: "2026-11-27T12:26:00.000Z" },
  ],
  draftedBy: "coord",
  at: "2026-11-27T13:10:00.000Z",
  ...over,
});

describe("the minutes (møteprotokoll)", () => {
  it("dates the meeting with Teams' start and end, and the time used against the budget and the two-hour limit", () => {
    const m = draftMinutes(facts());
    expect(m).toMatchObject({ id: "M-2026-11-27:minutes:v1", version: 1, status: "draft", meetingDate: "2026-11-27", notes: "" });
    expect(m.startedAt).toBe("2026-11-27T12:02:00.000Z");
    expect(m.endedAt).toBe("2026-11-27T13:10:00.000Z");
    expect(m.time).toEqual({ used: 68, budget: 20 + 15 + 15, limit: 120 });
  });

  it("falls back to the first take-up and the last conclusion when Teams sent no start or end", () => {
    const { startedAt: _s, endedAt: _e, ...bare } = meeting;
    const m = draftMinutes(facts({ meeting: bare }));
    expect(m.startedAt).toBe("2026-11-27T12:05:00.000Z");
    expect(m.endedAt).toBe("2026-11-27T12:40:00.000Z");
    expect(m.time.used).toBe(35);
  });

  it("names who attended, in which role, and when they were last marked", () => {
    const m = draftMinutes(facts());
    const by = (id: string) => m.attendees.find((a) => a.personId === id);
    expect(m.attendees[0]).toMatchObject({ personId: "chair", role: "chair" });
    expect(by("s-vest-2")).toMatchObject({ role: "substitute", standingInFor: "m-vest-2", standingInForName: "Odd Arne Brekkestø", present: true });
    expect(by("m-nord-1")).toMatchObject({ role: "member", present: false, markedAt: "2026-11-27T12:50:00.000Z" });
    expect(by("expert-1")).toMatchObject({ role: "expert", expertFor: ["TO-2026-001"] });
    expect(by("obs-dmp")).toMatchObject({ role: "observer", organisation: "DMP" });
    expect(by("coord")).toMatchObject({ role: "coordinator" });
  });

  it("gives each case its outcome or deferral and reason, recusals, declared conflicts, quorum, consensus and time", () => {
    const [one, two, three] = draftMinutes(facts()).cases;
    expect(one).toMatchObject({ outcome: "granted", byConsensus: true, quorum: { participants: 4, minimum: 4 }, minutesUsed: 20, minutesBudget: 20 });
    expect(one!.recused).toEqual([{ personId: "m-vest-2", name: "Odd Arne Brekkestø", reason: "ownHf" }]);
    expect(two).toMatchObject({ outcome: "deferred", deferralReason: "Venter på oppdatert studie", byConsensus: false, minutesUsed: 14 });
    expect(two!.declaredConflicts).toEqual([{ personId: "m-sorost-1", name: "Astrid Fjellvang" }]);
    expect(three).toMatchObject({ caseCode: "TO-2026-003", urgent: true, outcome: "notConcluded", byConsensus: false, minutesBudget: 15 });
    expect(three!.quorum).toBeUndefined();
  });

  it("lists every agenda case exactly once and never a price (property)", () => {
    const ids = fc.uniqueArray(fc.constantFrom("A", "B", "C", "D", "E", "F"), { minLength: 0, maxLength: 6 });
    fc.assert(
      fc.property(ids, fc.array(fc.constantFrom("A", "B", "C"), { maxLength: 4 }), (agenda, concluded) => {
        const m = draftMinutes(
          facts({
            meeting: { ...meeting, agenda: [...agenda, ...agenda] },
            cases: agenda.map((id) => ({ id, code: id })),
            conclusions: concluded.map((caseId) => ({
              caseId,
              meetingId: meeting.id,
              result: "granted" as const,
              by: "chair",
              at: meeting.endedAt!,
              participants: [],
              recused: [],
            })),
          }),
        );
        expect(m.cases.map((c) => c.caseId)).toEqual(agenda);
        expect(JSON.stringify(m)).not.toMatch(/price|cost|confidential/i);
      }),
    );
  });

  it("keeps notes plain: refuses a national id and too long a text", () => {
    const m = draftMinutes(facts());
    expect(editMinutes(m, "  Møtet gikk greit.  ")).toMatchObject({ ok: true, value: { notes: "Møtet gikk greit." } });
    expect(editMinutes(m, "Pasient 15057543288")).toMatchObject({ ok: false, reason: { code: "privacy.nationalIdInText" } });
    expect(editMinutes(m, "x".repeat(4001))).toMatchObject({ ok: false, reason: { code: "text.tooLong" } });
  });

  it("goes draft → confirmed (coordinator) → approved (chair), and a change after approval is a new version", () => {
    const m = draftMinutes(facts());
    expect(approveMinutes(m, "chair", "t")).toMatchObject({ ok: false, reason: { code: "minutes.notConfirmed" } });
    const confirmed = confirmMinutes(m, "coord", "t1");
    if (!confirmed.ok) throw new Error("not confirmed");
    expect(editMinutes(confirmed.value, "x")).toMatchObject({ ok: false, reason: { code: "minutes.notDraft" } });
    const approved = approveMinutes(confirmed.value, "chair", "t2");
    if (!approved.ok) throw new Error("not approved");
    expect(approved.value).toMatchObject({ status: "approved", approvedBy: "chair", confirmedBy: "coord" });
    expect(approveMinutes(approved.value, "chair", "t3")).toMatchObject({ ok: false, reason: { code: "minutes.alreadyApproved" } });
    expect(requestMinutesChange(approved.value, "chair", "t3", "Rett")).toMatchObject({ ok: false, reason: { code: "minutes.alreadyApproved" } });
    const v2 = reviseMinutes(approved.value, "coord", "t4");
    expect(v2).toMatchObject({ ok: true, value: { id: "M-2026-11-27:minutes:v2", version: 2, status: "draft", supersedes: "M-2026-11-27:minutes:v1" } });
    expect(v2.ok && v2.value.approvedAt).toBeUndefined();
    expect(approved.value.status).toBe("approved"); // the approved version is untouched
    expect(reviseMinutes(m, "coord", "t4")).toMatchObject({ ok: false, reason: { code: "minutes.notApproved" } });
  });

  it("sends confirmed minutes back to a draft when the chair asks for a change, with a checked comment", () => {
    const confirmed = confirmMinutes(draftMinutes(facts()), "coord", "t1");
    if (!confirmed.ok) throw new Error("not confirmed");
    expect(requestMinutesChange(confirmed.value, "chair", "t2", " ")).toMatchObject({ ok: false, reason: { code: "text.required" } });
    expect(requestMinutesChange(confirmed.value, "chair", "t2", "fnr 15057543288")).toMatchObject({ ok: false, reason: { code: "privacy.nationalIdInText" } });
    const back = requestMinutesChange(confirmed.value, "chair", "t2", "Legg til observatørene");
    expect(back).toMatchObject({ ok: true, value: { status: "draft", changeRequests: [{ by: "chair", at: "t2", comment: "Legg til observatørene" }] } });
    expect(back.ok && back.value.confirmedAt).toBeUndefined();
  });
});
