/**
 * The routed decision (avgjørelse) for the applying HF's fagdirektør: the
 * confirmed record's outcome, the committee's assessment of each ground, the
 * reasoning and conditions, the group-level proposal and the legal note (a
 * priority decision, not an enkeltvedtak; complaint to Statsforvalteren under
 * pasient- og brukerrettighetsloven § 7-2). Case code only; no price (a
 * confidential price never leaves the committee). "Mottatt" (acknowledge)
 * until acknowledged; then "Mottatt <date> av <name>" and no button.
 */
import type { DecisionRecord } from "../domain/decision-record.js";
import { formatDate, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip, truncating } from "./card.js";
import { factRows, fitCard, str, translator, type Tr } from "./fit.js";
import { outcomeText } from "./record.js";
import { patientSummary } from "../export/patient-summary.js";
import template from "./templates/decision.json" with { type: "json" };

export interface RoutedDecisionView {
  locale: Locale;
  /** A confirmed record. */
  record: DecisionRecord;
  acknowledged?: { at: string; byName: string };
  /** Issue 15: the name of the HF responsible for a grant's follow-up, when it is not the applying HF. */
  responsibleHfName?: string;
}

const LIMITS = [{ text: Infinity }, { text: 6000 }, { text: 3000 }, { text: 1500 }, { text: 600 }] as const;

export function renderRoutedDecision(view: RoutedDecisionView): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(template, LIMITS, (limit) => decisionData(view, limit), {
    locale: view.locale,
    title: () => tr("decision.title", { code: clip(str(view.record?.caseCode), 30).text }),
  });
}

function decisionData(view: RoutedDecisionView, limit: (typeof LIMITS)[number]): Record<string, unknown> {
  const L = view.locale;
  const tr = translator(L);
  const r = view.record;
  const clipped = truncating(limit.text);
  const long = clipped.text;
  const short = (s: unknown) => clip(str(s), 200).text;
  const code = short(r.caseCode);
  const conditions = (r.conditions ?? []).map((c) => `- ${long(c)}`);
  const ack = view.acknowledged;
  return {
    caseId: str(r.caseId),
    recordId: str(r.id),
    title: tr("decision.title", { code }),
    subtitle: tr("decision.subtitle"),
    // Issue 13: an urgent case says so, as the other cards do.
    isUrgent: r.urgent === true,
    urgentLabel: tr("caseBrief.urgent"),
    hasCorrection: Boolean(r.supersedes),
    correctionText: r.supersedes ? tr("decision.supersedes", { supersedes: short(r.supersedes), reason: long(r.correctionReason) }) : "",
    intro: tr("decision.intro", { hf: short(r.applyingHf?.name) }),
    facts: factRows([
      { title: tr("decision.caseCode"), value: code },
      { title: tr("caseBrief.method"), value: `${short(r.method?.name)} (${short(r.method?.nyeMetoderId)})` },
      { title: tr("caseBrief.beslutningsforumDate"), value: formatDate(L, short(r.method?.beslutningsforumDate)) },
      { title: tr("decision.meetingDate"), value: formatDate(L, short(r.meetingDate)) },
      { title: tr("decision.version"), value: String(r.version) },
    ]),
    outcome: {
      heading: tr("recordCard.outcome"),
      text: outcomeText(tr, r.outcome),
      style: r.outcome === "granted" ? "good" : "attention",
      hasMeaning: r.outcome === "granted",
      meaning: tr("decision.grantedMeaning"),
    },
    groundsHeading: tr("recordCard.grounds"),
    grounds: (r.grounds ?? []).map((g) => ({
      summary: `${tr(`ground.${g.ground}`)}: ${tr(`recordCard.finding.${g.finding}`)}`,
      hasComment: str(g.comment).trim().length > 0,
      comment: long(g.comment),
    })),
    reasoning: { heading: tr("recordCard.reasoning"), text: long(r.reasoning) || tr("caseBrief.notStated") },
    conditions: { heading: tr("recordCard.conditionsHeading"), text: conditions.length > 0 ? conditions.join("\n") : tr("recordCard.conditionsNone") },
    groupLevelText: tr(r.groupLevelProposal ? "recordCard.groupLevelYes" : "recordCard.groupLevelNo"),
    // Issue 15: a grant's structured conditions, as the HF will be asked about them on the review date.
    ...followUpFacts(view, tr, long, short),
    // Who sat as substitute for whom: the HF reads who decided.
    substitutes: (r.participants ?? [])
      .filter((p) => p.standingInFor)
      .slice(0, 16)
      .map((p) => ({
        text: p.standingInForName
          ? tr("decision.substitute", { name: short(p.name), member: short(p.standingInForName) })
          : tr("decision.substituteUnnamed", { name: short(p.name) }),
      })),
    costNote: tr("decision.costNote"),
    legal: { heading: tr("decision.legalHeading"), text: tr("decision.legalNote") },
    // Issue 14: the plain-language summary the treating doctor can use with the patient (the same as in the PDF and Markdown).
    patient: ((s) => ({ heading: s.heading, intro: s.intro, paragraphs: s.paragraphs.map((text) => ({ text })) }))(patientSummary(r, L)),
    acknowledged: ack !== undefined,
    acknowledgedText: ack ? `✓ ${tr("decision.acknowledged", { date: formatDate(L, short(ack.at)), name: short(ack.byName) })}` : "",
    ackHelp: tr("decision.ackHelp"),
    acknowledgeLabel: tr("decision.acknowledge"),
    privacyNote: tr("caseBrief.privacyNote"),
    anyTruncated: clipped.truncated,
    truncationNote: tr("caseBrief.truncated"),
  };
}

/** Issue 15: the follow-up of a grant on the HF's decision (start and stop criteria, what to report, when, who). */
function followUpFacts(view: RoutedDecisionView, tr: Tr, long: (s: unknown) => string, short: (s: unknown) => string): Record<string, unknown> {
  const r = view.record;
  const plan = r.outcome === "granted" ? r.followUp : undefined;
  if (!plan) return { hasFollowUp: false, followUpHeading: "", followUpFacts: [] };
  const notStated = tr("caseBrief.notStated");
  const hf = plan.responsibleHfId === r.applyingHf?.id ? r.applyingHf.name : view.responsibleHfName;
  return {
    hasFollowUp: true,
    followUpHeading: tr("followUp.heading"),
    followUpFacts: factRows([
      { title: tr("followUp.startLabel"), value: long(plan.startCriteria) || notStated },
      { title: tr("followUp.stopLabel"), value: long(plan.stopCriteria) || notStated },
      { title: tr("followUp.reportingLabel"), value: long(plan.reporting) || notStated },
      { title: tr("followUp.reviewDateLabel"), value: formatDate(view.locale, short(plan.reviewDate)) },
      ...(hf ? [{ title: tr("followUp.hfLabel"), value: short(hf) }] : []),
    ]),
  };
}
