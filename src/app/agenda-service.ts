/**
 * Meetings and agendas outside the meeting (000 §6.3, 002 §5.2): the
 * fortnightly series, extra meetings for urgent cases, which meeting a ready
 * case goes to, the order of the agenda, sending the papers (saksunderlag) at
 * least two working days before, and reminding the coordinator when they are late.
 */
import {
  fortnightlySeries,
  inOslo,
  meetingIdFor,
  nextMeetingFor,
  papersDeadline,
  papersOnTime,
  submissionCutoff,
} from "../domain/calendar.js";
import type { Case } from "../domain/case.js";
import type { Meeting } from "../domain/meeting.js";
import { recusalsForCase } from "../domain/recusal.js";
import { fail, ok, type Result } from "../domain/result.js";
import type { Actor } from "./actor.js";
import { appendAudit, auditId } from "./audit.js";
import { getCase } from "./case-store.js";
import { auditActor, isCoordinator, moveCase, safeSend, toCoordinators, type OfficeServices, type Op, type RecipientDelivery } from "./intake.js";
import { loadMeetingState, toMeetingDoc, type MeetingDoc } from "./meeting-store.js";
import type { Delivery, PapersItem } from "./notifier.js";
import type { DocumentStore } from "./ports.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** One recipient's papers delivery for a meeting (in the meeting's partition). */
export interface PapersDeliveryDoc {
  id: string; // papers:<personId>
  meetingId: string;
  type: "papers";
  personId: string;
  at: string;
  delivery: Delivery;
}

/** A reminder sent (or tried) about one thing, so a timer sends it once. */
export interface ReminderDoc {
  id: string;
  meetingId: string;
  type: "reminder";
  kind: "papersLate";
  at: string;
  delivered: boolean;
  deliveries: RecipientDelivery[];
}

export const papersDeliveryId = (personId: string) => `papers:${personId}`;
export const papersLateReminderId = "reminder:papersLate";

export async function listMeetings(store: DocumentStore): Promise<Meeting[]> {
  const docs = await store.queryAll<MeetingDoc>("meetings", "SELECT * FROM c WHERE c.type = 'meeting'");
  return docs.map(stripMeetingDoc).sort((a, b) => inOslo(a.startsAt).toMillis() - inOslo(b.startsAt).toMillis());
}

export async function getMeeting(store: DocumentStore, meetingId: string): Promise<Meeting | undefined> {
  const found = await store.get<MeetingDoc>("meetings", meetingId, meetingId);
  return found ? stripMeetingDoc(found.doc) : undefined;
}

// ── the series and extra meetings ───────────────────────────────────────────

/** Creates the fortnightly meetings from the first date; meetings that exist are left as they are. */
export async function ensureSeries(
  svc: OfficeServices,
  input: { firstDate: string; count: number; startTime?: string; actor: Actor; op: Op },
): Promise<Result<{ created: string[]; existing: string[] }>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  if (!ISO_DATE.test(input.firstDate) || !inOslo(input.firstDate).isValid) return fail("agenda.invalidDate", { date: input.firstDate });
  if (input.startTime !== undefined && !HH_MM.test(input.startTime)) return fail("agenda.invalidTime", { time: input.startTime });
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > 60) return fail("agenda.invalidCount", { max: 60 });
  const series = fortnightlySeries(input.firstDate, input.count, input.startTime ? { startTime: input.startTime } : {});
  const created: string[] = [];
  const existing: string[] = [];
  for (const m of series) {
    if (await svc.store.createIfAbsent<MeetingDoc>("meetings", toMeetingDoc(m))) created.push(m.id);
    else existing.push(m.id);
  }
  if (created.length > 0) {
    await appendAudit(svc.store, {
      id: auditId(input.op.id, "meeting.seriesCreated"),
      scope: "system",
      at: input.op.at,
      actor: auditActor(input.actor),
      action: "meeting.seriesCreated",
      summary: { after: `${created.length} from ${series[0]?.date ?? input.firstDate}` },
    });
  }
  return ok({ created, existing });
}

/**
 * An extra meeting (ekstraordinært møte) for urgent cases: "M-YYYY-MM-DD-extra1",
 * "-extra2" for a second one that day. The same operation run again returns the
 * meeting it created.
 */
