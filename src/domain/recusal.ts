import type { Case } from "./case.js";
import type { DeclaredConflict } from "./meeting.js";
import type { Roster } from "./roster.js";

/**
 * Recusal (inhabilitet). 000 §6.2: "Dersom en sak gjelder eget helseforetak,
 * deltar den aktuelle fagdirektør ikke i sakens behandling." We read "eget
 * helseforetak" as both the applying HF and the patient's catchment-area HF
 * (the latter must clear the application beforehand, 000 §4.1 f, so it is party
 * to it). It applies to anyone who can take part in the decision: members and
 * substitutes, each by their own HF. Anyone may also declare a conflict on a
 * case; that is recorded with its reason.
 */
export type RecusalReason = "ownHf" | "catchmentHf" | "declared";

export interface Recusal {
  personId: string;
  reason: RecusalReason; // the weightiest reason: ownHf, then catchmentHf, then declared
  text?: string; // the declared reason, when one was declared (also kept when an HF reason outranks it)
}

export function recusalsForCase(input: { roster: Roster; case: Case; conflicts?: readonly DeclaredConflict[] }): Recusal[] {
  const { roster, case: c } = input;
  const declared = new Map<string, string>();
  for (const d of input.conflicts ?? []) {
    if (d.caseId === c.id) declared.set(d.personId, d.reason); // latest declaration's text wins
  }
  const result: Recusal[] = [];
  for (const p of roster.people) {
    const takesPart = p.role === "member" || p.role === "substitute";
    const hfReason: RecusalReason | undefined = !takesPart || p.hfId === undefined
      ? undefined
      : p.hfId === c.applyingHfId
        ? "ownHf"
        : p.hfId === c.catchmentHfId
          ? "catchmentHf"
          : undefined;
    const text = declared.get(p.id);
    if (hfReason) result.push(text === undefined ? { personId: p.id, reason: hfReason } : { personId: p.id, reason: hfReason, text });
    else if (text !== undefined) result.push({ personId: p.id, reason: "declared", text });
  }
  return result;
}

export const isRecused = (recusals: readonly Recusal[], personId: string): boolean => recusals.some((r) => r.personId === personId);
