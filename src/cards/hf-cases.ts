/**
 * Issue 14: «mine saker» — the HF's own cases, one line each: code, method,
 * status and the dates that are there (received, meeting, decided, sent to
 * the HF, acknowledged). Through the notice card (fitCard): a long list is
 * clipped with a note saying how many lines were left out.
 */
import { formatDate, formatNok, t, type Locale, type MessageKey } from "../i18n/index.js";
import type { AdaptiveCard } from "./card.js";
import { renderNotice } from "./notice.js";

/** The same shape as HfCaseItem in src/app/hf-cases.ts (the cards do not depend on the app layer). */
export interface HfCaseRow {
  code: string;
  methodName: string;
  status: string;
  urgent: boolean;
  receivedAt: string;
  meetingDate?: string;
  decidedAt?: string;
  routedAt?: string;
  acknowledgedAt?: string;
  price?: number;
}

export interface HfCasesView {
  locale: Locale;
  hfName: string;
  items: HfCaseRow[];
}

export function renderHfCases(view: HfCasesView): AdaptiveCard {
  const L = view.locale;
  const lines =
    view.items.length === 0
      ? [t(L, "hfCases.none")]
      : [
          t(L, "hfCases.count", { count: view.items.length }),
          ...view.items.map((i) => {
            const dates = [
              t(L, "hfCases.received", { date: formatDate(L, i.receivedAt) }),
              ...(i.meetingDate ? [t(L, "hfCases.meeting", { date: formatDate(L, i.meetingDate) })] : []),
              ...(i.decidedAt ? [t(L, "hfCases.decided", { date: formatDate(L, i.decidedAt) })] : []),
              ...(i.routedAt ? [t(L, "hfCases.routed", { date: formatDate(L, i.routedAt) })] : []),
              ...(i.acknowledgedAt ? [t(L, "hfCases.acknowledged", { date: formatDate(L, i.acknowledgedAt) })] : []),
              ...(i.price !== undefined ? [t(L, "hfCases.price", { price: formatNok(L, i.price) })] : []),
            ];
            const status = t(L, `status.${i.status}` as MessageKey);
            return `${i.code}${i.urgent ? ` (${t(L, "hfCases.urgent")})` : ""} – ${i.methodName}: ${status}. ${dates.join(" · ")}`;
          }),
        ];
  return renderNotice({ locale: L, title: t(L, "hfCases.title", { hf: view.hfName }), lines, tone: "info" });
}
