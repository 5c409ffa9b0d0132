/**
 * Retention of closed cases (a configurable rule, off by default): some years
 * after a case was closed, the clinical free text — the applicant's reasoning
 * for each ground, the priority assessments, the cost note — is removed from
 * it, and the rest is kept: the code, the HF, the method, which grounds were
 * claimed, the outcome and the dates, so that the register (000 §10) still
 * counts and evaluates it. The decision record is kept as it is.
 *
 * A case is closed when its decision reached the applying HF and was
 * acknowledged (acknowledgedAt), or when it was returned to the HF and never
 * came back (its last return).
 */
import { DateTime } from "luxon";
import type { Case } from "./case.js";

export const ZONE = "Europe/Oslo";

/** When the case was closed, or undefined while it is open. */
export function closedAt(c: Case): string | undefined {
  if (c.status === "acknowledged") return c.acknowledgedAt ?? c.decidedAt;
  if (c.status === "returned") return c.returns.at(-1)?.at;
  return undefined;
}

/** Whether the rule applies now: closed at least `years` calendar years ago (in Oslo), its text not yet removed. */
export function retentionDue(c: Case, now: string, years: number): boolean {
  const closed = closedAt(c);
  if (!closed || c.clinicalTextRemovedAt) return false;
  return DateTime.fromISO(closed, { zone: ZONE }).plus({ years }) <= DateTime.fromISO(now, { zone: ZONE });
}

/** The case without its clinical free text, marked with when it was removed. */
export function withoutClinicalText(c: Case, at: string): Case {
  const { note: _note, ...cost } = c.cost;
  return {
    ...c,
    grounds: c.grounds.map((g) => ({ ...g, reasoning: "" })),
    priority: { benefit: "", severity: "", resourceUse: "" },
    cost,
    clinicalTextRemovedAt: at,
  };
}
