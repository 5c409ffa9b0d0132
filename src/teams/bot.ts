/**
 * The Teams AI v1 Application: receives every activity, checks the tenant,
 * claims it (so a redelivery runs once), builds the turn (src/teams/turn-io.ts)
 * and routes it to the tables and handlers: card verbs (card-verbs.ts), chat
 * commands (commands.ts), meeting events and installs (meeting/events.ts),
 * file consent (coordinator/files.ts). Every rule is enforced in the use cases
 * (src/app); handlers only translate.
 */
// Deep imports: the package index also loads the AI planners and tokenizers (~30 MB of memory) this bot never uses.
import { Application } from "@microsoft/teams-ai/lib/Application.js";
import { TurnState } from "@microsoft/teams-ai/lib/TurnState.js";
import type { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import { ActivityTypes, type TurnContext } from "botbuilder";
import { idPart } from "../app/context.js";
import { StoreUnavailableError } from "../app/ports.js";
import { t } from "../i18n/index.js";
import { handleCardAction, VERB_LIST } from "./card-verbs.js";
import { handleCommand } from "./commands.js";
import type { TeamsApp, TurnEnv } from "./context.js";
import { handleIncomingFiles } from "./coordinator/documents.js";
import { handleFileConsent } from "./coordinator/files.js";
import { handleBotAdded, handleMeetingEvent, handleParticipants } from "./meeting/events.js";
import { MEETING_END, MEETING_START, PARTICIPANT_JOIN, PARTICIPANT_LEAVE } from "./meeting-events.js";
import { openPersonalChat } from "./personal-chat.js";
import { watchMeetingTime } from "./meeting/time-warning.js";
import { turnIO, type TurnIO } from "./turn-io.js";
import { inSpan } from "../telemetry.js";

export interface Bot {
  app: Application<TurnState>;
  /** Runs one turn: tenant check, claim, then the routes. */
  handle(context: TurnContext): Promise<void>;
}

export interface BotOptions {
  botAppId: string;
  allowedTenantIds: readonly string[];
}

const isEvent = (name: string) => async (context: TurnContext) => context.activity.type === ActivityTypes.Event && context.activity.name === name;

export function createBot(adapter: TeamsAdapter, teams: TeamsApp, options: BotOptions): Bot {
  const { svc, log } = teams;
  const app = new Application<TurnState>({
    adapter,
    ...(options.botAppId ? { botAppId: options.botAppId } : {}),
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });
  // The turn is built once per activity (bot.handle) and found again by the routes.
  const turns = new WeakMap<TurnContext, TurnIO>();
  const env = (context: TurnContext): TurnEnv => ({ io: turns.get(context) ?? turnIO(context, svc.roster, svc.now()), app: teams });

  app.adaptiveCards.actionExecute(VERB_LIST, async (context) => {
    await handleCardAction(env(context));
    return "";
  });
  // An adaptiveCard/action with a verb no card has: say so (not a dispatcher: the table above is the only one).
  app.addRoute(
    async (c) => c.activity.type === ActivityTypes.Invoke && c.activity.name === "adaptiveCard/action",
    async (context) => env(context).io.answerMessage(t(env(context).io.turn.locale, "error.unknownAction")),
    true,
  );
  app.fileConsentAccept(async (context) => handleFileConsent(env(context), true));
  app.fileConsentDecline(async (context) => handleFileConsent(env(context), false));
  // Teams AI v1 listens for the plural event names; Teams sends the singular (docs/teams-quirks.md).
  app.activity(isEvent(PARTICIPANT_JOIN), async (context) => handleParticipants(env(context), true));
  app.activity(isEvent(PARTICIPANT_LEAVE), async (context) => handleParticipants(env(context), false));
  app.activity(isEvent(MEETING_START), async (context) => handleMeetingEvent(env(context), "start"));
  app.activity(isEvent(MEETING_END), async (context) => handleMeetingEvent(env(context), "end"));
  app.conversationUpdate("membersAdded", async (context) => {
    const e = env(context);
    await rememberConversation(e);
    if (e.io.membersAdded.some((id) => id === e.io.botId)) await handleBotAdded(e);
  });
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const e = env(context);
    if (e.io.installAction === "add" || e.io.installAction === "add-upgrade") {
      await rememberConversation(e);
      // A new 1:1 chat: the welcome that fits the person (an upgrade is not a new chat), then what waited for them.
      if (e.io.turn.isPersonal) await openPersonalChat(e, { welcome: e.io.installAction === "add" && (await claimWelcome(e)) });
    }
  });
  app.activity(ActivityTypes.Message, async (context) => {
    const e = env(context);
    // The first message in a 1:1 chat the bot has never seen (the app was installed without telling it) is a new chat too.
    const welcome = e.io.turn.isPersonal && !(await hasPersonalChat(e)) && (await claimWelcome(e));
    await rememberConversation(e);
    if (e.io.turn.isPersonal) await openPersonalChat(e, { welcome });
    // Files sent to the bot (a case's documents) are not a command.
    if (e.io.files.length > 0) await handleIncomingFiles(e);
    else await handleCommand(e, { welcomed: welcome });
  });

  return {
    app,
    handle(context: TurnContext) {
      // A trace per turn: the activity's type and name, the card verb, how the turn ended. Never its text or who sent it.
      const a = context.activity;
      const verb = (a.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
      const attrs = {
        "komitebot.activity.type": typeof a.type === "string" ? a.type : "other",
        "komitebot.activity.name": typeof a.name === "string" ? a.name : undefined,
        "komitebot.verb": a.name === "adaptiveCard/action" ? (VERB_LIST.includes(verb as never) ? String(verb) : "unknown") : undefined,
      };
      return inSpan("teams.turn", attrs, async (span) => span.set({ "komitebot.outcome": await runTurn(context) }));
    },
  };

  async function runTurn(context: TurnContext): Promise<"ok" | "tenantRefused" | "duplicate" | "failed"> {
    {
      const a = context.activity;
      const io = turnIO(context, svc.roster, svc.now());
      turns.set(context, io);
      const { turn } = io;
      if (options.allowedTenantIds.length > 0 && (!turn.tenantId || !options.allowedTenantIds.includes(turn.tenantId))) {
        log.warn({ type: a.type, name: a.name }, "activity from a tenant not on the allow-list refused");
        if (a.type === ActivityTypes.Invoke) await io.answerStatus(403);
        return "tenantRefused";
      }
      // Invokes always get an answer (the user's view); their effects are idempotent by construction.
      // Other activities (messages, events) post cards: each is claimed before it runs, so a redelivery, even
      // one arriving at the same instant, is dropped here.
      const claims = a.type !== ActivityTypes.Invoke;
      let claimed = false;
      try {
        claimed = !claims || (await svc.activities.claim(turn.op.id, turn.op.at));
        if (!claimed) {
          log.info({ type: a.type }, "duplicate delivery ignored");
          return "duplicate";
        }
        await app.run(context);
        if (claims) await svc.activities.release(turn.op.id, turn.op.at, "done");
        // The two-hour limit (issue 13): any activity in a meeting chat checks the 105-minute warning, after the answer.
        if (!turn.isPersonal && turn.conversationId) watchMeetingTime(teams, turn.conversationId, turn.op);
        return "ok";
      } catch (err) {
        if (claimed && claims) await svc.activities.release(turn.op.id, turn.op.at, "failed").catch(() => undefined);
        log.error({ type: a.type, name: a.name, err: errInfo(err) }, "turn failed");
        const key = err instanceof StoreUnavailableError ? "error.storeUnavailable" : "error.generic";
        if (a.type === ActivityTypes.Invoke) await io.answerMessage(t(turn.locale, key));
        else if (a.type === ActivityTypes.Message) await io.say(t(turn.locale, key));
        return "failed";
      }
    }
  }
}

