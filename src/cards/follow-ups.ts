/**
 * The coordinator's overview of grant follow-ups (issue 15, «oppfølging»):
 * overdue, reminded, due (sent, waiting for the HF), answered, and coming up,
 * each a list of one line per case; then the group-level proposals by status.
 */
import type { FollowUpAnswer, FollowUpStage } from "../domain/follow-up.js";
import { PROPOSAL_STATUSES, type ProposalStatus } from "../domain/group-proposal.js";
import { formatDate, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip } from "./card.js";
import { fitCard, str, translator } from "./fit.js";
import { answerLines } from "./follow-up.js";
import template from "./templates/follow-ups.json" with { type: "json" };

export interface FollowUpsView {
  locale: Locale;
  today: string;
  lines: {
    caseCode: string;
    methodName: string;
    nyeMetoderId: string;
    hfName: string;
    reviewDate: string;
    stage: FollowUpStage;
    undelivered: boolean;
    answer?: FollowUpAnswer;
  }[];
  proposals: { caseCode: string; methodName: string; status: ProposalStatus; since: string }[];
}

const ORDER: FollowUpStage[] = ["overdue", "reminded", "due", "answered", "scheduled"];
const STYLE: Record<FollowUpStage, string> = { overdue: "attention", reminded: "warning", due: "accent", answered: "good", scheduled: "default" };
const LIMITS = [{ rows: 40 }, { rows: 15 }, { rows: 5 }] as const;

export function renderFollowUps(view: FollowUpsView): AdaptiveCard {
  const tr = translator(view.locale);
  const L = view.locale;
  return fitCard(
    template,
    LIMITS,
    ({ rows }) => {
      const short = (s: unknown) => clip(str(s), 120).text;
      const sections = ORDER.map((stage) => {
        const mine = view.lines.filter((l) => l.stage === stage);
        return {
          stage,
          style: STYLE[stage],
          heading: tr(`followUps.${stage}`, { count: String(mine.length) }),
          lines: mine.slice(0, rows).map((l) => ({
            text:
              tr("followUps.line", { code: short(l.caseCode), method: short(l.methodName), hf: short(l.hfName), date: formatDate(L, short(l.reviewDate)) }) +
              (l.undelivered ? ` ⚠ ${tr("followUps.undelivered")}` : "") +
              (l.answer ? ` — ${answerLines(tr, { ...l.answer, comment: "" }).join("; ")}` : ""),
          })),
          more: mine.length > rows,
          moreText: tr("followUps.more", { count: String(Math.max(0, mine.length - rows)) }),
          count: mine.length,
        };
      }).filter((s) => s.count > 0);
      const counts = Object.fromEntries(PROPOSAL_STATUSES.map((s) => [s, view.proposals.filter((p) => p.status === s).length])) as Record<
        ProposalStatus,
        number
      >;
      return {
        title: tr("followUps.title"),
        subtitle: tr("followUps.subtitle", { date: formatDate(L, view.today) }),
        sections,
        empty: sections.length === 0,
        emptyText: tr("followUps.none"),
        proposals: {
          heading: tr("followUps.proposals"),
          counts: PROPOSAL_STATUSES.map((s) => `${tr(`proposal.status.${s}`)}: ${counts[s]}`).join(" · "),
          lines: view.proposals.slice(0, rows).map((p) => ({
            text: tr("followUps.proposalLine", {
              code: short(p.caseCode),
              method: short(p.methodName),
              status: tr(`proposal.status.${p.status}`),
              date: formatDate(L, short(p.since)),
            }),
          })),
        },
      };
    },
    { locale: view.locale, title: () => tr("followUps.title") },
  );
}
