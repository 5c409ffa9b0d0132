/**
 * Runs the whole app (host: HTTP server, Teams adapter, bot, use cases) on a
 * test store, with a fake Bot Connector for what the bot sends. Activities go
 * in either through the adapter in-process or over HTTP to /api/messages.
 */
import { Writable } from "node:stream";
import { startHost, type Host, type HostOptions } from "../../src/host.js";
import { createLogger } from "../../src/log.js";
import { FakeConnector } from "./fake-connector.js";
import { stampActivitiesWith } from "./activities.js";
import { TestClock } from "./clock.js";
import { makeTestStore, type TestStore } from "./store.js";
import { makeTestContentStore } from "./blob.js";
import type { BlobContentStore } from "../../src/store/blob-content.js";
import type { Roster } from "../../src/domain/roster.js";

export interface InvokeResult {
  status: number;
  body: any;
}

export class BotHarness {
  private constructor(
    readonly host: Host,
    readonly connector: FakeConnector,
    private readonly testStore: TestStore | undefined,
    /** Every structured log line the app wrote. */
    readonly logLines: string[],
    /** The app's clock, which also stamps the activities built while this harness runs (advance it to move the app in time). */
    readonly clock: TestClock,
    private readonly unstamp: () => void,
  ) {}

  /**
   * With `embeddedDataDir`, the host opens its own embedded store persisted there
   * (as `npm start` does) instead of a test database; with `connector`, an
   * existing fake connector is reused (e.g. across a restart). The app runs on
   * `clock` (default: a new TestClock at the pinned test instant, see clock.ts).
   */
  static async start(
    options: Partial<HostOptions> & { env?: Record<string, string>; embeddedDataDir?: string; connector?: FakeConnector; clock?: TestClock } = {},
  ): Promise<BotHarness> {
    const clock = options.clock ?? new TestClock();
    const now = options.now ?? clock.now;
    const testStore = options.embeddedDataDir ? undefined : await makeTestStore();
    // Documents' content: on the run's Azurite, a container per harness (with embeddedDataDir the host starts its own Azurite, as npm start does).
    const documentContent = options.documentContent ?? (options.embeddedDataDir ? undefined : await makeTestContentStore());
    const connector = options.connector ?? (await new FakeConnector().start());
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const { embeddedDataDir, connector: _c, clock: _clock, ...hostOptions } = options;
    const unstamp = stampActivitiesWith(now);
    let host: Host;
    try {
      host = await startHost({
        ...(testStore ? { store: testStore.store } : {}),
        ...(documentContent ? { documentContent } : {}),
        port: 0,
        cardUpdateWindowMs: 0,
        // The timers run when a test runs them (h.host.timers.run): on their own, their first run 5 s after the start
        // lands in the middle of whatever a slow machine is doing then (a papers reminder during a store comparison).
        timerIntervalMs: 0,
        // The demo cases' generated PDFs only when a test asks (they would number the documents it adds, and cost a start).
        demoDocuments: false,
        log: createLogger("debug", sink),
        ...hostOptions,
        now,
        env: {
          KOMITEBOT_MODE: "local",
          DEMO_DATA: "true",
          LOG_LEVEL: "debug",
          ...(embeddedDataDir ? { KOMITEBOT_DATA_DIR: embeddedDataDir } : {}),
          ...(options.env ?? {}),
        },
      });
    } catch (err) {
      unstamp();
      throw err;
    }
    return new BotHarness(host, connector, testStore, lines, clock, unstamp);
  }

  get url(): string {
    return this.connector.url;
  }

  get store() {
    return this.host.store;
  }

  /** Where the app keeps documents' content (the blob container; names() lists every blob). */
  get content(): BlobContentStore {
    return this.host.services.documentContent as BlobContentStore;
  }

  /** The app's services: the repositories the use cases use, the roster, the settings. */
  get svc() {
    return this.host.services;
  }

  get roster(): Roster {
    return this.host.services.roster;
  }

