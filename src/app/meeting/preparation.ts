/**
 * Before the meeting (issue 13): members and substitutes answer the papers
 * (*Jeg kommer* / *Jeg har forfall*, with an optional reason) and may declare
 * a conflict on a case in advance; the substitutes of members with apologies
 * or recused in a case are asked to stand in (000 §6.2: "må det benyttes
 * vararepresentant"), once per need; the chair and the coordinator see a
 * quorum forecast per case (src/domain/forecast.ts) on a card updated in place.
 */
import { inOslo, papersDeadline } from "../../domain/calendar.js";
import type { Case } from "../../domain/case.js";
import { forecastQuorum, substituteRequests, type AttendanceReply, type MeetingForecast, type ReplyAnswer } from "../../domain/forecast.js";
import { checkReason } from "../../domain/free-text.js";
import type { Meeting } from "../../domain/meeting.js";
import { recusalsForCase } from "../../domain/recusal.js";
import { fail, ok } from "../../domain/result.js";
import { audit } from "../audit.js";
import { declareConflict } from "./positions.js";
import type { Actor, Op } from "../context.js";
import { safeSend, type RecipientDelivery } from "../delivery.js";
import { alertCoordinatorsOnce, sendOrKeep } from "../kept-notices.js";
import type { PapersItem } from "../notifier.js";
import { coordinators, isVoter } from "../people.js";
import type { PreparationFacts, SubstituteInvitation } from "../ports.js";
import type { AppResult } from "../reason-codes.js";
import { recusalPolicy, type AppServices } from "../services.js";

/** The meeting, its cases in agenda order, and its preparation facts. */
export interface Preparation extends PreparationFacts {
  cases: Case[];
  forecast: MeetingForecast;
}

export async function loadPreparation(svc: AppServices, meetingId: string): Promise<Preparation | undefined> {
  const facts = await svc.meetings.preparation(meetingId);
  if (!facts) return undefined;
  const cases = (await Promise.all(facts.meeting.agenda.map((id) => svc.cases.byCode(id)))).filter((c): c is Case => c !== undefined);
  const forecast = forecastQuorum({
    roster: svc.roster,
    cases,
    replies: facts.replies,
    conflicts: facts.conflicts,
    policy: recusalPolicy(svc.settings),
    minimum: svc.settings.quorumMinimum,
  });
  return { ...facts, cases, forecast };
}

/** The papers items for one person and some cases: each marking their own recusal. */
export function papersItems(svc: AppServices, person: string, cases: readonly Case[], prep: Pick<PreparationFacts, "conflicts">): PapersItem[] {
  return cases.map((c) => {
    const r = recusalsForCase({ roster: svc.roster, case: c, conflicts: prep.conflicts, policy: recusalPolicy(svc.settings) }).find(
      (x) => x.personId === person,
    );
    return r ? { case: c, recusal: r.text !== undefined ? { reason: r.reason, text: r.text } : { reason: r.reason } } : { case: c };
  });
}

export interface Replied {
  reply: AttendanceReply;
  /** False when the same answer was already stored (a double click, a retried delivery). */
  changed: boolean;
  asked: RecipientDelivery[];
}

/**
 * A member's or substitute's answer to the papers, or a substitute's answer
 * to an invitation to stand in. Before the meeting has begun only; the
 * optional reason follows the rule of every reason (no national id).
 */
export async function replyToPapers(
  svc: AppServices,
  input: { meetingId: string; actor: Actor; answer: ReplyAnswer; reason?: string },
  op: Op,
): Promise<AppResult<Replied>> {
  const { person } = input.actor;
  if (!isVoter(person)) return fail("error.notMember");
  let reason: string | undefined;
  if (input.reason !== undefined && input.reason.trim() !== "") {
    const checked = checkReason(input.reason);
    if (!checked.ok) return checked;
    reason = checked.value;
  }
  const meeting = await svc.meetings.get(input.meetingId);
  if (!meeting) return fail("error.meetingNotFound", { meetingId: input.meetingId });
  if (meeting.startedAt || inOslo(op.at) >= inOslo(meeting.startsAt)) return fail("prep.meetingStarted", { meetingId: meeting.id });
  const next: AttendanceReply = { personId: person.id, answer: input.answer, ...(input.answer === "apologies" && reason ? { reason } : {}), at: op.at };
  let changed = false;
  const stored = await svc.meetings.changeReply(input.meetingId, person.id, (current) => {
    changed = false;
    if (current && current.answer === next.answer && current.reason === next.reason) return undefined;
    if (current && Date.parse(current.at) > Date.parse(next.at)) return undefined; // an older click delivered late
    changed = true;
    return next;
  });
  if (changed) {
    // The reason is free text: the audit says only which answer was given.
    await audit(svc.audit, { op, doer: input.actor, action: `reply.${input.answer}`, meetingId: input.meetingId, after: person.id });
  }
  const asked = changed ? await askSubstitutes(svc, { meetingId: input.meetingId, op }) : [];
  return ok({ reply: stored ?? next, changed, asked });
}