export async function createExtraMeeting(
  svc: OfficeServices,
  input: { date: string; startTime?: string; actor: Actor; op: Op },
): Promise<Result<Meeting>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  if (!ISO_DATE.test(input.date) || !inOslo(input.date).isValid) return fail("agenda.invalidDate", { date: input.date });
  const time = input.startTime ?? "09:00";
  if (!HH_MM.test(time)) return fail("agenda.invalidTime", { time });
  const [hour, minute] = time.split(":").map(Number);
  const startsAt = inOslo(input.date).set({ hour: hour ?? 9, minute: minute ?? 0 }).toISO()!;
  for (let n = 1; n <= 9; n++) {
    const id = `${meetingIdFor(input.date)}-extra${n}`;
    const meeting: Meeting = { id, date: input.date, startsAt, kind: "extra", agenda: [] };
    const doc: MeetingDoc & { createdByOp: string } = { ...toMeetingDoc(meeting), createdByOp: input.op.id };
    if (await svc.store.createIfAbsent("meetings", doc)) {
      await appendAudit(svc.store, {
        id: auditId(input.op.id, "meeting.extraCreated"),
        scope: id,
        at: input.op.at,
        actor: auditActor(input.actor),
        action: "meeting.extraCreated",
        meetingId: id,
        summary: { after: startsAt },
      });
      return ok(meeting);
    }
    const stored = await svc.store.get<MeetingDoc & { createdByOp?: string }>("meetings", id, id);
    if (stored?.doc.createdByOp === input.op.id) return ok(stripMeetingDoc(stored.doc));
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
export async function planCase(
  svc: OfficeServices,
  input: { caseId: string; meetingId?: string; actor: Actor; op: Op },
): Promise<Result<Planned>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const theCase = await getCase(svc.store, input.caseId);
  if (!theCase) return fail("error.caseNotFound", { caseId: input.caseId });
  if (theCase.status === "onAgenda" && theCase.meetingId && (!input.meetingId || input.meetingId === theCase.meetingId)) {
    // A retry: make sure the agenda holds the case, change nothing else.
    const meeting = await addToAgenda(svc.store, theCase.meetingId, theCase.id);
    if (!meeting) return fail("error.meetingNotFound", { meetingId: theCase.meetingId });
    return ok({ case: theCase, meeting, papersResendNeeded: false });
  }
  if (theCase.status !== "ready" && theCase.status !== "deferred") {
    return fail("lifecycle.transitionNotAllowed", { from: theCase.status, to: "onAgenda" });
  }
  const upcoming = (await listMeetings(svc.store)).filter((m) => !m.startedAt && inOslo(m.startsAt) > inOslo(input.op.at));
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
  const moved = await moveCase(svc.store, theCase.id, "onAgenda", input.actor.person, input.op.at, { detail: { meetingId: target.id }, from: ["ready", "deferred"] });
  if (!moved.ok) return moved;
  const meeting = await addToAgenda(svc.store, target.id, theCase.id);
  if (!meeting) return fail("error.meetingNotFound", { meetingId: target.id });
  await appendAudit(svc.store, {
    id: auditId(input.op.id, "case.planned"),
    scope: theCase.id,
    at: input.op.at,
    actor: auditActor(input.actor),
    action: "case.planned",
    caseId: theCase.id,
    meetingId: target.id,
    summary: { before: theCase.status, after: `onAgenda ${target.id}` },
  });
  return ok({ case: moved.value, meeting, papersResendNeeded: meeting.papersSentAt !== undefined });
}

/** Whether a case that became ready at readyAt met the meeting's submission cut-off (for the coordinator's view). */
export const meetsCutoff = (readyAt: string, meeting: Meeting): boolean => inOslo(readyAt) <= inOslo(submissionCutoff(meeting.date));

