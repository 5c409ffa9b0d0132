import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmRecord, correctRecord, draftRecord, editDraft } from "../../src/app/coordinator/records.js";
import { acknowledge, followUpsDue, routeRecord } from "../../src/app/coordinator/routing.js";
import { approveRecord } from "../../src/app/coordinator/sign-off.js";
import type { Case } from "../../src/domain/case.js";
import { sampleCase } from "../domain/fixtures.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { repositories } from "../../src/store/repositories/index.js";
import { actor, op, services } from "./fakes.js";

const FNR = "15057543288";
const PARTICIPANTS = ["m-sorost-1", "m-sorost-2", "m-vest-2", "m-midt-1", "m-nord-2"];
let t: TestStore;
beforeAll(async () => {
  t = await makeTestStore();
});
afterAll(() => t.dispose());
const db = () => repositories(t.store);

/** A case the chair has concluded, with its meeting and conclusion written straight to the store. */
async function concluded(code: string, result: "granted" | "rejected" | "deferred", over: Partial<Case> = {}): Promise<{ caseId: string; meetingId: string }> {
  const meetingId = `M-2026-11-27-${code}`;
  const c = sampleCase({
    id: code,
    code,
    status: result,
    meetingId,
    ...(result !== "deferred" ? { outcome: result, decidedAt: "2026-11-27T10:00:00+01:00" } : {}),
    ...over,
  });
  await db().cases.add(c);
  await db().meetings.add({
    id: meetingId,
    date: "2026-11-27",
    startsAt: "2026-11-27T09:00:00+01:00",
    kind: "regular",
    agenda: [code],
    startedAt: "2026-11-27T09:01:00+01:00",
  });
  await db().meetings.addConclusion({
    caseId: code,
    meetingId,
    result,
    ...(result === "deferred" ? { reason: "Trenger mer informasjon" } : {}),
    by: "chair",
    at: "2026-11-27T10:00:00+01:00",
    participants: PARTICIPANTS,
    recused: [],
  });
  return { caseId: code, meetingId };
}

