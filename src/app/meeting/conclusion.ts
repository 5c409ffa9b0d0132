/**
 * The chair's conclusion (konklusjon) or deferral (utsettelse) of the case in
 * hand. Concluding is one intention with two effects: the committee's decision
 * is recorded, and the decision record is drafted at once for the coordinator
 * (000 §6.3). The conclusion itself is written once: of two concurrent clicks
 * one creates it, the other finds it; every later step is idempotent, so a
 * retry after a failure part-way brings everything in line.
 */
import type { AppResult } from "../reason-codes.js";
import type { DecisionRecord } from "../../domain/decision-record.js";
import type { Conclusion } from "../../domain/meeting.js";
import { checkReason } from "../../domain/free-text.js";
import { fail, ok, type Result } from "../../domain/result.js";
import { audit } from "../audit.js";
import { moveThrough, type Step } from "../case-status.js";
import { isChair, type Actor, type Op } from "../context.js";
import type { AppServices } from "../services.js";
import { firstDraft } from "../coordinator/records.js";
import { loadCaseInMeeting, withFacts, type CaseInMeeting } from "./case-in-meeting.js";

export interface Concluded {
  conclusion: Conclusion;
  /** True only for the call that made the conclusion (a double click or a retry gets false). */
  fresh: boolean;
  /** The draft record (version 1) of a granted or rejected case, for the coordinator. */
  record?: DecisionRecord;
  /** The case after the conclusion, so the caller can show it without reading again. */
  loaded: CaseInMeeting;
}

export async function concludeCase(svc: AppServices, input: { meetingId: string; caseId: string; actor: Actor }, op: Op): Promise<AppResult<Concluded>> {
  if (!isChair(input.actor)) return fail("error.notChair");
  const loaded = await loadCaseInMeeting(svc, input.meetingId, input.caseId);
  if (!loaded.ok) return loaded;
  if (loaded.value.conclusion) return resume(svc, loaded.value, loaded.value.conclusion, input.actor, op, false);
  if (!loaded.value.takenUp) return fail("error.caseNotTakenUp", { code: loaded.value.case.code });
  const decided = loaded.value.standing.decision();
  if (!decided.ok) return decided;
  return conclude(svc, loaded.value, { result: decided.value, by: input.actor }, op);
}

export async function deferCase(
  svc: AppServices,
  input: { meetingId: string; caseId: string; actor: Actor; reason: string },
  op: Op,
): Promise<AppResult<Concluded>> {
  if (!isChair(input.actor)) return fail("error.notChair");
  const reason = checkReason(input.reason);
  if (!reason.ok) return reason;
  const loaded = await loadCaseInMeeting(svc, input.meetingId, input.caseId);
  if (!loaded.ok) return loaded;
  if (loaded.value.conclusion) return resume(svc, loaded.value, loaded.value.conclusion, input.actor, op, false);
  if (!loaded.value.takenUp) return fail("error.caseNotTakenUp", { code: loaded.value.case.code });
  return conclude(svc, loaded.value, { result: "deferred", reason: reason.value, by: input.actor }, op);
}

async function conclude(
  svc: AppServices,
  loaded: CaseInMeeting,
  what: { result: Conclusion["result"]; reason?: string; by: Actor },
  op: Op,
): Promise<AppResult<Concluded>> {
  const { case: theCase, standing, facts } = loaded;
  const conclusion: Conclusion = {
    caseId: theCase.id,
    meetingId: facts.meeting.id,
    result: what.result,
    ...(what.reason ? { reason: what.reason } : {}),
    by: what.by.person.id,
    at: op.at,
    participants: standing.eligible,
    // A declared conflict's own words go with it to the record.
    recused: standing.recused.map((r) => ({ personId: r.personId, reason: r.reason, ...(r.text ? { text: r.text } : {}) })),
  };
  // Who stated a position and left before the conclusion is named in the record, with that position.
  const left = standing.leftWithPosition();
  if (left.length > 0) conclusion.left = left;
  if (await svc.meetings.addConclusion(conclusion)) return resume(svc, loaded, conclusion, what.by, op, true);
  const stored = await svc.meetings.conclusion(facts.meeting.id, theCase.id);
  return stored ? resume(svc, loaded, stored, what.by, op, false) : fail("error.caseNotFound", { caseId: theCase.id });
}

/**
 * Brings the case in line with a stored conclusion: its status, its draft
 * record and the audit entry, written side by side. Safe to run again.
 */
async function resume(svc: AppServices, loaded: CaseInMeeting, conclusion: Conclusion, by: Actor, op: Op, fresh: boolean): Promise<AppResult<Concluded>> {
  const current = await (fresh ? Promise.resolve(loaded.case) : svc.cases.byCode(conclusion.caseId));
  // A stale card from an earlier meeting (the case deferred there, now in another meeting) must not move the case.
  if (current && current.meetingId !== undefined && current.meetingId !== conclusion.meetingId) return fail("error.alreadyConcluded", { code: current.code });
  const decided = conclusion.result !== "deferred";
  const drafted = decided ? firstDraft(svc, { case: loaded.case, meeting: loaded.facts.meeting, conclusion, doer: "system", at: conclusion.at }) : undefined;
  if (drafted && !drafted.ok) return drafted;
  const record = drafted?.value;
  const steps: Step[] = [{ to: conclusion.result, doer: by }, ...(decided ? [{ to: "recordDrafted" as const, doer: "system" as const }] : [])];
  const [moved] = await Promise.all([
    moveThrough(svc.cases, conclusion.caseId, steps, conclusion.at, { from: ["inMeeting"] }),
    record ? svc.records.add(record) : Promise.resolve(false),
    audit(svc.audit, {
      op,
      key: `${conclusion.caseId}:${conclusion.meetingId}`,
      at: conclusion.at,
      doer: by,
      action: decided ? "case.concluded" : "case.deferred",
      caseId: conclusion.caseId,
      meetingId: conclusion.meetingId,
      before: "inMeeting",
      after: record ? `${conclusion.result}, ${record.id} drafted` : conclusion.result,
    }),
  ]);
  // "alreadyThere" or "transitionNotAllowed": a retry, or the case has moved on since (record confirmed, re-planned).
  if (!moved.ok && !["lifecycle.alreadyThere", "lifecycle.transitionNotAllowed"].includes(moved.reason.code)) return moved;
  return ok({ conclusion, fresh, ...(record && fresh ? { record } : {}), loaded: withFacts(svc, loaded, { conclusion }) });
}
