/**
 * POST /api/messages: hands the request to the Bot Framework adapter (which
 * validates the JWT in Azure mode) and the bot's turn logic.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { KomitebotAdapter } from "./adapter.js";
import type { Handler } from "../http/server.js";
import type { Logger } from "../log.js";
import type { Bot } from "./bot.js";

/**
 * What the Bot Framework prints itself while it handles a request: botbuilder's
 * CloudAdapter and JWT validation write to console.error/warn (an
 * authentication failure as a raw stack, with parts of the token's key
 * lookup). Inside the adapter's answer those calls are taken from the console and
 * become one structured log line per request (error types and the status,
 * never their text); elsewhere the console is left alone.
 */
interface AdapterOutput {
  errors: string[];
}
const adapterOutput = new AsyncLocalStorage<AdapterOutput>();
let consoleRouted = false;

function routeAdapterConsole(): void {
  if (consoleRouted) return;
  consoleRouted = true;
  for (const level of ["error", "warn"] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      const out = adapterOutput.getStore();
      if (!out) return original(...args);
      for (const a of args) out.errors.push(a instanceof Error ? a.name : typeof a === "string" ? "message" : typeof a);
    };
  }
}

export function messagesHandler(adapter: KomitebotAdapter, bot: Bot, log: Logger): Handler {
  routeAdapterConsole();
  return async (req) => {
    if (typeof req.body !== "object" || req.body === null || Array.isArray(req.body)) return { status: 400, body: { error: "activity must be a JSON object" } };
    // Teams always sends these; without them the adapter fails inside the turn (500, or an error
    // after the turn when it cannot reply) instead of refusing the activity.
    if (!isActivityShaped(req.body as Record<string, unknown>)) return { status: 400, body: { error: "not a valid activity" } };
    const printed: AdapterOutput = { errors: [] };
    const headers = req.headers as Record<string, string | undefined>;
    const authHeader = headers.authorization ?? headers.Authorization ?? "";
    let status: number;
    let body: unknown;
    try {
      ({ status, body } = await adapterOutput.run(printed, () =>
        adapter.answer(authHeader, req.body as Record<string, unknown>, (context) => bot.handle(context)),
      ));
    } catch (err) {
      // Nothing above the turn should throw; should it, that's a bad request, not a crash.
      log.info({ err: (err as Error)?.name }, "activity refused by the adapter");
      return { status: 400, body: { error: "not a valid activity" } };
    }
    if (status === 401 || status === 403) {
      // Authentication failed (no, forged, expired or foreign token): one line, no token content; the caller gets no detail either.
      log.warn({ status, printed: printed.errors }, "request refused by Bot Framework authentication");
      return { status, body: { error: "unauthorized" } };
    }
    if (printed.errors.length > 0) log.warn({ status, printed: printed.errors }, "the Bot Framework adapter reported errors");
    if (status >= 500) log.error({ status }, "adapter answered with a server error");
    return { status, ...(body !== undefined ? { body: status >= 500 ? { error: "internal error" } : body } : {}) };
  };
}

const hasStringId = (x: unknown): boolean => typeof x === "object" && x !== null && typeof (x as { id?: unknown }).id === "string";

/** The fields every Bot Framework activity from Teams carries and every reply needs. */
function isActivityShaped(a: Record<string, unknown>): boolean {
  if (typeof a.type !== "string" || typeof a.channelId !== "string" || typeof a.serviceUrl !== "string") return false;
  // A reply names the activity it answers by id (its replyToId): one that is not a string cannot be answered, not
  // even with the error reply (botbuilder throws).
  if (a.id !== undefined && typeof a.id !== "string") return false;
  if (!hasStringId(a.conversation) || !hasStringId(a.from) || !hasStringId(a.recipient)) return false;
  try {
    const url = new URL(a.serviceUrl);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