  /** A roster person as a Teams user. */
  who(rosterId: string, locale = "nb-NO") {
    const p = this.roster.people.find((x) => x.id === rosterId);
    if (!p?.aadObjectId) throw new Error(`no roster person ${rosterId}`);
    return { aadObjectId: p.aadObjectId, name: p.name, locale };
  }

  /** The person's 1:1 chat with the bot, as the fake connector names it (activities.ts: a:1on1-<Entra object id>). */
  personalChat(rosterId: string): string {
    return `a:1on1-${this.who(rosterId).aadObjectId}`;
  }

  /** The Adaptive Cards the bot sent to the person's 1:1 chat, oldest first. */
  cardsTo(rosterId: string): any[] {
    return this.connector
      .sent(this.personalChat(rosterId))
      .flatMap((a) => a.attachments ?? [])
      .filter((x: any) => x.contentType === "application/vnd.microsoft.card.adaptive")
      .map((x: any) => x.content);
  }

  /**
   * As Teams delivers it: over HTTP to POST /api/messages. Returns the invoke
   * response (status and body) for an invoke, undefined for other activities.
   */
  async send(activity: object): Promise<InvokeResult | undefined> {
    const r = await this.post(activity);
    return (activity as { type?: unknown }).type === "invoke" ? r : undefined;
  }

  /** Through the adapter in-process, skipping the HTTP server (for the few tests about the adapter itself). */
  async sendInProcess(activity: object): Promise<InvokeResult | undefined> {
    const adapter = this.host.bot.app.adapter as unknown as {
      processActivity(auth: string, activity: object, logic: (ctx: any) => Promise<void>): Promise<{ status: number; body?: unknown } | undefined>;
    };
    const r = await adapter.processActivity("", activity, (ctx) => this.host.bot.handle(ctx));
    await this.settle();
    return r ? { status: r.status, body: r.body } : undefined;
  }

  /** Over HTTP to /api/messages. */
  async post(activity: object, headers: Record<string, string> = {}): Promise<InvokeResult> {
    const res = await fetch(`${this.host.server.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    await this.settle();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Stops the app; `keepConnector` leaves the fake connector running for a restarted app. */
  /** Waits for the work a turn left running: background tasks, then the coalesced card updates. */
  async settle(): Promise<void> {
    await this.host.teams.tasks.flush();
    await this.host.teams.cards.flush();
  }

  async stop(keepConnector = false): Promise<void> {
    this.unstamp();
    await this.host.close();
    if (!keepConnector) await this.connector.stop();
    await this.testStore?.dispose();
  }
}

/** The Adaptive Card in an invoke response, or undefined when the response is a message. */
export function invokeCard(r: InvokeResult | undefined): any {
  return r?.body?.type === "application/vnd.microsoft.card.adaptive" ? r.body.value : undefined;
}

export function invokeMessage(r: InvokeResult | undefined): string | undefined {
  return r?.body?.type === "application/vnd.microsoft.activity.message" ? r.body.value : undefined;
}

/** All Action.Execute actions anywhere in a card (body, action sets, show cards). */
export function executeActions(card: any): { verb: string; data: any; title?: string }[] {
  const found: { verb: string; data: any; title?: string }[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === "Action.Execute" && node !== card.refresh?.action) found.push({ verb: node.verb, data: node.data, title: node.title });
    for (const [k, v] of Object.entries(node)) if (k !== "refresh") walk(v);
  };
  walk(card);
  return found;
}

/** All text in a card, joined (for assertions on what a user sees). */
export function cardText(card: any): string {
  const out: string[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    // As a reader sees it: Markdown escapes gone, no-break spaces as spaces (plainMarkdown in src/cards/card.ts).
    for (const k of ["text", "title", "value", "label"])
      if (typeof node[k] === "string") out.push(node[k].replace(/\\([\\*_[\]`])/g, "$1").replace(/\u00a0/g, " "));
    for (const v of Object.values(node)) walk(v);
  };
  walk(card);
  return out.join("\n");
}
