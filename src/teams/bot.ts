/**
 * The Teams AI v1 Application: routes Teams activities to use cases and turns
 * their results into cards and messages. Every rule is enforced in the use
 * cases (src/app); this file only translates.
 */
// Deep imports: the package index also loads the AI planners and tokenizers (~30 MB of memory) this bot never uses.
import { Application } from "@microsoft/teams-ai/lib/Application.js";
import { TurnState } from "@microsoft/teams-ai/lib/TurnState.js";
import type { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import { ActivityTypes, TurnContext, type ConversationReference } from "botbuilder";
import type { DocumentStore } from "../app/ports.js";
import { StoreUnavailableError } from "../app/ports.js";
import { claimActivity, releaseActivity } from "../app/idempotency.js";
import { rememberConversation, rememberUser } from "../app/conversations.js";
import type { Roster } from "../domain/roster.js";
import { t } from "../i18n/index.js";
import type { Logger } from "../log.js";
import { CardUpdater } from "./card-updater.js";
import { BackgroundTasks } from "./background.js";
import { handleCardAction, CARD_VERBS } from "./card-actions.js";
import { handleCommand } from "./commands.js";
import { handleBotAdded, handleMeetingEvent, handleParticipants } from "./meeting-handlers.js";
import { isEvent, MEETING_END, MEETING_START, PARTICIPANT_JOIN, PARTICIPANT_LEAVE } from "./meeting-events.js";
import { Proactive } from "./proactive.js";
import { readTurn, type Turn } from "./turn.js";
import { respondWithMessage } from "./invoke-response.js";
import type { AppHooks } from "./hooks.js";
import type { OfficeServices } from "../app/intake.js";
import { handleFileConsent } from "./office/files.js";

export interface BotDeps {
  store: DocumentStore;
  roster: Roster;
  quorumMinimum: number;
  log: Logger;
  now: () => Date;
  allowedTenantIds: string[];
  botAppId: string;
  cardUpdateWindowMs: number;
  hooks?: AppHooks;
  /** The coordinator's workflow outside the meeting (intake, records, routing). */
  office?: OfficeServices;
}

export interface Bot {
  app: Application<TurnState>;
  deps: BotDeps;
  proactive: Proactive;
  cards: CardUpdater;
  /** Work that outlasts a turn (routing, papers), reported proactively. */
  tasks: BackgroundTasks;
  /** Runs one turn: tenant check, idempotency, then the app's routes. */
  handle(context: TurnContext): Promise<void>;
}

export interface TurnEnv {
  bot: Bot;
  context: TurnContext;
  turn: Turn;
}

export function createBot(adapter: TeamsAdapter, deps: BotDeps): Bot {
  const app = new Application<TurnState>({
    adapter,
    ...(deps.botAppId ? { botAppId: deps.botAppId } : {}),
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });
  const proactive = new Proactive(adapter, deps.log, { botAppId: deps.botAppId });
  const cards = new CardUpdater(deps.cardUpdateWindowMs, (key, err) => deps.log.error({ key, err: errInfo(err) }, "card update failed"));
  const tasks = new BackgroundTasks(deps.log);
  const bot: Bot = { app, deps, proactive, cards, tasks, handle: async () => undefined };
  const env = (context: TurnContext): TurnEnv => ({ bot, context, turn: readTurn(context, deps.roster, deps.now()) });

  app.adaptiveCards.actionExecute(CARD_VERBS as unknown as string[], async (context) => {
    await handleCardAction(env(context));
    return "";
  });
  // Any other invoke that looks like a card action (unknown verb): answer clearly.
  app.addRoute(
    async (c) => c.activity.type === ActivityTypes.Invoke && c.activity.name === "adaptiveCard/action",
    async (context) => {
      const { turn } = env(context);
      await respondWithMessage(context, t(turn.locale, "error.unknownAction"));
    },
    true,
  );
  app.fileConsentAccept(async (context) => handleFileConsent(env(context), true));
  app.fileConsentDecline(async (context) => handleFileConsent(env(context), false));
  app.activity(isEvent(PARTICIPANT_JOIN), async (context) => handleParticipants(env(context), true));
  app.activity(isEvent(PARTICIPANT_LEAVE), async (context) => handleParticipants(env(context), false));
  app.activity(isEvent(MEETING_START), async (context) => handleMeetingEvent(env(context), "start"));
  app.activity(isEvent(MEETING_END), async (context) => handleMeetingEvent(env(context), "end"));
  app.conversationUpdate("membersAdded", async (context) => {
    const e = env(context);
    const botId = context.activity.recipient?.id;
    await rememberConversationOf(e);
    if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) await handleBotAdded(e);
  });
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const e = env(context);
    if (context.activity.action === "add" || context.activity.action === "add-upgrade") {
      await rememberConversationOf(e);
      if (e.turn.isPersonal && !e.turn.actor) await context.sendActivity(t(e.turn.locale, "error.notOnRoster"));
    }
  });
  app.activity(ActivityTypes.Message, async (context) => {
    const e = env(context);
    await rememberConversationOf(e);
    await handleCommand(e, deps.hooks?.commands ?? []);
  });

  bot.handle = async (context: TurnContext) => {
    const a = context.activity;
    const tenantId = tenantOf(context);
    if (deps.allowedTenantIds.length > 0 && (!tenantId || !deps.allowedTenantIds.includes(tenantId))) {
      deps.log.warn({ type: a.type, name: a.name }, "activity from a tenant not on the allow-list refused");
      if (a.type === ActivityTypes.Invoke) await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403 } });
      return;
    }
    const turn = readTurn(context, deps.roster, deps.now());
    // Invokes always get an answer (the user's view); their effects are idempotent by construction.
    // Other activities (messages, events) post cards: each is claimed before it runs, so a redelivery, even
    // one arriving at the same instant, is dropped here.
    let claimed = false;
    try {
      claimed = a.type === ActivityTypes.Invoke || (await claimActivity(deps.store, turn.op.id, turn.op.at));
      if (!claimed) {
        deps.log.info({ type: a.type }, "duplicate delivery ignored");
        return;
      }
      await app.run(context);
      if (a.type !== ActivityTypes.Invoke) await releaseActivity(deps.store, turn.op.id, turn.op.at, "done");
    } catch (err) {
      if (claimed && a.type !== ActivityTypes.Invoke) await releaseActivity(deps.store, turn.op.id, turn.op.at, "failed").catch(() => undefined);
      deps.log.error({ type: a.type, name: a.name, err: errInfo(err) }, "turn failed");
      const key = err instanceof StoreUnavailableError ? "error.storeUnavailable" : "error.generic";
      if (a.type === ActivityTypes.Invoke) await respondWithMessage(context, t(turn.locale, key));
      else if (a.type === ActivityTypes.Message) await context.sendActivity(t(turn.locale, key));
    }
  };
  return bot;
}

