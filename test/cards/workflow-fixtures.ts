/** Sample views for the coordinator's workflow cards (tests and screenshots). */
import type { RoutingStatusView } from "../../src/cards/alerts.js";
import type { ChecklistView, CaseListView } from "../../src/cards/checklist.js";
import type { PapersCase, PapersView } from "../../src/cards/papers.js";
import type { ReportView } from "../../src/cards/report.js";
import type { DecisionRecord } from "../../src/domain/decision-record.js";
import { LEGAL_NOTE } from "../../src/domain/decision-record.js";

export const words = (n: number, seed: string) =>
  Array.from({ length: Math.ceil(n / (seed.length + 1)) }, () => seed)
    .join(" ")
    .slice(0, n);

export function checklist(o: Partial<ChecklistView> = {}): ChecklistView {
  return {
    locale: "nb",
    caseId: "TO-2026-014",
    code: "TO-2026-014",
    methodName: "Atezolizumab (Tecentriq) ved hepatocellulært karsinom",
    applyingHfName: "Helse Bergen HF",
    status: "completenessCheck",
    urgent: false,
    receivedAt: "2026-03-02T09:15:00+01:00",
    missing: [
      { item: "completeness.groundReasoningMissing", params: { ground: "higherSeverity", minLength: 20 } },
      { item: "completeness.priorityCriterionMissing", params: { criterion: "resourceUse" } },
      { item: "completeness.fagdirektorApprovalMissing" },
    ],
    ...o,
  };
}

export function caseList(o: Partial<CaseListView> = {}): CaseListView {
  return {
    locale: "nb",
    items: [
      {
        caseId: "TO-2026-014",
        code: "TO-2026-014",
        methodName: "Atezolizumab (Tecentriq) ved hepatocellulært karsinom",
        applyingHfName: "Helse Bergen HF",
        status: "completenessCheck",
        urgent: true,
        receivedAt: "2026-03-02",
      },
      {
        caseId: "TO-2026-015",
        code: "TO-2026-015",
        methodName: "Onasemnogene abeparvovec (Zolgensma)",
        applyingHfName: "Helse Nord-Trøndelag HF",
        status: "returned",
        urgent: false,
        receivedAt: "2026-02-20",
      },
      {
        caseId: "TO-2026-016",
        code: "TO-2026-016",
        methodName: "Lutetium-177 vipivotidtetraksetan (Pluvicto)",
        applyingHfName: "Universitetssykehuset Nord-Norge HF",
        status: "ready",
        urgent: false,
        receivedAt: "2026-02-12",
      },
    ],
    ...o,
  };
}

export function papersCase(i: number, o: Partial<PapersCase> = {}): PapersCase {
  const code = `TO-2026-${String(10 + i).padStart(3, "0")}`;
  return {
    caseId: code,
    code,
    methodName: ["Atezolizumab (Tecentriq) ved hepatocellulært karsinom", "Nivolumab ved melanom", "Onasemnogene abeparvovec (Zolgensma)"][i % 3] ?? "Metode",
    nyeMetoderId: `ID2023_0${40 + i}`,
    applyingHfName: ["Helse Bergen HF", "Oslo universitetssykehus HF", "St. Olavs hospital HF"][i % 3] ?? "HF",
    urgent: i % 4 === 1,
    grounds: i % 2 === 0 ? ["increasedBenefit", "higherSeverity"] : ["specialMedicalReasons"],
    cost: { price: 98765 + i, treatmentCost: 1234567 + i, confidential: i % 2 === 0 },
    attachments: 3 + i,
    ...o,
  };
}

export function papers(o: Partial<PapersView> = {}): PapersView {
  return {
    locale: "nb",
    meetingId: "M-2026-11-27",
    meetingDate: "2026-11-27",
    papersDeadline: "2026-11-25",
    items: [
      papersCase(0),
      papersCase(1, { recusal: { reason: "ownHf" } }),
      papersCase(2, { recusal: { reason: "declared", text: "Tidligere behandlende lege" } }),
    ],
    ...o,
  };
}