/** Whether the bot already has this person's 1:1 chat (they installed the app, or wrote before). */
async function hasPersonalChat(e: TurnEnv): Promise<boolean> {
  const aad = e.io.turn.aadObjectId;
  return aad !== undefined && (await e.app.svc.directory.user(aad))?.personalRef !== undefined;
}

/**
 * The welcome, claimed once per person (the claim lasts as long as processed
 * activities are kept): an installation and a first message arriving at once
 * welcome them once.
 */
async function claimWelcome(e: TurnEnv): Promise<boolean> {
  const { turn } = e.io;
  if (!turn.aadObjectId) return true;
  const claim = `welcome:${idPart(turn.aadObjectId.toLowerCase())}`;
  if (!(await e.app.svc.activities.claim(claim, turn.op.at))) return false;
  await e.app.svc.activities.release(claim, turn.op.at, "done");
  return true;
}

/** Remembers who wrote from where: the 1:1 chat for proactive messages, a person's Teams id for card refresh, a group chat's reference. */
async function rememberConversation(e: TurnEnv): Promise<void> {
  const { io, app } = e;
  const { turn } = io;
  const ref = io.reference();
  if (turn.isPersonal && turn.aadObjectId && turn.teamsUserId) {
    await app.svc.directory.rememberUser({
      aadObjectId: turn.aadObjectId,
      teamsUserId: turn.teamsUserId,
      ...(turn.actor ? { rosterId: turn.actor.person.id } : {}),
      personalRef: ref,
      locale: turn.locale,
      at: turn.op.at,
    });
    return;
  }
  if (turn.aadObjectId && turn.teamsUserId && turn.actor) {
    await app.svc.directory.rememberUser({ aadObjectId: turn.aadObjectId, teamsUserId: turn.teamsUserId, rosterId: turn.actor.person.id, at: turn.op.at });
  }
  if (turn.conversationId) await app.svc.directory.rememberConversation({ conversationId: turn.conversationId, ref, at: turn.op.at });
}

export function errInfo(err: unknown): { name?: string; message?: string; code?: string; statusCode?: number } {
  if (err instanceof Error) {
    const code = (err as unknown as { code?: unknown }).code;
    const statusCode = (err as unknown as { statusCode?: unknown }).statusCode;
    // A remote service's error (HTTP status) may echo what it was sent — card text, names, prices — so
    // only its status and code are logged; our own errors keep their (short) message.
    const detail = typeof statusCode === "number" ? { statusCode } : { message: err.message.slice(0, 300) };
    return { name: err.name, ...detail, ...(typeof code === "string" ? { code } : {}) };
  }
  // Something thrown that is not an Error may be anything, including user content.
  return { message: `non-Error thrown (${typeof err})` };
}
