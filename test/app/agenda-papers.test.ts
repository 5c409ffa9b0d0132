import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExtraMeeting, ensureSeries, moveCaseToMeeting, planCase, reorder } from "../../src/app/coordinator/planning.js";
import { papersDue, remindPapersDue, sendPapers } from "../../src/app/coordinator/papers.js";
import type { PapersItem } from "../../src/app/notifier.js";
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

describe("meetings, agenda and papers", () => {
  it("creates the fortnightly series once, plans ready cases by the cut-off, and urgent ones on an extra meeting", async () => {
    const svc = services(t.store);
    const coord = actor(svc.roster, "coord");
    const series = await ensureSeries(svc, { firstDate: "2026-11-27", count: 3, actor: coord, op: op("2026-11-01T09:00:00+01:00") });
    expect(series.ok && series.value.created).toEqual(["M-2026-11-27", "M-2026-12-11", "M-2026-12-24"]); // Friday 25 Dec is a holiday: moved back to Christmas Eve, a working day
    const again = await ensureSeries(svc, { firstDate: "2026-11-27", count: 3, actor: coord, op: op("2026-11-02T09:00:00+01:00") });
    expect(again.ok && again.value).toEqual({ created: [], existing: ["M-2026-11-27", "M-2026-12-11", "M-2026-12-24"] });

    await readyCase("TO-2026-101");
    await readyCase("TO-2026-102", { readyAt: "2026-11-20T12:30:00+01:00" }); // after the Friday 12:00 cut-off
    const p1 = await planCase(svc, { caseId: "TO-2026-101", actor: coord, op: op("2026-11-17T09:00:00+01:00") });
    expect(p1.ok && p1.value.meeting.id).toBe("M-2026-11-27");
    expect(p1.ok && p1.value.case.status).toBe("onAgenda");
    const p2 = await planCase(svc, { caseId: "TO-2026-102", actor: coord, op: op("2026-11-20T13:00:00+01:00") });
    expect(p2.ok && p2.value.meeting.id).toBe("M-2026-12-11");

    const extraOp = op("2026-11-19T08:00:00+01:00");
    const extra = await createExtraMeeting(svc, { date: "2026-11-24", startTime: "14:00", actor: coord, op: extraOp });
    expect(extra.ok && extra.value.id).toBe("M-2026-11-24-extra1");
    const extraAgain = await createExtraMeeting(svc, { date: "2026-11-24", startTime: "14:00", actor: coord, op: extraOp });
    expect(extraAgain.ok && extraAgain.value.id).toBe("M-2026-11-24-extra1");

    await readyCase("TO-2026-103", { urgent: true, readyAt: "2026-11-19T09:00:00+01:00" });
    const p3 = await planCase(svc, { caseId: "TO-2026-103", actor: coord, op: op("2026-11-19T09:05:00+01:00") });
    expect(p3.ok && p3.value.meeting.id).toBe("M-2026-11-24-extra1");
    const notUrgent = await planCase(svc, { caseId: "TO-2026-102", meetingId: "M-2026-11-24-extra1", actor: coord, op: op("2026-11-19T09:05:00+01:00") });
    expect(!notUrgent.ok && notUrgent.reason.code).toBe("lifecycle.transitionNotAllowed"); // already on an agenda

    const moved = await moveCaseToMeeting(svc, { caseId: "TO-2026-102", toMeetingId: "M-2026-11-27", actor: coord, op: op("2026-11-20T14:00:00+01:00") });
    expect(moved.ok && moved.value.meeting.agenda).toEqual(["TO-2026-101", "TO-2026-102"]);
    expect((await db().meetings.get("M-2026-12-11"))?.agenda).toEqual([]);
    expect((await db().cases.byCode("TO-2026-102"))?.meetingId).toBe("M-2026-11-27");

    const bad = await reorder(svc, { meetingId: "M-2026-11-27", caseIds: ["TO-2026-102"], actor: coord, op: op("2026-11-21T09:00:00+01:00") });
    expect(!bad.ok && bad.reason.code).toBe("agenda.notSameCases");
    const good = await reorder(svc, { meetingId: "M-2026-11-27", caseIds: ["TO-2026-102", "TO-2026-101"], actor: coord, op: op("2026-11-21T09:00:00+01:00") });
    expect(good.ok && good.value.agenda).toEqual(["TO-2026-102", "TO-2026-101"]);

    const notCoord = await planCase(svc, { caseId: "TO-2026-101", actor: actor(svc.roster, "chair"), op: op("2026-11-21T09:00:00+01:00") });
    expect(!notCoord.ok && notCoord.reason.code).toBe("error.notCoordinator");
  });

  it("sends every member and substitute their papers, marking their own recusals", async () => {
    const svc = services(t.store);
    const coord = actor(svc.roster, "coord");
    // Bergen applies: the Bergen member and substitute are recused (own HF); Sør-Øst 2 declared a conflict.
    await readyCase("TO-2026-201", { applyingHfId: "helse-bergen", readyAt: "2026-11-02T10:00:00+01:00" });
    await ensureSeries(svc, { firstDate: "2026-11-13", count: 1, actor: coord, op: op("2026-11-01T09:00:00+01:00") });
    await planCase(svc, { caseId: "TO-2026-201", actor: coord, op: op("2026-11-03T09:00:00+01:00") });
    await db().meetings.addConflict("M-2026-11-13", {
      personId: "m-sorost-2",
      caseId: "TO-2026-201",
      reason: "Tidligere veileder for behandlende lege",
      at: "2026-11-04T09:00:00+01:00",
    });
    svc.notifier.failFor.set("m-nord-1", "blocked");

    const sent = await sendPapers(svc, { meetingId: "M-2026-11-13", actor: coord, op: op("2026-11-10T09:00:00+01:00") });
    if (!sent.ok) throw new Error(sent.reason.code);
    // The 8 members, 8 substitutes, the chair and the two observers.
    expect(sent.value.deliveries).toHaveLength(19);
    expect(sent.value.deliveries.map((d) => d.personId)).toEqual(expect.arrayContaining(["chair", "obs-dmp", "obs-nye-metoder"]));
    expect(sent.value.failed).toEqual(["m-nord-1"]);
    expect(sent.value.papersSentAt).toBe("2026-11-10T09:00:00+01:00");
    expect(sent.value.onTime).toBe(true); // Friday 13th's deadline is Wednesday 11th

    const itemsFor = (id: string) => (svc.notifier.of("papers").find((s) => s.to === id)?.payload as { items: PapersItem[] }).items;
    expect(itemsFor("m-vest-1")[0]?.recusal).toEqual({ reason: "ownHf" });
    expect(itemsFor("s-vest-1")[0]?.recusal).toEqual({ reason: "ownHf" });
    expect(itemsFor("m-sorost-2")[0]?.recusal).toEqual({ reason: "declared", text: "Tidligere veileder for behandlende lege" });
    expect(itemsFor("m-sorost-1")[0]?.recusal).toBeUndefined();
    expect(itemsFor("m-sorost-1")[0]?.case.code).toBe("TO-2026-201");
    expect(itemsFor("chair")[0]?.recusal).toBeUndefined();
    expect(itemsFor("obs-dmp")[0]?.case.code).toBe("TO-2026-201");

    // Run again: only the one who missed out is tried.
    svc.notifier.failFor.clear();
    const retry = await sendPapers(svc, { meetingId: "M-2026-11-13", actor: coord, op: op("2026-11-10T11:00:00+01:00") });
    expect(retry.ok && retry.value.deliveries.map((d) => d.personId)).toEqual(["m-nord-1"]);
    expect(retry.ok && retry.value.failed).toEqual([]);
    expect(retry.ok && retry.value.papersSentAt).toBe("2026-11-10T09:00:00+01:00");
  });

  it("reminds the coordinator once per meeting whose papers are late", async () => {
    const svc = services(t.store);
    const coord = actor(svc.roster, "coord");
    await readyCase("TO-2026-301", { readyAt: "2026-12-01T10:00:00+01:00" });
    await ensureSeries(svc, { firstDate: "2027-01-08", count: 1, actor: coord, op: op("2026-12-01T09:00:00+01:00") });
    await planCase(svc, { caseId: "TO-2026-301", meetingId: "M-2027-01-08", actor: coord, op: op("2026-12-02T09:00:00+01:00") });

    const meetings = await db().meetings.all();
    expect(papersDue(meetings, "2027-01-06T20:00:00+01:00").map((m) => m.id)).toEqual([]); // deadline is the end of Wednesday 6th
    expect(papersDue(meetings, "2027-01-07T08:00:00+01:00").map((m) => m.id)).toEqual(["M-2027-01-08"]);

    const first = await remindPapersDue(svc, { now: "2027-01-07T08:00:00+01:00" });
    expect(first.reminded).toEqual(["M-2027-01-08"]);
    const second = await remindPapersDue(svc, { now: "2027-01-07T09:00:00+01:00" });
    expect(second.reminded).toEqual([]);
    const alerts = svc.notifier.of("alertCoordinator");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.to).toBe("coord");
    expect(alerts[0]?.payload).toEqual({ kind: "papersLate", meetingId: "M-2027-01-08", meetingDate: "2027-01-08", deadline: "2027-01-06T23:59:59.999+01:00" });
  });
});