describe("decision record: draft → edit → confirm → route → acknowledge", () => {
  it("walks the whole way and keeps every step in the audit trail", async () => {
    const svc = services(t.store);
    const coord = actor(svc.roster, "coord");
    const { caseId, meetingId } = await concluded("TO-2026-401", "granted");

    const drafted = await draftRecord(svc, { caseId, meetingId, op: op("2026-11-27T10:01:00+01:00") });
    if (!drafted.ok) throw new Error(drafted.reason.code);
    expect(drafted.value.record.id).toBe("TO-2026-401-v1");
    expect(drafted.value.record.status).toBe("draft");
    expect(drafted.value.record.grounds).toEqual([{ ground: "increasedBenefit", finding: "notAssessed", comment: "" }]);
    expect(drafted.value.case.status).toBe("recordDrafted");
    expect(svc.notifier.of("recordDrafted").map((s) => s.to)).toEqual(["coord"]);
    const again = await draftRecord(svc, { caseId, meetingId, op: op("2026-11-27T10:02:00+01:00") });
    expect(again.ok && again.value.duplicate).toBe(true);
    expect(svc.notifier.of("recordDrafted")).toHaveLength(1);

    const tooEarly = await confirmRecord(svc, { caseId, recordId: "TO-2026-401-v1", actor: coord, op: op("2026-11-27T11:00:00+01:00") });
    expect(!tooEarly.ok && tooEarly.reason.code).toBe("record.reasoningMissing");

    const leak = await editDraft(svc, {
      caseId,
      recordId: "TO-2026-401-v1",
      changes: { reasoning: `Pasient ${FNR}` },
      actor: coord,
      op: op("2026-11-27T11:00:00+01:00"),
    });
    expect(!leak.ok && leak.problems?.map((p) => p.code)).toEqual(["privacy.nationalIdInText"]);
    const notCoord = await editDraft(svc, {
      caseId,
      recordId: "TO-2026-401-v1",
      changes: { reasoning: "x" },
      actor: actor(svc.roster, "chair"),
      op: op("2026-11-27T11:00:00+01:00"),
    });
    expect(!notCoord.ok && notCoord.reason.code).toBe("error.notCoordinator");
    const unclaimed = await editDraft(svc, {
      caseId,
      recordId: "TO-2026-401-v1",
      changes: { assessments: [{ ground: "higherSeverity", finding: "met" }] },
      actor: coord,
      op: op("2026-11-27T11:00:00+01:00"),
    });
    expect(!unclaimed.ok && unclaimed.reason.code).toBe("record.groundNotClaimed");

    const edited = await editDraft(svc, {
      caseId,
      recordId: "TO-2026-401-v1",
      changes: {
        reasoning: "Komiteen finner at pasienten sannsynligvis har vesentlig større nytte enn gruppen.",
        assessments: [{ ground: "increasedBenefit", finding: "met", comment: "Dokumentert i publisert studie." }],
        criteria: { benefit: { finding: "met" }, severity: { finding: "met" }, resourceUse: { finding: "met" } },
        conditions: ["Effekt evalueres etter 3 måneder."],
        groupLevelProposal: true,
      },
      actor: coord,
      op: op("2026-11-27T11:05:00+01:00"),
    });
    if (!edited.ok) throw new Error(edited.reason.code);
    expect(edited.value.grounds[0]?.finding).toBe("met");
    expect(edited.value.outcome).toBe("granted");

    const confirmed = await confirmRecord(svc, { caseId, recordId: "TO-2026-401-v1", actor: coord, op: op("2026-11-27T12:00:00+01:00") });
    if (!confirmed.ok) throw new Error(confirmed.reason.code);
    expect(confirmed.value).toMatchObject({ status: "confirmed", confirmedBy: "coord", confirmedAt: "2026-11-27T12:00:00+01:00" });
    expect((await db().cases.byCode(caseId))?.status).toBe("recordConfirmed");
    const frozen = await editDraft(svc, {
      caseId,
      recordId: "TO-2026-401-v1",
      changes: { reasoning: "Ny tekst" },
      actor: coord,
      op: op("2026-11-27T12:01:00+01:00"),
    });
    expect(!frozen.ok && frozen.reason.code).toBe("record.alreadyConfirmed");

    // Issue 14: not before the chair's approval.
    const unapproved = await routeRecord(svc, { caseId, actor: coord, op: op("2026-11-27T12:04:00+01:00") });
    expect(!unapproved.ok && unapproved.reason.code).toBe("record.notApproved");
    expect(svc.notifier.of("approvalAsked").map((s) => s.to)).toEqual(["chair"]);
    await approveRecord(svc, { caseId, recordId: "TO-2026-401-v1", actor: actor(svc.roster, "chair"), op: op("2026-11-27T12:04:30+01:00") });
    const routed = await routeRecord(svc, { caseId, actor: coord, op: op("2026-11-27T12:05:00+01:00") });
    if (!routed.ok) throw new Error(routed.reason.code);
    expect(routed.value).toMatchObject({ state: "sent", recordId: "TO-2026-401-v1", recipientId: "dir-stavanger", duplicate: false });
    expect(svc.notifier.of("decisionRouted").map((s) => s.to)).toEqual(["dir-stavanger"]);
    expect((await db().cases.byCode(caseId))?.status).toBe("routed");
    const reroute = await routeRecord(svc, { caseId, actor: coord, op: op("2026-11-27T12:06:00+01:00") });
    expect(reroute.ok && reroute.value.state === "sent" && reroute.value.duplicate).toBe(true);
    expect(svc.notifier.of("decisionRouted")).toHaveLength(1);

    const wrong = await acknowledge(svc, { caseId, recordId: "TO-2026-401-v1", actor: actor(svc.roster, "m-vest-1"), op: op("2026-11-30T09:00:00+01:00") });
    expect(!wrong.ok && wrong.reason.code).toBe("lifecycle.notApplyingHf");
    const ack = await acknowledge(svc, { caseId, recordId: "TO-2026-401-v1", actor: actor(svc.roster, "dir-stavanger"), op: op("2026-11-30T09:05:00+01:00") });
    expect(ack.ok && ack.value).toMatchObject({
      recordId: "TO-2026-401-v1",
      acknowledgedAt: "2026-11-30T09:05:00+01:00",
      acknowledgedBy: "dir-stavanger",
      duplicate: false,
    });
    // The coordinator is told, once.
    expect(svc.notifier.of("alertCoordinator").map((s) => [s.to, s.payload])).toEqual([
      ["coord", { kind: "acknowledged", caseId, recordId: "TO-2026-401-v1", recipientId: "dir-stavanger", acknowledgedAt: "2026-11-30T09:05:00+01:00" }],
    ]);
    const ack2 = await acknowledge(svc, { caseId, recordId: "TO-2026-401-v1", actor: actor(svc.roster, "dir-stavanger"), op: op("2026-11-30T09:06:00+01:00") });
    expect(ack2.ok && ack2.value.duplicate).toBe(true);
    expect(svc.notifier.of("alertCoordinator")).toHaveLength(1);
    const after = await db().cases.byCode(caseId);
    expect(after?.status).toBe("acknowledged");
    expect(after?.acknowledgedAt).toBe("2026-11-30T09:05:00+01:00");

    const audit = await db().audit.list(caseId);
    // Issue 15: an approved grant schedules its follow-up (issue 14: the chair approves before routing).
    expect(audit.map((a) => a.action)).toEqual([
      "record.drafted",
      "record.edited",
      "record.confirmed",
      "record.approved",
      "followUp.scheduled",
      "record.routed",
      "record.acknowledged",
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/Komiteen finner|studie|120000/);
  });

  it("gives a deferred case no record", async () => {
    const svc = services(t.store);
    const { caseId, meetingId } = await concluded("TO-2026-402", "deferred");
    const r = await draftRecord(svc, { caseId, meetingId, op: op("2026-11-27T10:01:00+01:00") });
    expect(!r.ok && r.reason.code).toBe("record.notDecided");
  });

  it("alerts the coordinator at once with the record id when routing fails, and routes when retried", async () => {
    const svc = services(t.store);
    const coord = actor(svc.roster, "coord");
    const { caseId, meetingId } = await concluded("TO-2026-403", "rejected", { applyingHfId: "sykehuset-innlandet" });
    await draftRecord(svc, { caseId, meetingId, actor: coord, op: op("2026-11-27T10:01:00+01:00") });
    await editDraft(svc, {
      caseId,
      recordId: "TO-2026-403-v1",
      changes: { reasoning: "Vilkårene for økt nytte er ikke sannsynliggjort.", assessments: [{ ground: "increasedBenefit", finding: "notMet" }] },
      actor: coord,
      op: op("2026-11-27T11:00:00+01:00"),
    });
    await confirmRecord(svc, { caseId, recordId: "TO-2026-403-v1", actor: coord, op: op("2026-11-27T12:00:00+01:00") });

    await approveRecord(svc, { caseId, recordId: "TO-2026-403-v1", actor: actor(svc.roster, "chair"), op: op("2026-11-27T12:00:30+01:00") });
    svc.notifier.failFor.set("dir-innlandet", "blocked");
    const failed = await routeRecord(svc, { caseId, op: op("2026-11-27T12:01:00+01:00") });
    if (!failed.ok) throw new Error(failed.reason.code);
    expect(failed.value).toMatchObject({ state: "failed", recordId: "TO-2026-403-v1", recipientId: "dir-innlandet", reason: "blocked" });
    expect(svc.notifier.of("alertCoordinator").map((s) => [s.to, s.payload])).toEqual([
      ["coord", { kind: "routingFailed", caseId, recordId: "TO-2026-403-v1", recipientId: "dir-innlandet", hfId: "sykehuset-innlandet", reason: "blocked" }],
    ]);
    expect((await db().cases.byCode(caseId))?.status).toBe("recordConfirmed");
    expect((await db().records.routing(caseId, "TO-2026-403-v1"))?.state).toBe("failed");

    svc.notifier.failFor.clear();
    const retried = await routeRecord(svc, { caseId, op: op("2026-11-30T09:00:00+01:00") });
    expect(retried.ok && retried.value.state).toBe("sent");
    const routing = await db().records.routing(caseId, "TO-2026-403-v1");
    expect(routing?.attempts.map((a) => a.ok)).toEqual([false, true]);
    expect(routing?.failedReason).toBeUndefined();
    expect((await db().cases.byCode(caseId))?.status).toBe("routed");

    // Not acknowledged within 3 working days (Mon 30 Nov → Thu 3 Dec): followed up once.
    expect((await followUpsDue(svc, { now: "2026-12-02T15:00:00+01:00" })).alerted).toEqual([]);
    expect((await followUpsDue(svc, { now: "2026-12-03T09:00:00+01:00" })).alerted).toEqual(["TO-2026-403-v1"]);
    expect((await followUpsDue(svc, { now: "2026-12-04T09:00:00+01:00" })).alerted).toEqual([]);
    expect(svc.notifier.of("alertCoordinator").at(-1)?.payload).toEqual({
      kind: "unacknowledged",
      caseId,
      recordId: "TO-2026-403-v1",
      recipientId: "dir-innlandet",
      sentAt: "2026-11-30T09:00:00+01:00",
    });
  });

  it("corrects a confirmed record as version 2, keeping version 1 unchanged", async () => {
    const svc = services(t.store);
    const coord = actor(svc.roster, "coord");
    const { caseId, meetingId } = await concluded("TO-2026-404", "granted");
    await draftRecord(svc, { caseId, meetingId, op: op("2026-11-27T10:01:00+01:00") });
    await editDraft(svc, {
      caseId,
      recordId: "TO-2026-404-v1",
      changes: {
        reasoning: "Sannsynlig vesentlig større nytte.",
        assessments: [{ ground: "increasedBenefit", finding: "met" }],
        criteria: { benefit: { finding: "met" }, severity: { finding: "met" }, resourceUse: { finding: "met" } },
      },
      actor: coord,
      op: op("2026-11-27T11:00:00+01:00"),
    });
    await confirmRecord(svc, { caseId, recordId: "TO-2026-404-v1", actor: coord, op: op("2026-11-27T12:00:00+01:00") });
    await approveRecord(svc, { caseId, recordId: "TO-2026-404-v1", actor: actor(svc.roster, "chair"), op: op("2026-11-27T12:00:30+01:00") });
    await routeRecord(svc, { caseId, op: op("2026-11-27T12:01:00+01:00") });
    const v1Before = await db().records.get(caseId, "TO-2026-404-v1");

    const noReason = await correctRecord(svc, {
      caseId,
      recordId: "TO-2026-404-v1",
      changes: { conditions: ["Ny vurdering etter 6 måneder."] },
      reason: " ",
      actor: coord,
      op: op("2026-11-30T09:00:00+01:00"),
    });
    expect(!noReason.ok && noReason.reason.code).toBe("record.correctionReasonMissing");
    const fixOp = op("2026-11-30T09:00:00+01:00");
    const v2 = await correctRecord(svc, {
      caseId,
      recordId: "TO-2026-404-v1",
      changes: { conditions: ["Ny vurdering etter 6 måneder."] },
      reason: "Vilkår falt ut",
      actor: coord,
      op: fixOp,
    });
    if (!v2.ok) throw new Error(v2.reason.code);
    expect(v2.value).toMatchObject({
      id: "TO-2026-404-v2",
      version: 2,
      status: "draft",
      supersedes: "TO-2026-404-v1",
      correctionReason: "Vilkår falt ut",
      outcome: "granted",
    });
    const v2again = await correctRecord(svc, {
      caseId,
      recordId: "TO-2026-404-v1",
      changes: { conditions: ["Ny vurdering etter 6 måneder."] },
      reason: "Vilkår falt ut",
      actor: coord,
      op: fixOp,
    });
    expect(v2again.ok && v2again.value.id).toBe("TO-2026-404-v2");

    const confirmed2 = await confirmRecord(svc, { caseId, recordId: "TO-2026-404-v2", actor: coord, op: op("2026-11-30T10:00:00+01:00") });
    expect(confirmed2.ok && confirmed2.value.status).toBe("confirmed");
    // Issue 14: the correction goes through the same sign-off before it is routed again.
    const early2 = await routeRecord(svc, { caseId, op: op("2026-11-30T10:00:30+01:00") });
    expect(!early2.ok && early2.reason.code).toBe("record.notApproved");
    await approveRecord(svc, { caseId, recordId: "TO-2026-404-v2", actor: actor(svc.roster, "chair"), op: op("2026-11-30T10:00:45+01:00") });
    const routed2 = await routeRecord(svc, { caseId, op: op("2026-11-30T10:01:00+01:00") });
    expect(routed2.ok && routed2.value.recordId).toBe("TO-2026-404-v2");

    const versions = await db().records.versions(caseId);
    expect(versions.map((v) => [v.id, v.status])).toEqual([
      ["TO-2026-404-v1", "confirmed"],
      ["TO-2026-404-v2", "confirmed"],
    ]);
    expect(versions[0]).toEqual(v1Before);
    expect(versions[0]?.conditions).toEqual([]);
    const stale = await confirmRecord(svc, { caseId, recordId: "TO-2026-404-v1", actor: coord, op: op("2026-11-30T11:00:00+01:00") });
    expect(!stale.ok && stale.reason.code).toBe("record.notLatest");

    // Neither version acknowledged: only the one in force is chased.
    const chased = await followUpsDue(svc, { now: "2026-12-10T09:00:00+01:00" });
    expect(chased.alerted).toContain("TO-2026-404-v2");
    expect(chased.alerted).not.toContain("TO-2026-404-v1");
  });
});