/**
 * A conflict declared on a case before the meeting (the same fact as one
 * declared in it): recorded once, and the member's substitute asked for that case.
 */
export async function declareConflictAhead(
  svc: AppServices,
  input: { meetingId: string; caseId: string; actor: Actor; reason: string },
  op: Op,
): Promise<AppResult<{ changed: boolean; asked: RecipientDelivery[] }>> {
  const r = await declareConflict(svc, input, op);
  if (!r.ok) return r;
  const asked = r.value.changed ? await askSubstitutes(svc, { meetingId: input.meetingId, op }) : [];
  return ok({ changed: r.value.changed, asked });
}

/**
 * The substitute rule, applied: every substitute the rule names
 * (src/domain/forecast.ts substituteRequests) is asked, once per need. A
 * substitute already asked is asked again only for cases not asked before (a
 * conflict declared later), never twice for the same. A substitute Teams
 * cannot reach now gets the invitation when they next open the chat. Nothing
 * is asked once the meeting has begun.
 */
export async function askSubstitutes(svc: AppServices, input: { meetingId: string; op: Op }): Promise<RecipientDelivery[]> {
  const prep = await loadPreparation(svc, input.meetingId);
  if (!prep || prep.meeting.startedAt || prep.meeting.agenda.length === 0) return [];
  const requests = substituteRequests({
    roster: svc.roster,
    cases: prep.cases,
    replies: prep.replies,
    conflicts: prep.conflicts,
    policy: recusalPolicy(svc.settings),
  });
  const out: RecipientDelivery[] = [];
  for (const req of requests) {
    let added: string[] = [];
    let previous: SubstituteInvitation["delivery"] | undefined;
    const stored = await svc.meetings.changeSubstituteInvitation(input.meetingId, req.substituteId, (current) => {
      previous = current?.delivery;
      added = req.caseIds.filter((id) => !current?.caseIds.includes(id));
      const widened = current?.scope === "cases" && req.scope === "meeting";
      if (added.length === 0 && !widened) return undefined;
      if (added.length === 0) added = req.caseIds;
      const next: SubstituteInvitation = {
        meetingId: input.meetingId,
        substituteId: req.substituteId,
        memberId: req.memberId,
        scope: current?.scope === "meeting" ? "meeting" : req.scope,
        caseIds: [...new Set([...(current?.caseIds ?? []), ...req.caseIds])],
        at: input.op.at,
        delivery: { ok: false, reason: "failed" },
      };
      return next;
    });
    if (!stored || added.length === 0) continue;
    // An invitation to this meeting already waits for them (Teams could not reach them): it is rendered as the
    // invitation stands when delivered, widened cases included, so a second one would only say it twice.
    const waiting =
      previous?.ok === false &&
      previous.kept === true &&
      (await svc.notices.waiting(req.substituteId)).some((n) => n.notice.kind === "substituteInvited" && n.notice.meetingId === input.meetingId);
    const delivery =
      waiting && previous
        ? previous
        : await sendOrKeep(svc, {
            to: req.substituteId,
            notice: { kind: "substituteInvited", meetingId: input.meetingId },
            at: input.op.at,
            send: () => sendInvitation(svc, prep, stored),
          });
    await svc.meetings.changeSubstituteInvitation(input.meetingId, req.substituteId, (current) => current && { ...current, delivery });
    await audit(svc.audit, {
      op: input.op,
      doer: "system",
      action: "substitute.asked",
      meetingId: input.meetingId,
      after: `${req.substituteId} for ${req.memberId}: ${stored.caseIds.length}`,
    });
    out.push({ personId: req.substituteId, delivery });
  }
  return out;
}

