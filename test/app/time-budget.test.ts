/** The two-hour limit (issue 13) in the use cases: planning within 120 minutes, the minutes of a case, the 105-minute warning once. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSeries, moveCaseToMeeting, planCase, setAgendaMinutes } from "../../src/app/coordinator/planning.js";
import { warnMeetingsDue, warnMeetingTime } from "../../src/app/meeting/time-warning.js";
import type { Case } from "../../src/domain/case.js";
import { sampleCase } from "../domain/fixtures.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { repositories } from "../../src/store/repositories/index.js";
import { actor, op, services } from "./fakes.js";

let t: TestStore;
beforeAll(async () => {
  t = await makeTestStore();
});
afterAll(() => t.dispose());
const db = () => repositories(t.store);

async function readyCase(code: string, over: Partial<Case> = {}): Promise<Case> {
  const c = sampleCase({ id: code, code, status: "ready", readyAt: "2026-11-16T10:00:00+01:00", ...over });
  await db().cases.add(c);
  return c;
}

describe("the two-hour limit when planning", () => {
  it("gives a planned case the default minutes and refuses a case that would take the agenda past 120, changing nothing", async () => {
    const svc = services(t.store);
    svc.settings.caseMinutesDefault = 20;
    const coord = actor(svc.roster, "coord");
    await ensureSeries(svc, { firstDate: "2027-03-05", count: 2, actor: coord, op: op("2027-02-01T09:00:00+01:00") });
    for (let n = 1; n <= 6; n++) {
      await readyCase(`TO-2027-40${n}`);
      const r = await planCase(svc, { caseId: `TO-2027-40${n}`, meetingId: "M-2027-03-05", actor: coord, op: op("2027-02-02T09:00:00+01:00") });
      expect(r.ok).toBe(true);
    }
    const full = await db().meetings.get("M-2027-03-05");
    expect(Object.values(full?.caseMinutes ?? {})).toEqual([20, 20, 20, 20, 20, 20]);
    await readyCase("TO-2027-407");
    const refused = await planCase(svc, { caseId: "TO-2027-407", meetingId: "M-2027-03-05", actor: coord, op: op("2027-02-02T09:00:00+01:00") });
    expect(refused).toEqual({ ok: false, reason: { code: "timeBudget.overLimit", params: { sum: 140, limit: 120 } } });
    expect((await db().cases.byCode("TO-2027-407"))?.status).toBe("ready");
    expect((await db().meetings.get("M-2027-03-05"))?.agenda).toHaveLength(6);

    // Fewer minutes for one case make room for no other 20-minute case (120 − 5 + 20 > 120), but moving one out does.
    const less = await setAgendaMinutes(svc, { caseId: "TO-2027-401", minutes: "5", actor: coord, op: op("2027-02-03T09:00:00+01:00") });
    expect(less.ok && less.value.total).toBe(105);
    const moved = await moveCaseToMeeting(svc, { caseId: "TO-2027-402", toMeetingId: "M-2027-03-19", actor: coord, op: op("2027-02-03T09:00:00+01:00") });
    expect(moved.ok).toBe(true);
    expect((await db().meetings.get("M-2027-03-05"))?.caseMinutes).not.toHaveProperty("TO-2027-402");
    const fits = await planCase(svc, { caseId: "TO-2027-407", meetingId: "M-2027-03-05", actor: coord, op: op("2027-02-03T09:00:00+01:00") });
    expect(fits.ok).toBe(true);
  });

  it("refuses the minutes of a case from anyone but the coordinator, and once the meeting started", async () => {
    const svc = services(t.store);
    const chair = actor(svc.roster, "chair");
    const coord = actor(svc.roster, "coord");
    const r = await setAgendaMinutes(svc, { caseId: "TO-2027-403", minutes: "10", actor: chair, op: op("2027-02-03T09:00:00+01:00") });
    expect(!r.ok && r.reason.code).toBe("error.notCoordinator");
    await db().meetings.change("M-2027-03-05", (m) => ({ ...m, startedAt: "2027-03-05T09:00:00+01:00" }));
    const started = await setAgendaMinutes(svc, { caseId: "TO-2027-403", minutes: "10", actor: coord, op: op("2027-03-05T09:10:00+01:00") });
    expect(!started.ok && started.reason.code).toBe("agenda.meetingStarted");
    await db().meetings.change("M-2027-03-05", (m) => ({ ...m, endedAt: "2027-03-05T10:30:00+01:00" }));
  });
});

describe("the 105-minute warning in the use cases", () => {
  it("tells the meeting and the chair once, tries again when no one could be told, and never twice after it was said", async () => {
    const svc = services(t.store);
    const notifier = svc.notifier;
    await db().meetings.add({ id: "M-2027-04-02", date: "2027-04-02", startsAt: "2027-04-02T09:00:00+02:00", kind: "regular", agenda: [] });
    await db().meetings.change("M-2027-04-02", (m) => ({ ...m, startedAt: "2027-04-02T09:00:00+02:00" }));
    expect(await warnMeetingsDue(svc, { now: "2027-04-02T10:44:00+02:00" })).toEqual({ warned: [] });
    notifier.failFor.set("M-2027-04-02", "failed");
    notifier.failFor.set("chair", "noConversation");
    expect((await warnMeetingsDue(svc, { now: "2027-04-02T10:45:00+02:00" })).warned).toEqual([]);
    expect((await db().meetings.timeWarning("M-2027-04-02"))?.state).toBe("failed");
    notifier.failFor.clear();
    const [a, b] = await Promise.all([
      warnMeetingTime(svc, { meetingId: "M-2027-04-02" }, op("2027-04-02T10:46:00+02:00")),
      warnMeetingTime(svc, { meetingId: "M-2027-04-02" }, op("2027-04-02T10:46:00+02:00")),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect((await warnMeetingsDue(svc, { now: "2027-04-02T10:50:00+02:00" })).warned).toEqual([]);
    expect(notifier.of("meetingTimeWarning").filter((s) => s.to === "M-2027-04-02")).toHaveLength(2); // the failed try, then the one said
    expect(notifier.of("meetingTimeWarning").at(-1)?.payload).toMatchObject({ elapsed: 106, limit: 120, left: 14 });
    expect((await db().meetings.timeWarning("M-2027-04-02"))?.state).toBe("said");
  });
});
