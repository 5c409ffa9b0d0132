/**
 * The minutes (møteprotokoll, issue 14): drafted once when the meeting ends
 * (Teams' meetingEnd, or the chair's «avslutt møte»), edited and confirmed by
 * the coordinator, approved by the chair (or sent back with a comment). Every
 * step audited by ids and codes; the notes and comments never reach the audit.
 */
import { approveMinutes, confirmMinutes, draftMinutes, editMinutes, requestMinutesChange, reviseMinutes, type Minutes } from "../../domain/minutes.js";
import { fail, ok } from "../../domain/result.js";
import type { ReasonCode } from "../../domain/reason-codes.js";
import type { Result } from "../../domain/result.js";
import { audit } from "../audit.js";
import { isChair, isCoordinator, leadsMeeting, type Actor, type Op } from "../context.js";
import type { Told } from "../delivery.js";
import { sendOrKeep, tellCoordinators } from "../kept-notices.js";
import type { MinutesEvent } from "../notifier.js";
import type { AppResult } from "../reason-codes.js";
import { caseMinutesDefault, type AppServices } from "../services.js";
import { recordMeetingEvent } from "./link.js";

export interface MinutesDrafted {
  minutes: Minutes;
  /** False when the meeting already had minutes (a redelivered end, a second «avslutt møte»): nothing new was written or sent. */
  drafted: boolean;
  told?: Told;
}

/** Drafts the minutes of an ended meeting, once; the coordinators get the card to edit and confirm. */
export async function draftMeetingMinutes(svc: AppServices, input: { meetingId: string; actor?: Actor }, op: Op): Promise<AppResult<MinutesDrafted>> {
  const existing = (await svc.minutes.versions(input.meetingId)).at(-1);
  if (existing) return ok({ minutes: existing, drafted: false });
  const state = await svc.meetings.load(input.meetingId);
  if (!state) return fail("error.meetingNotFound", { meetingId: input.meetingId });
  const { meeting } = state;
  const agenda = [...new Set(meeting.agenda)];
  const [cases, facts] = await Promise.all([
    Promise.all(agenda.map((id) => svc.cases.byCode(id))),
    Promise.all(agenda.map((id) => svc.meetings.caseFacts(meeting.id, id))),
  ]);
  const minutes = draftMinutes({
    meeting,
    roster: svc.roster,
    cases: agenda.map((id, i) => ({ id, code: cases[i]?.code ?? id, ...(cases[i]?.urgent ? { urgent: true } : {}) })),
    attendance: state.attendance,
    conclusions: state.conclusions,
    conflicts: state.conflicts,
    experts: state.experts,
    takenUp: facts.flatMap((f) => (f?.takenUp ? [{ caseId: f.takenUp.caseId, at: f.takenUp.at }] : [])),
    caseMinutesDefault: caseMinutesDefault(svc.settings),
    minimum: svc.settings.quorumMinimum,
    draftedBy: input.actor?.person.id ?? "system",
    at: op.at,
  });
  if (!(await svc.minutes.add(minutes))) {
    const raced = (await svc.minutes.versions(input.meetingId)).at(-1);
    return raced ? ok({ minutes: raced, drafted: false }) : fail("error.meetingNotFound", { meetingId: input.meetingId });
  }
  await audit(svc.audit, { op, doer: input.actor, action: "minutes.drafted", meetingId: meeting.id, after: `${minutes.id} draft` });
  const told = await tellMinutes(svc, minutes, "drafted", op.at);
  return ok({ minutes, drafted: true, told });
}

/** The chair's «avslutt møte»: the meeting ends now (unless Teams already ended it) and its minutes are drafted, once. */
export async function endMeeting(svc: AppServices, input: { meetingId: string; actor: Actor }, op: Op): Promise<AppResult<MinutesDrafted>> {
  if (!isChair(input.actor)) return fail("error.notChair");
  const ended = await recordMeetingEvent(svc, { meetingId: input.meetingId, kind: "end", at: op.at }, op);
  if (!ended.ok) return ended;
  return draftMeetingMinutes(svc, input, op);
}

/** The latest version of a meeting's minutes, for the chair or a coordinator. */
export async function latestMinutes(svc: AppServices, input: { meetingId: string; actor: Actor }): Promise<AppResult<Minutes | undefined>> {
  if (!leadsMeeting(input.actor)) return fail("error.notChairOrCoordinator");
  return ok((await svc.minutes.versions(input.meetingId)).at(-1));
}

/** The meetings that have minutes, latest first (the 1:1 «protokoll» without a meeting). */
export async function latestMinutesAnywhere(svc: AppServices, input: { actor: Actor }): Promise<AppResult<Minutes | undefined>> {
  if (!leadsMeeting(input.actor)) return fail("error.notChairOrCoordinator");
  const meetings = (await svc.meetings.all()).filter((m) => m.endedAt).reverse();
  for (const m of meetings) {
    const latest = (await svc.minutes.versions(m.id)).at(-1);
    if (latest) return ok(latest);
  }
  return ok(undefined);
}

async function changeLatest(
  svc: AppServices,
  input: { meetingId: string; minutesId: string },
  step: (m: Minutes) => Result<Minutes, ReasonCode>,
): Promise<AppResult<{ before: Minutes; after: Minutes }>> {
  const versions = await svc.minutes.versions(input.meetingId);
  const current = versions.find((v) => v.id === input.minutesId);
  if (!current) return fail("minutes.notFound", { id: input.minutesId });
  if (versions.at(-1)?.id !== current.id) return fail("minutes.notLatest", { version: current.version });
  let outcome = fail("minutes.notFound", { id: input.minutesId }) as AppResult<Minutes>;
  let before = current;
  await svc.minutes.change(input.meetingId, input.minutesId, (m) => {
    before = m;
    outcome = step(m);
    return outcome.ok ? outcome.value : undefined;
  });
  return outcome.ok ? ok({ before, after: outcome.value }) : outcome;
}

