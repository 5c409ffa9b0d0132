/**
 * The quorum forecast card (issue 13) for the chair and the coordinator: per
 * case on the agenda, how many are expected to take part against the quorum,
 * who stands in for whom, whose seat is empty, and what would fix a case
 * below the quorum (the substitutes who could come, else moving the case);
 * then who has answered the papers. Updated in place as replies arrive.
 */
import { formatDate, type Locale, type MessageKey } from "../i18n/index.js";
import { type AdaptiveCard, clip } from "./card.js";
import { count, fitCard, str, translator } from "./fit.js";
import template from "./templates/forecast.json" with { type: "json" };

export interface ForecastCardCase {
  code: string;
  methodName: string;
  urgent: boolean;
  expected: number;
  minimum: number;
  below: boolean;
  needed: number;
  /** "substitute's name" for "member's name". */
  standIns: { substitute: string; member: string }[];
  /** The members whose seat nobody is expected to fill (names). */
  openSeats: string[];
  /** The substitutes who could fill an open seat and have not said they come (names). */
  couldFix: string[];
}

export interface ForecastCardView {
  locale: Locale;
  meetingDate: string; // ISO date
  cases: ForecastCardCase[];
  coming: string[];
  apologies: string[];
  notAnswered: string[];
  /** Substitutes asked to stand in, who have not answered yet. */
  askedWaiting: string[];
  /** When the forecast was computed (ISO), in the card's one date format. */
  at: string;
}

const LIMITS = [
  { text: 200, names: 16, items: 20 },
  { text: 100, names: 8, items: 12 },
  { text: 60, names: 4, items: 6 },
] as const;

export function renderForecast(view: ForecastCardView): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(template, LIMITS, (limit) => forecastData(view, limit), {
    locale: view.locale,
    title: () => tr("forecast.title", { date: formatDate(view.locale, clip(str(view.meetingDate), 30).text) }),
  });
}

function forecastData(view: ForecastCardView, limit: (typeof LIMITS)[number]): Record<string, unknown> {
  const L = view.locale;
  const tr = translator(L);
  const short = (s: unknown) => clip(str(s), limit.text).text;
  const names = (list: unknown) => {
    const all = (Array.isArray(list) ? list : []).map(short);
    const shown = all.slice(0, limit.names).join(", ");
    return all.length > limit.names ? `${shown} ${tr("forecast.andMore", { count: all.length - limit.names })}` : shown;
  };
  const all = Array.isArray(view.cases) ? view.cases : [];
  const items = all.slice(0, limit.items).map((c) => {
    const standIns = (Array.isArray(c.standIns) ? c.standIns : []).map((s) =>
      tr("forecast.standsInFor", { substitute: short(s.substitute), member: short(s.member) }),
    );
    const couldFix = Array.isArray(c.couldFix) ? c.couldFix : [];
    return {
      code: short(c.code),
      methodName: short(c.methodName),
      urgent: Boolean(c.urgent),
      statusText: c.below
        ? `⚠ ${tr("forecast.below", { expected: count(c.expected), minimum: count(c.minimum), count: count(c.needed) })}`
        : `✓ ${tr("forecast.quorate", { expected: count(c.expected), minimum: count(c.minimum) })}`,
      statusColor: c.below ? "Attention" : "Good",
      hasStandIns: standIns.length > 0,
      standInsText: `${tr("forecast.standIns")}: ${standIns.join("; ")}`,
      hasOpenSeats: Array.isArray(c.openSeats) && c.openSeats.length > 0,
      openSeatsText: `${tr("forecast.openSeats")}: ${names(c.openSeats)}`,
      below: Boolean(c.below),
      fixText: couldFix.length > 0 ? tr("forecast.fixSubstitutes", { names: names(couldFix) }) : tr("forecast.fixMove"),
    };
  });
  const belowCount = all.filter((c) => c.below).length;
  const none = tr("forecast.nobody");
  const row = (key: MessageKey, list: string[]) => ({ label: `${tr(key)}: `, value: list.length > 0 ? names(list) : none });
  return {
    title: tr("forecast.title", { date: formatDate(L, short(view.meetingDate)) }),
    subtitle: tr("forecast.subtitle", { count: all.length }),
    summaryText: belowCount > 0 ? `⚠ ${tr("forecast.summaryBelow", { count: belowCount })}` : `✓ ${tr("forecast.summaryOk")}`,
    summaryColor: belowCount > 0 ? "Attention" : "Good",
    items,
    urgentLabel: tr("agenda.urgent"),
    replies: [
      row("forecast.coming", view.coming ?? []),
      row("forecast.apologies", view.apologies ?? []),
      row("forecast.notAnswered", view.notAnswered ?? []),
      row("forecast.askedWaiting", view.askedWaiting ?? []),
    ],
    updatedText: tr("forecast.updated", { at: formatDate(L, short(view.at)) }),
  };
}