export function record(o: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    id: "TO-2026-014-v1",
    caseId: "TO-2026-014",
    caseCode: "TO-2026-014",
    version: 1,
    status: "draft",
    meetingId: "M-2026-11-27",
    meetingDate: "2026-11-27",
    method: { name: "Atezolizumab (Tecentriq) ved hepatocellulært karsinom", nyeMetoderId: "ID2023_045", beslutningsforumDate: "2025-03-12" },
    applyingHf: { id: "helse-bergen", name: "Helse Bergen HF", regionId: "helse-vest", regionName: "Helse Vest RHF" },
    grounds: [
      { ground: "increasedBenefit", finding: "met", comment: "Dokumentert vesentlig bedre respons i undergruppen." },
      { ground: "higherSeverity", finding: "notAssessed", comment: "" },
    ],
    criteria: {
      benefit: { finding: "met", comment: "Forventet klinisk nytte er stor for denne pasienten." },
      severity: { finding: "met", comment: "" },
      resourceUse: { finding: "notAssessed", comment: "" },
    },
    resourceUse: { currency: "NOK", price: 123456, treatmentCost: 1234567, confidential: true },
    outcome: "granted",
    reasoning: "Komiteen finner at pasienten er klinisk eksepsjonell på grunnlag av økt nytte, og at prioriteringskriteriene sannsynligvis er oppfylt.",
    conditions: ["Effekten evalueres etter tre måneder.", "Behandlingen avsluttes ved progresjon."],
    groupLevelProposal: true,
    participants: [
      { personId: "m-sor-1", name: "Kari Nordmann", hfName: "Oslo universitetssykehus HF" },
      { personId: "m-midt-1", name: "Per Hansen", hfName: "St. Olavs hospital HF" },
      { personId: "m-nord-1", name: "Lise Berg", hfName: "Universitetssykehuset Nord-Norge HF" },
      { personId: "v-vest-2", name: "Jon Midt", hfName: "Helse Stavanger HF", standingInFor: "m-vest-2" },
    ],
    recused: [{ personId: "m-vest-1", name: "Ola Vestland", hfName: "Helse Bergen HF", reason: "ownHf" }],
    quorum: { participants: 4, minimum: 4 },
    byConsensus: true,
    legalNote: LEGAL_NOTE,
    draftedBy: "k-1",
    draftedAt: "2026-11-27T13:05:00+01:00",
    ...o,
  };
}

/** Confirmed by the coordinator and approved by the chair (issue 14: only an approved record is routed). */
export const confirmedRecord = (o: Partial<DecisionRecord> = {}): DecisionRecord =>
  record({
    status: "confirmed",
    confirmedBy: "k-1",
    confirmedAt: "2026-11-30T10:00:00+01:00",
    approvedBy: "chair",
    approvedAt: "2026-11-30T11:00:00+01:00",
    ...o,
  });

export function routingStatus(o: Partial<RoutingStatusView> = {}): RoutingStatusView {
  return {
    locale: "nb",
    rows: [
      {
        caseId: "TO-2026-012",
        caseCode: "TO-2026-012",
        recordId: "TO-2026-012-v1",
        version: 1,
        recipientName: "Anne Fagdirektør",
        hfName: "Oslo universitetssykehus HF",
        state: "acknowledged",
        sentAt: "2026-11-30",
        acknowledgedAt: "2026-12-01",
      },
      {
        caseId: "TO-2026-014",
        caseCode: "TO-2026-014",
        recordId: "TO-2026-014-v2",
        version: 2,
        recipientName: "Ola Vestland",
        hfName: "Helse Bergen HF",
        state: "sent",
        sentAt: "2026-12-02",
      },
      {
        caseId: "TO-2026-016",
        caseCode: "TO-2026-016",
        recordId: "TO-2026-016-v1",
        version: 1,
        recipientName: "Eva Nord",
        hfName: "Universitetssykehuset Nord-Norge HF",
        state: "failed",
        failedAt: "2026-12-02",
      },
    ],
    ...o,
  };
}

export function report(o: Partial<ReportView> = {}): ReportView {
  return {
    locale: "nb",
    period: { from: "2026-01-01", to: "2026-12-31" },
    generatedAt: "2027-01-05",
    cases: 16,
    byRegion: [
      { name: "Helse Sør-Øst RHF", cases: 7, granted: 3, rejected: 2 },
      { name: "Helse Vest RHF", cases: 4, granted: 2, rejected: 1 },
      { name: "Helse Midt-Norge RHF", cases: 3, granted: 1, rejected: 1 },
      { name: "Helse Nord RHF", cases: 2, granted: 1, rejected: 0 },
    ],
    byHf: [
      { name: "Oslo universitetssykehus HF", cases: 5, granted: 2, rejected: 2 },
      { name: "Helse Bergen HF", cases: 3, granted: 2, rejected: 0 },
      { name: "St. Olavs hospital HF", cases: 3, granted: 1, rejected: 1 },
      { name: "Universitetssykehuset Nord-Norge HF", cases: 2, granted: 1, rejected: 0 },
    ],
    outcomes: { granted: 7, rejected: 4, deferred: 2, returned: 3, pending: 2 },
    grounds: [
      { ground: "increasedBenefit", claimed: 11, met: 6 },
      { ground: "higherSeverity", claimed: 7, met: 3 },
      { ground: "specialMedicalReasons", claimed: 4, met: 2 },
    ],
    leadTimes: { receivedToReady: 3, readyToDecided: 8.5, receivedToDecided: 12, decidedToRouted: 2, routedToAcknowledged: null },
    meetings: { held: 24, extra: 2 },
    attendance: { averagePresent: 6.6, members: 8 },
    notDecidedForWantOfQuorum: 1,
    groupLevelProposals: 2,
    ...o,
  };
}
