/**
 * Meeting events and the bot's arrival in a meeting chat: linking to the
 * committee meeting of the day, start/end, and attendance from participant
 * join/leave (confirmed with getMeetingParticipant where Teams allows it).
 */
import { TeamsInfo, TurnContext, type ConversationReference } from "botbuilder";
import { DateTime } from "luxon";
import { findByAadObjectId } from "../app/actor.js";
import { rememberUser } from "../app/conversations.js";
import { linkedMeetingId, linkMeeting, recordMeetingEvent } from "../app/meeting-link.js";
import { recordAttendance } from "../app/meeting-service.js";
import { t } from "../i18n/index.js";
import type { TurnEnv } from "./bot.js";
import { readParticipants, readStartEnd, teamsMeetingIdOf } from "./meeting-events.js";
import { postSharedCard, scheduleSharedUpdate } from "./shared-cards.js";
import { tenantOf } from "./bot.js";
import { forgetRefreshCache, reasonText } from "./views.js";

export const osloDate = (iso: string) => DateTime.fromISO(iso).setZone("Europe/Oslo").toISODate()!;

/** The bot was added to a chat: in a meeting chat, link it to today's committee meeting and post the agenda and attendance. */
export async function handleBotAdded(e: TurnEnv, explicit?: { meetingId?: string }): Promise<void> {
  const { context, turn, bot } = e;
  const teamsMeetingId = teamsMeetingIdOf(context);
  const explicitMeetingId = explicit?.meetingId;
  // Added to a chat that is not a meeting chat: just say hello. The chair or coordinator can still link it by command.
  if (!teamsMeetingId && !explicit) {
    if (!turn.isPersonal) await context.sendActivity(t(turn.locale, "notice.welcomeChat"));
    return;
  }
  const tenantId = tenantOf(context);
  const linked = await linkMeeting(bot.deps.store, {
    conversationId: turn.conversationId,
    ref: TurnContext.getConversationReference(context.activity) as Record<string, unknown>,
    ...(teamsMeetingId ? { teamsMeetingId } : {}),
    serviceUrl: context.activity.serviceUrl,
    ...(tenantId ? { tenantId } : {}),
    date: osloDate(turn.op.at),
    ...(explicitMeetingId ? { meetingId: explicitMeetingId } : {}),
    ...(explicit ? { explicit: true } : {}),
    ...(turn.actor ? { actor: turn.actor } : {}),
    at: turn.op.at,
    opId: turn.op.id,
  });
  if (!linked.ok) {
    await context.sendActivity(reasonText(turn.locale, linked.reason));
    return;
  }
  await context.sendActivity(t(turn.locale, "notice.meetingLinked", { meetingId: linked.value.id, date: linked.value.date }));
  await postSharedCard(e, linked.value.id, "agenda");
  await postSharedCard(e, linked.value.id, "attendance");
}

export async function handleMeetingEvent(e: TurnEnv, kind: "start" | "end"): Promise<void> {
  const { context, turn, bot } = e;
  const meetingId = await linkedMeetingId(bot.deps.store, turn.conversationId);
  const { startTime, endTime } = readStartEnd(context);
  // A start in a chat not linked to a committee meeting links nothing: no one from the committee asked for it.
  if (!meetingId) return;
  const at = kind === "start" ? validIso(startTime) ?? turn.op.at : validIso(endTime) ?? turn.op.at;
  const r = await recordMeetingEvent(bot.deps.store, meetingId, kind, at, turn.op.id);
  if (!r.ok) bot.deps.log.warn({ code: r.reason.code }, "meeting event not recorded");
}

export async function handleParticipants(e: TurnEnv, joined: boolean): Promise<void> {
  const { context, turn, bot } = e;
  const meetingId = await linkedMeetingId(bot.deps.store, turn.conversationId);
  if (!meetingId) return;
  const teamsMeetingId = teamsMeetingIdOf(context);
  let changed = false;
  for (const p of readParticipants(context)) {
    const person = findByAadObjectId(bot.deps.roster, p.aadObjectId);
    if (!person) continue;
    // Someone who only joined (never wrote to the bot) must still get their own view of the cards (refresh.userIds).
    if (p.aadObjectId && p.userId.startsWith("29:")) {
      await rememberUser(bot.deps.store, { aadObjectId: p.aadObjectId, teamsUserId: p.userId, rosterId: person.id, at: turn.op.at });
    }
    // Join/leave are hints: where Teams can tell, ask it whether the person is in the meeting now.
    const inMeeting = (await confirmInMeeting(context, teamsMeetingId, p.aadObjectId ?? p.userId)) ?? p.inMeeting ?? joined;
    const r = await recordAttendance(
      bot.deps,
      { meetingId, personId: person.id, present: inMeeting, source: "event" },
      { id: `${turn.op.id}:${person.id}`, at: turn.op.at },
    );
    if (r.ok && r.value.changed) changed = true;
  }
  if (changed) {
    forgetRefreshCache(bot);
    scheduleSharedUpdate(bot, meetingId, "attendance");
    scheduleSharedUpdate(bot, meetingId, "currentCase");
  }
}

async function confirmInMeeting(context: TurnContext, teamsMeetingId: string | undefined, participantId: string): Promise<boolean | undefined> {
  if (!teamsMeetingId) return undefined;
  try {
    const info = await TeamsInfo.getMeetingParticipant(context, teamsMeetingId, participantId, tenantOf(context));
    const inMeeting = (info?.meeting as { inMeeting?: unknown } | undefined)?.inMeeting;
    return typeof inMeeting === "boolean" ? inMeeting : undefined;
  } catch {
    // 403 (app not in the meeting), 404 (meeting expired), or not available (channel meetings, the Playground).
    return undefined;
  }
}

function validIso(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const d = DateTime.fromISO(s);
  return d.isValid ? d.toUTC().toISO()! : undefined;
}

export type { ConversationReference };