/** Moves a case on an agenda to another meeting that has not started. */
export async function moveCaseToMeeting(
  svc: OfficeServices,
  input: { caseId: string; toMeetingId: string; actor: Actor; op: Op },
): Promise<Result<Planned>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const theCase = await getCase(svc.store, input.caseId);
  if (!theCase) return fail("error.caseNotFound", { caseId: input.caseId });
  if (theCase.status !== "onAgenda") return fail("agenda.notOnAgenda", { code: theCase.code });
  const target = await getMeeting(svc.store, input.toMeetingId);
  if (!target || target.startedAt) return fail("agenda.meetingNotOpen", { meetingId: input.toMeetingId });
  if (target.kind === "extra" && !theCase.urgent) return fail("agenda.extraMeetingUrgentOnly", { meetingId: target.id });
  const from = theCase.meetingId;
  if (from) {
    const source = await getMeeting(svc.store, from);
    if (source?.startedAt) return fail("agenda.meetingStarted", { meetingId: from });
  }
  // Add first, then point the case there, then remove: a crash part-way leaves the case findable on both, never on none.
  const meeting = await addToAgenda(svc.store, target.id, theCase.id);
  if (!meeting) return fail("error.meetingNotFound", { meetingId: target.id });
  let updated: Case = theCase;
  await svc.store.update<Case & { type: "case" }>("cases", theCase.id, theCase.id, (c) => {
    if (!c || c.status !== "onAgenda" || c.meetingId === target.id) return undefined;
    return { ...c, meetingId: target.id };
  });
  updated = (await getCase(svc.store, theCase.id)) ?? { ...theCase, meetingId: target.id };
  if (from && from !== target.id) {
    await svc.store.update<MeetingDoc>("meetings", from, from, (m) =>
      m && m.agenda.includes(theCase.id) ? { ...m, agenda: m.agenda.filter((id) => id !== theCase.id), ...(m.currentCaseId === theCase.id ? { currentCaseId: undefined } : {}) } : undefined,
    );
    await appendAudit(svc.store, {
      id: auditId(input.op.id, "case.moved"),
      scope: theCase.id,
      at: input.op.at,
      actor: auditActor(input.actor),
      action: "case.moved",
      caseId: theCase.id,
      meetingId: target.id,
      summary: { before: from, after: target.id },
    });
  }
  return ok({ case: updated, meeting, papersResendNeeded: meeting.papersSentAt !== undefined });
}

/** A new order for the agenda: the same cases, each once. */
export async function reorder(svc: OfficeServices, input: { meetingId: string; caseIds: string[]; actor: Actor; op: Op }): Promise<Result<Meeting>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  let outcome: Result<Meeting> = fail("error.meetingNotFound", { meetingId: input.meetingId });
  await svc.store.update<MeetingDoc>("meetings", input.meetingId, input.meetingId, (m) => {
    if (!m) return undefined;
    const same = input.caseIds.length === m.agenda.length && new Set(input.caseIds).size === input.caseIds.length && input.caseIds.every((id) => m.agenda.includes(id));
    if (!same) {
      outcome = fail("agenda.notSameCases");
      return undefined;
    }
    const next = { ...m, agenda: [...input.caseIds] };
    outcome = ok(stripMeetingDoc(next));
    return m.agenda.every((id, i) => id === input.caseIds[i]) ? undefined : next;
  });
  if (outcome.ok) {
    await appendAudit(svc.store, {
      id: auditId(input.op.id, "agenda.reordered"),
      scope: input.meetingId,
      at: input.op.at,
      actor: auditActor(input.actor),
      action: "agenda.reordered",
      meetingId: input.meetingId,
      summary: { after: `${input.caseIds.length} cases` },
    });
  }
  return outcome;
}

// ── papers (saksunderlag) ───────────────────────────────────────────────────

export interface PapersSent {
  meeting: Meeting;
  papersSentAt?: string;
  /** Sent by the papers deadline (2 working days before). */
  onTime: boolean;
  /** This run's deliveries (recipients who already had their papers are skipped unless `all`). */
  deliveries: RecipientDelivery[];
  /** Recipients who still lack their papers. */
  failed: string[];
}

/**
 * Sends each member and substitute the agenda with the case briefs, each item
 * marking the recipient's own recusal (ownHf / catchmentHf / declared) by the
 * domain recusal rule. Run again, it retries only those whose delivery failed,
 * unless `all` (e.g. after a case was added).
 */
