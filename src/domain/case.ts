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
}

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
