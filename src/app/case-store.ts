/** Cases in the `cases` container (partition key = case id = case code). */
import type { Case, CaseStatus } from "../domain/case.js";
import { transition, type TransitionDetail } from "../domain/lifecycle.js";
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
 * Moves a case through its lifecycle with optimistic concurrency. Moving to the
 * status it already has is reported as `lifecycle.alreadyThere`, with no write,
 * so a retried delivery changes nothing.
 */
export async function updateCaseStatus(
  store: DocumentStore,
  caseId: string,
  to: CaseStatus,
  actor: Person,
  at: string,
  detail: TransitionDetail = {},
): Promise<Result<Case>> {
  let outcome: Result<Case> = fail("error.caseNotFound", { caseId });
  await store.update<CaseDoc>("cases", caseId, caseId, (current) => {
    if (!current) {
      outcome = fail("error.caseNotFound", { caseId });
      return undefined;
    }
    if (current.status === to) {
      outcome = fail("lifecycle.alreadyThere", { status: to });
      return undefined;
    }
    const moved = transition(stripCase(current), to, actor, at, detail);
    if (!moved.ok) {
      outcome = moved;
      return undefined;
    }
    outcome = ok(moved.value);
    return moved.value;
  });
  return outcome;
}

export function stripCase(doc: CaseDoc): Case {
  const { type: _t, ...rest } = doc as CaseDoc & Record<string, unknown>;
  return rest as Case;
}
