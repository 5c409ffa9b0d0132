/**
 * Proactive sends and updates (outside the user's turn): post a message or a
 * card into a conversation, update a posted card. Teams throttles per bot and
 * conversation; 429/412/5xx are retried with exponential backoff and jitter,
 * then reported to the caller.
 */
import { TeamsInfo, TurnContext as Turn, type ConversationReference, type TurnContext } from "botbuilder";
import type { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import type { ConversationRef } from "../app/ports.js";
import type { Logger } from "../log.js";
import { cardMessage, type OutgoingAttachment } from "./turn-io.js";
import { inSpan } from "../telemetry.js";

export interface SendResult {
  ok: boolean;
  activityId?: string;
  status?: number;
  code?: string;
}

/**
 * A targeted in-meeting notification: a dialog on the meeting stage for the
 * recipients only (their "29:" ids, at most 10), showing a page the app serves
 * (an https URL on the app's own domain, validDomains in the manifest).
 */
export interface InMeetingNotice {
  recipients: string[];
  title: string;
  url: string;
  width?: number;
  height?: number;
}

/** What the handlers send outside a turn; the only proactive path to Teams. */
export interface Sender {
  say(ref: ConversationRef, text: string): Promise<SendResult>;
  sendCard(ref: ConversationRef, card: object, text?: string): Promise<SendResult>;
  sendAttachment(ref: ConversationRef, attachment: OutgoingAttachment): Promise<SendResult>;
  updateCard(ref: ConversationRef, activityId: string, card: object): Promise<SendResult>;
  /**
   * Sends a targeted in-meeting notification (Teams' meeting notification API:
   * POST {serviceUrl}/v1/meetings/{meetingId}/notification). Not delivered
   * (ok: false) when Teams refuses it — 403 without the RSC permission or
   * outside a scheduled meeting, 404 for an expired meeting, 207 when a
   * recipient could not be reached — or the client has no such API (the
   * Agents Playground); the caller has already said it in the chat.
   */
  notifyInMeeting(ref: ConversationRef, teamsMeetingId: string, notice: InMeetingNotice): Promise<SendResult>;
  /**
   * Issue 14: opens the 1:1 chat with a person the app was just installed for
   * (the Bot Connector's createConversation, the member named by their Entra
   * object id); undefined when Teams would not open it.
   */
  openPersonalChat?(aadObjectId: string): Promise<ConversationRef | undefined>;
}

const RETRYABLE = new Set([412, 429, 500, 502, 503, 504]);

export interface ProactiveOptions {
  botAppId: string;
  /** Where new 1:1 chats are opened (config TEAMS_SERVICE_URL) and for which tenant (BOT_TENANT_ID); issue 14. */
  serviceUrl?: string;
  tenantId?: string;
  maxAttempts?: number;
  baseDelayMs?: number;
}

export class Proactive implements Sender {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;

  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly log: Logger,
    private readonly options: ProactiveOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 250;
  }

  say(ref: ConversationRef, text: string): Promise<SendResult> {
    return this.send(ref, { type: "message", text });
  }

  sendCard(ref: ConversationRef, card: object, text?: string): Promise<SendResult> {
    return this.send(ref, cardMessage(card, text));
  }

  sendAttachment(ref: ConversationRef, attachment: OutgoingAttachment): Promise<SendResult> {
    return this.send(ref, { type: "message", attachments: [attachment] } as object);
  }

  updateCard(ref: ConversationRef, activityId: string, card: object): Promise<SendResult> {
    const activity = cardMessage(card);
    activity.id = activityId;
    return this.withRetry("update", ref, async (ctx) => {
      await ctx.updateActivity(activity);
      return activityId;
    });
  }

  notifyInMeeting(ref: ConversationRef, teamsMeetingId: string, notice: InMeetingNotice): Promise<SendResult> {
    const notification = {
      type: "targetedMeetingNotification" as const,
      value: {
        recipients: notice.recipients.slice(0, 10),
        surfaces: [
          {
            surface: "meetingStage" as const,
            contentType: "task" as const,
            content: { value: { height: String(notice.height ?? 300), width: String(notice.width ?? 400), title: notice.title, url: notice.url } },
          },
        ],
      },
    };
    return this.withRetry("notify", ref, async (ctx) => {
      const answer = await TeamsInfo.sendMeetingNotification(ctx, notification, teamsMeetingId);
      const failed = answer?.recipientsFailureInfo ?? [];
      // 207: Teams took the request but could not reach a recipient (e.g. not in the meeting).
      if (failed.length > 0)
        throw Object.assign(new Error("meeting notification not delivered"), { statusCode: 207, code: String(failed[0]?.errorCode ?? "RecipientFailed") });
      return undefined;
    });
  }

  async openPersonalChat(aadObjectId: string): Promise<ConversationRef | undefined> {
    const serviceUrl = this.options.serviceUrl;
    if (!serviceUrl) return undefined;
    const tenantId = this.options.tenantId;
    let ref: ConversationRef | undefined;
    try {
      await this.adapter.createConversationAsync(
        this.options.botAppId,
        "msteams",
        serviceUrl,
        "https://api.botframework.com",
        {
          isGroup: false,
          bot: { id: this.options.botAppId, name: "Komitébot" },
          members: [{ id: aadObjectId, name: "" }],
          ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
        } as never,
        async (ctx) => {
          const r = Turn.getConversationReference(ctx.activity) as ConversationRef;
          ref = { ...r, user: { id: aadObjectId, aadObjectId }, ...(tenantId ? { conversation: { ...(r.conversation as object), tenantId } } : {}) };
        },
      );
    } catch (err) {
      this.log.warn({ what: "openPersonalChat", status: statusOf(err), code: codeOf(err) }, "teams call failed");
      return undefined;
    }
    return ref;
  }

  private send(ref: ConversationRef, activity: object): Promise<SendResult> {
    return this.withRetry("send", ref, async (ctx) => (await ctx.sendActivity(activity))?.id);
  }

  private withRetry(what: string, ref: ConversationRef, work: (ctx: TurnContext) => Promise<string | undefined>): Promise<SendResult> {
    // One span per outgoing send: its kind and how it ended (status, attempts), never the content or the conversation.
    return inSpan("teams.send", { "komitebot.send.kind": what }, async (span) => {
      const r = await this.attempts(what, ref, work);
      span.set({ "komitebot.send.ok": r.ok, "http.response.status_code": r.status, "komitebot.send.code": r.code });
      return r;
    });
  }

  private async attempts(what: string, ref: ConversationRef, work: (ctx: TurnContext) => Promise<string | undefined>): Promise<SendResult> {
    let last: SendResult = { ok: false };
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        let id: string | undefined;
        let failure: unknown;
        // The adapter hands errors thrown in the logic to its onTurnError and resolves: catch them here, or a
        // failed send would look delivered.
        await this.adapter.continueConversationAsync(this.options.botAppId, ref as Partial<ConversationReference>, async (ctx) => {
          try {
            id = await work(ctx);
          } catch (err) {
            failure = err;
          }
        });
        if (failure !== undefined) throw failure;
        return id ? { ok: true, activityId: id } : { ok: true };
      } catch (err) {
        const status = statusOf(err);
        last = { ok: false, ...(status ? { status } : {}), ...(codeOf(err) ? { code: codeOf(err)! } : {}) };
        const retryable = status === undefined || RETRYABLE.has(status);
        this.log.warn({ what, attempt, status, code: last.code, conversation: hashRef(ref) }, "teams call failed");
        if (!retryable || attempt === this.maxAttempts) break;
        const delay = Math.min(8_000, this.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    return last;
  }
}

function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  const s = e?.statusCode ?? e?.status ?? e?.response?.status;
  return typeof s === "number" ? s : undefined;
}

function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; body?: { error?: { code?: unknown } } };
  const c = e?.body?.error?.code ?? e?.code;
  return typeof c === "string" ? c.slice(0, 64) : undefined;
}

/** Logs carry a short, non-identifying handle for the conversation. */
function hashRef(ref: ConversationRef): string {
  const id = String((ref as { conversation?: { id?: unknown } }).conversation?.id ?? "");
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}
