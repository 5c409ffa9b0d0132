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
import { audit } from "../audit.js";
import { moveCase } from "../case-status.js";
import { isCoordinator, type Actor, type Op } from "../context.js";
import type { AppServices } from "../services.js";
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
    if (!meeting) return fail("error.meetingNotFound", { meetingId: theCase.meetingId });
    return ok({ case: theCase, meeting, papersResendNeeded: false });
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
  const moved = await moveCase(svc.cases, theCase.id, "onAgenda", input.actor, input.op.at, { detail: { meetingId: target.id }, from: ["ready", "deferred"] });
  if (!moved.ok) return moved;
  const meeting = await addToAgenda(svc, target.id, theCase.id);
  if (!meeting) return fail("error.meetingNotFound", { meetingId: target.id });
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
  const meeting = await addToAgenda(svc, target.id, theCase.id);
  if (!meeting) return fail("error.meetingNotFound", { meetingId: target.id });
  const updated = (await svc.cases.change(theCase.id, (c) =>
    c.status !== "onAgenda" || c.meetingId === target.id ? undefined : { ...c, meetingId: target.id },
  )) ?? {
    ...theCase,
    meetingId: target.id,
  };
  if (from && from !== target.id) {
    await svc.meetings.change(from, (m) => {
      if (!m.agenda.includes(theCase.id)) return undefined;
      const { currentCaseId, ...rest } = m;
      return { ...rest, agenda: m.agenda.filter((id) => id !== theCase.id), ...(currentCaseId && currentCaseId !== theCase.id ? { currentCaseId } : {}) };
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

async function addToAgenda(svc: AppServices, meetingId: string, caseId: string): Promise<Meeting | undefined> {
  return svc.meetings.change(meetingId, (m) => (!m.agenda.includes(caseId) ? { ...m, agenda: [...m.agenda, caseId] } : undefined));
}
