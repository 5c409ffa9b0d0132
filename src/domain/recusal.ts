import type { Case } from "./case.js";
import type { DeclaredConflict } from "./meeting.js";
import type { Roster } from "./roster.js";

/**
 * Recusal (inhabilitet). 000 §6.2: "Dersom en sak gjelder eget helseforetak,
 * deltar den aktuelle fagdirektør ikke i sakens behandling." The source's rule
 * is the applying HF ("ownHf"). Recusing members from the patient's
 * catchment-area HF as well ("catchmentHf") is a named policy beyond the
 * source, a precaution (that HF clears the application beforehand, 000 §4.1 step 1 f,
 * so it is party to it): RecusalPolicy.catchmentHf, configured by
 * RECUSE_CATCHMENT_HF (default on). Either applies to anyone who can take part
 * in the decision: members and substitutes, each by their own HF. Anyone may
 * also declare a conflict on a case; that is recorded with its reason.
 */
export type RecusalReason = "ownHf" | "catchmentHf" | "declared";

/** The committee's recusal policy beyond the source's own-HF rule (000 §6.2). */
export interface RecusalPolicy {
  /** Recuse members and substitutes from the patient's catchment-area HF (a precaution; config RECUSE_CATCHMENT_HF). */
  catchmentHf: boolean;
}

export const DEFAULT_RECUSAL_POLICY: RecusalPolicy = { catchmentHf: true };

export interface Recusal {
  personId: string;
  reason: RecusalReason; // the weightiest reason: ownHf, then catchmentHf, then declared
  text?: string; // the declared reason, when one was declared (also kept when an HF reason outranks it)
}

export function recusalsForCase(input: { roster: Roster; case: Case; conflicts?: readonly DeclaredConflict[]; policy?: RecusalPolicy }): Recusal[] {
  const { roster, case: c } = input;
  const policy = input.policy ?? DEFAULT_RECUSAL_POLICY;
  const declared = new Map<string, string>();
  for (const d of input.conflicts ?? []) {
    if (d.caseId === c.id) declared.set(d.personId, d.reason); // latest declaration's text wins
  }
  const result: Recusal[] = [];
  for (const p of roster.people) {
    const takesPart = p.role === "member" || p.role === "substitute";
    const hfReason: RecusalReason | undefined =
      !takesPart || p.hfId === undefined
        ? undefined
        : p.hfId === c.applyingHfId
          ? "ownHf"
          : policy.catchmentHf && p.hfId === c.catchmentHfId
            ? "catchmentHf"
            : undefined;
    const text = declared.get(p.id);
    if (hfReason) result.push(text === undefined ? { personId: p.id, reason: hfReason } : { personId: p.id, reason: hfReason, text });
    else if (text !== undefined) result.push({ personId: p.id, reason: "declared", text });
  }
  return result;
}

export const isRecused = (recusals: readonly Recusal[], personId: string): boolean => recusals.some((r) => r.personId === personId);
