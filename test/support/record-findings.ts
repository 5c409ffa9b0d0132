import { cardAction } from "./activities.js";
import type { BotHarness } from "./bot-harness.js";

/**
 * Issue 14: the findings a record card submits before «Bekreft avgjørelsen».
 * A grant needs every priority criterion and claimed ground assessed; a
 * rejection at least one finding "not met". Unclaimed grounds are ignored.
 */
export const GRANT_FINDINGS = {
  criterion_benefit: "met",
  criterion_severity: "met",
  criterion_resourceUse: "met",
  finding_increasedBenefit: "met",
  finding_higherSeverity: "met",
  finding_specialMedicalReasons: "met",
} as const;

export const REJECTION_FINDINGS = { criterion_benefit: "notMet" } as const;

/** The findings that let a record of this outcome be confirmed. */
export const findingsFor = (outcome: "granted" | "rejected") => (outcome === "granted" ? GRANT_FINDINGS : REJECTION_FINDINGS);

/** Issue 14, sign-off: the chair's «Godkjenn» on a confirmed record (from their 1:1 chat), as Teams sends the click. */
export const chairApproves = (h: BotHarness, caseId: string, recordId: string) =>
  h.send(cardAction(h.url, h.who("chair"), "approveRecord", { caseId, recordId }, { personal: true }));
