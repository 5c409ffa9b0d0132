/**
 * The two-hour limit (000 §6.3, 001: a digital meeting of at most two hours).
 * The agenda carries minutes per case (a default from configuration, editable
 * by the coordinator) summing to at most MEETING_MINUTES_LIMIT; in the meeting
 * the chair sees the time spent on the case in hand against its minutes and
 * the time spent in the meeting against the limit, and is told once when the
 * meeting reaches TIME_WARNING_MINUTES. Pure: the clock is a parameter.
 */
import type { Meeting } from "./meeting.js";
import { fail, ok, type Result } from "./result.js";

/** The source's limit for one meeting, in minutes (000 §6.3: "maksimalt to timer"). */
export const MEETING_MINUTES_LIMIT = 120;
/** When the chair is told that the meeting nears the limit (a quarter of an hour before it). */
export const TIME_WARNING_MINUTES = 105;
/** The minutes one agenda case may be given. */
export const CASE_MINUTES_MIN = 5;
export const CASE_MINUTES_MAX = 60;
/** The minutes a case gets when put on an agenda, unless configured otherwise (CASE_MINUTES_DEFAULT): eight cases fill a meeting. */
export const DEFAULT_CASE_MINUTES = 15;

export type TimeBudgetCode = "timeBudget.invalidMinutes" | "timeBudget.overLimit" | "timeBudget.notOnAgenda";

/** A case's minutes on an agenda: its own, else the default it would be given. */
export function minutesOf(meeting: Pick<Meeting, "caseMinutes">, caseId: string, defaultMinutes: number): number {
  return meeting.caseMinutes?.[caseId] ?? defaultMinutes;
}

/** The minutes of every case on the agenda, in order, and their sum. */
export function agendaMinutes(
  meeting: Pick<Meeting, "agenda" | "caseMinutes">,
  defaultMinutes: number,
): { items: { caseId: string; minutes: number }[]; total: number } {
  const items = meeting.agenda.map((caseId) => ({ caseId, minutes: minutesOf(meeting, caseId, defaultMinutes) }));
  return { items, total: items.reduce((n, i) => n + i.minutes, 0) };
}

const validMinutes = (minutes: number) => Number.isInteger(minutes) && minutes >= CASE_MINUTES_MIN && minutes <= CASE_MINUTES_MAX;

/**
 * The coordinator gives a case on the agenda other minutes. Refused when the
 * minutes are out of range, or when the agenda would then sum past the limit
 * (the answer names the sum it would be and the limit).
 */
export function setCaseMinutes(meeting: Meeting, caseId: string, minutes: number, defaultMinutes: number): Result<Meeting, TimeBudgetCode> {
  if (!meeting.agenda.includes(caseId)) return fail("timeBudget.notOnAgenda", { caseId });
  if (!validMinutes(minutes)) return fail("timeBudget.invalidMinutes", { min: CASE_MINUTES_MIN, max: CASE_MINUTES_MAX });
  const { total } = agendaMinutes(meeting, defaultMinutes);
  const sum = total - minutesOf(meeting, caseId, defaultMinutes) + minutes;
  if (sum > MEETING_MINUTES_LIMIT) return fail("timeBudget.overLimit", { sum, limit: MEETING_MINUTES_LIMIT });
  return ok({ ...meeting, caseMinutes: { ...fixedMinutes(meeting, defaultMinutes), [caseId]: minutes } });
}

/**
 * A case put on the agenda, with the default minutes. Refused when the agenda
 * would then sum past the limit. A case already on it changes nothing.
 */
export function addWithinBudget(meeting: Meeting, caseId: string, defaultMinutes: number): Result<Meeting, TimeBudgetCode> {
  if (meeting.agenda.includes(caseId)) return ok(meeting);
  const sum = agendaMinutes(meeting, defaultMinutes).total + defaultMinutes;
  if (sum > MEETING_MINUTES_LIMIT) return fail("timeBudget.overLimit", { sum, limit: MEETING_MINUTES_LIMIT });
  return ok({ ...meeting, agenda: [...meeting.agenda, caseId], caseMinutes: { ...fixedMinutes(meeting, defaultMinutes), [caseId]: defaultMinutes } });
}

/** A case taken off the agenda (moved to another meeting): its minutes go with it. */
export function withoutCase(meeting: Meeting, caseId: string): Meeting {
  const { [caseId]: _gone, ...rest } = meeting.caseMinutes ?? {};
  return { ...meeting, agenda: meeting.agenda.filter((id) => id !== caseId), ...(meeting.caseMinutes ? { caseMinutes: rest } : {}) };
}

/** Every agenda case's minutes written out (a default change later must not move minutes already agreed). */
function fixedMinutes(meeting: Pick<Meeting, "agenda" | "caseMinutes">, defaultMinutes: number): Record<string, number> {
  return Object.fromEntries(meeting.agenda.map((id) => [id, minutesOf(meeting, id, defaultMinutes)]));
}

/** When the meeting began: the meeting start event's time, else the first case taken up; undefined before either. */
export function meetingStart(meeting: Pick<Meeting, "startedAt" | "firstTakenUpAt">): string | undefined {
  return meeting.startedAt ?? meeting.firstTakenUpAt;
}

/** Whole minutes from one instant to another (never negative). */
export const minutesBetween = (from: string, to: string): number => Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 60_000));

/** The chair's clock: time on the case in hand against its minutes, time in the meeting against the limit. */
export interface ElapsedTime {
  /** Minutes since the case was taken up, and its minutes on the agenda. */
  case?: { elapsed: number; budget: number; over: boolean };
  /** Minutes since the meeting began, and the limit. */
  meeting?: { elapsed: number; limit: number; over: boolean; nearLimit: boolean };
}

export function elapsedTime(input: {
  now: string;
  meetingStartedAt?: string;
  caseTakenUpAt?: string;
  caseBudget: number;
  meetingEnded?: boolean;
}): ElapsedTime {
  const out: ElapsedTime = {};
  if (input.caseTakenUpAt) {
    const elapsed = minutesBetween(input.caseTakenUpAt, input.now);
    out.case = { elapsed, budget: input.caseBudget, over: elapsed > input.caseBudget };
  }
  if (input.meetingStartedAt) {
    const elapsed = minutesBetween(input.meetingStartedAt, input.now);
    out.meeting = { elapsed, limit: MEETING_MINUTES_LIMIT, over: elapsed > MEETING_MINUTES_LIMIT, nearLimit: elapsed >= TIME_WARNING_MINUTES };
  }
  return out;
}

/** Whether the chair is due the time warning now: the meeting began, has not ended, and has run TIME_WARNING_MINUTES. */
export function timeWarningDue(meeting: Pick<Meeting, "startedAt" | "firstTakenUpAt" | "endedAt">, now: string): boolean {
  const start = meetingStart(meeting);
  if (!start || meeting.endedAt) return false;
  return minutesBetween(start, now) >= TIME_WARNING_MINUTES;
}