/** The coordinator saves the notes (*Lagre*), and confirms (*Bekreft*): the chair is asked to approve. */
export async function saveMinutes(
  svc: AppServices,
  input: { meetingId: string; minutesId: string; notes?: string; confirm: boolean; actor: Actor },
  op: Op,
): Promise<AppResult<{ minutes: Minutes; told?: Told }>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const r = await changeLatest(svc, input, (m) => {
    const edited = input.notes !== undefined ? editMinutes(m, input.notes) : ok(m);
    if (!edited.ok || !input.confirm) return edited;
    return confirmMinutes(edited.value, input.actor.person.id, op.at);
  });
  if (!r.ok) return r;
  const minutes = r.value.after;
  await audit(svc.audit, {
    op,
    doer: input.actor,
    action: input.confirm ? "minutes.confirmed" : "minutes.saved",
    meetingId: input.meetingId,
    before: r.value.before.status,
    after: `${minutes.id} ${minutes.status}`,
  });
  if (!input.confirm) return ok({ minutes });
  return ok({ minutes, told: await tellChairs(svc, minutes, op.at) });
}

/** The chair approves confirmed minutes (*Godkjenn*); the coordinators are told. A retried click changes nothing. */
export async function approveMeetingMinutes(
  svc: AppServices,
  input: { meetingId: string; minutesId: string; actor: Actor },
  op: Op,
): Promise<AppResult<{ minutes: Minutes; duplicate: boolean }>> {
  if (!isChair(input.actor)) return fail("error.notChair");
  const current = await svc.minutes.get(input.meetingId, input.minutesId);
  if (current?.status === "approved" && current.approvedBy === input.actor.person.id) return ok({ minutes: current, duplicate: true });
  const r = await changeLatest(svc, input, (m) => approveMinutes(m, input.actor.person.id, op.at));
  if (!r.ok) return r;
  const minutes = r.value.after;
  await audit(svc.audit, {
    op,
    doer: input.actor,
    action: "minutes.approved",
    meetingId: input.meetingId,
    before: "confirmed",
    after: `${minutes.id} approved`,
  });
  await tellMinutes(svc, minutes, "approved", op.at);
  return ok({ minutes, duplicate: false });
}

/** The chair asks for a change, with a comment (required, no national id): back to a draft; the coordinators are told. */
export async function requestMeetingMinutesChange(
  svc: AppServices,
  input: { meetingId: string; minutesId: string; comment: string; actor: Actor },
  op: Op,
): Promise<AppResult<{ minutes: Minutes }>> {
  if (!isChair(input.actor)) return fail("error.notChair");
  const r = await changeLatest(svc, input, (m) => requestMinutesChange(m, input.actor.person.id, op.at, input.comment));
  if (!r.ok) return r;
  const minutes = r.value.after;
  // The comment is free text: the audit says only that a change was asked for.
  await audit(svc.audit, {
    op,
    doer: input.actor,
    action: "minutes.changeRequested",
    meetingId: input.meetingId,
    before: "confirmed",
    after: `${minutes.id} draft`,
  });
  await tellMinutes(svc, minutes, "changeRequested", op.at);
  return ok({ minutes });
}

/**
 * A change after the chair approved: a new draft version that supersedes the approved one (which stays as it
 * was), for the coordinator to edit and confirm and the chair to approve again. A retried click adds nothing.
 */
export async function reviseMeetingMinutes(
  svc: AppServices,
  input: { meetingId: string; minutesId: string; actor: Actor },
  op: Op,
): Promise<AppResult<{ minutes: Minutes; created: boolean }>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const versions = await svc.minutes.versions(input.meetingId);
  const current = versions.find((v) => v.id === input.minutesId);
  if (!current) return fail("minutes.notFound", { id: input.minutesId });
  const latest = versions.at(-1)!;
  if (latest.supersedes === current.id) return ok({ minutes: latest, created: false });
  if (latest.id !== current.id) return fail("minutes.notLatest", { version: current.version });
  const next = reviseMinutes(current, input.actor.person.id, op.at);
  if (!next.ok) return next;
  if (!(await svc.minutes.add(next.value))) {
    const raced = (await svc.minutes.versions(input.meetingId)).at(-1)!;
    return ok({ minutes: raced, created: false });
  }
  await audit(svc.audit, {
    op,
    doer: input.actor,
    action: "minutes.revised",
    meetingId: input.meetingId,
    before: `${current.id} approved`,
    after: `${next.value.id} draft`,
  });
  return ok({ minutes: next.value, created: true });
}

function tellMinutes(svc: AppServices, minutes: Minutes, event: MinutesEvent, at: string): Promise<Told> {
  return tellCoordinators(svc, { kind: "minutes", meetingId: minutes.meetingId, minutesId: minutes.id, event }, at, (to) =>
    svc.notifier.minutes(to, minutes, event),
  );
}

async function tellChairs(svc: AppServices, minutes: Minutes, at: string): Promise<Told> {
  const deliveries = [];
  for (const chair of svc.roster.people.filter((p) => p.role === "chair")) {
    const delivery = await sendOrKeep(svc, {
      to: chair.id,
      notice: { kind: "minutes", meetingId: minutes.meetingId, minutesId: minutes.id, event: "approvalAsked" },
      at,
      send: () => svc.notifier.minutes(chair.id, minutes, "approvalAsked"),
    });
    deliveries.push({ personId: chair.id, delivery });
  }
  return { delivered: deliveries.some((d) => d.delivery.ok), kept: deliveries.some((d) => !d.delivery.ok && d.delivery.kept === true), deliveries };
}
