/**
 * POST /api/messages: hands the request to the Bot Framework adapter (which
 * validates the JWT in Azure mode) and the bot's turn logic.
 */
import type { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import type { Handler } from "../http/server.js";
import type { Logger } from "../log.js";
import type { Bot } from "./bot.js";

export function messagesHandler(adapter: TeamsAdapter, bot: Bot, log: Logger): Handler {
  return async (req) => {
    if (typeof req.body !== "object" || req.body === null || Array.isArray(req.body)) return { status: 400, body: { error: "activity must be a JSON object" } };
    // Teams always sends these; without them the adapter fails inside the turn (500, or an error
    // after the turn when it cannot reply) instead of refusing the activity.
    if (!isActivityShaped(req.body as Record<string, unknown>)) return { status: 400, body: { error: "not a valid activity" } };
    let status = 200;
    let body: unknown = undefined;
    const res = {
      socket: undefined,
      status(code: number) {
        status = code;
        return res;
      },
      header() {
        return res;
      },
      send(b: unknown) {
        body = b;
        return res;
      },
      end() {
        return res;
      },
    };
    try {
      await adapter.process({ body: req.body as Record<string, unknown>, headers: req.headers as Record<string, string>, method: "POST" }, res, (context) =>
        bot.handle(context),
      );
    } catch (err) {
      // The adapter rejects malformed activities (its own schema) by throwing: that's a bad request, not a crash.
      log.info({ err: (err as Error)?.name }, "activity refused by the adapter");
      return { status: 400, body: { error: "not a valid activity" } };
    }
    if (status >= 500) log.error({ status }, "adapter answered with a server error");
    return { status, ...(body !== undefined ? { body: status >= 500 ? { error: "internal error" } : body } : {}) };
  };
}

const hasStringId = (x: unknown): boolean => typeof x === "object" && x !== null && typeof (x as { id?: unknown }).id === "string";

/** The fields every Bot Framework activity from Teams carries and every reply needs. */
function isActivityShaped(a: Record<string, unknown>): boolean {
  if (typeof a.type !== "string" || typeof a.channelId !== "string" || typeof a.serviceUrl !== "string") return false;
  // A reply names the activity it answers by id: one that is not a string cannot be answered (botbuilder throws).
  if (a.id !== undefined && typeof a.id !== "string") return false;
  if (!hasStringId(a.conversation) || !hasStringId(a.from) || !hasStringId(a.recipient)) return false;
  // A reply carries the activity's id as its replyToId: one that is not a string makes every reply fail, also the error reply.
  if (a.id !== undefined && typeof a.id !== "string") return false;
  try {
    const url = new URL(a.serviceUrl);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
