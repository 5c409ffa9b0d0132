/**
 * Moving a case through its lifecycle (src/domain/lifecycle.ts) in one
 * concurrency-safe write. Every status move in the app goes through here.
 */
import type { AppResult } from "./reason-codes.js";
import type { Case, CaseStatus } from "../domain/case.js";
import { SYSTEM_ACTOR, transition, type TransitionDetail } from "../domain/lifecycle.js";
import { fail, ok, type Result } from "../domain/result.js";
import type { Person } from "../domain/roster.js";
import type { Doer } from "./context.js";
import type { CaseRepository } from "./ports.js";

/** The lifecycle's actor for a doer: a person, or the bot itself (the portal's intake acts as the system). */
export const lifecycleActor = (doer: Doer): Person | typeof SYSTEM_ACTOR => (doer === "system" || doer === "portal" ? SYSTEM_ACTOR : doer.person);

export interface Step {
  to: CaseStatus;
  doer: Doer;
  detail?: TransitionDetail;
}

/**
 * Moves a case through one or more statuses in one write, each step by its own
 * doer (e.g. inMeeting → granted by the chair, then → recordDrafted by the bot,
 * when the chair concludes and the record is drafted at once). A case already
 * at the last status is reported as `lifecycle.alreadyThere`, with no write,
 * so a retried delivery changes nothing; a case already at an intermediate
 * status continues from there (a retry after a failure part-way). `from`
 * narrows the statuses the move may start from.
 */
export async function moveThrough(
  cases: CaseRepository,
  caseId: string,
  steps: readonly Step[],
  at: string,
  options: { patch?: (c: Case) => Case; from?: readonly CaseStatus[] } = {},
): Promise<AppResult<Case>> {
  const last = steps.at(-1)!.to;
  let outcome: AppResult<Case> = fail("error.caseNotFound", { caseId });
  await cases.change(caseId, (current) => {
    if (current.status === last) {
      outcome = fail("lifecycle.alreadyThere", { status: last });
      return undefined;
    }
    const resumeAt = steps.findIndex((s) => s.to === current.status) + 1; // 0 when it is at none of them
    if (resumeAt === 0 && options.from && !options.from.includes(current.status)) {
      outcome = fail("lifecycle.transitionNotAllowed", { from: current.status, to: last });
      return undefined;
    }
    let next = options.patch ? options.patch(current) : current;
    for (const step of steps.slice(resumeAt)) {
      const moved = transition(next, step.to, lifecycleActor(step.doer), at, step.detail ?? {});
      if (!moved.ok) {
        outcome = moved;
        return undefined;
      }
      next = moved.value;
    }
    outcome = ok(next);
    return next;
  });
  return outcome;
}

/** One status move by one doer (see moveThrough). */
export const moveCase = (
  cases: CaseRepository,
  caseId: string,
  to: CaseStatus,
  doer: Doer,
  at: string,
  options: { detail?: TransitionDetail; patch?: (c: Case) => Case; from?: readonly CaseStatus[] } = {},
): Promise<AppResult<Case>> => moveThrough(cases, caseId, [{ to, doer, ...(options.detail ? { detail: options.detail } : {}) }], at, options);

/** A move that found the case already where it should go (a retry) counts as done. */
export async function settled(cases: CaseRepository, caseId: string, moved: AppResult<Case>, to: CaseStatus): Promise<AppResult<Case>> {
  if (moved.ok || moved.reason.code !== "lifecycle.alreadyThere") return moved;
  const now = await cases.byCode(caseId);
  return now && now.status === to ? ok(now) : fail("error.caseNotFound", { caseId });
}
