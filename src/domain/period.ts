/**
 * The period of a register report (issue 15): a calendar year ("2026") or two
 * ISO dates, first and last day inclusive ("2026-01-01 2026-06-30"). Dates are
 * days in Oslo; no clock here. Errors are values.
 */
import { DateTime } from "luxon";
import { fail, ok, type Result } from "./result.js";

export interface Period {
  /** First day, ISO date (inclusive). */
  from: string;
  /** Last day, ISO date (inclusive). */
  to: string;
}

export type PeriodReason = "period.invalid" | "period.invalidDate" | "period.reversed" | "period.outOfRange";

const YEAR = /^\d{4}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The arrangement began in 2025; a register older than that, or far ahead, is a typing error. */
export const FIRST_YEAR = 2020;
export const LAST_YEAR = 2100;

const validDate = (s: string): boolean => DATE.test(s) && DateTime.fromISO(s, { zone: "Europe/Oslo" }).isValid;

/** A period from what follows «rapport»: a year, or from–to (space, "–", "-" or "til"/"to" between the dates). */
export function parsePeriod(text: string): Result<Period, PeriodReason> {
  const s = text.trim().replace(/\s+/g, " ");
  if (YEAR.test(s)) {
    const year = Number(s);
    if (year < FIRST_YEAR || year > LAST_YEAR) return fail("period.outOfRange", { first: FIRST_YEAR, last: LAST_YEAR });
    return ok({ from: `${s}-01-01`, to: `${s}-12-31` });
  }
  const m = /^(\d{4}-\d{2}-\d{2})(?: ?(?:–|—|til|to|-)? ?)(\d{4}-\d{2}-\d{2})$/i.exec(s);
  if (!m) return fail("period.invalid");
  return checkPeriod(m[1]!, m[2]!);
}

/** Two ISO dates as a period: real days, in order, within the years a register can cover. */
export function checkPeriod(from: string, to: string): Result<Period, PeriodReason> {
  for (const d of [from, to]) if (!validDate(d)) return fail("period.invalidDate", { date: d.slice(0, 20) });
  const years = [Number(from.slice(0, 4)), Number(to.slice(0, 4))];
  if (years.some((y) => y < FIRST_YEAR || y > LAST_YEAR)) return fail("period.outOfRange", { first: FIRST_YEAR, last: LAST_YEAR });
  if (from > to) return fail("period.reversed", { from, to });
  return ok({ from, to });
}
