/**
 * The seam between the handlers and Teams: one turn as a small interface
 * (who, in what language, which operation; say something, send a card, answer
 * an invoke; this conversation's reference), built here, in one place, from
 * the Bot Framework's TurnContext. The handlers under src/teams/meeting and
 * src/teams/coordinator never see botbuilder; a move to the Teams SDK
 * (@microsoft/teams.apps) replaces this file, bot.ts and proactive.ts.
 *
 * Invoke answers: Teams AI v1 switches to REPLACE_FOR_ALL for good as soon as
 * a returned card has `refresh`, which would overwrite the shared card with
 * one user's view (docs/teams-quirks.md). Sending the invoke response
 * ourselves makes the library skip its own, so each user gets their own view.
 */
import { randomUUID } from "node:crypto";
import { ActivityTypes, CardFactory, MessageFactory, TeamsInfo, TurnContext, type Activity, type Attachment } from "botbuilder";
import { idPart, type Actor, type Op } from "../app/context.js";
import { findByAadObjectId } from "../app/people.js";
import type { ConversationRef } from "../app/ports.js";
import type { Roster } from "../domain/roster.js";
import { localeFrom, type Locale } from "../i18n/index.js";

export const CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
export const MESSAGE_CONTENT_TYPE = "application/vnd.microsoft.activity.message";

/** Who is acting in this turn, in which language, and the operation id and time for idempotent writes. */
export interface Turn {
  actor?: Actor;
  aadObjectId?: string;
  /** The sender's opaque "29:…" id. */
  teamsUserId?: string;
  locale: Locale;
  op: Op;
  conversationId: string;
  isPersonal: boolean;
  tenantId?: string;
  /** channelData.meeting.id, in a meeting chat. */
  teamsMeetingId?: string;
  serviceUrl: string;
}

/** A file or other attachment, as Teams carries it. */
export interface OutgoingAttachment {
  contentType: string;
  name?: string;
  content?: unknown;
  contentUrl?: string;
}

/** The attachment Teams adds to a message for each file a user sends the bot in a 1:1 chat (bots-filesv4). */
export const FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info";

/** A file a user sent in this message: its name and where the bot may download it (a short-lived, pre-authorized URL). */
export interface IncomingFile {
  name: string;
  downloadUrl: string;
  fileType?: string;
  uniqueId?: string;
}

/** The files of a message, from attachments of FILE_DOWNLOAD_INFO with a string name and download URL (anything else is ignored). */
export function incomingFiles(attachments: unknown): IncomingFile[] {
  if (!Array.isArray(attachments)) return [];
  return attachments.flatMap((att: unknown) => {
    const a = att as { contentType?: unknown; name?: unknown; content?: { downloadUrl?: unknown; fileType?: unknown; uniqueId?: unknown } };
    if (a?.contentType !== FILE_DOWNLOAD_INFO || typeof a.name !== "string" || typeof a.content?.downloadUrl !== "string") return [];
    if (a.name.length > 1024 || a.content.downloadUrl.length > 8192) return [];
    return [
      {
        name: a.name,
        downloadUrl: a.content.downloadUrl,
        ...(typeof a.content.fileType === "string" && a.content.fileType.length <= 16 ? { fileType: a.content.fileType } : {}),
        ...(typeof a.content.uniqueId === "string" && a.content.uniqueId.length <= 128 ? { uniqueId: a.content.uniqueId } : {}),
      },
    ];
  });
}

export interface TurnIO {
  readonly turn: Turn;
  /** Files the user sent with this message (1:1 chat; Teams' file download info attachments). */
  readonly files: IncomingFile[];
  /** The message text without the bot's mention (messages only). */
  readonly text: string | undefined;
  /** The activity's value (invokes and events). */
  readonly value: unknown;
  /** The card an invoke came from: its activity id in this conversation (Teams' replyToId), to update it in place later. */
  readonly replyToId: string | undefined;
  /** Ids of the members added (conversationUpdate), and the bot's own id. */
  readonly membersAdded: string[];
  readonly botId: string | undefined;
  readonly installAction: string | undefined;
  say(text: string): Promise<string | undefined>;
  sendCard(card: object, text?: string): Promise<string | undefined>;
  sendAttachment(attachment: OutgoingAttachment): Promise<void>;
  /** The acting user's answer to an invoke: their own view of the card. */
  answerCard(card: object): Promise<void>;
  /** A short message Teams shows to the user who clicked (refusals, validation errors). */
  answerMessage(text: string): Promise<void>;
  answerStatus(status: number): Promise<void>;
  /** This conversation, for proactive sends later. */
  reference(): ConversationRef;
  /** Whether Teams says the participant is in the meeting now; undefined when it cannot tell (403, 404, no meeting). */
  inMeeting(participantId: string): Promise<boolean | undefined>;
}

