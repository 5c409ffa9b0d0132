/**
 * The chair takes up a case (ta opp sak): it becomes the case in hand, frozen
 * as the committee sees it. «Neste sak» takes up the next open case, but never
 * skips past the case in hand while it has no conclusion: the chair is asked.
 */
import { randomUUID } from "node:crypto";
import type { AppResult } from "../reason-codes.js";
import type { Meeting } from "../../domain/meeting.js";
import { fail, ok } from "../../domain/result.js";
import { audit } from "../audit.js";
import { moveCase } from "../case-status.js";
import { leadsMeeting, type Actor, type Op } from "../context.js";
import type { AppServices } from "../services.js";
import { precedentsOfCase } from "../precedents.js";

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
  // The earlier decisions on the method are read once, here, and frozen with the case: the briefs (and the position invoke) read no more.
  const [moved, precedents] = await Promise.all([
    moveCase(svc.cases, input.caseId, "inMeeting", input.actor, op.at),
    facts.takenUp ? Promise.resolve(undefined) : precedentsOfCase(svc, theCase, op.at),
  ]);
  // Already taken up (a retry, or the chair returning to an open case): make it current again.
  if (!moved.ok && moved.reason.code !== "lifecycle.alreadyThere") return moved;
  if (!facts.takenUp)
    await svc.meetings.putTakenUp({
      meetingId: input.meetingId,
      caseId: input.caseId,
      case: moved.ok ? moved.value : theCase,
      at: op.at,
      ...(precedents ? { precedents } : {}),
    });
  let changed = false;
  const meeting = await svc.meetings.change(input.meetingId, (m) => {
    changed = m.currentCaseId !== input.caseId;
    // The first take-up starts the meeting's clock when Teams sent no start event (the two-hour limit, issue 13).
    return changed ? { ...m, currentCaseId: input.caseId, ...(m.firstTakenUpAt ? {} : { firstTakenUpAt: op.at }) } : undefined;
  });
  await audit(svc.audit, {
    op,
    doer: input.actor,
    action: "case.takenUp",
    caseId: input.caseId,
    meetingId: input.meetingId,
    before: theCase.status,
    after: "inMeeting",
  });
  return ok({ meeting: meeting ?? facts.meeting, changed });
}

export type NextCase =
  /** The next open case was taken up. */
  | { kind: "takenUp"; caseId: string; taken: TakenUpCase }
  /** The case in hand has no conclusion: nothing was taken up; the chair may take up `nextCaseId` anyway. */
  | { kind: "openCase"; openCaseId: string; nextCaseId?: string }
  /** Every case on the agenda has a conclusion. */
  | { kind: "agendaDone" };

/**
 * «Neste sak»: takes up the next case on the agenda that has no conclusion.
 * While the case in hand has none, nothing is taken up: the answer names the
 * open case and the next one, and the chair decides (the agenda's «Ta opp»).
 */
export async function takeUpNextCase(svc: AppServices, input: { meetingId: string; actor: Actor }, op: Op): Promise<AppResult<NextCase>> {
  if (!leadsMeeting(input.actor)) return fail("error.notChairOrCoordinator");
  const state = await svc.meetings.load(input.meetingId);
  if (!state) return fail("error.meetingNotFound", { meetingId: input.meetingId });
  const concluded = new Set(state.conclusions.map((c) => c.caseId));
  const { agenda, currentCaseId } = state.meeting;
  const next = agenda.find((id) => !concluded.has(id) && id !== currentCaseId);
  if (currentCaseId && agenda.includes(currentCaseId) && !concluded.has(currentCaseId)) {
    return ok({ kind: "openCase", openCaseId: currentCaseId, ...(next ? { nextCaseId: next } : {}) });
  }
  if (!next) return ok({ kind: "agendaDone" });
  const taken = await takeUpCase(svc, { meetingId: input.meetingId, caseId: next, actor: input.actor }, op);
  if (!taken.ok) return taken;
  return ok({ kind: "takenUp", caseId: next, taken: taken.value });
}

/**
 * Whether to post a case's shared card in the meeting chat or update the one
 * there: one card per case and meeting. Posting is claimed first, so of two
 * concurrent clicks (or a redelivered invoke) only one posts; the others
 * update. A claim left by a poster that failed is taken over once stale.
 */
export async function caseCardPlan(svc: AppServices, input: { meetingId: string; caseId: string }, op: Op): Promise<"post" | "update"> {
  if (await svc.meetings.card(input.meetingId, "case", input.caseId)) return "update";
  const won = await svc.meetings.claimCard({ meetingId: input.meetingId, kind: "case", caseId: input.caseId }, { by: randomUUID(), at: op.at });
  return won ? "post" : "update";
}
