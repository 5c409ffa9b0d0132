/**
 * The papers (saksunderlag): each member and substitute, the chair and the
 * observers (DMP, the Nye metoder secretariat) get the agenda with the case
 * briefs — members and substitutes with their own recusals — at least two
 * working days before the meeting (000 §6.3); the coordinator is reminded when
 * they are late. Each case lists the documents the recipient may open in the
 * meeting book (src/app/meeting-book.ts), none on a case they are recused from.
 */
import type { AppResult } from "../reason-codes.js";
import { inOslo, papersDeadline, papersOnTime } from "../../domain/calendar.js";
import type { Case } from "../../domain/case.js";
import type { Meeting } from "../../domain/meeting.js";
import { recusalsForCase } from "../../domain/recusal.js";
import { fail, ok, type Result } from "../../domain/result.js";
import { audit } from "../audit.js";
import { isCoordinator, type Actor, type Op } from "../context.js";
import { safeSend, type RecipientDelivery } from "../delivery.js";
import { alertCoordinatorsOnce } from "../kept-notices.js";
import { claimLease, holdingLease } from "../leases.js";
import type { PapersItem } from "../notifier.js";
import { documentTitles } from "../meeting-book.js";
import { isVoter } from "../people.js";
import { recusalPolicy, type AppServices } from "../services.js";
import { askSubstitutes, showForecast } from "../meeting/preparation.js";

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
export async function sendPapers(svc: AppServices, input: { meetingId: string; actor: Actor; op: Op; all?: boolean }): Promise<AppResult<PapersSent>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const state = await svc.meetings.load(input.meetingId);
  if (!state) return fail("error.meetingNotFound", { meetingId: input.meetingId });
  if (state.meeting.agenda.length === 0) return fail("agenda.empty", { meetingId: input.meetingId });
  const cases = (await Promise.all(state.meeting.agenda.map((id) => svc.cases.byCode(id)))).filter((c): c is Case => c !== undefined);
  const earlier = await svc.meetings.papersDeliveries(input.meetingId);
  const delivered = new Set(earlier.filter((d) => d.delivery.ok).map((d) => d.personId));
  const recusals = new Map(
    cases.map((c) => [c.id, recusalsForCase({ roster: svc.roster, case: c, conflicts: state.conflicts, policy: recusalPolicy(svc.settings) })]),
  );
  // The chair runs the agenda and the observers advise on it: they read the papers too (issue 12).
  const recipients = svc.roster.people.filter((p) => isVoter(p) || p.role === "chair" || p.role === "observer");
  // The documents each case lists: every recipient reads them (src/app/meeting-book.ts), except on a case they are recused from.
  const titles = new Map(await Promise.all(cases.map(async (c) => [c.id, await documentTitles(svc, c.id)] as const)));

  const deliveries: RecipientDelivery[] = [];
  for (const person of recipients) {
    if (!input.all && delivered.has(person.id)) continue;
    const items: PapersItem[] = cases.map((c) => {
      const r = recusals.get(c.id)?.find((x) => x.personId === person.id);
      if (r) return { case: c, recusal: r.text !== undefined ? { reason: r.reason, text: r.text } : { reason: r.reason } };
      const documents = titles.get(c.id) ?? [];
      return documents.length > 0 ? { case: c, documents } : { case: c };
    });
    const delivery = await safeSend(() => svc.notifier.papers(person.id, state.meeting, items));
    deliveries.push({ personId: person.id, delivery });
    await svc.meetings.putPapersDelivery({
      meetingId: input.meetingId,
      personId: person.id,
      at: input.op.at,
      // A failed re-send does not erase an earlier successful delivery.
      delivery: !delivery.ok && delivered.has(person.id) ? { ok: true } : delivery,
    });
    if (delivery.ok) delivered.add(person.id);
  }

  let meeting = state.meeting;
  if (delivered.size > 0 && !meeting.papersSentAt) {
    meeting = (await svc.meetings.change(input.meetingId, (m) => (!m.papersSentAt ? { ...m, papersSentAt: input.op.at } : undefined))) ?? meeting;
  }
  const failed = recipients.filter((p) => !delivered.has(p.id)).map((p) => p.id);
  // Issue 13: the substitutes of recused members are asked, and the chair and the coordinator get the forecast.
  await askSubstitutes(svc, { meetingId: input.meetingId, op: input.op });
  await showForecast(svc, { meetingId: input.meetingId, op: input.op });
  await audit(svc.audit, {
    op: input.op,
    doer: input.actor,
    action: "papers.sent",
    meetingId: input.meetingId,
    after: `${deliveries.filter((d) => d.delivery.ok).length} sent, ${failed.length} missing`,
  });
  return ok({
    meeting,
    ...(meeting.papersSentAt ? { papersSentAt: meeting.papersSentAt } : {}),
    onTime: meeting.papersSentAt ? papersOnTime(meeting.startsAt, meeting.papersSentAt) : false,
    deliveries,
    failed,
  });
}

/** The lease a meeting's papers run holds (src/app/leases.ts). */
export const papersLease = (meetingId: string) => `papers:${meetingId}`;

/**
 * Claims a meeting's papers run for this instance: the run to start (it holds
 * the lease until done, renewing it), or undefined while a run is under way
 * here or on another instance — a second run at once would send everyone their
 * papers twice. Run after the turn (it can outlast it).
 */
export async function claimPapersRun(
  svc: AppServices,
  input: { meetingId: string; actor: Actor; op: Op; owner: string },
): Promise<(() => Promise<AppResult<PapersSent>>) | undefined> {
  const ctx = { leases: svc.leases, owner: input.owner, now: svc.now };
  const lease = await claimLease(ctx, papersLease(input.meetingId));
  if (!lease) return undefined;
  return () => holdingLease(ctx, lease, () => sendPapers(svc, input));
}

/** The next meeting with cases on its agenda that has not started: where «send papirer» sends to. */
export async function nextMeetingForPapers(svc: AppServices, now: string): Promise<Meeting | undefined> {
  return (await svc.meetings.all()).find((m) => !m.startedAt && inOslo(m.startsAt) > inOslo(now) && m.agenda.length > 0);
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
export async function remindPapersDue(svc: AppServices, input: { now: string }): Promise<{ reminded: string[]; failed: string[] }> {
  const due = papersDue(await svc.meetings.all(), input.now);
  const reminded: string[] = [];
  const failed: string[] = [];
  for (const m of due) {
    const sent = await alertCoordinatorsOnce(
      svc,
      { kind: "papersLate", meetingId: m.id, meetingDate: m.date, deadline: papersDeadline(m.startsAt) },
      input.now,
    );
    if (!sent) continue;
    // Kept for a coordinator Teams cannot reach now: it waits in their chat, so the timer does not send it again.
    (sent.delivered || sent.kept ? reminded : failed).push(m.id);
  }
  return { reminded, failed };
}
