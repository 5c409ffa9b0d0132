import { DateTime } from "luxon";
import type { Ground } from "./case.js";
import type { DecisionRecord, Finding, RecordRecusal } from "./decision-record.js";
import type { Roster } from "./roster.js";

/**
 * The decision record as plain text, in bokmål or English: the standard short
 * format the coordinator sends to the applying HF. Sections always appear in
 * the same order so recipients learn where to look.
 */
export type RecordLocale = "nb" | "en";

interface Words {
  title: string;
  draft: string;
  version: (n: number, supersedes: string, reason: string) => string;
  sections: Record<
    "case" | "method" | "applicant" | "grounds" | "resourceUse" | "outcome" | "reasoning" | "conditions" | "groupLevel" | "participants" | "recused" | "quorum" | "legal" | "signature",
    string
  >;
  ground: Record<Ground, string>;
  finding: Record<Finding, string>;
  outcome: Record<DecisionRecord["outcome"], string>;
  meeting: (date: string) => string;
  methodLine: (name: string, id: string, bfDate: string) => string;
  price: string;
  treatmentCost: string;
  confidential: string;
  none: string;
  yes: string;
  no: string;
  standingInFor: (name: string) => string;
  recusal: (r: RecordRecusal) => string;
  quorum: (n: number, min: number) => string;
  legal: string;
  drafted: (name: string, date: string) => string;
  confirmed: (name: string, date: string) => string;
  money: (n: number) => string;
}

const nb: Words = {
  title: "Avgjørelse fra interregional vurderingskomité – Tilgangsordningen",
  draft: "UTKAST – ikke bekreftet",
  version: (n, s, r) => `Versjon ${n}. Erstatter ${s}. Årsak til retting: ${r}`,
  sections: {
    case: "Sak",
    method: "Metode",
    applicant: "Søkende helseforetak",
    grounds: "Grunnlag for klinisk eksepsjonalitet og komiteens vurdering",
    resourceUse: "Ressursbruk",
    outcome: "Konklusjon",
    reasoning: "Begrunnelse",
    conditions: "Vilkår",
    groupLevel: "Forslag om vurdering på gruppenivå i Nye metoder",
    participants: "Deltakende medlemmer",
    recused: "Inhabilitet",
    quorum: "Beslutningsdyktighet og konsensus",
    legal: "Avgjørelsens karakter og klageadgang",
    signature: "Dokumentert av",
  },
  ground: { increasedBenefit: "Økt nytte", higherSeverity: "Høyere alvorlighet", specialMedicalReasons: "Særskilte medisinske årsaker" },
  finding: { met: "oppfylt", notMet: "ikke oppfylt", notAssessed: "ikke vurdert" },
  outcome: { granted: "Innvilget", rejected: "Avslått" },
  meeting: (d) => `Behandlet i møte ${d}`,
  methodLine: (n, id, bf) => `${n} (${id}), ikke innført av Beslutningsforum ${bf}`,
  price: "Pris",
  treatmentCost: "Forventet behandlingskostnad",
  confidential: "Prisopplysningene er konfidensielle og ble lagt fram for komiteen.",
  none: "Ingen",
  yes: "Ja",
  no: "Nei",
  standingInFor: (n) => `vara for ${n}`,
  recusal: (r) =>
    r.reason === "ownHf"
      ? "søknaden gjelder eget helseforetak"
      : r.reason === "catchmentHf"
        ? "eget helseforetak er pasientens opptaksområde"
        : `erklært inhabil: ${r.text ?? ""}`,
  quorum: (n, m) => `Komiteen var beslutningsdyktig med ${n} deltakende medlemmer (minst ${m} kreves). Avgjørelsen ble truffet ved konsensus.`,
  legal:
    "Avgjørelsen er en prioriteringsbeslutning og ikke et enkeltvedtak. Den kan ikke påklages i Nye metoder. " +
    "Pasienten kan klage til Statsforvalteren over retten til nødvendig helsehjelp, jf. pasient- og brukerrettighetsloven § 7-2.",
  drafted: (n, d) => `Utarbeidet av ${n}, ${d}`,
  confirmed: (n, d) => `Bekreftet av ${n}, ${d}`,
  money: (n) => `kr ${new Intl.NumberFormat("nb-NO", { maximumFractionDigits: 0 }).format(n)}`,
};