function sendInvitation(svc: AppServices, prep: Preparation, invitation: SubstituteInvitation) {
  const cases = prep.cases.filter((c) => invitation.caseIds.includes(c.id));
  return svc.notifier.substituteInvited(invitation.substituteId, prep.meeting, invitation, papersItems(svc, invitation.substituteId, cases, prep));
}

/** For a kept invitation: the invitation as it stands now, or nothing once the meeting has begun. */
export async function currentInvitation(svc: AppServices, to: string, meetingId: string) {
  const prep = await loadPreparation(svc, meetingId);
  const invitation = prep?.invitations.find((i) => i.substituteId === to);
  if (!prep || !invitation || prep.meeting.startedAt) return undefined;
  return () => sendInvitation(svc, prep, invitation);
}

/** Who sees the forecast: the chair(s) and the coordinator(s). */
export const forecastViewers = (svc: AppServices) => [...svc.roster.people.filter((p) => p.role === "chair"), ...coordinators(svc.roster)];

/**
 * Shows the chair and the coordinator the quorum forecast: posted once into
 * each one's 1:1 chat, then updated in place as replies arrive. Run it
 * serially per meeting (the Teams edge coalesces the calls).
 */
export async function showForecast(svc: AppServices, input: { meetingId: string; op: Op }): Promise<RecipientDelivery[]> {
  const prep = await loadPreparation(svc, input.meetingId);
  if (!prep || prep.meeting.agenda.length === 0) return [];
  const out: RecipientDelivery[] = [];
  for (const viewer of forecastViewers(svc)) {
    const posted = await svc.meetings.personalCard(input.meetingId, "forecast", viewer.id);
    const view = { meeting: prep.meeting, cases: prep.cases, forecast: prep.forecast, replies: prep.replies, invitations: prep.invitations };
    let delivery = await safeSend(() => svc.notifier.forecast(viewer.id, view, posted ? { activityId: posted.activityId } : undefined));
    // A card Teams no longer has (deleted) is posted anew.
    if (!delivery.ok && posted) delivery = await safeSend(() => svc.notifier.forecast(viewer.id, view));
    if (delivery.ok && delivery.activityId && delivery.activityId !== posted?.activityId) {
      await svc.meetings.putPersonalCard({
        meetingId: input.meetingId,
        kind: "forecast",
        personId: viewer.id,
        activityId: delivery.activityId,
        at: input.op.at,
      });
    }
    out.push({ personId: viewer.id, delivery });
  }
  return out;
}

/** What the forecast card shows. */
export interface ForecastView {
  meeting: Meeting;
  cases: Case[];
  forecast: MeetingForecast;
  replies: AttendanceReply[];
  invitations: SubstituteInvitation[];
}

/**
 * For a timer: at the papers deadline, warns the coordinator once per meeting
 * when the forecast for any case is below the quorum, with what would fix it
 * (the substitutes who have not answered, the cases to move).
 */
export async function warnForecastAtDeadline(svc: AppServices, input: { now: string }): Promise<{ warned: string[] }> {
  const t = inOslo(input.now);
  const warned: string[] = [];
  for (const m of await svc.meetings.all()) {
    if (m.startedAt || m.agenda.length === 0 || t < inOslo(papersDeadline(m.startsAt)) || t >= inOslo(m.startsAt)) continue;
    const earlier = await svc.meetings.reminder(m.id, "forecastBelow");
    if (earlier?.delivered || earlier?.kept) continue; // before the forecast is computed
    const prep = await loadPreparation(svc, m.id);
    if (!prep || prep.forecast.below.length === 0) continue;
    const alert = {
      kind: "forecastBelow" as const,
      meetingId: m.id,
      meetingDate: m.date,
      cases: prep.forecast.cases
        .filter((c) => c.below)
        .map((c) => ({ caseId: c.caseId, expected: c.expected.length, minimum: c.minimum, substitutes: c.possibleStandIns.map((s) => s.substituteId) })),
    };
    const sent = await alertCoordinatorsOnce(svc, alert, input.now);
    if (sent && (sent.delivered || sent.kept)) warned.push(m.id);
  }
  return { warned };
}
