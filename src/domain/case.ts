/** An application (søknad) for individual access, worked on under its case code only. */

/** Grounds for clinical exceptionality (klinisk eksepsjonalitet). */
export const GROUNDS = ["increasedBenefit", "higherSeverity", "specialMedicalReasons"] as const;
export type Ground = (typeof GROUNDS)[number]; // økt nytte | høyere alvorlighet | særskilte medisinske årsaker

export const CASE_STATUSES = [
  "received", // mottatt
  "completenessCheck", // kompletthetskontroll
  "returned", // returnert for supplerende opplysninger
  "ready", // klar for komiteen
  "onAgenda", // på sakliste
  "inMeeting", // til behandling
  "granted", // innvilget
  "rejected", // avslått
  "deferred", // utsatt
  "recordDrafted", // avgjørelse utkast
  "recordConfirmed", // avgjørelse bekreftet
  "routed", // sendt til søkende HF
  "acknowledged", // mottatt av HF
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export type Outcome = "granted" | "rejected";

export interface GroundClaim {
  ground: Ground;
  reasoning: string; // the applicant's reasoning
}

export interface PriorityCriteria {
  benefit: string; // nytte
  severity: string; // alvorlighet
  resourceUse: string; // ressursbruk
}

export interface CostInfo {
  currency: "NOK";
  price?: number; // price of the method (per unit/pack)
  treatmentCost?: number; // expected total cost of the treatment
  confidential: boolean; // confidential price (e.g. from Sykehusinnkjøp)
  note?: string;
}

export interface MethodRef {
  name: string;
  nyeMetoderId: string; // e.g. "ID2023_045"
  beslutningsforumDate: string; // ISO date of Beslutningsforum's no-decision
}

export interface Attachment {
  title: string;
  ref: string; // document id / URL in the archive; never the document itself
}

export interface CaseReturn {
  at: string; // ISO datetime
  by: string; // roster id
  missing: string[]; // completeness item codes
  /** The coordinator's own reason besides the items (issue 13; free text, checked: no national id). */
  reason?: string;
}

/**
 * What the source requires of an application besides its content (000 §4.1,
 * the application criteria; issue 13), each a yes/no the applying HF states.
 * Absent on cases registered before these were asked: the check reports them missing.
 */
export interface ApplicationRequirements {
  /** The patient has consented (000 §4.1 step 1 e). */
  patientConsent: boolean;
  /** Sent by the HF that follows the patient, or by the regional hospital. */
  sentByTreatingHfOrRegionalHospital: boolean;
  /** Otherwise: reviewed with the regional hospital first. */
  reviewedWithRegionalHospital: boolean;
  /** Another hospital than the patient's catchment-area hospital applies: cleared with the catchment-area hospital (000 §4.1 step 1 f). */
  clearedWithCatchmentHf: boolean;
  /** The price has been checked by Sykehusinnkjøp. */
  priceCheckedBySykehusinnkjop: boolean;
  /** The drug is not marketed in Norway… */
  notMarketedInNorway: boolean;
  /** …and then its availability and price are clarified. */
  availabilityAndPriceClarified: boolean;
  /** A method under re-assessment (revurdering): it has no Beslutningsforum "no" date. */
  reassessment: boolean;
}

export const REQUIREMENT_KEYS = [
  "patientConsent",
  "sentByTreatingHfOrRegionalHospital",
  "reviewedWithRegionalHospital",
  "clearedWithCatchmentHf",
  "priceCheckedBySykehusinnkjop",
  "notMarketedInNorway",
  "availabilityAndPriceClarified",
  "reassessment",
] as const satisfies readonly (keyof ApplicationRequirements)[];

export interface Case {
  id: string; // equals code
  code: string; // e.g. "TO-2026-014"
  method: MethodRef;
  applyingHfId: string;
  catchmentHfId?: string; // the patient's catchment-area HF, when it differs
  grounds: GroundClaim[];
  priority: PriorityCriteria;
  cost: CostInfo;
  urgent: boolean; // hastesak
  attachments: Attachment[];
  approvedByFagdirektor: boolean; // signed by the applying HF's fagdirektør
  /** Issue 13: what the source requires of an application (consent, who sends it, price checked…). */
  requirements?: ApplicationRequirements;
  receivedAt: string; // ISO datetime
  status: CaseStatus;
  meetingId?: string;
  outcome?: Outcome;
  returns: CaseReturn[];
  readyAt?: string;
  decidedAt?: string;
  acknowledgedAt?: string;
  /** When the retention rule removed the clinical free text (src/domain/retention.ts). */
  clinicalTextRemovedAt?: string;
}
