/**
 * Meetings and agendas outside the meeting (000 §6.3, 002 §5.2): the
 * fortnightly series, extra meetings for urgent cases, which meeting a ready
 * case goes to, and the order of the agenda.
 */
import type { AppResult } from "../reason-codes.js";
import { fortnightlySeries, inOslo, meetingIdFor, nextMeetingFor, submissionCutoff } from "../../domain/calendar.js";
import type { Case } from "../../domain/case.js";
import type { Meeting } from "../../domain/meeting.js";
import { fail, ok, type Result } from "../../domain/result.js";
import { addWithinBudget, agendaMinutes, MEETING_MINUTES_LIMIT, setCaseMinutes, withoutCase } from "../../domain/time-budget.js";
import { audit } from "../audit.js";
import { moveCase } from "../case-status.js";
import { isCoordinator, type Actor, type Op } from "../context.js";
import { caseMinutesDefault, type AppServices } from "../services.js";
import { markReady } from "./completeness.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

// ── the series and extra meetings ───────────────────────────────────────────

/** Creates the fortnightly meetings from the first date; meetings that exist are left as they are. */
export async function ensureSeries(
  svc: AppServices,
  input: { firstDate: string; count: number; startTime?: string; actor: Actor; op: Op },
): Promise<AppResult<{ created: string[]; existing: string[] }>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  if (!ISO_DATE.test(input.firstDate) || !inOslo(input.firstDate).isValid) return fail("agenda.invalidDate", { date: input.firstDate });
  if (input.startTime !== undefined && !HH_MM.test(input.startTime)) return fail("agenda.invalidTime", { time: input.startTime });
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > 60) return fail("agenda.invalidCount", { max: 60 });
  const series = fortnightlySeries(input.firstDate, input.count, input.startTime ? { startTime: input.startTime } : {});
  const created: string[] = [];
  const existing: string[] = [];
  for (const m of series) ((await svc.meetings.add(m)) === "created" ? created : existing).push(m.id);
  if (created.length > 0) {
    await audit(svc.audit, {
      op: input.op,
      doer: input.actor,
      action: "meeting.seriesCreated",
      after: `${created.length} from ${series[0]?.date ?? input.firstDate}`,
    });
  }
  return ok({ created, existing });
}

/**
 * An extra meeting (ekstraordinært møte) for urgent cases: "M-YYYY-MM-DD-extra1",
 * "-extra2" for a second one that day. The same operation run again returns the
 * meeting it created.
 */
export async function createExtraMeeting(svc: AppServices, input: { date: string; startTime?: string; actor: Actor; op: Op }): Promise<AppResult<Meeting>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  if (!ISO_DATE.test(input.date) || !inOslo(input.date).isValid) return fail("agenda.invalidDate", { date: input.date });
  const time = input.startTime ?? "09:00";
  if (!HH_MM.test(time)) return fail("agenda.invalidTime", { time });
  const [hour, minute] = time.split(":").map(Number);
  const startsAt = inOslo(input.date)
    .set({ hour: hour ?? 9, minute: minute ?? 0 })
    .toISO()!;
  for (let n = 1; n <= 9; n++) {
    const meeting: Meeting = { id: `${meetingIdFor(input.date)}-extra${n}`, date: input.date, startsAt, kind: "extra", agenda: [] };
    const added = await svc.meetings.add(meeting, input.op.id);
    if (added === "created") {
      await audit(svc.audit, { op: input.op, doer: input.actor, action: "meeting.extraCreated", meetingId: meeting.id, after: startsAt });
      return ok(meeting);
    }
    if (added === "existsFromSameOperation") return ok((await svc.meetings.get(meeting.id)) ?? meeting);
  }
  return fail("agenda.tooManyExtraMeetings", { date: input.date });
}

// ── planning (sakliste) ─────────────────────────────────────────────────────

export interface Planned {
  case: Case;
  meeting: Meeting;
  /** The meeting's papers already went out: send them again so members see this case. */
  papersResendNeeded: boolean;
}

/**
 * Puts a ready (or deferred) case on a meeting's agenda: the given meeting, or
 * the next one whose submission cut-off the case met (urgent cases may also go
 * to extra meetings, bound only by the papers deadline).
 */
