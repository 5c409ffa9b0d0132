/**
 * The one way dates and money are written for people: dates as the calendar
 * date in Europe/Oslo ("27. november 2026" / "27 November 2026"), amounts in
 * whole kroner ("1 234 567 kr" / "NOK 1,234,567"). Cards, the record text, the
 * PDF and the Markdown all use these, so a record confirmed at 00:30 Oslo
 * time shows the same date everywhere.
 */
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

const options = { day: "numeric", month: "long", year: "numeric" } as const;
const CALENDAR: Record<Locale, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat("nb-NO", { ...options, timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }),
};
const OSLO: Record<Locale, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat("nb-NO", { ...options, timeZone: "Europe/Oslo" }),
  en: new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "Europe/Oslo" }),
};

/**
 * A date as people read it. A bare date ("2026-11-27") is that calendar date;
 * an instant ("2026-11-27T23:30:00Z") is the date it was in Oslo (here 28
 * November). Anything unparseable is returned as given.
 */
export function formatDate(locale: Locale, iso: string): string {
  const bare = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (bare) {
    const date = new Date(Date.UTC(Number(bare[1]), Number(bare[2]) - 1, Number(bare[3])));
    return Number.isNaN(date.getTime()) ? iso : CALENDAR[locale].format(date);
  }
  const instant = /^\d{4}-\d{2}-\d{2}T/.test(iso) ? new Date(iso) : undefined;
  if (!instant || Number.isNaN(instant.getTime())) return iso;
  return OSLO[locale].format(instant);
}
