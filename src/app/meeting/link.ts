/**
 * Linking a Teams meeting chat to a committee meeting, and recording the
 * meeting's start and end as Teams reports them.
 */
import type { AppResult } from "../reason-codes.js";
import type { Meeting } from "../../domain/meeting.js";
import { fail, ok, type Result } from "../../domain/result.js";
import { audit } from "../audit.js";
import { leadsMeeting, type Actor, type Op } from "../context.js";
import type { ConversationRef } from "../ports.js";
import type { AppServices } from "../services.js";

const COMMITTEE_ROLES: ReadonlySet<string> = new Set(["chair", "coordinator", "member", "substitute", "observer"]);

/** The committee meeting a Teams conversation is linked to, if any. */
export async function linkedMeetingId(svc: Pick<AppServices, "directory">, conversationId: string): Promise<string | undefined> {
  return (await svc.directory.conversation(conversationId))?.meetingId;
}

/**
 * Links a meeting chat to the committee meeting of `date` (Europe/Oslo), or to
 * `meetingId` when the chair or coordinator names one. With several meetings
 * on one day, the chair must name one.
 */
export async function linkMeeting(
  svc: AppServices,
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
  },
  op: Op,
): Promise<AppResult<Meeting>> {
  const leads = leadsMeeting(input.actor);
  if ((input.explicit || input.meetingId) && !leads) return fail("error.notChairOrCoordinator");
  // Linking by itself (the bot added to a meeting chat) needs someone from the committee to have added it.
  const role = input.actor?.person.role;
  if (!input.explicit && !(role && COMMITTEE_ROLES.has(role))) return fail("error.linkNeedsCommittee");
  let meeting: Meeting | undefined;
  if (input.meetingId) {
    meeting = await svc.meetings.get(input.meetingId);
    if (!meeting) return fail("error.meetingNotFound", { meetingId: input.meetingId });
  } else {
    const candidates = await svc.meetings.on(input.date);
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
  const updated = await svc.meetings.change(meeting.id, (m) => (JSON.stringify(m.teams) !== JSON.stringify(teams) ? { ...m, teams } : undefined));
  await svc.directory.rememberConversation({
    conversationId: input.conversationId,
    ref: input.ref,
    meetingId: meeting.id,
    ...(input.teamsMeetingId ? { teamsMeetingId: input.teamsMeetingId } : {}),
    at: op.at,
  });
  await audit(svc.audit, { op, doer: input.actor, action: "meeting.linked", meetingId: meeting.id, after: "linked to Teams meeting chat" });
  return ok(updated ?? { ...meeting, teams });
}

/**
 * Records the meeting's start or end. The first start (end) wins; a repeated
 * event changes nothing; the end also clears the case in hand, so it is audited once per meeting (keyed by the
 * meeting, not the delivery, so a retry after a failure part-way still writes it).
 */
export async function recordMeetingEvent(
  svc: AppServices,
  input: { meetingId: string; kind: "start" | "end"; at: string },
  op: Op,
): Promise<AppResult<Meeting>> {
  const field = input.kind === "start" ? "startedAt" : "endedAt";
  const updated = await svc.meetings.change(input.meetingId, (m) => {
    if (m[field]) return undefined;
    if (input.kind === "start") return { ...m, startedAt: input.at };
    // The meeting is over: no case is in hand any more (the agenda shows none as under consideration).
    const { currentCaseId: _ended, ...rest } = m;
    return { ...rest, endedAt: input.at };
  });
  if (!updated) return fail("error.meetingNotFound", { meetingId: input.meetingId });
  const recorded = updated[field] ?? input.at;
  await audit(svc.audit, {
    op,
    key: input.meetingId,
    at: recorded,
    doer: undefined,
    action: input.kind === "start" ? "meeting.started" : "meeting.ended",
    meetingId: input.meetingId,
    after: recorded,
  });
  return ok(updated);
}
