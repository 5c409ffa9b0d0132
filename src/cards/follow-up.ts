/**
 * The follow-up card of a grant (issue 15), for the responsible HF's decision
 * recipients: the conditions (start and stop criteria, what to report) and
 * four one-click questions — treatment started? continuing? stopped, why?
 * effect as expected? — with an optional comment and one submit. Answered, it
 * shows the answer and no inputs. One card, no extra registration work.
 */
import { EFFECTS, STOP_REASONS, type FollowUp } from "../domain/follow-up.js";
import { formatDate, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip } from "./card.js";
import { factRows, fitCard, str, translator, type Tr } from "./fit.js";
import template from "./templates/follow-up.json" with { type: "json" };

export interface FollowUpCardView {
  locale: Locale;
  followUp: FollowUp;
  responsibleHfName: string;
  /** The reminder (not answered after the first card). */
  reminder?: boolean;
  /** Already translated problems from the last submit; `values` keeps what was chosen. */
  problems?: string[];
  values?: { started?: string; continuing?: string; stopReason?: string; effect?: string; comment?: string };
}

const LIMITS = [{ text: Infinity }, { text: 1500 }, { text: 600 }, { text: 200 }] as const;

export function renderFollowUpCard(view: FollowUpCardView): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(template, LIMITS, (limit) => followUpData(view, tr, limit.text), {
    locale: view.locale,
    title: () => tr("followUpCard.title", { code: clip(str(view.followUp?.caseCode), 30).text }),
  });
}

/** The answer in words (the card once answered, and the coordinator's overview). */
export function answerLines(tr: Tr, a: NonNullable<FollowUp["answer"]>, maxComment = 1000): string[] {
  const yes = (b: boolean) => tr(b ? "followUpCard.yes" : "followUpCard.no");
  return [
    `${tr("followUpCard.q.started")} ${yes(a.started)}`,
    ...(a.started && a.continuing !== undefined ? [`${tr("followUpCard.q.continuing")} ${yes(a.continuing)}`] : []),
    ...(a.stopReason ? [`${tr("followUpCard.q.stopReason")} ${tr(`followUpCard.stop.${a.stopReason}`)}`] : []),
    ...(a.effect ? [`${tr("followUpCard.q.effect")} ${tr(`followUpCard.effect.${a.effect}`)}`] : []),
    ...(a.comment ? [`${tr("followUpCard.q.comment")}: ${clip(a.comment, maxComment).text}`] : []),
  ];
}

function followUpData(view: FollowUpCardView, tr: Tr, max: number): Record<string, unknown> {
  const L = view.locale;
  const f = view.followUp;
  const short = (s: unknown) => clip(str(s), 200).text;
  const long = (s: unknown) => clip(str(s), max).text;
  const notStated = tr("caseBrief.notStated");
  const v = view.values ?? {};
  const problems = (view.problems ?? []).slice(0, 10).map((p) => ({ text: clip(str(p), 300).text }));
  const answer = f.answer;
  return {
    caseId: str(f.caseId),
    headerStyle: answer ? "good" : view.reminder ? "warning" : "emphasis",
    title: tr("followUpCard.title", { code: short(f.caseCode) }),
    subtitle: tr(view.reminder ? "followUpCard.subtitleReminder" : "followUpCard.subtitle", { date: formatDate(L, short(f.plan.reviewDate)) }),
    hasProblems: problems.length > 0,
    problems,
    intro: tr("followUpCard.intro", { hf: short(view.responsibleHfName) }),
    facts: factRows([
      { title: tr("caseBrief.method"), value: `${short(f.methodName)} (${short(f.nyeMetoderId)})` },
      { title: tr("followUpCard.decidedOn"), value: formatDate(L, short(f.decidedOn)) },
      { title: tr("followUp.startLabel"), value: long(f.plan.startCriteria) || notStated },
      { title: tr("followUp.stopLabel"), value: long(f.plan.stopCriteria) || notStated },
      { title: tr("followUp.reportingLabel"), value: long(f.plan.reporting) || notStated },
    ]),
    answered: answer !== undefined,
    answeredHeading: answer ? tr("followUpCard.answered", { date: formatDate(L, short(answer.at)) }) : "",
    answerLines: answer ? answerLines(tr, answer, max).map((text) => ({ text })) : [],
    open: answer === undefined,
    q: {
      started: tr("followUpCard.q.started"),
      continuing: tr("followUpCard.q.continuing"),
      stopReason: tr("followUpCard.q.stopReason"),
      stopReasonPlaceholder: tr("followUpCard.q.stopReasonPlaceholder"),
      effect: tr("followUpCard.q.effect"),
      comment: tr("followUpCard.q.comment"),
      commentPlaceholder: tr("followUpCard.q.commentPlaceholder"),
      required: tr("followUpCard.q.required"),
    },
    v: { started: str(v.started), continuing: str(v.continuing), stopReason: str(v.stopReason), effect: str(v.effect), comment: str(v.comment) },
    yesNo: [
      { title: tr("followUpCard.yes"), value: "yes" },
      { title: tr("followUpCard.no"), value: "no" },
    ],
    stopReasons: STOP_REASONS.map((r) => ({ title: tr(`followUpCard.stop.${r}`), value: r })),
    effects: EFFECTS.map((e) => ({ title: tr(`followUpCard.effect.${e}`), value: e })),
    submit: tr("followUpCard.submit"),
    privacyNote: tr("caseBrief.privacyNote"),
  };
}