/** Teams stamps activities in UTC; a missing, malformed or far-off stamp is replaced by the server's clock. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export function readTurn(activity: Partial<Activity>, roster: Roster, now: Date): Turn {
  const a = activity;
  const aadObjectId = typeof a.from?.aadObjectId === "string" && a.from.aadObjectId.length <= 64 ? a.from.aadObjectId : undefined;
  const person = findByAadObjectId(roster, aadObjectId);
  const stamped = a.timestamp ? new Date(a.timestamp as unknown as string).getTime() : NaN;
  const at = Number.isFinite(stamped) && Math.abs(stamped - now.getTime()) < MAX_CLOCK_SKEW_MS ? new Date(stamped) : now;
  const clientLocale = a.locale ?? (a.entities?.find((e) => e.type === "clientInfo") as { locale?: string } | undefined)?.locale;
  const id = typeof a.id === "string" && a.id.length > 0 && a.id.length <= 256 ? a.id : randomUUID();
  const tenant = (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id ?? a.conversation?.tenantId;
  const meetingId = (a.channelData as { meeting?: { id?: unknown } } | undefined)?.meeting?.id;
  return {
    ...(person ? { actor: { person, ...(aadObjectId ? { aadObjectId } : {}) } } : {}),
    ...(aadObjectId ? { aadObjectId } : {}),
    ...(typeof a.from?.id === "string" ? { teamsUserId: a.from.id } : {}),
    locale: localeFrom(typeof clientLocale === "string" ? clientLocale : person?.locale),
    op: { id: idPart(`${a.conversation?.id ?? "?"}|${id}`), at: at.toISOString() },
    conversationId: String(a.conversation?.id ?? ""),
    isPersonal: a.conversation?.conversationType === "personal",
    ...(typeof tenant === "string" ? { tenantId: tenant } : {}),
    ...(typeof meetingId === "string" && meetingId.length <= 512 ? { teamsMeetingId: meetingId } : {}),
    serviceUrl: String(a.serviceUrl ?? ""),
  };
}

export function turnIO(context: TurnContext, roster: Roster, now: Date): TurnIO {
  const a = context.activity;
  const turn = readTurn(a, roster, now);
  const sendId = async (activity: Partial<Activity>) => (await context.sendActivity(activity))?.id;
  const invokeResponse = (body: unknown) => context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } }).then(() => undefined);
  return {
    turn,
    // Read when asked: the Application strips the bot's mention from the text while routing.
    get text() {
      return a.type === ActivityTypes.Message ? context.activity.text : undefined;
    },
    value: a.value,
    files: a.type === ActivityTypes.Message ? incomingFiles(a.attachments) : [],
    replyToId: typeof a.replyToId === "string" && a.replyToId.length > 0 && a.replyToId.length <= 256 ? a.replyToId : undefined,
    // Fields read from the wire are checked here: an activity can carry anything.
    membersAdded: Array.isArray(a.membersAdded) ? a.membersAdded.flatMap((m) => (typeof m?.id === "string" ? [m.id] : [])) : [],
    botId: typeof a.recipient?.id === "string" ? a.recipient.id : undefined,
    installAction: a.type === ActivityTypes.InstallationUpdate && typeof a.action === "string" ? a.action : undefined,
    say: (text) => sendId({ type: ActivityTypes.Message, text }),
    sendCard: (card, text) => sendId(cardMessage(card, text)),
    sendAttachment: async (attachment) => void (await context.sendActivity({ type: ActivityTypes.Message, attachments: [attachment as Attachment] })),
    answerCard: (card) => invokeResponse({ statusCode: 200, type: CARD_CONTENT_TYPE, value: card }),
    answerMessage: (text) => invokeResponse({ statusCode: 200, type: MESSAGE_CONTENT_TYPE, value: text }),
    answerStatus: async (status) => void (await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status } })),
    reference: () => TurnContext.getConversationReference(a) as unknown as ConversationRef,
    async inMeeting(participantId) {
      if (!turn.teamsMeetingId) return undefined;
      try {
        const info = await TeamsInfo.getMeetingParticipant(context, turn.teamsMeetingId, participantId, turn.tenantId);
        const inMeeting = (info?.meeting as { inMeeting?: unknown } | undefined)?.inMeeting;
        return typeof inMeeting === "boolean" ? inMeeting : undefined;
      } catch {
        // 403 (app not in the meeting), 404 (meeting expired), or not available (channel meetings, the Playground).
        return undefined;
      }
    },
  };
}

/** A message carrying one Adaptive Card. */
export function cardMessage(card: object, text?: string): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  if (text) activity.text = text;
  return activity;
}
