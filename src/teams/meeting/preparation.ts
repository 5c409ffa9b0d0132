/**
 * Before the meeting in Teams (issue 13): the answers on the papers card
 * (*Jeg kommer* / *Jeg har forfall*, a conflict declared on a case), the
 * substitute's invitation, and the quorum forecast card of the chair and the
 * coordinator, updated in place as replies arrive (coalesced per meeting).
 */
import { declareConflictAhead, loadPreparation, papersItems, replyToPapers, showForecast, type ForecastView } from "../../app/meeting/preparation.js";
import { nameOf } from "../../app/people.js";
import type { Op } from "../../app/context.js";
import type { SubstituteInvitation } from "../../app/ports.js";
import { renderForecast, type ForecastCardView } from "../../cards/forecast.js";
import { renderPapers, type PapersReply } from "../../cards/papers.js";
import { papersDeadline } from "../../domain/calendar.js";
import { latestReplies } from "../../domain/forecast.js";
import type { Meeting } from "../../domain/meeting.js";
import type { Person, Roster } from "../../domain/roster.js";
import type { Locale } from "../../i18n/index.js";
import type { PapersItem } from "../../app/notifier.js";
import type { ActionOf, VerbEnv } from "../card-verbs.js";
import type { TeamsApp } from "../context.js";
import { reasonText } from "../replies.js";
import { papersCase } from "../coordinator/views.js";

/** The papers card (or a substitute's invitation: the invited cases only, with the invitation on top). */
export function papersCard(roster: Roster, locale: Locale, now: Date, meeting: Meeting, items: PapersItem[], reply: PapersReply): object {
  const deadline = papersDeadline(meeting.startsAt);
  return renderPapers({
    locale,
    meetingId: meeting.id,
    meetingDate: meeting.date,
    papersDeadline: deadline,
    late: now.getTime() > Date.parse(deadline),
    items: items.map((i) => papersCase(roster, i)),
    reply,
  });
}

/** A substitute's invitation as the reply block of their papers card. */
export const invitationReply = (roster: Roster, invitation: SubstituteInvitation): PapersReply["invitation"] => ({
  memberName: nameOf(roster, invitation.memberId),
  scope: invitation.scope,
});

/** The card the clicking person's answer shows: their papers or their invitation, as things stand now. */
async function papersCardFor(e: VerbEnv, meetingId: string, from: "papers" | "invitation" | undefined, problem?: string): Promise<object | undefined> {
  const { svc } = e.app;
  const prep = await loadPreparation(svc, meetingId);
  if (!prep) return undefined;
  const person = e.actor.person;
  const invitation = from === "invitation" ? prep.invitations.find((i) => i.substituteId === person.id) : undefined;
  const cases = invitation ? prep.cases.filter((c) => invitation.caseIds.includes(c.id)) : prep.cases;
  const answer = latestReplies(prep.replies).get(person.id)?.answer;
  const reply: PapersReply = {
    ...(answer ? { answer } : {}),
    ...(invitation ? { invitation: invitationReply(svc.roster, invitation)! } : {}),
    ...(problem ? { problem } : {}),
  };
  return papersCard(svc.roster, e.io.turn.locale, svc.now(), prep.meeting, papersItems(svc, person.id, cases, prep), reply);
}

/** Shows the chair and the coordinator the forecast as it is when the update runs; calls close together become one. */
export function scheduleForecastUpdate(app: TeamsApp, meetingId: string, op: Op): void {
  app.cards.schedule(`forecast|${meetingId}`, async () => {
    await showForecast(app.svc, { meetingId, op: { id: `${op.id}:forecast`, at: app.svc.now().toISOString() } });
  });
}

async function answerWith(e: VerbEnv, meetingId: string, from: "papers" | "invitation" | undefined, problem?: string): Promise<void> {
  const card = await papersCardFor(e, meetingId, from, problem);
  if (!card) return e.io.answerMessage(problem ?? reasonText(e.io.turn.locale, { code: "error.meetingNotFound", params: { meetingId } }));
  return e.io.answerCard(card);
}

export async function handleReplyPapers(e: VerbEnv, a: ActionOf<"replyPapers">): Promise<void> {
  const { io, app } = e;
  const r = await replyToPapers(
    app.svc,
    { meetingId: a.meetingId, actor: e.actor, answer: a.answer, ...(a.answer === "apologies" && a.apologiesReason ? { reason: a.apologiesReason } : {}) },
    io.turn.op,
  );
  if (!r.ok) {
    const text = reasonText(io.turn.locale, r.reason);
    if (r.reason.code === "error.meetingNotFound" || r.reason.code === "error.notMember") return io.answerMessage(text);
    return answerWith(e, a.meetingId, a.from, text);
  }
  if (r.value.changed) scheduleForecastUpdate(app, a.meetingId, io.turn.op);
  return answerWith(e, a.meetingId, a.from);
}

export async function handleDeclareConflictAhead(e: VerbEnv, a: ActionOf<"declareConflictAhead">): Promise<void> {
  const { io, app } = e;
  const reason = String((a as Record<string, unknown>)[`conflictReason_${a.item}`] ?? "");
  const r = await declareConflictAhead(app.svc, { meetingId: a.meetingId, caseId: a.caseId, actor: e.actor, reason }, io.turn.op);
  if (!r.ok) {
    const text = reasonText(io.turn.locale, r.reason);
    if (r.reason.code === "error.meetingNotFound" || r.reason.code === "error.notMember") return io.answerMessage(text);
    return answerWith(e, a.meetingId, a.from, text);
  }
  if (r.value.changed) scheduleForecastUpdate(app, a.meetingId, io.turn.op);
  return answerWith(e, a.meetingId, a.from);
}

/** The forecast card's view, names resolved, in the viewer's language. */
export function forecastCardView(roster: Roster, view: ForecastView, locale: Locale, at: string): ForecastCardView {
  const name = (id: string) => nameOf(roster, id);
  const latest = latestReplies(view.replies);
  const voters = roster.people.filter((p: Person) => p.role === "member" || p.role === "substitute");
  const members = voters.filter((p) => p.role === "member");
  const answered = (answer: "coming" | "apologies") => voters.filter((p) => latest.get(p.id)?.answer === answer).map((p) => p.name);
  return {
    locale,
    meetingDate: view.meeting.date,
    cases: view.forecast.cases.map((f) => {
      const c = view.cases.find((x) => x.id === f.caseId);
      return {
        code: c?.code ?? f.caseId,
        methodName: c?.method.name ?? "",
        urgent: c?.urgent ?? false,
        expected: f.expected.length,
        minimum: f.minimum,
        below: f.below,
        needed: f.needed,
        standIns: Object.entries(f.standIns).map(([s, m]) => ({ substitute: name(s), member: name(m) })),
        openSeats: f.openSeats.map(name),
        couldFix: f.possibleStandIns.map((s) => name(s.substituteId)),
      };
    }),
    coming: answered("coming"),
    apologies: answered("apologies"),
    notAnswered: members.filter((p) => !latest.has(p.id)).map((p) => p.name),
    askedWaiting: view.invitations.filter((i) => !latest.has(i.substituteId)).map((i) => name(i.substituteId)),
    at,
  };
}

export const renderForecastFor = (roster: Roster, view: ForecastView, locale: Locale, at: string) => renderForecast(forecastCardView(roster, view, locale, at));
