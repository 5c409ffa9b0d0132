/**
 * A small fixture of earlier decisions (issue 15, until the year of generated
 * data exists): confirmed decision records of other cases, across regions,
 * written straight into the records container as the coordinator's
 * confirmation would have left them.
 */
import type { Ground, Outcome } from "../../src/domain/case.js";
import { LEGAL_NOTE, type DecisionRecord, type Finding } from "../../src/domain/decision-record.js";
import type { Roster } from "../../src/domain/roster.js";

export interface Earlier {
  code: string;
  nyeMetoderId: string;
  meetingDate: string; // ISO date
  outcome: Outcome;
  hfId: string;
  findings: Partial<Record<Ground, Finding>>;
  version?: number;
  status?: DecisionRecord["status"];
  price?: number;
}

export function earlierRecord(roster: Roster, e: Earlier): DecisionRecord {
  const hf = roster.hfs.find((h) => h.id === e.hfId)!;
  const region = roster.regions.find((r) => r.id === hf.region)!;
  const version = e.version ?? 1;
  const status = e.status ?? "confirmed";
  return {
    id: `${e.code}-v${version}`,
    caseId: e.code,
    caseCode: e.code,
    version,
    status,
    meetingId: `M-${e.meetingDate}`,
    meetingDate: e.meetingDate,
    method: { name: `Metode ${e.nyeMetoderId}`, nyeMetoderId: e.nyeMetoderId, beslutningsforumDate: "2023-01-16" },
    applyingHf: { id: hf.id, name: hf.name, regionId: region.id, regionName: region.name },
    criteria: {
      benefit: { finding: e.outcome === "granted" ? "met" : "notMet", comment: "" },
      severity: { finding: "met", comment: "" },
      resourceUse: { finding: "met", comment: "" },
    },
    grounds: (Object.entries(e.findings) as [Ground, Finding][]).map(([ground, finding]) => ({ ground, finding, comment: "Komiteens vurdering." })),
    resourceUse: { currency: "NOK", price: e.price ?? 987_654, confidential: true },
    outcome: e.outcome,
    reasoning: "Begrunnelse som ikke skal vises i presedenser.",
    conditions: [],
    groupLevelProposal: false,
    participants: [],
    recused: [],
    quorum: { participants: 6, minimum: 4 },
    byConsensus: true,
    legalNote: LEGAL_NOTE,
    draftedBy: "coord",
    draftedAt: `${e.meetingDate}T14:00:00.000Z`,
    ...(status === "confirmed" ? { confirmedBy: "coord", confirmedAt: `${e.meetingDate}T15:00:00.000Z` } : {}),
    ...(version > 1 ? { supersedes: `${e.code}-v${version - 1}`, correctionReason: "Retting." } : {}),
  };
}
