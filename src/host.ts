/**
 * The composition root: builds the running app from configuration, in
 * dependency order — configuration, roster, store and its repositories, the
 * Teams adapter and proactive sender, the notifier, the app services, the
 * Teams app and bot, the HTTP routes, the timers. index.ts (production),
 * local.ts (npm start), the tests and the benchmark all start the app here,
 * so they run the same thing.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { INSTANCE_OWNER } from "./app/leases.js";
import type { DocumentContentStore } from "./app/ports.js";
import type { AppServices } from "./app/services.js";
import { loadAppEnv, ConfigError, formatZodIssues, isLoopback, type AppEnv } from "./config.js";
import { seedDemo } from "./demo/seed.js";
import { seedDemoDocuments } from "./demo/seed-documents.js";
import { RosterFileSchema, validateComposition } from "./domain/roster-schema.js";
import type { Roster } from "./domain/roster.js";
import { intakeAuthConfigFromEnv, intakeAuthenticator } from "./http/auth.js";
import { documentsRoute } from "./http/documents-endpoint.js";
import { intakeRoute } from "./http/intake-endpoint.js";
import { quorumPageRoute } from "./http/quorum-page.js";
import { tabApiRoutes } from "./http/tab-api.js";
import { tabAuthenticator, type TabAuthConfig } from "./http/tab-auth.js";
import { tabPageRoutes } from "./http/tab-page.js";
import type { BookServices } from "./app/meeting-book.js";
import type { Person } from "./domain/roster.js";
import { startHttpServer, type RunningServer } from "./http/server.js";
import { createLogger, type Logger } from "./log.js";
import { loadStoreConfig, StoreConfigError } from "./store/cosmos-config.js";
import type { DocumentStore } from "./store/document-store.js";
import { BlobContentStore } from "./store/blob-content.js";
import { startLocalAzurite, type LocalAzurite } from "./store/local-blob.js";
import { openStore } from "./store/open-store.js";
import { repositories } from "./store/repositories/index.js";
import { createAdapter } from "./teams/adapter.js";
import { BackgroundTasks } from "./teams/background.js";
import { createBot, errInfo, type Bot } from "./teams/bot.js";
import { CardUpdater } from "./teams/card-updater.js";
import type { TeamsApp } from "./teams/context.js";
import { TeamsNotifier } from "./teams/coordinator/notifier.js";
import { GraphAppInstaller, managedIdentityToken } from "./graph/app-installer.js";
import { messagesHandler } from "./teams/messages-endpoint.js";
import { Proactive } from "./teams/proactive.js";
import { committeeRefreshIds } from "./teams/refresh-ids.js";
import { bookLinker } from "./teams/book-link.js";
import { t } from "./i18n/index.js";
import { startTimers, type Timers } from "./timers.js";
import { telemetry } from "./telemetry.js";

export const DEMO_ROSTER = fileURLToPath(new URL("./demo/roster.json", import.meta.url));

export interface HostOptions {
  /** This instance's owner id for leases (default: random per process, src/app/leases.ts). */
  instanceOwner?: string;
  env?: NodeJS.ProcessEnv;
  /** A store to use instead of opening one from configuration (tests). */
  store?: DocumentStore;
  /** Where documents' content lives, instead of Azure (BLOB_ACCOUNT_URL) or a local Azurite (tests). */
  documentContent?: DocumentContentStore;
  now?: () => Date;
  log?: Logger;
  /** How long shared card updates are coalesced (default 1 s; tests use 0). */
  cardUpdateWindowMs?: number;
  port?: number;
  /** How often the follow-up timers run; 0 = never (tests call them). */
  timerIntervalMs?: number;
  /** Local mode on loopback: who reads the meeting book (the launcher's current person, `som <id>`). */
  localPerson?: () => Person | undefined;
  /** Where a tenant's signing keys for the tab's SSO tokens are published (tests: a stand-in on loopback). */
  tabJwksUrl?: (tenantId: string) => URL;
  /** With the demo data, also the demo cases' documents (generated PDFs); default true. The test harness turns it off unless asked. */
  demoDocuments?: boolean;
  /** Issue 14: a Microsoft Graph token for installing the app (tests: a static one); default the managed identity. */
  graphToken?: () => Promise<string>;
}

