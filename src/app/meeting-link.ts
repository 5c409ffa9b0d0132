/**
 * Linking a Teams meeting chat to a committee meeting, and recording the
 * meeting's start and end as Teams reports them.
 */
import type { Meeting } from "../domain/meeting.js";
import { fail, ok, type Result } from "../domain/result.js";
import type { Actor } from "./actor.js";
import { appendAudit } from "./audit.js";
import { getConversation, rememberConversation, type ConversationRef } from "./conversations.js";
import { toMeetingDoc, type MeetingDoc } from "./meeting-store.js";
import type { DocumentStore } from "./ports.js";

const COMMITTEE_ROLES: ReadonlySet<string> = new Set(["chair", "coordinator", "member", "substitute", "observer"]);

export async function meetingsOn(store: DocumentStore, date: string): Promise<Meeting[]> {
  return store.queryAll<MeetingDoc>("meetings", "SELECT * FROM c WHERE c.type = 'meeting' AND c.date = @date", [{ name: "@date", value: date }]);
}

export async function getMeeting(store: DocumentStore, meetingId: string): Promise<Meeting | undefined> {
  return (await store.get<MeetingDoc>("meetings", meetingId, meetingId))?.doc;
}

export async function saveNewMeeting(store: DocumentStore, meeting: Meeting): Promise<boolean> {
  return store.createIfAbsent<MeetingDoc>("meetings", toMeetingDoc(meeting));
}

/** The committee meeting a Teams conversation is linked to, if any. */
export async function linkedMeetingId(store: DocumentStore, conversationId: string): Promise<string | undefined> {
  return (await getConversation(store, conversationId))?.meetingId;
}

/**
 * Links a meeting chat to the committee meeting of `date` (Europe/Oslo), or to
 * `meetingId` when the chair or coordinator names one. With several meetings
 * on one day, the chair must name one.
 */
export async function linkMeeting(
  store: DocumentStore,
  input: {
    conversationId: string;
    ref: ConversationRef;
    teamsMeetingId?: string;
    serviceUrl?: string;
    tenantId?: string;
    date: string;
    meetingId?: string;
    /** Asked for by command ("koble møte"): only the chair or coordinator, and it may move the link to this chat. */
    explicit?: boolean;
    actor?: Actor;
    at: string;
    opId: string;
  },
): Promise<Result<Meeting>> {
  const role = input.actor?.person.role;
  const leads = role === "chair" || role === "coordinator";
  if ((input.explicit || input.meetingId) && !leads) return fail("error.notChairOrCoordinator");
  // Linking by itself (the bot added to a meeting chat) needs someone from the committee to have added it.
  if (!input.explicit && !(role && COMMITTEE_ROLES.has(role))) return fail("error.linkNeedsCommittee");
  let meeting: Meeting | undefined;
  if (input.meetingId) {
    meeting = await getMeeting(store, input.meetingId);
    if (!meeting) return fail("error.meetingNotFound", { meetingId: input.meetingId });
  } else {
    const candidates = await meetingsOn(store, input.date);
    if (candidates.length === 0) return fail("error.noMeetingToday", { date: input.date });
    if (candidates.length > 1) return fail("error.severalMeetingsToday", { date: input.date, ids: candidates.map((m) => m.id).join(", ") });
    meeting = candidates[0]!;
  }
  // A meeting already linked to another chat moves only on the chair's or coordinator's command: the
  // committee's cards must never follow the bot into some other chat.
  if (meeting.teams?.conversationId && meeting.teams.conversationId !== input.conversationId && !(input.explicit && leads)) {
    return fail("error.meetingLinkedElsewhere", { meetingId: meeting.id });
  }
  const teams = {
    conversationId: input.conversationId,
    ...(input.teamsMeetingId ? { meetingId: input.teamsMeetingId } : {}),
    ...(input.serviceUrl ? { serviceUrl: input.serviceUrl } : {}),
    ...(input.tenantId ? { tenantId: input.tenantId } : {}),
  };
  const updated = await store.update<MeetingDoc>("meetings", meeting.id, meeting.id, (m) =>
    m && JSON.stringify(m.teams) !== JSON.stringify(teams) ? { ...m, teams } : undefined,
  );
  await rememberConversation(store, {
    conversationId: input.conversationId,
    ref: input.ref,
    meetingId: meeting.id,
    ...(input.teamsMeetingId ? { teamsMeetingId: input.teamsMeetingId } : {}),
    at: input.at,
  });
  await appendAudit(store, {
    id: `meeting.linked:${input.opId}`,
    scope: meeting.id,
    at: input.at,
    actor: input.actor ? { rosterId: input.actor.person.id, ...(input.actor.aadObjectId ? { aadObjectId: input.actor.aadObjectId } : {}) } : {},
    action: "meeting.linked",
    meetingId: meeting.id,
    summary: { after: "linked to Teams meeting chat" },
  });
  return ok(updated?.doc ?? { ...meeting, teams });
}

export async function recordMeetingEvent(store: DocumentStore, meetingId: string, kind: "start" | "end", at: string, opId: string): Promise<Result<Meeting>> {
  const field = kind === "start" ? "startedAt" : "endedAt";
  const updated = await store.update<MeetingDoc>("meetings", meetingId, meetingId, (m) => (m && !m[field] ? { ...m, [field]: at } : undefined));
  if (!updated) return fail("error.meetingNotFound", { meetingId });
  // The first start (end) wins; a repeated event changes nothing, so it is audited once per meeting
  // (keyed by the meeting, not the delivery, so a retry after a failure part-way still writes it).
  const recorded = updated.doc[field] ?? at;
  await appendAudit(store, {
    id: `meeting.${kind}:${meetingId}`,
    scope: meetingId,
    at: recorded,
    actor: {},
    action: kind === "start" ? "meeting.started" : "meeting.ended",
    meetingId,
    summary: { after: recorded },
  });
  void opId;
  return ok(updated.doc);
}
