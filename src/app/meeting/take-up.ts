/** The chair takes up a case (ta opp sak): it becomes the case in hand, frozen as the committee sees it. */
import type { AppResult } from "../reason-codes.js";
import type { Meeting } from "../../domain/meeting.js";
import { fail, ok, type Result } from "../../domain/result.js";
import { audit } from "../audit.js";
import { moveCase } from "../case-status.js";
import { leadsMeeting, type Actor, type Op } from "../context.js";
import type { AppServices } from "../services.js";

export interface TakenUpCase {
  meeting: Meeting;
  /** False when the case was already the one in hand (a retried delivery or a second click). */
  changed: boolean;
}

export async function takeUpCase(svc: AppServices, input: { meetingId: string; caseId: string; actor: Actor }, op: Op): Promise<AppResult<TakenUpCase>> {
  if (!leadsMeeting(input.actor)) return fail("error.notChairOrCoordinator");
  const facts = await svc.meetings.caseFacts(input.meetingId, input.caseId);
  if (!facts) return fail("error.meetingNotFound", { meetingId: input.meetingId });
  if (!facts.meeting.agenda.includes(input.caseId)) return fail("error.caseNotInMeeting", { caseId: input.caseId });
  if (facts.conclusion) return fail("error.alreadyConcluded", { code: input.caseId });
  const theCase = await svc.cases.byCode(input.caseId);
  if (!theCase) return fail("error.caseNotFound", { caseId: input.caseId });
  // A case planned into another meeting since (an old agenda card) is not taken up here.
  if (theCase.meetingId !== undefined && theCase.meetingId !== input.meetingId) return fail("error.caseNotInMeeting", { caseId: input.caseId });
  const moved = await moveCase(svc.cases, input.caseId, "inMeeting", input.actor, op.at);
  // Already taken up (a retry, or the chair returning to an open case): make it current again.
  if (!moved.ok && moved.reason.code !== "lifecycle.alreadyThere") return moved;
  if (!facts.takenUp) await svc.meetings.putTakenUp({ meetingId: input.meetingId, caseId: input.caseId, case: moved.ok ? moved.value : theCase, at: op.at });
  let changed = false;
  const meeting = await svc.meetings.change(input.meetingId, (m) => {
    changed = m.currentCaseId !== input.caseId;
    return changed ? { ...m, currentCaseId: input.caseId } : undefined;
  });
  await audit(svc.audit, { op, doer: input.actor, action: "case.takenUp", caseId: input.caseId, meetingId: input.meetingId, before: theCase.status, after: "inMeeting" });
  return ok({ meeting: meeting ?? facts.meeting, changed });
}
