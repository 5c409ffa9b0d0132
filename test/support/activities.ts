/**
 * Activity shapes as Teams sends them to a bot (channel "msteams"): messages in
 * a meeting chat and in personal chat, Action.Execute invokes, conversation and
 * installation updates, and the four meeting events with their real names and
 * field casing (see ../shared/STACK-NOTES.md).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import { OSLO, TestClock } from "./clock.js";

export const TENANT = "8f3e0a0e-0000-4000-8000-00000000beef";
export const BOT = { id: "28:komitebot", name: "Komitébot" };
export const MEETING_CHAT = "19:meeting_NjQ4ZjA1YjYtY2FmMS00@thread.v2";
export const TEAMS_MEETING_ID = "MCMxOTptZWV0aW5nX05qUTRaakExWWpZdFkyRm1NUzAw";

export interface Who {
  aadObjectId: string;
  name: string;
  locale?: string;
}

/**
 * A person's Teams user id ("29:…"), as opaque as Teams makes it: random per
 * test run, stable per person within it, and never derived from the Entra
 * object id (the app must match people on aadObjectId, not on this id).
 */
const teamsIds = new Map<string, string>();
export function teamsUserIdOf(aadObjectId: string): string {
  let id = teamsIds.get(aadObjectId.toLowerCase());
  if (!id) {
    id = `29:1${randomBytes(42).toString("base64url")}`;
    teamsIds.set(aadObjectId.toLowerCase(), id);
  }
  return id;
}

let seq = 1_700_000_000_000;
const nextId = () => String(++seq);

/**
 * Teams stamps every activity with the time it sent it, and the app takes that
 * stamp only when it is within minutes of its own clock. So activities are
 * stamped from the test's clock: a BotHarness installs its own while it runs.
 */
let stampClock: () => Date = new TestClock().now;

/** Stamps the activities built from now on with this clock; returns a function that puts the previous one back. */
export function stampActivitiesWith(now: () => Date): () => void {
  const previous = stampClock;
  stampClock = now;
  return () => {
    if (stampClock === now) stampClock = previous;
  };
}

const stamp = () => stampClock().toISOString();
/** What Teams sends as localTimestamp: the same instant with the user's offset (Oslo here). */
const localStamp = () => DateTime.fromJSDate(stampClock(), { zone: OSLO }).toISO()!;

function base<X extends Record<string, unknown>>(serviceUrl: string, from: Who | undefined, conversation: Record<string, unknown>, extra: X = {} as X) {
  const locale = from?.locale ?? "nb-NO";
  return {
    id: nextId(),
    timestamp: stamp(),
    localTimestamp: localStamp(),
    serviceUrl,
    channelId: "msteams",
    from: from ? { id: teamsUserIdOf(from.aadObjectId), name: from.name, aadObjectId: from.aadObjectId } : { id: "29:unknown" },
    conversation: { tenantId: TENANT, ...conversation },
    recipient: BOT,
    locale,
    entities: [{ type: "clientInfo", locale, country: "NO", platform: "Web", timezone: "Europe/Oslo" }],
    channelData: { tenant: { id: TENANT }, ...((extra.channelData as object) ?? {}) },
    ...(Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "channelData")) as Omit<X, "channelData">),
  };
}

const meetingConversation = { id: MEETING_CHAT, isGroup: true, conversationType: "groupChat" };
const meetingChannelData = { meeting: { id: TEAMS_MEETING_ID } };

export function meetingMessage(serviceUrl: string, from: Who, text: string) {
  return base(serviceUrl, from, meetingConversation, {
    type: "message",
    text: `<at>Komitébot</at> ${text}`,
    textFormat: "plain",
    entities: [
      { type: "mention", text: "<at>Komitébot</at>", mentioned: BOT },
      { type: "clientInfo", locale: from.locale ?? "nb-NO", country: "NO", platform: "Web", timezone: "Europe/Oslo" },
    ],
    channelData: meetingChannelData,
  });
}

export function personalMessage(serviceUrl: string, from: Who, text: string) {
  return base(serviceUrl, from, { id: `a:1on1-${from.aadObjectId}`, conversationType: "personal" }, { type: "message", text, textFormat: "plain" });
}

