/**
 * The composition root: builds the running app from configuration, in
 * dependency order — configuration, roster, store and its repositories, the
 * Teams adapter and proactive sender, the notifier, the app services, the
 * Teams app and bot, the HTTP routes, the timers. index.ts (production),
 * local.ts (npm start), the tests and the benchmark all start the app here,
 * so they run the same thing.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { AppServices } from "./app/services.js";
import { loadAppEnv, ConfigError, formatZodIssues, type AppEnv } from "./config.js";
import { seedDemo } from "./demo/seed.js";
import { RosterFileSchema, validateComposition } from "./domain/roster-schema.js";
import type { Roster } from "./domain/roster.js";
import { intakeAuthConfigFromEnv, intakeAuthenticator } from "./http/auth.js";
import { intakeRoute } from "./http/intake-endpoint.js";
import { quorumPageRoute } from "./http/quorum-page.js";
import { startHttpServer, type RunningServer } from "./http/server.js";
import { createLogger, type Logger } from "./log.js";
import { loadStoreConfig, StoreConfigError } from "./store/cosmos-config.js";
import type { DocumentStore } from "./store/document-store.js";
import { openStore } from "./store/open-store.js";
import { repositories } from "./store/repositories/index.js";
import { createAdapter } from "./teams/adapter.js";
import { BackgroundTasks } from "./teams/background.js";
import { createBot, errInfo, type Bot } from "./teams/bot.js";
import { CardUpdater } from "./teams/card-updater.js";
import type { TeamsApp } from "./teams/context.js";
import { TeamsNotifier } from "./teams/coordinator/notifier.js";
import { messagesHandler } from "./teams/messages-endpoint.js";
import { Proactive } from "./teams/proactive.js";
import { committeeRefreshIds } from "./teams/refresh-ids.js";
import { startTimers, type Timers } from "./timers.js";

export const DEMO_ROSTER = fileURLToPath(new URL("./demo/roster.json", import.meta.url));

export interface HostOptions {
  env?: NodeJS.ProcessEnv;
  /** A store to use instead of opening one from configuration (tests). */
  store?: DocumentStore;
  now?: () => Date;
  log?: Logger;
  /** How long shared card updates are coalesced (default 1 s; tests use 0). */
  cardUpdateWindowMs?: number;
  port?: number;
  /** How often the follow-up timers run; 0 = never (tests call them). */
  timerIntervalMs?: number;
}

export interface Host {
  env: AppEnv & { host: string; publicBaseUrl?: string };
  store: DocumentStore;
  services: AppServices;
  teams: TeamsApp;
  bot: Bot;
  rosterBreaches: number;
  log: Logger;
  server: RunningServer;
  timers: Timers;
  close(): Promise<void>;
}

export async function loadRoster(path: string): Promise<Roster> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new ConfigError([`ROSTER_FILE: cannot read ${path} as JSON (${(err as Error).message})`]);
  }
  const parsed = RosterFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(formatZodIssues(parsed.error).map((i) => `ROSTER_FILE ${path}: ${i}`));
  return parsed.data;
}

export async function startHost(options: HostOptions = {}): Promise<Host> {
  const processEnv = options.env ?? process.env;
  const env = loadAppEnv(processEnv);
  const log = options.log ?? createLogger(env.LOG_LEVEL);
  const now = options.now ?? (() => new Date());
  const roster = await loadRoster(env.ROSTER_FILE ?? DEMO_ROSTER);
  // The embedded store's own process writes only warnings and errors: into the app's log with everything else.
  const storeOutput = (text: string, stream: "stdout" | "stderr") =>
    log[stream === "stderr" ? "warn" : "info"]({ component: "local-cosmos", stream }, text.replace(/^\(Use `node --trace-warnings[^\n]*\n?/gm, "").trimEnd());
  const opened = options.store ? undefined : await openStore(loadStoreConfig(processEnv), { onOutput: storeOutput });
  const store = options.store ?? opened!.store;
  try {
    const repos = repositories(store);
    if (env.DEMO_DATA ? env.DEMO_DATA === "true" : env.KOMITEBOT_MODE === "local") log.info(await seedDemo(repos, now()), "demo data ready");
    const breaches = validateComposition(roster);
    if (breaches.length > 0) log.warn({ breaches: breaches.map((b) => b.code) }, "the roster breaks the composition rules (shown to the coordinator)");

    const adapter = createAdapter(env);
    adapter.onTurnError = async (_context, err) => log.error({ err: errInfo(err) }, "unhandled turn error");
    const sender = new Proactive(adapter, log, { botAppId: env.BOT_ID ?? "" });
    const notifier = new TeamsNotifier({ roster, directory: repos.directory, sender, now, log });
    const services: AppServices = {
      ...repos,
      roster,
      notifier,
      settings: {
        quorumMinimum: env.QUORUM_MINIMUM,
        ackFollowUpWorkingDays: env.ACK_FOLLOW_UP_WORKING_DAYS,
        recuseCatchmentHf: env.RECUSE_CATCHMENT_HF,
        extraMeetingPapersWorkingDays: env.EXTRA_MEETING_PAPERS_WORKING_DAYS,
      },
      now,
    };
    const refresh = committeeRefreshIds(roster, repos.directory);
    const teams: TeamsApp = {
      svc: services,
      sender,
      cards: new CardUpdater(options.cardUpdateWindowMs ?? 1_000, (key, err) => log.error({ key, err: errInfo(err) }, "card update failed")),
      tasks: new BackgroundTasks(log),
      log,
      refreshIds: refresh.get,
      forgetRefreshIds: refresh.forget,
      ...(env.publicBaseUrl ? { publicBaseUrl: env.publicBaseUrl } : {}),
    };
    const bot = createBot(adapter, teams, { botAppId: env.BOT_ID ?? "", allowedTenantIds: env.ALLOWED_TENANT_IDS });
    const server = await startHttpServer(
      [
        { method: "POST", path: "/api/messages", handler: messagesHandler(adapter, bot, log) },
        { method: "GET", path: "/healthz", handler: async () => ({ status: 200, body: { status: "ok" } }) },
        intakeRoute({ svc: services, authenticate: intakeAuthenticator(intakeAuthConfigFromEnv(env)), now }),
        quorumPageRoute(services),
      ],
      options.port ?? env.PORT,
      env.host,
      (err) => log.error({ err: errInfo(err) }, "http handler failed"),
    );
    log.info({ url: server.url, mode: env.KOMITEBOT_MODE }, "komitebot listening");
    const timers = startTimers({ svc: services, log, intervalMs: options.timerIntervalMs ?? 15 * 60_000 });
    return {
      env,
      store,
      services,
      teams,
      bot,
      rosterBreaches: breaches.length,
      log,
      server,
      timers,
      close: async () => {
        timers.stop();
        await teams.tasks.flush().catch(() => undefined);
        await teams.cards.flush().catch(() => undefined);
        await server.close();
        await opened?.close();
      },
    };
  } catch (err) {
    await opened?.close();
    throw err;
  }
}

/** Ends the process after a failed start: a configuration problem is one clear message (exit 2), anything else a stack (exit 1). */
export function exitWithStartupError(err: unknown): never {
  if (err instanceof ConfigError || err instanceof StoreConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
}
