/** Cases in the `cases` container (partition key = case id = case code). */
import type { Case, CaseStatus } from "../domain/case.js";
import { SYSTEM_ACTOR, transition, type TransitionDetail } from "../domain/lifecycle.js";
import { fail, ok, type Result } from "../domain/result.js";
import type { Person } from "../domain/roster.js";
import type { DocumentStore } from "./ports.js";

export type CaseDoc = Case & { type?: "case" };

export async function getCase(store: DocumentStore, caseId: string): Promise<Case | undefined> {
  const found = await store.get<CaseDoc>("cases", caseId, caseId);
  return found ? stripCase(found.doc) : undefined;
}

export async function listCases(store: DocumentStore): Promise<Case[]> {
  const docs = await store.queryAll<CaseDoc>("cases", "SELECT * FROM c ORDER BY c.receivedAt");
  return docs.map(stripCase);
}

/**
 * Moves a case's status (and optionally other fields) in one concurrency-safe
 * write (ETag read-modify-write). Moving to the status it already has is
 * reported as `lifecycle.alreadyThere`, with no write, so a retried delivery
 * changes nothing. `from` narrows the statuses the move may start from; the
 * bot itself (SYSTEM_ACTOR) may act where the lifecycle lets it.
 */
export async function moveCase(
  store: DocumentStore,
  caseId: string,
  to: CaseStatus,
  actor: Person | typeof SYSTEM_ACTOR,
  at: string,
  options: { detail?: TransitionDetail; patch?: (c: Case) => Case; from?: readonly CaseStatus[] } = {},
): Promise<Result<Case>> {
  let outcome: Result<Case> = fail("error.caseNotFound", { caseId });
  await store.update<CaseDoc>("cases", caseId, caseId, (current) => {
    if (!current) {
      outcome = fail("error.caseNotFound", { caseId });
      return undefined;
    }
    const theCase = stripCase(current);
    if (current.status === to) {
      outcome = fail("lifecycle.alreadyThere", { status: to });
      return undefined;
    }
    if (options.from && !options.from.includes(theCase.status)) {
      outcome = fail("lifecycle.transitionNotAllowed", { from: theCase.status, to });
      return undefined;
    }
    const moved = transition(options.patch ? options.patch(theCase) : theCase, to, actor, at, options.detail ?? {});
    if (!moved.ok) {
      outcome = moved;
      return undefined;
    }
    outcome = ok(moved.value);
    return { ...current, ...moved.value, type: "case" };
  });
  return outcome;
}

/** A status move by a roster person (the meeting's use cases). */
export const updateCaseStatus = (store: DocumentStore, caseId: string, to: CaseStatus, actor: Person, at: string, detail: TransitionDetail = {}) =>
  moveCase(store, caseId, to, actor, at, { detail });

/** The case without its storage fields (document type, the intake operation id). */
export function stripCase(doc: CaseDoc): Case {
  const { type: _t, intakeOpId: _o, ...rest } = doc as CaseDoc & Record<string, unknown>;
  return rest as Case;
}
