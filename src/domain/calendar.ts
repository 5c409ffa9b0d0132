import Holidays from "date-holidays";
import { DateTime } from "luxon";
import type { Meeting } from "./meeting.js";

/**
 * The committee's calendar, in Europe/Oslo, with Norway's public holidays
 * (helligdager: type "public" in date-holidays; Christmas Eve and New Year's
 * Eve are "bank" days there and count as working days here).
 *
 * Dates are ISO dates ("2026-11-27") or ISO datetimes with offset; results are
 * ISO strings in Oslo time. No clock: "now" is always passed in.
 */
export const OSLO = "Europe/Oslo";
export type DateLike = string | DateTime;

const holidays = new Holidays("NO");
const publicHolidaysByYear = new Map<number, Set<string>>();

function publicHolidays(year: number): Set<string> {
  let set = publicHolidaysByYear.get(year);
  if (!set) {
    set = new Set(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === "public")
        .map((h) => h.date.slice(0, 10)),
    );
    publicHolidaysByYear.set(year, set);
  }
  return set;
}

/** A date or instant, seen in Oslo. A bare date means that day in Oslo (not UTC midnight). */
export function inOslo(d: DateLike): DateTime {
  const dt = typeof d === "string" ? DateTime.fromISO(d, { zone: OSLO }) : d.setZone(OSLO);
  if (!dt.isValid) throw new RangeError(`Not an ISO date or datetime: ${String(d)}`); // a programming error, not a user error
  return dt;
}

const day = (d: DateLike): DateTime => inOslo(d).startOf("day");
const isoDate = (d: DateTime): string => d.toISODate()!;

export const isPublicHoliday = (d: DateLike): boolean => {
  const dt = day(d);
  return publicHolidays(dt.year).has(isoDate(dt));
};

/** Monday to Friday and not a public holiday (virkedag). */
export const isWorkingDay = (d: DateLike): boolean => day(d).weekday <= 5 && !isPublicHoliday(d);

/** The date n working days after (n > 0) or before (n < 0) the given date, not counting that date itself. */
export function addWorkingDays(d: DateLike, n: number): string {
  let dt = day(d);
  const stepDays = n >= 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0;) {
    dt = dt.plus({ days: stepDays });
    if (isWorkingDay(dt)) left--;
  }
  return isoDate(dt);
}

/** The last working day on or before the date. */
export function workingDayOnOrBefore(d: DateLike): string {
  let dt = day(d);
  while (!isWorkingDay(dt)) dt = dt.minus({ days: 1 });
  return isoDate(dt);
}

/**
 * Lead time in working days: the working days after `a` up to and including `b`
 * (so Friday → next Monday is 1). Negative when b is before a.
 */
export function workingDaysBetween(a: DateLike, b: DateLike): number {
  const from = isoDate(day(a));
  const to = isoDate(day(b));
  if (to < from) return -workingDaysBetween(b, a);
  // Issue 15: the days are walked as calendar dates (UTC arithmetic on the Oslo dates), not as zoned DateTimes:
  // the register computes hundreds of these per report, and a zoned step costs far more than a date step.
  let count = 0;
  const end = Date.parse(`${to}T00:00:00Z`);
  const d = new Date(`${from}T00:00:00Z`);
  for (d.setUTCDate(d.getUTCDate() + 1); d.getTime() <= end; d.setUTCDate(d.getUTCDate() + 1)) {
    const weekday = d.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    if (!publicHolidays(d.getUTCFullYear()).has(d.toISOString().slice(0, 10))) count++;
  }
  return count;
}

/** Minimum working days between papers going out and the meeting (000 §6.3). */
export const PAPERS_WORKING_DAYS = 2;

/**
 * Latest moment the papers (saksunderlag) may go out. 000 §6.3: "sender ut
 * underlag minimum to virkedager før møtet". We read it as: by the end of the
 * working day that is two working days before the meeting date (23:59:59.999
 * Oslo). A Friday meeting → Wednesday; a Tuesday meeting after Easter Monday →
 * the Tuesday before Easter (holidays are skipped when counting back).
 */
export function papersDeadline(meetingStart: DateLike): string {
  return inOslo(addWorkingDays(meetingStart, -PAPERS_WORKING_DAYS)).endOf("day").toISO()!;
}

