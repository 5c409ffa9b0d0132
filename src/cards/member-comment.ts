/**
 * Issue 14, the members' comment window: the 1:1 card a member who took part gets after the coordinator
 * confirmed a record: the outcome and the reasoning, and one optional comment (to the chair) until the window closes.
 */
import type { DecisionRecord } from "../domain/decision-record.js";
import { osloTime } from "../export/minutes-text.js";
import { formatDate, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip } from "./card.js";
import { fitCard, str, translator } from "./fit.js";
import template from "./templates/member-comment.json" with { type: "json" };

export interface MemberCommentView {
  locale: Locale;
  record: DecisionRecord;
  until: string;
}

const LIMITS = [{ text: 3000 }, { text: 1000 }, { text: 300 }] as const;

/** A moment as people read it: the date and the time in Oslo. */
export const dateAndTime = (locale: Locale, iso: string): string => `${formatDate(locale, iso)} ${osloTime(iso)}`;

export function renderMemberCommentCard(view: MemberCommentView): AdaptiveCard {
  const tr = translator(view.locale);
  const r = view.record;
  const title = () => tr("memberComment.title", { code: clip(str(r.caseCode), 30).text });
  return fitCard(
    template,
    LIMITS,
    (limit) => ({
      caseId: str(r.caseId),
      recordId: str(r.id),
      title: title(),
      intro: tr("memberComment.intro", { until: dateAndTime(view.locale, view.until) }),
      lines: [
        { text: tr(r.outcome === "granted" ? "minutesText.outcome.granted" : "minutesText.outcome.rejected") },
        ...(r.reasoning ? [{ text: clip(str(r.reasoning), limit.text).text }] : []),
      ],
      labels: { comment: tr("memberComment.label"), submit: tr("memberComment.submit") },
    }),
    { locale: view.locale, title },
  );
}
