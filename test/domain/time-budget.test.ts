import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Meeting } from "../../src/domain/meeting.js";
import {
  addWithinBudget,
  agendaMinutes,
  CASE_MINUTES_MAX,
  CASE_MINUTES_MIN,
  elapsedTime,
  MEETING_MINUTES_LIMIT,
  meetingStart,
  setCaseMinutes,
  timeWarningDue,
  TIME_WARNING_MINUTES,
  withoutCase,
} from "../../src/domain/time-budget.js";

const meeting = (agenda: string[], caseMinutes?: Record<string, number>): Meeting => ({
  id: "M-2026-12-14",
  date: "2026-12-14",
  startsAt: "2026-12-14T13:00:00+01:00",
  kind: "regular",
  agenda,
  ...(caseMinutes ? { caseMinutes } : {}),
});
const code = (n: number) => `TO-2026-${String(n).padStart(3, "0")}`;
const START = "2026-12-14T12:00:00Z";
const at = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000).toISOString();

describe("the two-hour limit: minutes per agenda case", () => {
  it("gives a case without minutes of its own the default, and sums the agenda", () => {
    expect(agendaMinutes(meeting(["TO-2026-001", "TO-2026-002"], { "TO-2026-001": 30 }), 15)).toEqual({
      items: [
        { caseId: "TO-2026-001", minutes: 30 },
        { caseId: "TO-2026-002", minutes: 15 },
      ],
      total: 45,
    });
  });
  it("changes a case's minutes within the limit, and writes every case's minutes out", () => {
    const r = setCaseMinutes(meeting(["TO-2026-001", "TO-2026-002"]), "TO-2026-001", 40, 15);
    expect(r.ok && r.value.caseMinutes).toEqual({ "TO-2026-001": 40, "TO-2026-002": 15 });
  });
  it("refuses minutes that would make the agenda exceed 120, naming the sum and the limit", () => {
    const r = setCaseMinutes(meeting(["TO-2026-001", "TO-2026-002", "TO-2026-003"], { "TO-2026-002": 50, "TO-2026-003": 50 }), "TO-2026-001", 25, 15);
    expect(r).toEqual({ ok: false, reason: { code: "timeBudget.overLimit", params: { sum: 125, limit: 120 } } });
  });
  it("accepts an agenda of exactly 120 minutes", () => {
    expect(setCaseMinutes(meeting(["TO-2026-001", "TO-2026-002"], { "TO-2026-002": 60 }), "TO-2026-001", 60, 15).ok).toBe(true);
  });
  it("refuses minutes out of range or not whole, and a case not on the agenda", () => {
    for (const bad of [0, 4, 61, 12.5, Number.NaN])
      expect(setCaseMinutes(meeting(["TO-2026-001"]), "TO-2026-001", bad, 15)).toMatchObject({
        ok: false,
        reason: { code: "timeBudget.invalidMinutes", params: { min: CASE_MINUTES_MIN, max: CASE_MINUTES_MAX } },
      });
    expect(setCaseMinutes(meeting(["TO-2026-001"]), "TO-2026-009", 20, 15)).toMatchObject({ ok: false, reason: { code: "timeBudget.notOnAgenda" } });
  });
  it("refuses to put a case on an agenda whose sum would then exceed 120", () => {
    const full = meeting([1, 2, 3, 4, 5, 6, 7, 8].map(code));
    expect(agendaMinutes(full, 15).total).toBe(120);
    expect(addWithinBudget(full, code(9), 15)).toEqual({ ok: false, reason: { code: "timeBudget.overLimit", params: { sum: 135, limit: 120 } } });
    expect(addWithinBudget(full, code(8), 15)).toEqual({ ok: true, value: full });
  });
  it("takes a case's minutes with it when it leaves the agenda", () => {
    expect(withoutCase(meeting(["TO-2026-001", "TO-2026-002"], { "TO-2026-001": 20, "TO-2026-002": 30 }), "TO-2026-001")).toMatchObject({
      agenda: ["TO-2026-002"],
      caseMinutes: { "TO-2026-002": 30 },
    });
  });
  it("never lets the agenda exceed 120 minutes after any sequence of accepted edits", () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant("add" as const), n: fc.integer({ min: 1, max: 14 }) }),
      fc.record({ kind: fc.constant("set" as const), n: fc.integer({ min: 1, max: 14 }), minutes: fc.integer({ min: -5, max: 80 }) }),
      fc.record({ kind: fc.constant("remove" as const), n: fc.integer({ min: 1, max: 14 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: CASE_MINUTES_MIN, max: CASE_MINUTES_MAX }), fc.array(edit, { maxLength: 40 }), (defaultMinutes, edits) => {
        let m = meeting([]);
        for (const e of edits) {
          const r =
            e.kind === "add"
              ? addWithinBudget(m, code(e.n), defaultMinutes)
              : e.kind === "set"
                ? setCaseMinutes(m, code(e.n), e.minutes, defaultMinutes)
                : { ok: true as const, value: withoutCase(m, code(e.n)) };
          if (r.ok) m = r.value;
          // Another default later (a configuration change) never moves minutes already on the agenda.
          expect(agendaMinutes(m, CASE_MINUTES_MAX).total).toBeLessThanOrEqual(MEETING_MINUTES_LIMIT);
          expect(agendaMinutes(m, defaultMinutes).total).toBeLessThanOrEqual(MEETING_MINUTES_LIMIT);
        }
      }),
    );
  });
});

describe("the two-hour limit: the chair's clock", () => {
  it("starts the meeting at the start event, else at the first case taken up", () => {
    expect(meetingStart({ startedAt: START, firstTakenUpAt: at(3) })).toBe(START);
    expect(meetingStart({ firstTakenUpAt: at(3) })).toBe(at(3));
    expect(meetingStart({})).toBeUndefined();
  });
  it("shows the time on the case against its minutes and the time in the meeting against 120", () => {
    expect(elapsedTime({ now: at(50), meetingStartedAt: START, caseTakenUpAt: at(30), caseBudget: 15 })).toEqual({
      case: { elapsed: 20, budget: 15, over: true },
      meeting: { elapsed: 50, limit: 120, over: false, nearLimit: false },
    });
    expect(elapsedTime({ now: at(106), meetingStartedAt: START, caseBudget: 15 })).toEqual({
      meeting: { elapsed: 106, limit: 120, over: false, nearLimit: true },
    });
  });
  it("is due the time warning at 105 minutes, not before, and not once the meeting ended", () => {
    expect(timeWarningDue({ startedAt: START }, at(TIME_WARNING_MINUTES - 1))).toBe(false);
    expect(timeWarningDue({ startedAt: START }, at(TIME_WARNING_MINUTES))).toBe(true);
    expect(timeWarningDue({ firstTakenUpAt: START }, at(110))).toBe(true);
    expect(timeWarningDue({ startedAt: START, endedAt: at(100) }, at(110))).toBe(false);
    expect(timeWarningDue({}, at(110))).toBe(false);
  });
});