/**
 * Files sent to the bot in the 1:1 chat, as Teams delivers them (bots-filesv4):
 * one attachment "application/vnd.microsoft.teams.file.download.info" per file,
 * with a short-lived download URL, the file's unique id and its type.
 */
export function personalFilesMessage(serviceUrl: string, from: Who, files: { name: string; downloadUrl: string; fileType?: string }[]) {
  return base(
    serviceUrl,
    from,
    { id: `a:1on1-${from.aadObjectId}`, conversationType: "personal" },
    {
      type: "message",
      text: "",
      textFormat: "plain",
      attachments: files.map((f) => ({
        contentType: "application/vnd.microsoft.teams.file.download.info",
        contentUrl: `https://contoso-my.sharepoint.com/personal/coordinator/Documents/Microsoft Teams Chat Files/${encodeURIComponent(f.name)}`,
        name: f.name,
        content: { downloadUrl: f.downloadUrl, uniqueId: randomUUID().toUpperCase(), fileType: f.fileType ?? f.name.split(".").pop() ?? "" },
      })),
    },
  );
}

export function cardAction(serviceUrl: string, from: Who, verb: string, data: Record<string, unknown>, opts: { replyToId?: string; personal?: boolean } = {}) {
  const conversation = opts.personal ? { id: `a:1on1-${from.aadObjectId}`, conversationType: "personal" } : meetingConversation;
  return base(serviceUrl, from, conversation, {
    type: "invoke",
    name: "adaptiveCard/action",
    replyToId: opts.replyToId ?? "act-1",
    value: { action: { type: "Action.Execute", id: randomUUID(), verb, data }, trigger: verb.startsWith("refresh") ? "automatic" : "manual" },
    channelData: opts.personal ? { source: { name: "message" } } : { ...meetingChannelData, source: { name: "message" } },
  });
}

export function botAddedToMeeting(serviceUrl: string, by: Who) {
  return base(serviceUrl, by, meetingConversation, {
    type: "conversationUpdate",
    membersAdded: [{ id: BOT.id }],
    channelData: meetingChannelData,
  });
}

export function installationUpdate(serviceUrl: string, from: Who, action: "add" | "remove" = "add") {
  return base(
    serviceUrl,
    from,
    { id: `a:1on1-${from.aadObjectId}`, conversationType: "personal" },
    {
      type: "installationUpdate",
      action,
    },
  );
}

export function meetingStart(serviceUrl: string, title = "Vurderingskomiteen") {
  return base(serviceUrl, undefined, meetingConversation, {
    type: "event",
    name: "application/vnd.microsoft.meetingStart",
    value: { Id: TEAMS_MEETING_ID, MeetingType: "Scheduled", JoinUrl: "https://teams.microsoft.com/l/meetup-join/x", Title: title, StartTime: stamp() },
    channelData: meetingChannelData,
  });
}

export function meetingEnd(serviceUrl: string, title = "Vurderingskomiteen") {
  return base(serviceUrl, undefined, meetingConversation, {
    type: "event",
    name: "application/vnd.microsoft.meetingEnd",
    value: { Id: TEAMS_MEETING_ID, MeetingType: "Scheduled", JoinUrl: "https://teams.microsoft.com/l/meetup-join/x", Title: title, EndTime: stamp() },
    channelData: meetingChannelData,
  });
}

export function participantJoin(serviceUrl: string, who: Who[]) {
  return participantEvent(serviceUrl, "application/vnd.microsoft.meetingParticipantJoin", who, true);
}

export function participantLeave(serviceUrl: string, who: Who[]) {
  return participantEvent(serviceUrl, "application/vnd.microsoft.meetingParticipantLeave", who, false);
}

function participantEvent(serviceUrl: string, name: string, who: Who[], inMeeting: boolean) {
  return base(serviceUrl, undefined, meetingConversation, {
    type: "event",
    name,
    value: {
      members: who.map((w) => ({
        user: { id: teamsUserIdOf(w.aadObjectId), aadObjectId: w.aadObjectId, name: w.name, tenantId: TENANT, userRole: "user" },
        meeting: { inMeeting, role: "Attendee" },
      })),
    },
    channelData: meetingChannelData,
  });
}
