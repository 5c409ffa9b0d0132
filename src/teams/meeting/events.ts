/**
 * Meeting events and the bot's arrival in a meeting chat: linking to the
 * committee meeting of the day, start/end, and attendance from participant
 * join/leave (confirmed with Teams' meeting participant API where it can tell).
 */
import { DateTime } from "luxon";
import { recordAttendance } from "../../app/meeting/attendance.js";
import { linkedMeetingId, linkMeeting, recordMeetingEvent } from "../../app/meeting/link.js";
import { draftMeetingMinutes } from "../../app/meeting/minutes.js";
import { findByAadObjectId } from "../../app/people.js";
import { OSLO } from "../../domain/calendar.js";
import { t } from "../../i18n/index.js";
import type { TurnEnv } from "../context.js";
import { readParticipants, readStartEnd } from "../meeting-events.js";
import { reasonText } from "../replies.js";
import { watchQuorum } from "./quorum.js";
import { postSharedCard, scheduleSharedUpdate } from "./shared-cards.js";

export const osloDate = (iso: string) => DateTime.fromISO(iso).setZone(OSLO).toISODate()!;

/** The bot was added to a chat: in a meeting chat, link it to today's committee meeting and post the agenda and attendance. */
export async function handleBotAdded(e: TurnEnv, explicit?: { meetingId?: string }): Promise<void> {
  const { io, app } = e;
  const { turn } = io;
  // Added to a chat that is not a meeting chat: just say hello. The chair or coordinator can still link it by command.
  if (!turn.teamsMeetingId && !explicit) {
    if (!turn.isPersonal) await io.say(t(turn.locale, "notice.welcomeChat"));
    return;
  }
  const linked = await linkMeeting(
    app.svc,
    {
      conversationId: turn.conversationId,
      ref: io.reference(),
      ...(turn.teamsMeetingId ? { teamsMeetingId: turn.teamsMeetingId } : {}),
      serviceUrl: turn.serviceUrl,
      ...(turn.tenantId ? { tenantId: turn.tenantId } : {}),
      date: osloDate(turn.op.at),
      ...(explicit?.meetingId ? { meetingId: explicit.meetingId } : {}),
      ...(explicit ? { explicit: true } : {}),
      ...(turn.actor ? { actor: turn.actor } : {}),
    },
    turn.op,
  );
  if (!linked.ok) {
    await io.say(reasonText(turn.locale, linked.reason));
    return;
  }
  await io.say(t(turn.locale, "notice.meetingLinked", { meetingId: linked.value.id, date: linked.value.date }));
  await postSharedCard(e, linked.value.id, "agenda");
  await postSharedCard(e, linked.value.id, "attendance");
}

export async function handleMeetingEvent(e: TurnEnv, kind: "start" | "end"): Promise<void> {
  const { io, app } = e;
  const meetingId = await linkedMeetingId(app.svc, io.turn.conversationId);
  // A start in a chat not linked to a committee meeting links nothing: no one from the committee asked for it.
  if (!meetingId) return;
  const { startTime, endTime } = readStartEnd(io.value);
  const at = validIso(kind === "start" ? startTime : endTime) ?? io.turn.op.at;
  const r = await recordMeetingEvent(app.svc, { meetingId, kind, at }, io.turn.op);
  if (!r.ok) app.log.warn({ code: r.reason.code }, "meeting event not recorded");
  // The end clears the case in hand: the agenda no longer shows it as under consideration.
  else if (kind === "end") {
    scheduleSharedUpdate(app, meetingId, "agenda");
    // Issue 14: the minutes are drafted once (a redelivered end drafts nothing new); the coordinator gets them 1:1.
    const drafted = await draftMeetingMinutes(app.svc, { meetingId }, io.turn.op);
    if (!drafted.ok) app.log.warn({ code: drafted.reason.code }, "minutes not drafted");
  }
}

export async function handleParticipants(e: TurnEnv, joined: boolean): Promise<void> {
  const { io, app } = e;
  const meetingId = await linkedMeetingId(app.svc, io.turn.conversationId);
  if (!meetingId) return;
  let changed = false;
  for (const p of readParticipants(io.value)) {
    const person = findByAadObjectId(app.svc.roster, p.aadObjectId);
    if (!person) continue;
    // Someone who only joined (never wrote to the bot) must still get their own view of the cards (refresh.userIds).
    if (p.aadObjectId && p.userId.startsWith("29:")) {
      await app.svc.directory.rememberUser({ aadObjectId: p.aadObjectId, teamsUserId: p.userId, rosterId: person.id, at: io.turn.op.at });
    }
    // Join/leave are hints: where Teams can tell, ask it whether the person is in the meeting now.
    const inMeeting = (await io.inMeeting(p.aadObjectId ?? p.userId)) ?? p.inMeeting ?? joined;
    const r = await recordAttendance(
      app.svc,
      { meetingId, personId: person.id, present: inMeeting, source: "event" },
      { id: `${io.turn.op.id}:${person.id}`, at: io.turn.op.at },
    );
    if (r.ok && r.value.changed) changed = true;
  }
  if (changed) {
    app.forgetRefreshIds();
    scheduleSharedUpdate(app, meetingId, "attendance");
    scheduleSharedUpdate(app, meetingId, "currentCase");
    // Someone leaving can take the case in hand below quorum (or someone joining bring it back): say so at once.
    watchQuorum(app, meetingId, io.turn.op);
  }
}

function validIso(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const d = DateTime.fromISO(s);
  return d.isValid ? d.toUTC().toISO()! : undefined;
}