export async function sendPapers(svc: OfficeServices, input: { meetingId: string; actor: Actor; op: Op; all?: boolean }): Promise<Result<PapersSent>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const state = await loadMeetingState(svc.store, input.meetingId);
  if (!state) return fail("error.meetingNotFound", { meetingId: input.meetingId });
  if (state.meeting.agenda.length === 0) return fail("agenda.empty", { meetingId: input.meetingId });
  const cases: Case[] = [];
  for (const id of state.meeting.agenda) {
    const c = await getCase(svc.store, id);
    if (c) cases.push(c);
  }
  const earlier = await svc.store.query<PapersDeliveryDoc>("meetings", input.meetingId, "SELECT * FROM c WHERE c.meetingId = @pk AND c.type = 'papers'");
  const delivered = new Set(earlier.filter((d) => d.delivery.ok).map((d) => d.personId));
  const recusals = new Map(cases.map((c) => [c.id, recusalsForCase({ roster: svc.roster, case: c, conflicts: state.conflicts })]));
  const recipients = svc.roster.people.filter((p) => p.role === "member" || p.role === "substitute");

  const deliveries: RecipientDelivery[] = [];
  for (const person of recipients) {
    if (!input.all && delivered.has(person.id)) continue;
    const items: PapersItem[] = cases.map((c) => {
      const r = recusals.get(c.id)?.find((x) => x.personId === person.id);
      return r ? { case: c, recusal: r.text !== undefined ? { reason: r.reason, text: r.text } : { reason: r.reason } } : { case: c };
    });
    const delivery = await safeSend(() => svc.notifier.papers(person.id, state.meeting, items));
    deliveries.push({ personId: person.id, delivery });
    await svc.store.upsert<PapersDeliveryDoc>("meetings", {
      id: papersDeliveryId(person.id),
      meetingId: input.meetingId,
      type: "papers",
      personId: person.id,
      at: input.op.at,
      // A failed re-send does not erase an earlier successful delivery.
      delivery: !delivery.ok && delivered.has(person.id) ? { ok: true } : delivery,
    });
    if (delivery.ok) delivered.add(person.id);
  }

  let meeting = state.meeting;
  if (delivered.size > 0 && !meeting.papersSentAt) {
    const updated = await svc.store.update<MeetingDoc>("meetings", input.meetingId, input.meetingId, (m) => (m && !m.papersSentAt ? { ...m, papersSentAt: input.op.at } : undefined));
    if (updated) meeting = stripMeetingDoc(updated.doc);
  }
  const failed = recipients.filter((p) => !delivered.has(p.id)).map((p) => p.id);
  await appendAudit(svc.store, {
    id: auditId(input.op.id, "papers.sent"),
    scope: input.meetingId,
    at: input.op.at,
    actor: auditActor(input.actor),
    action: "papers.sent",
    meetingId: input.meetingId,
    summary: { after: `${deliveries.filter((d) => d.delivery.ok).length} sent, ${failed.length} missing` },
  });
  return ok({
    meeting,
    ...(meeting.papersSentAt ? { papersSentAt: meeting.papersSentAt } : {}),
    onTime: meeting.papersSentAt ? papersOnTime(meeting.startsAt, meeting.papersSentAt) : false,
    deliveries,
    failed,
  });
}

/**
 * Meetings whose papers deadline has passed without papers: not started, with
 * cases on the agenda (an empty meeting needs no papers), no papersSentAt.
 */
export function papersDue(meetings: readonly Meeting[], now: string): Meeting[] {
  const t = inOslo(now);
  return meetings.filter((m) => !m.papersSentAt && !m.startedAt && m.agenda.length > 0 && t > inOslo(papersDeadline(m.startsAt)) && t < inOslo(m.startsAt));
}

/**
 * For a timer: reminds the coordinator(s) of each meeting whose papers are
 * late, once per meeting (a reminder nobody received is tried again next time).
 */
export async function remindPapersDue(svc: OfficeServices, input: { now: string }): Promise<{ reminded: string[]; failed: string[] }> {
  const due = papersDue(await listMeetings(svc.store), input.now);
  const reminded: string[] = [];
  const failed: string[] = [];
  for (const m of due) {
    const earlier = await svc.store.get<ReminderDoc>("meetings", m.id, papersLateReminderId);
    if (earlier?.doc.delivered) continue;
    const deadline = papersDeadline(m.startsAt);
    const sent = await toCoordinators(svc.roster, (to) => svc.notifier.alertCoordinator(to, { kind: "papersLate", meetingId: m.id, deadline }));
    await svc.store.upsert<ReminderDoc>("meetings", {
      id: papersLateReminderId,
      meetingId: m.id,
      type: "reminder",
      kind: "papersLate",
      at: input.now,
      delivered: sent.delivered,
      deliveries: sent.deliveries,
    });
    (sent.delivered ? reminded : failed).push(m.id);
  }
  return { reminded, failed };
}

// ── helpers ─────────────────────────────────────────────────────────────────

async function addToAgenda(store: DocumentStore, meetingId: string, caseId: string): Promise<Meeting | undefined> {
  const stored = await store.update<MeetingDoc>("meetings", meetingId, meetingId, (m) => (m && !m.agenda.includes(caseId) ? { ...m, agenda: [...m.agenda, caseId] } : undefined));
  return stored ? stripMeetingDoc(stored.doc) : undefined;
}

function stripMeetingDoc(doc: MeetingDoc): Meeting {
  const { meetingId: _m, type: _t, createdByOp: _o, ...meeting } = doc as MeetingDoc & { createdByOp?: string };
  return meeting;
}