export const papersOnTime = (meetingStart: DateLike, sentAt: DateLike): boolean => inOslo(sentAt) <= inOslo(papersDeadline(meetingStart));

/**
 * Latest moment an application must reach the secretariat for a meeting (002
 * §5.2: "senest fredag klokken 12:00 uken før påfølgende møte"): Friday 12:00
 * Oslo in the calendar week before the meeting's week. When that Friday is a
 * public holiday (Good Friday) we use 12:00 on the last working day before it,
 * since nobody receives applications on a holiday. 12:00 is local time, so it
 * is 11:00Z in winter and 10:00Z in summer.
 */
export function submissionCutoff(meetingDate: DateLike): string {
  const fridayBefore = day(meetingDate).startOf("week").minus({ days: 3 }); // luxon weeks start on Monday
  return inOslo(workingDayOnOrBefore(fridayBefore)).set({ hour: 12 }).toISO()!;
}

export const meetingIdFor = (date: string): string => `M-${date}`;

/**
 * A series of regular meetings every 14 days (000 §6.3; on Fridays per 002).
 * A meeting that would fall on a public holiday moves to the working day
 * before it; the series keeps its 14-day rhythm from the first date.
 */
export function fortnightlySeries(firstMeetingDate: string, count: number, options: { startTime?: string } = {}): Meeting[] {
  const [hour, minute] = (options.startTime ?? "09:00").split(":").map(Number);
  const first = day(firstMeetingDate);
  return Array.from({ length: count }, (_, i) => {
    const date = workingDayOnOrBefore(first.plus({ weeks: 2 * i }));
    const startsAt = inOslo(date)
      .set({ hour: hour ?? 9, minute: minute ?? 0 })
      .toISO()!;
    return { id: meetingIdFor(date), date, startsAt, kind: "regular" as const, agenda: [] };
  });
}

/**
 * The first meeting a case that became ready at `readyAt` can go to. Ordinary
 * cases: the next regular meeting whose submission cut-off has not passed.
 * Urgent cases (hastesaker) may also use extra meetings, and are bound only by
 * the papers deadline, since the secretariat can send papers as soon as the case
 * is ready.
 */
export function nextMeetingFor(readyAt: DateLike, meetings: readonly Meeting[], options: { urgent?: boolean } = {}): Meeting | undefined {
  const ready = inOslo(readyAt);
  return [...meetings]
    .sort((a, b) => inOslo(a.startsAt).toMillis() - inOslo(b.startsAt).toMillis())
    .find((m) => {
      if (options.urgent) return ready <= inOslo(papersDeadline(m.startsAt));
      return m.kind === "regular" && ready <= inOslo(submissionCutoff(m.date));
    });
}

/** Working days between papers and an extra meeting for an urgent case (config EXTRA_MEETING_PAPERS_WORKING_DAYS; a short notice, issue 13). */
export const EXTRA_MEETING_PAPERS_WORKING_DAYS = 1;

/** The earliest extra meeting an urgent case (hastesak) can have, with its deadlines (issue 13). */
export interface ExtraMeetingProposal {
  /** The completeness check done by the end of the next working day after receipt (ISO date). */
  checkBy: string;
  /** The papers out by the end of this working day (ISO date). */
  papersBy: string;
  /** The extra meeting's date: the short notice after the papers (ISO date). */
  meetingDate: string;
  /** The target for the decision to reach the applying HF: the working day after the meeting (ISO date). */
  targetDate: string;
}

/**
 * 000 §6.3 / 001: extra meetings for urgent cases. The secretariat checks the
 * application by the next working day and sends the papers the same day; the
 * meeting follows after the configured short notice (working days); the
 * decision should reach the HF the working day after.
 */
export function extraMeetingProposal(receivedAt: DateLike, papersWorkingDays: number = EXTRA_MEETING_PAPERS_WORKING_DAYS): ExtraMeetingProposal {
  const checkBy = addWorkingDays(receivedAt, 1);
  const meetingDate = addWorkingDays(checkBy, Math.max(1, papersWorkingDays));
  return { checkBy, papersBy: checkBy, meetingDate, targetDate: addWorkingDays(meetingDate, 1) };
}
