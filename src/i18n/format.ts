import type { Locale } from "./locale.js";

const NOK: Record<Locale, Intl.NumberFormat> = {
  // nb-NO groups thousands with a (no-break) space: "1 234 567 kr".
  nb: new Intl.NumberFormat("nb-NO", { style: "currency", currency: "NOK", maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat("en-GB", { style: "currency", currency: "NOK", currencyDisplay: "code", maximumFractionDigits: 0 }),
};

/** An amount in NOK, formatted for the locale. Non-finite input gives "". */
export function formatNok(locale: Locale, amount: number): string {
  if (!Number.isFinite(amount)) return "";
  return NOK[locale].format(amount);
}

const DATE: Record<Locale, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat("nb-NO", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
};

/** The same, for an instant: the day it is in Oslo. */
const OSLO_DATE: Record<Locale, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat("nb-NO", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Oslo" }),
  en: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Oslo" }),
};

/** An ISO datetime with Z or an offset: a point in time, not a calendar date. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A calendar date ("2026-11-27") as "27. november 2026" / "27 November 2026",
 * read as a calendar date, so no time-zone shift. An instant (an ISO datetime
 * with Z or an offset, as stored for "received", "sent", "acknowledged"…) is
 * dated by the day it is in Oslo: 2026-12-13T23:30:00Z is 14 December there.
 * Anything unparseable is returned as given.
 */
export function formatDate(locale: Locale, isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return isoDate;
  if (INSTANT.test(isoDate)) {
    const instant = Date.parse(isoDate);
    if (Number.isFinite(instant)) return OSLO_DATE[locale].format(new Date(instant));
  }
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime())) return isoDate;
  return DATE[locale].format(date);
}
