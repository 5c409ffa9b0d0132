import type { Case, Ground, PriorityCriteria } from "./case.js";
import type { ReasonCode } from "./reason-codes.js";
import type { Roster } from "./roster.js";

/**
 * The coordinator's completeness check (kompletthetskontroll, 000 §4.1 step 3
 * and §5.6): is the required information *present*? It never assesses the
 * content. Each missing item is phrased so the applying HF knows what to add
 * when the case is returned (returnert for supplerende opplysninger).
 */
export interface MissingItem {
  item: ReasonCode; // an i18n key, e.g. "completeness.groundReasoningMissing"
  params?: Record<string, string | number>;
}

/**
 * Shorter than this, a reasoning is a placeholder ("se vedlegg", "ja"), not a
 * reasoning. A presence test, not a quality test: it is deliberately low.
 */
export const MIN_REASONING_LENGTH = 20;

const PRIORITY_CRITERIA: readonly (keyof PriorityCriteria)[] = ["benefit", "severity", "resourceUse"];

const blank = (s: string | undefined) => (s ?? "").trim().length === 0;

export function checkCompleteness(c: Case, roster: Roster): MissingItem[] {
  const missing: MissingItem[] = [];
  const knownHf = (id: string) => roster.hfs.some((hf) => hf.id === id);

  if (blank(c.method.name)) missing.push({ item: "completeness.methodNameMissing" });
  if (blank(c.method.nyeMetoderId)) missing.push({ item: "completeness.nyeMetoderIdMissing" });
  const req = c.requirements;
  // A method under re-assessment (revurdering) has no Beslutningsforum "no" date, and still passes.
  if (blank(c.method.beslutningsforumDate) && !req?.reassessment) missing.push({ item: "completeness.beslutningsforumDateMissing" });

  if (!knownHf(c.applyingHfId)) missing.push({ item: "completeness.applyingHfUnknown", params: { hfId: c.applyingHfId } });
  if (c.catchmentHfId !== undefined && !knownHf(c.catchmentHfId)) {
    missing.push({ item: "completeness.catchmentHfUnknown", params: { hfId: c.catchmentHfId } });
  }

  // Every claimed ground needs its own reasoning: the committee assesses each one.
  if (c.grounds.length === 0) missing.push({ item: "completeness.groundMissing" });
  for (const g of c.grounds) {
    if (g.reasoning.trim().length < MIN_REASONING_LENGTH) missing.push(groundReasoningMissing(g.ground));
  }

  for (const criterion of PRIORITY_CRITERIA) {
    if (blank(c.priority[criterion])) missing.push({ item: "completeness.priorityCriterionMissing", params: { criterion } });
  }

  // Ressursbruk: "aktuell pris og behandlingskostnad" (000 §4.1 4d); either one lets the committee weigh it.
  if (c.cost.price === undefined && c.cost.treatmentCost === undefined) missing.push({ item: "completeness.costMissing" });
  if (!c.approvedByFagdirektor) missing.push({ item: "completeness.fagdirektorApprovalMissing" });
  if (c.attachments.length === 0) missing.push({ item: "completeness.attachmentMissing" });

  // What the source requires of an application (000 §4.1, the application criteria; issue 13).
  if (!req?.patientConsent) missing.push({ item: "completeness.patientConsentMissing" });
  if (!req?.sentByTreatingHfOrRegionalHospital && !req?.reviewedWithRegionalHospital) missing.push({ item: "completeness.regionalHospitalReviewMissing" });
  if (c.catchmentHfId !== undefined && c.catchmentHfId !== c.applyingHfId && !req?.clearedWithCatchmentHf) {
    missing.push({ item: "completeness.catchmentHfClearanceMissing" });
  }
  if (!req?.priceCheckedBySykehusinnkjop) missing.push({ item: "completeness.priceCheckMissing" });
  if (req?.notMarketedInNorway && !req.availabilityAndPriceClarified) missing.push({ item: "completeness.availabilityMissing" });
  return missing;
}

export const isComplete = (c: Case, roster: Roster): boolean => checkCompleteness(c, roster).length === 0;

function groundReasoningMissing(ground: Ground): MissingItem {
  return { item: "completeness.groundReasoningMissing", params: { ground, minLength: MIN_REASONING_LENGTH } };
}