const en: Words = {
  title: "Decision of the interregional assessment committee – Tilgangsordningen",
  draft: "DRAFT – not confirmed",
  version: (n, s, r) => `Version ${n}. Supersedes ${s}. Reason for correction: ${r}`,
  sections: {
    case: "Case",
    method: "Method",
    applicant: "Applying health trust",
    grounds: "Grounds of clinical exceptionality and the committee's assessment",
    resourceUse: "Resource use",
    outcome: "Conclusion",
    reasoning: "Reasoning",
    conditions: "Conditions",
    groupLevel: "Proposal for a group-level assessment in Nye metoder",
    participants: "Participating members",
    recused: "Recusals",
    quorum: "Quorum and consensus",
    legal: "Nature of the decision and complaints",
    signature: "Recorded by",
  },
  ground: { increasedBenefit: "Increased benefit", higherSeverity: "Higher severity", specialMedicalReasons: "Special medical reasons" },
  finding: { met: "met", notMet: "not met", notAssessed: "not assessed" },
  outcome: { granted: "Granted", rejected: "Rejected" },
  meeting: (d) => `Considered at the meeting of ${d}`,
  methodLine: (n, id, bf) => `${n} (${id}), not introduced by Beslutningsforum on ${bf}`,
  price: "Price",
  treatmentCost: "Expected treatment cost",
  confidential: "The price information is confidential and was presented to the committee.",
  none: "None",
  yes: "Yes",
  no: "No",
  standingInFor: (n) => `substitute for ${n}`,
  recusal: (r) =>
    r.reason === "ownHf"
      ? "the application comes from their own health trust"
      : r.reason === "catchmentHf"
        ? "their health trust is the patient's catchment area"
        : `declared a conflict of interest: ${r.text ?? ""}`,
  quorum: (n, m) => `The committee was quorate with ${n} participating members (at least ${m} required). The decision was made by consensus.`,
  legal:
    "This decision is a priority decision, not an individual administrative decision (enkeltvedtak). It cannot be appealed within Nye metoder. " +
    "The patient may complain to the County Governor (Statsforvalteren) about their right to necessary health care under the Patients' and Users' Rights Act (pasient- og brukerrettighetsloven) § 7-2.",
  drafted: (n, d) => `Drafted by ${n}, ${d}`,
  confirmed: (n, d) => `Confirmed by ${n}, ${d}`,
  money: (n) => `NOK ${new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 }).format(n)}`,
};

const WORDS: Record<RecordLocale, Words> = { nb, en };

export function renderDecisionText(record: DecisionRecord, roster: Roster, locale: RecordLocale = "nb"): string {
  const w = WORDS[locale];
  const date = (iso: string) => {
    const dt = DateTime.fromISO(iso, { zone: "Europe/Oslo" }).setLocale(locale === "nb" ? "nb" : "en-GB");
    return dt.isValid ? dt.toFormat(locale === "nb" ? "d. MMMM yyyy" : "d MMMM yyyy") : iso; // show what we have rather than "Invalid DateTime"
  };
  const nameOf = (id: string) => roster.people.find((p) => p.id === id)?.name ?? id;
  const section = (heading: string, ...lines: string[]) => [heading, "-".repeat(heading.length), ...lines, ""];

  const cost = record.resourceUse;
  const costLines = cost.confidential
    ? [w.confidential]
    : [
        ...(cost.price !== undefined ? [`${w.price}: ${w.money(cost.price)}`] : []),
        ...(cost.treatmentCost !== undefined ? [`${w.treatmentCost}: ${w.money(cost.treatmentCost)}`] : []),
      ];
  const signature = [w.drafted(nameOf(record.draftedBy), date(record.draftedAt))];
  if (record.confirmedBy && record.confirmedAt) signature.push(w.confirmed(nameOf(record.confirmedBy), date(record.confirmedAt)));

  const lines = [
    `${w.title}`,
    ...(record.status === "draft" ? [w.draft] : []),
    ...(record.supersedes ? [w.version(record.version, record.supersedes, record.correctionReason ?? "")] : []),
    "",
    ...section(w.sections.case, record.caseCode, w.meeting(date(record.meetingDate))),
    ...section(w.sections.method, w.methodLine(record.method.name, record.method.nyeMetoderId, date(record.method.beslutningsforumDate))),
    ...section(w.sections.applicant, `${record.applyingHf.name}, ${record.applyingHf.regionName}`),
    ...section(w.sections.grounds, ...record.grounds.map((g) => `- ${w.ground[g.ground]}: ${w.finding[g.finding]}${g.comment ? `. ${g.comment}` : ""}`)),
    ...section(w.sections.resourceUse, ...costLines, ...(cost.note ? [cost.note] : [])),
    ...section(w.sections.outcome, w.outcome[record.outcome]),
    ...section(w.sections.reasoning, record.reasoning),
    ...section(w.sections.conditions, ...(record.conditions.length ? record.conditions.map((c) => `- ${c}`) : [w.none])),
    ...section(w.sections.groupLevel, record.groupLevelProposal ? w.yes : w.no),
    ...section(
      w.sections.participants,
      ...record.participants.map((p) => `- ${p.name}, ${p.hfName}${p.standingInFor ? ` (${w.standingInFor(nameOf(p.standingInFor))})` : ""}`),
    ),
    ...section(w.sections.recused, ...(record.recused.length ? record.recused.map((r) => `- ${r.name}, ${r.hfName}: ${w.recusal(r)}`) : [w.none])),
    ...section(w.sections.quorum, w.quorum(record.quorum.participants, record.quorum.minimum)),
    ...section(w.sections.legal, w.legal),
    ...section(w.sections.signature, ...signature),
  ];
  return lines.join("\n").trimEnd() + "\n";
}
