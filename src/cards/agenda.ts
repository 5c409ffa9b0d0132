/** The agenda card (sakliste): the meeting's cases in order; the chair takes them up from here. */
import type { CaseStatus } from "../domain/case.js";
import { formatDate, t, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip, isConcluded, refreshUserIds } from "./card.js";
import { fitCard } from "./fit.js";
import template from "./templates/agenda.json" with { type: "json" };

export interface AgendaItem {
  caseId: string;
  code: string; // saksnummer
  methodName: string;
  applyingHfName: string;
  urgent: boolean; // hastesak
  status: CaseStatus;
  isCurrent: boolean; // til behandling nå
  /** The two-hour limit (issue 13): the case's minutes on the agenda. */
  minutes?: number;
}

export interface AgendaView {
  locale: Locale;
  meetingId: string;
  date: string; // ISO date of the meeting
  /** The chair (or whoever may run the agenda) sees "Ta opp" next to open cases. */
  viewerIsChair: boolean;
  items: AgendaItem[];
  /** The two-hour limit (issue 13): the agenda's minutes against the limit. */
  time?: { total: number; limit: number };
  /** The coordinator, before the meeting started: each case's minutes may be changed here. */
  canEditMinutes?: boolean;
  refreshUserIds: string[];
}

const STATUS_COLOR: Partial<Record<CaseStatus, string>> = {
  granted: "Good",
  rejected: "Attention",
  deferred: "Warning",
  inMeeting: "Accent",
};

const LIMITS = [
  { text: 200, items: 60 },
  { text: 80, items: 40 },
  { text: 40, items: 25 },
];

export function renderAgenda(view: AgendaView): AdaptiveCard {
  return fitCard(template, LIMITS, (limit) => agendaData(view, limit), { locale: view.locale, title: () => t(view.locale, "agenda.title") });
}

function agendaData(view: AgendaView, limit: { text: number; items: number }): Record<string, unknown> {
  const L = view.locale;
  const short = (s: string) => clip(s ?? "", limit.text).text;
  const items = view.items
    .slice(0, limit.items)
    .map((item) => ({ ...item, isCurrent: item.isCurrent && !isConcluded(item.status) }))
    .map((item, i) => ({
      caseId: item.caseId,
      number: `${i + 1}.`,
      heading: short(item.code),
      methodName: short(item.methodName),
      applyingHf: t(L, "agenda.applyingHf", { hf: short(item.applyingHfName) }),
      urgent: item.urgent,
      urgentLabel: t(L, "agenda.urgent"),
      isCurrent: item.isCurrent,
      currentLabel: `▶ ${t(L, "agenda.current")}`,
      statusLabel: t(L, `status.${item.status}`),
      statusColor: STATUS_COLOR[item.status] ?? "Default",
      headingColor: item.isCurrent ? "Accent" : "Default",
      canTakeUp: view.viewerIsChair && !item.isCurrent && !isConcluded(item.status),
      takeUpLabel: t(L, "agenda.takeUp"),
      hasMinutes: typeof item.minutes === "number",
      minutesLabel: typeof item.minutes === "number" ? t(L, "agenda.minutes", { minutes: item.minutes }) : "",
      canEditMinutes: view.canEditMinutes === true && !isConcluded(item.status),
      item: i + 1,
      minutesInputId: `minutes_${i + 1}`,
      minutesValue: item.minutes ?? 0,
      minutesInputLabel: t(L, "agenda.minutesInput", { code: short(item.code) }),
      saveMinutesLabel: t(L, "agenda.saveMinutes"),
    }));
  return {
    meetingId: view.meetingId,
    refreshUserIds: refreshUserIds(view.refreshUserIds),
    title: t(L, "agenda.title"),
    subtitle: `${t(L, "agenda.subtitle", { date: formatDate(L, short(view.date)) })} · ${t(L, "agenda.count", { count: view.items.length })}`,
    hasTime: view.time !== undefined,
    timeText: view.time ? t(L, "agenda.time", { total: view.time.total, limit: view.time.limit }) : "",
    timeColor: view.time && view.time.total > view.time.limit ? "Attention" : "Default",
    isEmpty: items.length === 0,
    emptyText: t(L, "agenda.empty"),
    items,
  };
}
