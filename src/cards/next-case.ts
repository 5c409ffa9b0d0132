/**
 * «Neste sak» while the case in hand has no conclusion: a small card for the
 * chair naming the open case and offering to take up the next one anyway (the
 * agenda's takeUpCase verb). Nothing is taken up until the chair clicks.
 */
import { t, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip } from "./card.js";
import { fitCard } from "./fit.js";
import template from "./templates/next-case.json" with { type: "json" };

export interface NextCaseView {
  locale: Locale;
  meetingId: string;
  /** The case in hand, still without a conclusion. */
  openCode: string;
  /** The next open case on the agenda, if there is one. */
  next?: { caseId: string; code: string };
}

export function renderNextCase(view: NextCaseView): AdaptiveCard {
  const L = view.locale;
  const open = clip(String(view.openCode ?? ""), 30).text;
  return fitCard(
    template,
    [0],
    () => ({
      meetingId: view.meetingId,
      title: t(L, "nextCase.title", { code: open }),
      body: t(L, "nextCase.body", { code: open }),
      hasNext: view.next !== undefined,
      nextCaseId: view.next?.caseId ?? "",
      takeUpLabel: view.next ? t(L, "nextCase.takeUpAnyway", { code: clip(view.next.code, 30).text }) : "",
      noOther: t(L, "nextCase.noOther"),
    }),
    { locale: L, title: () => t(L, "nextCase.title", { code: open }) },
  );
}
