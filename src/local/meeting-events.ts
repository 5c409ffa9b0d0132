/**
 * The meeting events the Agents Playground cannot produce (it has no meetings):
 * participant join/leave and meeting start/end, built as Teams sends them
 * (names, PascalCase start/end payloads, channelData.meeting.id — see
 * STACK-NOTES) and injected through the playground's custom-activity endpoint,
 * which forwards them to the bot like any other activity (and shows them in its
 * log panel).
 */
import { randomUUID } from "node:crypto";
import type { Person } from "../domain/roster.js";
import { LOCAL_TEAMS_MEETING_ID, LOCAL_TENANT_ID, MEETING_CHAT_ID, LOCAL_BOT, teamsUserId } from "./playground-config.js";

export const EVENT_NAMES = {
  join: "application/vnd.microsoft.meetingParticipantJoin",
  leave: "application/vnd.microsoft.meetingParticipantLeave",
  start: "application/vnd.microsoft.meetingStart",
  end: "application/vnd.microsoft.meetingEnd",
} as const;

export type MeetingEventKind = keyof typeof EVENT_NAMES;

export interface EventTarget {
  /** Where the bot sends its replies (the relay's connector). */
  serviceUrl: string;
  conversationId?: string;
  title?: string;
}

function base(t: EventTarget, name: string, value: object) {
  const now = new Date().toISOString();
  return {
    type: "event",
    name,
    id: `local-event-${randomUUID()}`,
    timestamp: now,
    localTimestamp: now,
    channelId: "msteams",
    serviceUrl: t.serviceUrl,
    // Teams sends meeting events from the meeting's system identity, not from a person.
    from: { id: "29:meeting-system", name: "Microsoft Teams" },
    recipient: LOCAL_BOT,
    conversation: { id: t.conversationId ?? MEETING_CHAT_ID, isGroup: true, conversationType: "groupChat", tenantId: LOCAL_TENANT_ID },
    channelData: { tenant: { id: LOCAL_TENANT_ID }, meeting: { id: LOCAL_TEAMS_MEETING_ID } },
    value,
  };
}

export function participantEvent(t: EventTarget, kind: "join" | "leave", people: Person[]) {
  return base(t, EVENT_NAMES[kind], {
    members: people.map((p) => ({
      user: { id: teamsUserId(p), aadObjectId: p.aadObjectId, name: p.name, tenantId: LOCAL_TENANT_ID, userRole: "user" },
      meeting: { inMeeting: kind === "join", role: p.role === "chair" ? "Organizer" : "Attendee" },
    })),
  });
}

export function startEndEvent(t: EventTarget, kind: "start" | "end") {
  const now = new Date().toISOString();
  return base(t, EVENT_NAMES[kind], {
    Id: LOCAL_TEAMS_MEETING_ID,
    MeetingType: "Scheduled",
    JoinUrl: "https://teams.microsoft.com/l/meetup-join/lokal",
    Title: t.title ?? "Vurderingskomiteen",
    ...(kind === "start" ? { StartTime: now } : { EndTime: now }),
  });
}

/** Sends an activity through the playground's custom-activity endpoint. */
export async function injectThroughPlayground(playgroundUrl: string, activity: object): Promise<void> {
  const res = await fetch(`${playgroundUrl}/_internal/v1/customActivities`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activity),
  });
  if (!res.ok) throw new Error(`the playground refused the activity (HTTP ${res.status}: ${(await res.text()).slice(0, 200)})`);
}