async function rememberConversationOf(e: TurnEnv): Promise<void> {
  const { context, turn, bot } = e;
  const ref = TurnContext.getConversationReference(context.activity) as Partial<ConversationReference>;
  if (turn.isPersonal && turn.aadObjectId && turn.teamsUserId) {
    await rememberUser(bot.deps.store, {
      aadObjectId: turn.aadObjectId,
      teamsUserId: turn.teamsUserId,
      ...(turn.actor ? { rosterId: turn.actor.person.id } : {}),
      personalRef: ref as Record<string, unknown>,
      locale: turn.locale,
      at: turn.op.at,
    });
  } else {
    if (turn.aadObjectId && turn.teamsUserId && turn.actor) {
      await rememberUser(bot.deps.store, { aadObjectId: turn.aadObjectId, teamsUserId: turn.teamsUserId, rosterId: turn.actor.person.id, at: turn.op.at });
    }
    if (turn.conversationId) await rememberConversation(bot.deps.store, { conversationId: turn.conversationId, ref: ref as Record<string, unknown>, at: turn.op.at });
  }
}

export function tenantOf(context: TurnContext): string | undefined {
  const cd = context.activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const id = cd?.tenant?.id ?? context.activity.conversation?.tenantId;
  return typeof id === "string" ? id : undefined;
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