export interface Host {
  env: AppEnv & { host: string; publicBaseUrl?: string };
  store: DocumentStore;
  services: AppServices;
  /** The Azurite the host started for documents (local mode without BLOB_ACCOUNT_URL and without options.documentContent), once it is up. */
  azurite?: Promise<LocalAzurite>;
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
  const instanceOwner = options.instanceOwner ?? INSTANCE_OWNER;
  const log = (options.log ?? createLogger(env.LOG_LEVEL)).child({
    instance: instanceOwner,
    ...(processEnv.WEBSITE_INSTANCE_ID ? { websiteInstance: processEnv.WEBSITE_INSTANCE_ID } : {}),
  });
  const now = options.now ?? (() => new Date());
  const roster = await loadRoster(env.ROSTER_FILE ?? DEMO_ROSTER);
  // The embedded store's own process writes only warnings and errors: into the app's log with everything else.
  const storeOutput = (text: string, stream: "stdout" | "stderr") =>
    log[stream === "stderr" ? "warn" : "info"]({ component: "local-cosmos", stream }, text.replace(/^\(Use `node --trace-warnings[^\n]*\n?/gm, "").trimEnd());
  const storeConfig = loadStoreConfig(processEnv, { storeGiven: options.store !== undefined });
  // Azurite's own lines (start, stop) go into the app's log too.
  const azuriteOutput = (text: string, stream: "stdout" | "stderr") =>
    log[stream === "stderr" ? "warn" : "debug"]({ component: "azurite", stream }, text.trimEnd());
  // Azurite (local mode without BLOB_ACCOUNT_URL) starts beside the app, and the app does not wait for it:
  // it listens as soon as its store is open, and the first document waits for the emulator (a few seconds).
  const azuriteStart = options.documentContent || env.BLOB_ACCOUNT_URL ? undefined : startLocalAzurite({ dataDir: storeConfig.dataDir }, azuriteOutput);
  azuriteStart?.then(
    async (azurite) => {
      log.info({ blobEndpoint: azurite.blobEndpoint }, "azurite ready");
      // Diagnostics and the benchmark (which reads the same Azurite raw): where the local Azurite listens.
      if (processEnv.KOMITEBOT_BLOB_INFO_FILE)
        await writeFile(
          processEnv.KOMITEBOT_BLOB_INFO_FILE,
          JSON.stringify({ connectionString: azurite.connectionString, blobEndpoint: azurite.blobEndpoint, container: env.BLOB_CONTAINER, pid: azurite.pid }),
        ).catch((err: unknown) => log.warn({ err: errInfo(err) }, "could not write the blob info file"));
    },
    (err: unknown) => log.error({ err: errInfo(err) }, "azurite did not start: documents cannot be stored or read"),
  );
  const stopAzurite = () =>
    azuriteStart?.then(
      (a) => a.stop(),
      () => undefined,
    );
  let opened: Awaited<ReturnType<typeof openStore>> | undefined;
  try {
    opened = options.store ? undefined : await openStore(storeConfig, { onOutput: storeOutput });
  } catch (err) {
    await stopAzurite();
    throw err;
  }
  const store = options.store ?? opened!.store;
  let seeding: Promise<unknown> | undefined;
  try {
    const documentContent =
      options.documentContent ??
      (azuriteStart
        ? BlobContentStore.connectWhenReady(
            azuriteStart.then((a) => ({ kind: "connectionString" as const, connectionString: a.connectionString, container: env.BLOB_CONTAINER })),
            { create: true },
          )
        : await BlobContentStore.connect({
            kind: "managedIdentity",
            accountUrl: env.BLOB_ACCOUNT_URL!,
            container: env.BLOB_CONTAINER,
            ...(storeConfig.azureClientId ? { clientId: storeConfig.azureClientId } : {}),
          }));
    const repos = repositories(store);
    const unknownHfs = Object.values(env.INTAKE_HF_BY_CLIENT ?? {})
      .flat()
      .filter((id) => !roster.hfs.some((hf) => hf.id === id));
    if (unknownHfs.length > 0) throw new ConfigError([`INTAKE_HF_BY_CLIENT: HF ids not in the roster: ${[...new Set(unknownHfs)].join(", ")}`]);
    const demo = env.DEMO_DATA ? env.DEMO_DATA === "true" : env.KOMITEBOT_MODE === "local";
    if (demo) log.info(await seedDemo(repos, now()), "demo data ready");
    const breaches = validateComposition(roster);
    if (breaches.length > 0) log.warn({ breaches: breaches.map((b) => b.code) }, "the roster breaks the composition rules (shown to the coordinator)");

    const adapter = createAdapter(env);
    adapter.onTurnError = async (_context, err) => log.error({ err: errInfo(err) }, "unhandled turn error");
    const sender = new Proactive(adapter, log, {
      botAppId: env.BOT_ID ?? "",
      ...(env.TEAMS_SERVICE_URL ? { serviceUrl: env.TEAMS_SERVICE_URL } : {}),
      ...(env.BOT_TENANT_ID ? { tenantId: env.BOT_TENANT_ID } : {}),
    });
    // Issue 14: installing the app for people who never did, when the app's catalog id is configured (else the notice is kept).
    const installer = env.TEAMS_CATALOG_APP_ID
      ? new GraphAppInstaller({
          baseUrl: env.GRAPH_BASE_URL,
          catalogAppId: env.TEAMS_CATALOG_APP_ID,
          token: options.graphToken ?? managedIdentityToken(env.AZURE_CLIENT_ID),
          maxWaitMs: env.GRAPH_INSTALL_MAX_WAIT_S * 1000,
          log,
        })
      : undefined;
    // Locally the link is the tab's page on this server, whose address is known once it listens.
    let localBaseUrl: string | undefined;
    const bookLink = bookLinker({
      ...(env.TEAMS_APP_ID ? { teamsAppId: env.TEAMS_APP_ID } : {}),
      ...(env.publicBaseUrl ? { publicBaseUrl: env.publicBaseUrl } : {}),
      localBaseUrl: () => (env.KOMITEBOT_MODE === "local" ? localBaseUrl : undefined),
      label: t("nb", "tab.title"),
    });
    const notifier = new TeamsNotifier({ roster, directory: repos.directory, sender, now, log, bookLink, ...(installer ? { installer } : {}) });
    const services: AppServices = {
      ...repos,
      roster,
      notifier,
      documentContent,
      settings: {
        quorumMinimum: env.QUORUM_MINIMUM,
        ackFollowUpWorkingDays: env.ACK_FOLLOW_UP_WORKING_DAYS,
        recuseCatchmentHf: env.RECUSE_CATCHMENT_HF,
        ...(env.RETENTION_CLOSED_CASE_YEARS !== undefined ? { retentionClosedCaseYears: env.RETENTION_CLOSED_CASE_YEARS } : {}),
        documentMaxBytes: env.DOCUMENT_MAX_MB * 1024 * 1024,
        extraMeetingPapersWorkingDays: env.EXTRA_MEETING_PAPERS_WORKING_DAYS,
        caseMinutesDefault: env.CASE_MINUTES_DEFAULT,
        // Issue 15 (wip/follow).
        followUpMonths: env.FOLLOW_UP_MONTHS,
        followUpReminderWorkingDays: env.FOLLOW_UP_REMINDER_WORKING_DAYS,
        proposalReminderWorkingDays: env.PROPOSAL_REMINDER_WORKING_DAYS,
        // Issue 14: the members' comment window (0 = off).
        recordCommentWindowHours: env.RECORD_COMMENT_WINDOW_HOURS,
      },
      now,
    };
    // The demo documents (generated PDFs) once their store is up, after the start: the app answers meanwhile.
    if (demo && options.demoDocuments !== false)
      seeding = seedDemoDocuments(services, now()).then(
        (r) => log.info(r, "demo documents ready"),
        (err: unknown) => log.warn({ err: errInfo(err) }, "demo documents not seeded"),
      );
    const refresh = committeeRefreshIds(roster, repos.directory);
    const teams: TeamsApp = {
      svc: services,
      sender,
      cards: new CardUpdater(options.cardUpdateWindowMs ?? 1_000, (key, err) => log.error({ key, err: errInfo(err) }, "card update failed")),
      tasks: new BackgroundTasks(log),
      instanceOwner,
      log,
      refreshIds: refresh.get,
      forgetRefreshIds: refresh.forget,
      ...(env.publicBaseUrl ? { publicBaseUrl: env.publicBaseUrl } : {}),
      bookLink,
      ...(env.KOMITEBOT_MODE === "local" ? { loopbackFileDownloads: true } : {}),
    };
    const bot = createBot(adapter, teams, { botAppId: env.BOT_ID ?? "", allowedTenantIds: env.ALLOWED_TENANT_IDS });
    const server = await startHttpServer(
      [
        { method: "POST", path: "/api/messages", handler: messagesHandler(adapter, bot, log) },
        { method: "GET", path: "/healthz", handler: async () => ({ status: 200, body: { status: "ok" } }) },
        intakeRoute({ svc: services, authenticate: intakeAuthenticator(intakeAuthConfigFromEnv(env)), now }),
        documentsRoute({ svc: services, authenticate: intakeAuthenticator(intakeAuthConfigFromEnv(env)), now }),
        quorumPageRoute(services),
        ...tabPageRoutes({ mode: env.KOMITEBOT_MODE === "azure" ? "teams" : "local" }),
        ...tabApiRoutes({ svc: services as BookServices, authenticate: tabAuthenticator(tabAuthConfig(env, options, roster), roster) }),
      ],
      options.port ?? env.PORT,
      env.host,
      (err) => log.error({ err: errInfo(err) }, "http handler failed"),
    );
    localBaseUrl = server.url;
    log.info({ url: server.url, mode: env.KOMITEBOT_MODE }, "komitebot listening");
    const timers = startTimers({ svc: services, log, intervalMs: options.timerIntervalMs ?? 15 * 60_000, owner: instanceOwner, onRun: telemetry.timerRun });
    return {
      env,
      store,
      services,
      ...(azuriteStart ? { azurite: azuriteStart } : {}),
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
        await seeding;
        await Promise.all([opened?.close(), stopAzurite()]);
      },
    };
  } catch (err) {
    await seeding;
    await Promise.allSettled([opened?.close(), stopAzurite()]);
    throw err;
  }
}

/**
 * Who reads the meeting book: Teams SSO in Azure mode; on loopback in local mode, the launcher's current person
 * (never in Azure mode, never on another address: there the local mode's tab has no reader and answers 401).
 */
function tabAuthConfig(env: Host["env"], options: HostOptions, roster: Roster): TabAuthConfig {
  if (env.KOMITEBOT_MODE === "azure") {
    return {
      mode: "azure",
      clientId: env.TAB_CLIENT_ID ?? env.BOT_ID ?? "",
      domain: env.publicBaseUrl ? new URL(env.publicBaseUrl).host : "",
      allowedTenantIds: env.ALLOWED_TENANT_IDS,
      ...(options.tabJwksUrl ? { jwksUrl: options.tabJwksUrl } : {}),
    };
  }
  const named = env.KOMITEBOT_TAB_PERSON;
  const local = options.localPerson ?? (named ? () => roster.people.find((p) => p.id === named) : undefined);
  return { mode: "local", currentPerson: () => (local && isLoopback(env.host) ? local() : undefined) };
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