export async function planCase(svc: AppServices, input: { caseId: string; meetingId?: string; actor: Actor; op: Op }): Promise<AppResult<Planned>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const theCase = await svc.cases.byCode(input.caseId);
  if (!theCase) return fail("error.caseNotFound", { caseId: input.caseId });
  if (theCase.status === "onAgenda" && theCase.meetingId && (!input.meetingId || input.meetingId === theCase.meetingId)) {
    // A retry: make sure the agenda holds the case, change nothing else.
    const meeting = await addToAgenda(svc, theCase.meetingId, theCase.id);
    if (!meeting.ok) return meeting;
    return ok({ case: theCase, meeting: meeting.value, papersResendNeeded: false });
  }
  if (theCase.status !== "ready" && theCase.status !== "deferred") return fail("lifecycle.transitionNotAllowed", { from: theCase.status, to: "onAgenda" });
  const upcoming = (await svc.meetings.all()).filter((m) => !m.startedAt && inOslo(m.startsAt) > inOslo(input.op.at));
  const readyAt = theCase.status === "deferred" ? input.op.at : (theCase.readyAt ?? input.op.at);
  let target: Meeting | undefined;
  if (input.meetingId) {
    target = upcoming.find((m) => m.id === input.meetingId);
    if (!target) return fail("agenda.meetingNotOpen", { meetingId: input.meetingId });
    if (target.kind === "extra" && !theCase.urgent) return fail("agenda.extraMeetingUrgentOnly", { meetingId: target.id });
  } else {
    target = nextMeetingFor(readyAt, upcoming, { urgent: theCase.urgent });
    if (!target) return fail("agenda.noMeeting", { code: theCase.code });
  }
  // The two-hour limit (issue 13): a case that would take the agenda past 120 minutes is refused, and nothing changes.
  const fits = addWithinBudget(target, theCase.id, caseMinutesDefault(svc.settings));
  if (!fits.ok) return fits;
  const moved = await moveCase(svc.cases, theCase.id, "onAgenda", input.actor, input.op.at, { detail: { meetingId: target.id }, from: ["ready", "deferred"] });
  if (!moved.ok) return moved;
  const added = await addToAgenda(svc, target.id, theCase.id);
  if (!added.ok) {
    // The agenda filled up meanwhile (another case planned at once): take the case off the agenda again (ready).
    await moveCase(svc.cases, theCase.id, "ready", input.actor, input.op.at, { from: ["onAgenda"] });
    return added;
  }
  const meeting = added.value;
  await audit(svc.audit, {
    op: input.op,
    doer: input.actor,
    action: "case.planned",
    caseId: theCase.id,
    meetingId: target.id,
    before: theCase.status,
    after: `onAgenda ${target.id}`,
  });
  return ok({ case: moved.value, meeting, papersResendNeeded: meeting.papersSentAt !== undefined });
}

export interface ReadyAndPlanned {
  case: Case;
  /** The planning result: planned, or why not (the case is ready either way). */
  planned: AppResult<Planned>;
}

/** Marks a complete case ready and puts it on the next meeting whose cut-off it meets: one intention. */
export async function markReadyAndPlan(svc: AppServices, input: { caseId: string; actor: Actor; op: Op }): Promise<AppResult<ReadyAndPlanned>> {
  const ready = await markReady(svc, input);
  if (!ready.ok) return ready;
  const planned = await planCase(svc, input);
  return ok({ case: planned.ok ? planned.value.case : ready.value, planned });
}

/** Whether a case that became ready at readyAt met the meeting's submission cut-off (for the coordinator's view). */
export const meetsCutoff = (readyAt: string, meeting: Meeting): boolean => inOslo(readyAt) <= inOslo(submissionCutoff(meeting.date));

/** Moves a case on an agenda to another meeting that has not started. */
export async function moveCaseToMeeting(svc: AppServices, input: { caseId: string; toMeetingId: string; actor: Actor; op: Op }): Promise<AppResult<Planned>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const theCase = await svc.cases.byCode(input.caseId);
  if (!theCase) return fail("error.caseNotFound", { caseId: input.caseId });
  if (theCase.status !== "onAgenda") return fail("agenda.notOnAgenda", { code: theCase.code });
  const target = await svc.meetings.get(input.toMeetingId);
  if (!target || target.startedAt) return fail("agenda.meetingNotOpen", { meetingId: input.toMeetingId });
  if (target.kind === "extra" && !theCase.urgent) return fail("agenda.extraMeetingUrgentOnly", { meetingId: target.id });
  const from = theCase.meetingId;
  if (from) {
    const source = await svc.meetings.get(from);
    if (source?.startedAt) return fail("agenda.meetingStarted", { meetingId: from });
  }
  // Add first, then point the case there, then remove: a crash part-way leaves the case findable on both, never on none.
  // The two-hour limit (issue 13): a move that would take the target's agenda past 120 minutes is refused.
  const added = await addToAgenda(svc, target.id, theCase.id);
  if (!added.ok) return added;
  const meeting = added.value;
  const updated = (await svc.cases.change(theCase.id, (c) =>
    c.status !== "onAgenda" || c.meetingId === target.id ? undefined : { ...c, meetingId: target.id },
  )) ?? {
    ...theCase,
    meetingId: target.id,
  };
  if (from && from !== target.id) {
    await svc.meetings.change(from, (m) => {
      if (!m.agenda.includes(theCase.id)) return undefined;
      const { currentCaseId, ...rest } = withoutCase(m, theCase.id);
      return { ...rest, ...(currentCaseId && currentCaseId !== theCase.id ? { currentCaseId } : {}) };
    });
    await audit(svc.audit, { op: input.op, doer: input.actor, action: "case.moved", caseId: theCase.id, meetingId: target.id, before: from, after: target.id });
  }
  return ok({ case: updated, meeting, papersResendNeeded: meeting.papersSentAt !== undefined });
}

