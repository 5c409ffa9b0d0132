/**
 * Builds the running app from configuration: store, roster, demo data (local
 * mode), Teams adapter and bot, and the HTTP server. Used by index.ts, the
 * local launcher, the tests and the benchmark, so all of them run the same thing.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { DocumentStore } from "./app/ports.js";
import { loadAppEnv, ConfigError, formatZodIssues, type AppEnv } from "./config.js";
import { RosterFileSchema, validateComposition } from "./domain/roster-schema.js";
import type { Roster } from "./domain/roster.js";
import { seedDemo } from "./demo/seed.js";
import { startHttpServer, type Route, type RunningServer } from "./http/server.js";
import { createLogger, type Logger } from "./log.js";
import { loadStoreConfig, StoreConfigError } from "./store/cosmos-config.js";
import { openStore } from "./store/open-store.js";
import { createAdapter } from "./teams/adapter.js";
import { createBot, type Bot } from "./teams/bot.js";
import { messagesHandler } from "./teams/messages-endpoint.js";
import type { AppHooks } from "./teams/hooks.js";
import type { OfficeServices } from "./app/intake.js";
import { TeamsNotifier } from "./teams/office/notifier.js";
import { officeCommands } from "./teams/office/commands.js";
import { intakeRoute } from "./http/intake-endpoint.js";
import { intakeAuthConfigFromEnv, intakeAuthenticator } from "./http/auth.js";
import { startTimers, type Timers } from "./timers.js";

export const DEMO_ROSTER = fileURLToPath(new URL("./demo/roster.json", import.meta.url));

export interface HostOptions {
  env?: NodeJS.ProcessEnv;
  /** A store to use instead of opening one from configuration (tests). */
  store?: DocumentStore;
  now?: () => Date;
  log?: Logger;
  cardUpdateWindowMs?: number;
  port?: number;
  hooks?: (host: Omit<Host, "server" | "close" | "timers">) => AppHooks;
  /** How often the follow-up timers run (papers reminders, unacknowledged decisions); 0 = never (tests call them). */
  timerIntervalMs?: number;
  extraRoutes?: (host: Omit<Host, "server" | "close" | "timers">) => Route[];
}

export interface Host {
  env: AppEnv & { host: string };
  store: DocumentStore;
  roster: Roster;
  rosterBreaches: number;
  bot: Bot;
  office: OfficeServices;
  log: Logger;
  now: () => Date;
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
  const env = loadAppEnv(options.env ?? process.env);
  const log = options.log ?? createLogger(env.LOG_LEVEL);
  const now = options.now ?? (() => new Date());
  const roster = await loadRoster(env.ROSTER_FILE ?? DEMO_ROSTER);
  const opened = options.store ? undefined : await openStore(loadStoreConfig(options.env ?? process.env));
  const store = options.store ?? opened!.store;
  try {
    const demo = env.DEMO_DATA ? env.DEMO_DATA === "true" : env.KOMITEBOT_MODE === "local";
    if (demo) {
      const seeded = await seedDemo(store, now());
      log.info(seeded, "demo data ready");
    }
    const breaches = validateComposition(roster);
    if (breaches.length > 0) log.warn({ breaches: breaches.map((b) => b.code) }, "the roster breaks the composition rules (shown to the coordinator)");

    const adapter = createAdapter(env);
    const bot = createBot(adapter, {
      store,
      roster,
      quorumMinimum: env.QUORUM_MINIMUM,
      log,
      now,
      allowedTenantIds: env.ALLOWED_TENANT_IDS,
      botAppId: env.BOT_ID ?? "",
      cardUpdateWindowMs: options.cardUpdateWindowMs ?? 1_000,
    });
    let theBot: Bot | undefined;
    const office: OfficeServices = { store, roster, notifier: new TeamsNotifier(() => theBot!), quorumMinimum: env.QUORUM_MINIMUM };
    bot.deps.office = office;
    theBot = bot;
    adapter.onTurnError = async (_context, err) => {
      log.error({ err: (err as Error)?.name }, "unhandled turn error");
    };
    const partial = { env, store, roster, rosterBreaches: breaches.length, bot, office, log, now };
    bot.deps.hooks = { commands: [officeCommands, ...(options.hooks?.(partial).commands ?? [])] };
    const routes: Route[] = [
      { method: "POST", path: "/api/messages", handler: messagesHandler(adapter, bot) },
      { method: "GET", path: "/healthz", handler: async () => ({ status: 200, body: { status: "ok" } }) },
      intakeRoute({ svc: office, authenticate: intakeAuthenticator(intakeAuthConfigFromEnv(env)), now }),
      ...(options.extraRoutes?.(partial) ?? []),
    ];
    const server = await startHttpServer(routes, options.port ?? env.PORT, env.host, (err) => log.error({ err: (err as Error)?.name }, "http handler failed"));
    log.info({ url: server.url, mode: env.KOMITEBOT_MODE }, "komitebot listening");
    const timers: Timers = startTimers({ office, log, now, intervalMs: options.timerIntervalMs ?? 15 * 60_000, ackFollowUpWorkingDays: env.ACK_FOLLOW_UP_WORKING_DAYS });
    return {
      ...partial,
      server,
      timers,
      close: async () => {
        timers.stop();
        await bot.tasks.flush().catch(() => undefined);
        await bot.cards.flush().catch(() => undefined);
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
