/**
 * The group-level proposal card (issue 15; 000 §6.4) for the coordinator: the
 * text (which subgroup, which marker) and the status (to be sent, sent to Nye
 * metoder, answered), saved with one click. Reached from the record card's
 * prompt after a grant on økt nytte, and from the reminder.
 */
import { PROPOSAL_STATUSES, type GroupProposal } from "../domain/group-proposal.js";
import { formatDate, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip } from "./card.js";
import { fitCard, str, translator, type Tr } from "./fit.js";
import template from "./templates/proposal.json" with { type: "json" };

export interface ProposalCardView {
  locale: Locale;
  caseId: string;
  caseCode: string;
  methodName: string;
  nyeMetoderId: string;
  /** Granted on økt nytte. */
  suggested: boolean;
  proposal?: GroupProposal;
  /** The reminder (still to be sent after N working days). */
  reminder?: boolean;
  /** Just saved. */
  saved?: boolean;
  problems?: string[];
  /** What was typed, when a save was refused. */
  values?: { proposalText?: string; proposalStatus?: string };
}

const LIMITS = [{ rows: 20 }, { rows: 5 }] as const;

export function renderProposalCard(view: ProposalCardView): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(template, LIMITS, (limit) => proposalData(view, tr, limit.rows), {
    locale: view.locale,
    title: () => tr("proposalCard.title", { code: clip(str(view.caseCode), 30).text }),
  });
}

function proposalData(view: ProposalCardView, tr: Tr, rows: number): Record<string, unknown> {
  const L = view.locale;
  const short = (s: unknown) => clip(str(s), 200).text;
  const p = view.proposal;
  const problems = (view.problems ?? []).slice(0, 10).map((x) => ({ text: clip(str(x), 300).text }));
  return {
    caseId: str(view.caseId),
    headerStyle: view.reminder ? "warning" : "emphasis",
    title: tr("proposalCard.title", { code: short(view.caseCode) }),
    subtitle: `${short(view.methodName)} (${short(view.nyeMetoderId)})`,
    hasProblems: problems.length > 0,
    problems,
    hasSaved: view.saved === true && problems.length === 0,
    saved: tr("proposalCard.saved"),
    intro: view.reminder
      ? tr("proposalCard.reminder", { date: formatDate(L, short(p?.createdAt)) })
      : tr(view.suggested ? "proposal.prompt" : "proposalCard.intro"),
    textLabel: tr("proposalCard.textLabel"),
    textPlaceholder: tr("proposalCard.textPlaceholder"),
    textError: tr("proposal.textRequired"),
    text: str(view.values?.proposalText ?? p?.text),
    hasStatus: p !== undefined,
    statusLabel: tr("proposalCard.statusLabel"),
    status: str(view.values?.proposalStatus ?? p?.status ?? "toSend"),
    statuses: PROPOSAL_STATUSES.map((s) => ({ title: tr(`proposal.status.${s}`), value: s })),
    history: (p?.history ?? [])
      .slice(-rows)
      .map((h) => ({ text: tr("proposalCard.historyEntry", { status: tr(`proposal.status.${h.status}`), date: formatDate(L, short(h.at)) }) })),
    submit: tr(p ? "proposalCard.save" : "proposalCard.make"),
    privacyNote: tr("caseBrief.privacyNote"),
  };
}