/** A new order for the agenda: the same cases, each once. */
export async function reorder(svc: AppServices, input: { meetingId: string; caseIds: string[]; actor: Actor; op: Op }): Promise<AppResult<Meeting>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  let outcome: AppResult<Meeting> = fail("error.meetingNotFound", { meetingId: input.meetingId });
  await svc.meetings.change(input.meetingId, (m) => {
    const same =
      input.caseIds.length === m.agenda.length && new Set(input.caseIds).size === input.caseIds.length && input.caseIds.every((id) => m.agenda.includes(id));
    if (!same) {
      outcome = fail("agenda.notSameCases");
      return undefined;
    }
    const next = { ...m, agenda: [...input.caseIds] };
    outcome = ok(next);
    return m.agenda.every((id, i) => id === input.caseIds[i]) ? undefined : next;
  });
  if (outcome.ok)
    await audit(svc.audit, { op: input.op, doer: input.actor, action: "agenda.reordered", meetingId: input.meetingId, after: `${input.caseIds.length} cases` });
  return outcome;
}

/** Adds a case to an agenda within the two-hour limit, under optimistic concurrency (two cases planned at once cannot both overfill it). */
async function addToAgenda(svc: AppServices, meetingId: string, caseId: string): Promise<AppResult<Meeting>> {
  let refused: AppResult<Meeting> | undefined;
  const meeting = await svc.meetings.change(meetingId, (m) => {
    refused = undefined; // the mutator runs again after a lost race: only its last run counts
    if (m.agenda.includes(caseId)) return undefined;
    const next = addWithinBudget(m, caseId, caseMinutesDefault(svc.settings));
    if (!next.ok) refused = next;
    return next.ok ? next.value : undefined;
  });
  if (refused) return refused;
  return meeting ? ok(meeting) : fail("error.meetingNotFound", { meetingId });
}

// ── the two-hour limit (issue 13, 000 §6.3): minutes per agenda case ───────

export interface AgendaTime {
  meeting: Meeting;
  caseId: string;
  minutes: number;
  /** The agenda's minutes after the change, and the limit. */
  total: number;
  limit: number;
}

/**
 * The coordinator gives a case on an agenda other minutes (5–60). Refused,
 * changing nothing, when the agenda would then exceed 120 minutes (the answer
 * names the sum and the limit), or once the meeting has started. `minutes` is
 * what was typed: the rule decides what is a valid number.
 */
export async function setAgendaMinutes(
  svc: AppServices,
  input: { caseId: string; minutes: string | number; meetingId?: string; actor: Actor; op: Op },
): Promise<AppResult<AgendaTime>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const theCase = await svc.cases.byCode(input.caseId);
  if (!theCase) return fail("error.caseNotFound", { caseId: input.caseId });
  const meetingId = input.meetingId ?? theCase.meetingId;
  if (!meetingId || theCase.status !== "onAgenda") return fail("agenda.notOnAgenda", { code: theCase.code });
  const text = String(input.minutes).trim();
  const minutes = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  const defaultMinutes = caseMinutesDefault(svc.settings);
  let outcome: AppResult<Meeting> = fail("error.meetingNotFound", { meetingId });
  const stored = await svc.meetings.change(meetingId, (m) => {
    if (m.startedAt) {
      outcome = fail("agenda.meetingStarted", { meetingId });
      return undefined;
    }
    const next = setCaseMinutes(m, theCase.id, minutes, defaultMinutes);
    outcome = next.ok ? ok(next.value) : next;
    return next.ok && m.caseMinutes?.[theCase.id] !== minutes ? next.value : undefined;
  });
  const decided = outcome as AppResult<Meeting>; // set by the mutator
  if (!decided.ok) return decided;
  const meeting = stored ?? decided.value;
  const { total } = agendaMinutes(meeting, defaultMinutes);
  await audit(svc.audit, {
    op: input.op,
    doer: input.actor,
    action: "agenda.minutesSet",
    caseId: theCase.id,
    meetingId,
    after: `${minutes} min, agenda ${total} of ${MEETING_MINUTES_LIMIT}`,
  });
  return ok({ meeting, caseId: theCase.id, minutes, total, limit: MEETING_MINUTES_LIMIT });
}
