/** The committee's roster: regions (RHF), health trusts (HF) and people with roles. */

export const REGION_IDS = ["helse-sor-ost", "helse-vest", "helse-midt-norge", "helse-nord"] as const;
export type RegionId = (typeof REGION_IDS)[number];

export interface Region {
  id: RegionId;
  name: string; // e.g. "Helse Vest RHF"
}

/** A health trust (helseforetak) or a private non-profit hospital with an agreement. */
export interface Hf {
  id: string; // e.g. "helse-bergen"
  name: string; // e.g. "Helse Bergen HF"
  region: RegionId;
  regionalHospital: boolean; // has the region's regional hospital (e.g. Haukeland)
  privateNonProfit?: boolean; // e.g. Haraldsplass, Lovisenberg, Diakonhjemmet
}

/**
 * member        medlem (votes)
 * substitute    vararepresentant (votes only in place of their member)
 * chair         leder (runs the agenda, never votes)
 * coordinator   koordinator i sekretariatet
 * observer      DMP or the Nye metoder secretariat
 * expert        ekstern fagekspert (one case's presentation only)
 * hfContact     a fagdirektør of an HF who is not on the committee: receives decisions
 */
export const ROLES = ["member", "substitute", "chair", "coordinator", "observer", "expert", "hfContact"] as const;
export type Role = (typeof ROLES)[number];

export interface Person {
  id: string; // roster id, stable, e.g. "m-vest-1"
  name: string;
  role: Role;
  hfId?: string; // their health trust
  isFagdirektor: boolean;
  /** An HF contact who receives the HF's decisions beside the fagdirektør (e.g. the assisterende fagdirektør); issue 14. */
  isDeputyFagdirektor?: boolean;
  aadObjectId?: string; // Entra object id (Teams identity)
  email?: string;
  substituteFor?: string; // for substitutes: the member's roster id
  organisation?: string; // for observers/experts: "DMP", "Sekretariatet for Nye metoder", …
  locale?: "nb" | "en";
}

export interface Roster {
  regions: Region[];
  hfs: Hf[];
  people: Person[];
}
