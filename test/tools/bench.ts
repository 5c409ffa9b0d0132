/**
 * npm run bench: latency of the key invokes over HTTP against the app as it
 * runs in production, the raw store round trips they need, and memory. Prints
 * a markdown report and writes docs/bench.md.
 *
 * - The app is built (tsc → node_modules/.cache/komitebot-bench/dist) and
 *   started as a child process, `node dist/index.js`, with KOMITEBOT_MODE=local,
 *   DEMO_DATA=true, a free PORT and a temp KOMITEBOT_DATA_DIR; its embedded
 *   store runs in its own (grandchild) process, whose endpoint and pid it writes
 *   to KOMITEBOT_STORE_INFO_FILE. The fake Bot Connector and the HTTP client run
 *   here, in the bench process.
 * - Invokes: position (rotating the 8 members and the 3 positions, so each one
 *   writes), check in / check out (alternating, so each one writes), conclude
 *   (on fresh cases of a bench meeting, each quorate and unanimous) — each with
 *   1, 4 and 8 in flight; each kind is warmed up first (WARM_UP: the JIT), so the
 *   phases time the steady state.
 * - Raw store: point read, query of one meeting partition, upsert, update
 *   (read + replace with IfMatch), timed from here against the same store process.
 * - Store calls per invoke cannot be counted across processes: a short profile
 *   run first starts the host in THIS process (under tsx, store in process),
 *   wrapped in a counting proxy, and runs the same scenario with fewer invokes.
 * - RSS from /proc/<pid>/status (VmRSS) of the app and of the store process,
 *   at rest and sampled every 50 ms under load.
 * - Targets (reported, not asserted): p95 ≤ 50 ms per invoke, ≤ 3× the raw store
 *   time the invoke needs, RSS ≤ 200 MB.
 * - Documents (issue 12): a 5 MB PDF seeded into the app's own Azurite and
 *   Cosmos (seedBenchDocument), read raw from Azurite with @azure/storage-blob
 *   (measureRawBlobReads: time to first byte and to the last), and through the
 *   meeting book's document endpoint, after its authorization check and audit
 *   entry (measureDocumentTtfb; target ≤ 2× raw). The app is told whom to read
 *   as by KOMITEBOT_TAB_PERSON (local mode on loopback only).
 * - The meeting book's page: the first response of GET /tab after start, then n.
 * - The register report (issue 15): a year of generated data seeded into the app's
 *   store, then «rapport 2025» (the card with charts) and «rapport pdf 2025» (the
 *   yearly PDF), 20 each, timed over HTTP; target p95 ≤ 1 s (measureReport).
 * - Where the app's CPU goes: BENCH_APP_CPU_PROFILE=<dir> makes the app write a
 *   V8 CPU profile there when it stops, and BENCH_PHASE_TIMES=1 prints each
 *   measured phase's start and end on stderr ("PHASE <name> <in flight> <start>
 *   <end> <n>", in µs of the monotonic clock the profile's timestamps use), so
 *   that the profile's samples can be cut to one phase.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import http from "node:http";
import { PRODUCTION_NODE_OPTIONS } from "../../src/config.js";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";
import { DEMO_ROSTER, loadRoster, startHost } from "../../src/host.js";
import { loadStoreConfig } from "../../src/store/cosmos-config.js";
import { CosmosStore } from "../../src/store/cosmos-store.js";
import { openStore } from "../../src/store/open-store.js";
import type { DocumentStore } from "../../src/store/document-store.js";
import { repositories } from "../../src/store/repositories/index.js";
import type { Roster } from "../../src/domain/roster.js";
import { demoCases } from "../../src/demo/seed.js";
import { FakeConnector } from "../support/fake-connector.js";
import { AsyncLocalStorage } from "node:async_hooks";
import { BackgroundTasks } from "../../src/teams/background.js";
import { CardUpdater } from "../../src/teams/card-updater.js";
import { botAddedToMeeting, cardAction, personalMessage } from "../support/activities.js";
import { seedYear } from "../support/year-data.js";
import { createHash } from "node:crypto";
import type { CaseDocument } from "../../src/app/ports.js";
import { BlobContentStore } from "../../src/store/blob-content.js";
import { pdfOfSize } from "../support/documents.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CONCURRENCY = [1, 4, 8] as const;
/** Invokes per phase: the measured run, and the in-process profile that counts store calls. */
/** Invokes of each kind before its phases are measured (the JIT's warm-up; not counted). */
const WARM_UP = { position: 200, attendance: 100, conclude: 20 };
const SIZES = { measured: { position: 300, attendance: 200, conclude: 50 }, profile: { position: 60, attendance: 40, conclude: 15 } };

// ── a counting, timing store ────────────────────────────────────────────────

type Method = "get" | "create" | "createIfAbsent" | "upsert" | "update" | "query" | "queryAll";
const METHODS: Method[] = ["get", "create", "createIfAbsent", "upsert", "update", "query", "queryAll"];

/**
 * Which store calls belong to the invoke itself and which to the work it leaves
 * for after the turn (the coalesced shared-card updates, the quorum judgement,
 * the record draft): the profile runs background tasks and card updates in this
 * context, so the counting store can tell them apart.
 */
const afterTheTurn = new AsyncLocalStorage<true>();
function markWorkAfterTheTurn(): void {
  const run = BackgroundTasks.prototype.run;
  BackgroundTasks.prototype.run = function (name: string, task: () => Promise<void>) {
    return run.call(this, name, () => afterTheTurn.run(true, task));
  };
  const schedule = CardUpdater.prototype.schedule;
  CardUpdater.prototype.schedule = function (key: string, job: () => Promise<void>) {
    return schedule.call(this, key, () => afterTheTurn.run(true, job));
  };
}

class Counters {
  calls = new Map<Method, number>();
  /** Calls made after the turn answered (background tasks, coalesced card updates). */
  after = new Map<Method, number>();
  ms = 0;
  reset() {
    this.calls.clear();
    this.after.clear();
    this.ms = 0;
  }
  total() {
    return [...this.calls.values()].reduce((a, b) => a + b, 0);
  }
}

function counting(store: DocumentStore, counters: Counters): DocumentStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || !METHODS.includes(prop as Method)) return typeof value === "function" ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        const t0 = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          counters.ms += performance.now() - t0;
          const bucket = afterTheTurn.getStore() ? counters.after : counters.calls;
          bucket.set(prop as Method, (bucket.get(prop as Method) ?? 0) + 1);
        }
      };
    },
  });
}

// ── stats ───────────────────────────────────────────────────────────────────

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
const callList = (calls: Record<string, number>) =>
  Object.entries(calls)
    .filter(([, n]) => n >= 0.05)
    .map(([m, n]) => `${m} ${n.toFixed(1)}`)
    .join(", ") || "–";
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");

async function runAll<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

// ── the scenario (same for the profile and the measured run) ────────────────

interface Phase {
  name: string;
  concurrency: number;
  samples: number[];
  wallMs: number;
  /** Store calls made by the invoke itself, before its answer. */
  storeCallsPerInvoke?: Record<string, number>;
  /** Store calls made after the answer, by the work the invoke left behind (per invoke). */
  afterCallsPerInvoke?: Record<string, number>;
  storeMsPerInvoke?: number;
  /** The app process's CPU time (user + system) during the phase, per invoke. */
  cpuMsPerInvoke?: number;
  /** The embedded store process's CPU time during the phase, per invoke (local mode: it shares the app's cores). */
  storeCpuMsPerInvoke?: number;
  /** This process's CPU time (the HTTP client and the fake Bot Connector) during the phase, per invoke. */
  benchCpuMsPerInvoke?: number;
}

interface Target {
  base: string;
  roster: Roster;
  /** A store client on the app's store (for setup). */
  raw: DocumentStore;
  counters?: Counters;
  /** Waits until the coalesced shared-card updates of a phase are done. */
  settle(): Promise<void>;
  /** The app process's CPU time so far, in ms (user + system). */
  cpuMs?: () => number;
  /** The store process's CPU time so far, in ms, when it is a process of its own. */
  storeCpuMs?: () => number;
}

async function scenario(t: Target, connector: FakeConnector, sizes: typeof SIZES.measured): Promise<{ phases: Phase[]; meeting: string }> {
  const now = new Date();
  const today = DateTime.fromJSDate(now).setZone("Europe/Oslo");
  const MEETING = `M-${today.toISODate()}`;
  const Y = today.year;
  const CASE = `TO-${Y}-003`;
  const who = (id: string) => {
    const p = t.roster.people.find((x) => x.id === id)!;
    return { aadObjectId: p.aadObjectId!, name: p.name, locale: "nb-NO" };
  };
  const post = async (activity: object): Promise<number> => {
    const t0 = performance.now();
    const res = await fetch(`${t.base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
    const body = (await res.json().catch(() => undefined)) as { type?: string; value?: unknown } | undefined;
    const ms = performance.now() - t0;
    if (res.status !== 200 || body?.type !== "application/vnd.microsoft.card.adaptive") {
      throw new Error(`unexpected answer ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
    return ms;
  };

  // The meeting chat is linked (so shared cards are updated as in a real meeting) and case 3 taken up.
  await post(botAddedToMeeting(connector.url, who("chair"))).catch(() => undefined);
  await post(cardAction(connector.url, who("chair"), "takeUpCase", { meetingId: MEETING, caseId: CASE }));

  // Fresh cases to conclude: a bench meeting, each case with 4 members present and unanimous.
  const BENCH_MEETING = `M-${today.toISODate()}-bench`; // each run has its own store
  const template = demoCases(now)[1]!; // not confidential
  const benchCases = Array.from({ length: sizes.conclude * CONCURRENCY.length + WARM_UP.conclude }, (_, i) => `TO-${Y}-${String(500 + i).padStart(3, "0")}`);
  const repos = repositories(t.raw);
  await repos.meetings.add({ id: BENCH_MEETING, date: today.toISODate()!, startsAt: today.set({ hour: 15 }).toISO()!, kind: "extra", agenda: benchCases });
  const voters = ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"];
  const at = new Date(now.getTime() - 60_000).toISOString();
  for (const v of voters) await repos.meetings.changeAttendance(BENCH_MEETING, v, () => ({ personId: v, present: true, source: "checkin", at }));
  await runAll(benchCases, 16, async (id) => {
    const benchCase = { ...template, id, code: id, meetingId: BENCH_MEETING, status: "inMeeting" as const };
    await repos.cases.add(benchCase);
    await repos.meetings.putTakenUp({ meetingId: BENCH_MEETING, caseId: id, case: benchCase, at });
    for (const v of voters) await repos.meetings.changePosition(BENCH_MEETING, id, v, () => ({ personId: v, caseId: id, position: "grant", at }));
  });

  const MEMBERS = ["m-sorost-1", "m-sorost-2", "m-vest-1", "m-vest-2", "m-midt-1", "m-midt-2", "m-nord-1", "m-nord-2"];
  const POS = ["grant", "reject", "defer"] as const;
  const ATTENDEES = t.roster.people.filter((p) => p.role !== "member" && p.aadObjectId).map((p) => p.id); // members stay present for the positions

  const phases: Phase[] = [];
  const measure = async (name: string, concurrency: number, activities: object[]) => {
    const samples: number[] = [];
    await new Promise((r) => setTimeout(r, 1_100)); // let the previous phase's coalesced card updates start
    await t.settle();
    t.counters?.reset();
    const cpu0 = t.cpuMs?.();
    const storeCpu0 = t.storeCpuMs?.();
    const benchCpu0 = process.cpuUsage();
    const t0 = performance.now();
    const h0 = process.hrtime.bigint() / 1000n;
    await runAll(activities, concurrency, async (a) => void samples.push(await post(a)));
    const wallMs = performance.now() - t0;
    if (process.env.BENCH_PHASE_TIMES)
      process.stderr.write(`PHASE ${name.replace(/ /g, "_")} ${concurrency} ${h0} ${process.hrtime.bigint() / 1000n} ${activities.length}\n`);
    await t.settle();
    const cpu1 = t.cpuMs?.();
    const storeCpu1 = t.storeCpuMs?.();
    const benchCpu = process.cpuUsage(benchCpu0);
    const n = activities.length;
    const c = t.counters;
    phases.push({
      name,
      concurrency,
      samples,
      wallMs,
      ...(cpu0 !== undefined && cpu1 !== undefined ? { cpuMsPerInvoke: (cpu1 - cpu0) / n } : {}),
      ...(storeCpu0 !== undefined && storeCpu1 !== undefined ? { storeCpuMsPerInvoke: (storeCpu1 - storeCpu0) / n } : {}),
      benchCpuMsPerInvoke: (benchCpu.user + benchCpu.system) / 1000 / n,
      ...(c
        ? {
            storeCallsPerInvoke: Object.fromEntries(METHODS.filter((m) => c.calls.get(m)).map((m) => [m, c.calls.get(m)! / n])),
            afterCallsPerInvoke: Object.fromEntries(METHODS.filter((m) => c.after.get(m)).map((m) => [m, c.after.get(m)! / n])),
            storeMsPerInvoke: c.ms / n,
          }
        : {}),
    });
  };

  let k = 0;
  const positionActs = (n: number) =>
    Array.from({ length: n }, () => {
      const i = k++;
      return cardAction(connector.url, who(MEMBERS[i % 8]!), "position", { meetingId: MEETING, caseId: CASE, position: POS[Math.floor(i / 8) % 3] });
    });
  let c = 0;
  const attendanceActs = (n: number) =>
    Array.from({ length: n }, () => {
      const i = c++;
      const person = ATTENDEES[i % ATTENDEES.length]!;
      const verb = Math.floor(i / ATTENDEES.length) % 2 === 0 ? "checkIn" : "checkOut";
      return cardAction(connector.url, who(person), verb, { meetingId: MEETING });
    });
  const concludeActs = (ids: string[]) => ids.map((id) => cardAction(connector.url, who("chair"), "conclude", { meetingId: BENCH_MEETING, caseId: id }));

  // Warm up the JIT (V8 optimizes a path only after many runs of it) and the connections, each kind right before it is
  // measured, so that every phase times the steady state and none of them the compiler.
  for (const a of positionActs(WARM_UP.position)) await post(a);
  for (const n of CONCURRENCY) await measure("position", n, positionActs(sizes.position));
  for (const a of attendanceActs(WARM_UP.attendance)) await post(a);
  for (const n of CONCURRENCY) await measure("check in/out", n, attendanceActs(sizes.attendance));
  const measuredCases = benchCases.slice(WARM_UP.conclude);
  for (const a of concludeActs(benchCases.slice(0, WARM_UP.conclude))) await post(a);
  for (const [i, n] of CONCURRENCY.entries()) await measure("conclude", n, concludeActs(measuredCases.slice(i * sizes.conclude, (i + 1) * sizes.conclude)));
  return { phases, meeting: MEETING };
}

// ── processes ───────────────────────────────────────────────────────────────

const rssMB = (pid: number): number => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
};

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A process's CPU time so far (user + system), in ms, from /proc/<pid>/stat: what process.cpuUsage() reports inside it. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // after "pid (comm) "
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS; // utime, stime (fields 14 and 15 of the line)
}

function build(): string {
  const out = join(REPO, "node_modules/.cache/komitebot-bench/dist");
  execFileSync("rm", ["-rf", out]);
  try {
    execFileSync(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", out], { cwd: REPO, stdio: "pipe" });
  } catch (err) {
    // Type errors still emit JavaScript; only a missing entry point is fatal.
    if (!existsSync(join(out, "index.js"))) throw err;
    process.stderr.write(`note: tsc reported errors (JavaScript emitted anyway):\n${String((err as { stdout?: Buffer }).stdout ?? "").slice(0, 2000)}\n`);
  }
  return out;
}

// ── the store's write-ahead journal: on vs off ──────────────────────────────
// Self-contained: the compiled app started once per pass with
// KOMITEBOT_STORE_JOURNAL=on or off (ABBA order, so drift on a shared machine
// hits both alike), the position invoke timed with 1 and 8 in flight.

interface JournalRow {
  journal: "on" | "off";
  concurrency: number;
  samples: number[];
}

async function journalComparison(dist: string, connector: FakeConnector, roster: Roster, perPhase = 200): Promise<JournalRow[]> {
  const rows: JournalRow[] = [];
  const who = (id: string) => {
    const p = roster.people.find((x) => x.id === id)!;
    return { aadObjectId: p.aadObjectId!, name: p.name, locale: "nb-NO" };
  };
  const today = DateTime.now().setZone("Europe/Oslo");
  const MEETING = `M-${today.toISODate()}`;
  const CASE = `TO-${today.year}-003`;
  const MEMBERS = ["m-sorost-1", "m-sorost-2", "m-vest-1", "m-vest-2", "m-midt-1", "m-midt-2", "m-nord-1", "m-nord-2"];
  const POS = ["grant", "reject", "defer"] as const;
  for (const mode of ["on", "off", "off", "on"] as const) {
    const dataDir = await mkdtemp(join(os.tmpdir(), `komitebot-bench-journal-${mode}-`));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: PRODUCTION_NODE_OPTIONS,
      KOMITEBOT_MODE: "local",
      DEMO_DATA: "true",
      KOMITEBOT_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      PORT: String(port),
      KOMITEBOT_STORE_JOURNAL: mode,
    };
    for (const k of Object.keys(env)) if (k.startsWith("COSMOS_") || k === "HOST" || k === "BOT_ID" || k === "KOMITEBOT_STORE_INFO_FILE") delete env[k];
    const app = spawn(process.execPath, [join(dist, "index.js")], { cwd: REPO, env, stdio: ["ignore", "inherit", "inherit"] });
    const exited = new Promise<void>((r) => app.once("exit", () => r()));
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitFor("the app to listen", async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined));
      // The meeting book's page: its first response after start, then n in a row.
      const tabPage = await measureTabPage(base);
      const post = async (activity: object): Promise<number> => {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`unexpected answer ${res.status}`);
        return performance.now() - t0;
      };
      await post(botAddedToMeeting(connector.url, who("chair"))).catch(() => undefined);
      await post(cardAction(connector.url, who("chair"), "takeUpCase", { meetingId: MEETING, caseId: CASE }));
      let k = 0;
      const acts = (n: number) =>
        Array.from({ length: n }, () => {
          const i = k++;
          return cardAction(connector.url, who(MEMBERS[i % 8]!), "position", { meetingId: MEETING, caseId: CASE, position: POS[Math.floor(i / 8) % 3] });
        });
      for (const a of acts(40)) await post(a); // warm-up
      for (const concurrency of [1, 8]) {
        await new Promise((r) => setTimeout(r, 1_100)); // the previous phase's coalesced card updates
        const samples: number[] = [];
        await runAll(acts(perPhase), concurrency, async (a) => void samples.push(await post(a)));
        const row = rows.find((r) => r.journal === mode && r.concurrency === concurrency);
        if (row) row.samples.push(...samples);
        else rows.push({ journal: mode, concurrency, samples });
      }
    } finally {
      app.kill("SIGTERM");
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return rows;
}

function journalSection(rows: JournalRow[], out: (s?: string) => void): void {
  out(`## Write-ahead journal: position invoke with the store's journal on and off`);
  out();
  out(
    `The same compiled app started four times (KOMITEBOT_STORE_JOURNAL on, off, off, on; samples pooled per setting), each time the position invoke over HTTP with 1 and 8 in flight. With the journal on, every write is fdatasync'ed (group commit) before the store answers, and no store response leaves while an earlier write is not on disk.`,
  );
  out();
  out(`| journal | in flight | n | p50 ms | p95 ms | p99 ms |`);
  out(`|---|---:|---:|---:|---:|---:|`);
  for (const concurrency of [1, 8]) {
    for (const journal of ["on", "off"] as const) {
      const r = rows.find((x) => x.journal === journal && x.concurrency === concurrency);
      if (r) out(`| ${journal} | ${concurrency} | ${r.samples.length} | ${f1(pct(r.samples, 50))} | ${f1(pct(r.samples, 95))} | ${f1(pct(r.samples, 99))} |`);
    }
  }
  out();
}

// ── the run ─────────────────────────────────────────────────────────────────

// ── documents (issue 12) ──────────────────────────────────────────────────────

/** Where the app's local Azurite listens (the app writes it to KOMITEBOT_BLOB_INFO_FILE). */
interface BlobInfo {
  connectionString: string;
  blobEndpoint: string;
  container: string;
  pid: number;
}

export const BENCH_DOCUMENT_BYTES = 5 * 1024 * 1024;

/**
 * Seeds one 5 MB PDF as a document of `caseId` straight into the app's stores:
 * its content into the app's Azurite (the app's own container) and its metadata
 * into the app's Cosmos (the documents repository), as addDocument would. Returns
 * the document, for the raw read and for the endpoint's TTFB.
 */
export async function seedBenchDocument(raw: DocumentStore, blobs: BlobContentStore, caseId: string): Promise<CaseDocument> {
  const content = pdfOfSize(BENCH_DOCUMENT_BYTES);
  const doc: CaseDocument = {
    id: `${caseId}:D90:v1`,
    caseId,
    documentId: "D90",
    version: 1,
    title: "Benchmark 5 MB",
    fileName: "benchmark-5mb.pdf",
    contentType: "application/pdf",
    size: content.length,
    sha256: createHash("sha256").update(content).digest("hex"),
    addedBy: "coord",
    addedAt: new Date().toISOString(),
  };
  await blobs.put(doc, content);
  await repositories(raw).documents.addVersion(doc, "bench:document");
  return doc;
}

/** Reads a document's content raw from Azurite, n times: time to the first byte and to the last (ms). */
export async function measureRawBlobReads(blobs: BlobContentStore, doc: CaseDocument, n = 30): Promise<{ ttfb: number[]; full: number[]; bytes: number }> {
  const ttfb: number[] = [];
  const full: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const opened = await blobs.open(doc);
    if (!opened) throw new Error(`the bench document ${doc.id} is not in Azurite`);
    let first = NaN;
    bytes = 0;
    for await (const chunk of opened.stream as AsyncIterable<Buffer>) {
      if (Number.isNaN(first)) first = performance.now() - t0;
      bytes += chunk.length;
    }
    ttfb.push(first);
    full.push(performance.now() - t0);
  }
  return { ttfb, full, bytes };
}

/** Time to the first byte of the body and to the last (ms), over loopback with keep-alive. */
function timedGet(url: string, agent: http.Agent): Promise<{ ttfb: number; full: number; status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http
      .get(url, { agent }, (res) => {
        let first = NaN;
        let bytes = 0;
        res.on("data", (c: Buffer) => {
          if (Number.isNaN(first)) first = performance.now() - t0;
          bytes += c.length;
        });
        res.on("end", () =>
          resolve({ ttfb: Number.isNaN(first) ? performance.now() - t0 : first, full: performance.now() - t0, status: res.statusCode ?? 0, bytes }),
        );
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

/**
 * The bench document through the meeting book's endpoint (src/http/tab-api.ts), n times: the app reads as
 * KOMITEBOT_TAB_PERSON (a member), checks the right, writes the audit entry, then streams the blob.
 */
export async function measureDocumentTtfb(base: string, doc: CaseDocument, n = 30): Promise<{ ttfb: number[]; full: number[]; bytes: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const ttfb: number[] = [];
  const full: number[] = [];
  let bytes = 0;
  try {
    for (let i = 0; i < n; i++) {
      const r = await timedGet(`${base}/api/tab/document?case=${doc.caseId}&doc=${doc.documentId}&v=${doc.version}`, agent);
      if (r.status !== 200) throw new Error(`GET /api/tab/document answered ${r.status}`);
      ttfb.push(r.ttfb);
      full.push(r.full);
      bytes = r.bytes;
    }
  } finally {
    agent.destroy();
  }
  return { ttfb, full, bytes };
}

/** GET /tab: the first response after start, then n in a row. */
async function measureTabPage(base: string, n = 100): Promise<{ first: number; rest: number[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = (await timedGet(`${base}/tab`, agent)).ttfb;
    const rest: number[] = [];
    for (let i = 0; i < n; i++) rest.push((await timedGet(`${base}/tab`, agent)).ttfb);
    return { first, rest };
  } finally {
    agent.destroy();
  }
}

// ── the register report over a year of data (issue 15) ──────────────────────

interface ReportTimes {
  /** «rapport 2025»: the whole turn over HTTP, the card built and sent (ms). */
  card: number[];
  /** «rapport pdf 2025»: the yearly PDF made (to offer it with its size) and the consent sent (ms). */
  pdf: number[];
  cardBytes: number;
  cases: number;
  storeCallsPerCard?: Record<string, number>;
}

/**
 * Seeds a year of generated data (test/support/year-data.ts, 2025: ~40 cases,
 * ~30 meetings, records) into the app's store, then times the coordinator's
 * «rapport 2025» and «rapport pdf 2025», n times each, one at a time.
 */
async function measureReport(t: Target, connector: FakeConnector, n: number): Promise<ReportTimes> {
  const plan = await seedYear(repositories(t.raw), t.roster);
  const coord = t.roster.people.find((x) => x.role === "coordinator")!;
  const who = { aadObjectId: coord.aadObjectId!, name: coord.name, locale: "nb-NO" };
  const conversation = `a:1on1-${coord.aadObjectId}`;
  const turn = async (text: string): Promise<number> => {
    const t0 = performance.now();
    const res = await fetch(`${t.base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(personalMessage(connector.url, who, text)),
    });
    await res.arrayBuffer();
    if (res.status >= 300) throw new Error(`«${text}» answered ${res.status}`);
    return performance.now() - t0;
  };
  await turn("rapport 2025"); // warm-up: the card's template, the PDF library's fonts
  await turn("rapport pdf 2025");
  const card: number[] = [];
  const pdf: number[] = [];
  t.counters?.reset();
  for (let i = 0; i < n; i++) card.push(await turn("rapport 2025"));
  const calls = t.counters ? Object.fromEntries(METHODS.filter((m) => t.counters!.calls.get(m)).map((m) => [m, t.counters!.calls.get(m)! / n])) : undefined;
  for (let i = 0; i < n; i++) pdf.push(await turn("rapport pdf 2025"));
  const last = connector
    .sent(conversation)
    .flatMap((a) => (a.attachments ?? []) as { contentType?: string; content?: unknown }[])
    .filter((x) => x.contentType === "application/vnd.microsoft.card.adaptive")
    .at(-1);
  return {
    card,
    pdf,
    cardBytes: Buffer.byteLength(JSON.stringify(last?.content ?? {})),
    cases: plan.cases.length,
    ...(calls ? { storeCallsPerCard: calls } : {}),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const connector = await new FakeConnector().start();
  const roster = await loadRoster(DEMO_ROSTER);

  // 1. Profile: the host in this process, counting store calls per invoke.
  markWorkAfterTheTurn();
  const profileDir = await mkdtemp(join(os.tmpdir(), "komitebot-bench-profile-"));
  const profileEnv = { KOMITEBOT_MODE: "local", DEMO_DATA: "true", KOMITEBOT_DATA_DIR: profileDir, LOG_LEVEL: "warn", PORT: "0" };
  const opened = await openStore(loadStoreConfig(profileEnv), { embedded: "inProcess" });
  const counters = new Counters();
  const host = await startHost({ env: profileEnv, store: counting(opened.store, counters), port: 0, timerIntervalMs: 0 }); // timers are no invoke's work
  const profile = await scenario(
    { base: host.server.url, roster: host.services.roster, raw: opened.store, counters, settle: () => host.teams.cards.flush() },
    connector,
    SIZES.profile,
  );
  const profileReport = await measureReport(
    { base: host.server.url, roster: host.services.roster, raw: opened.store, counters, settle: () => host.teams.cards.flush() },
    connector,
    5,
  );
  await host.close();
  await opened.close();
  await rm(profileDir, { recursive: true, force: true });
  process.stderr.write(`profile done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  if (process.env.BENCH_PROFILE_ONLY) {
    // A quick look at the store calls alone (npm run bench -- with BENCH_PROFILE_ONLY=1), nothing written.
    for (const p of profile.phases)
      process.stdout.write(
        `${p.name} ×${p.concurrency}: in the invoke ${callList(p.storeCallsPerInvoke ?? {})}; after ${callList(p.afterCallsPerInvoke ?? {})}\n`,
      );
    process.stdout.write(
      `rapport 2025 over ${profileReport.cases} cases (in process, n=5): card p50 ${f1(pct(profileReport.card, 50))} ms, ${profileReport.cardBytes} bytes, store calls ${callList(profileReport.storeCallsPerCard ?? {})}; PDF p50 ${f1(pct(profileReport.pdf, 50))} ms\n`,
    );
    await connector.stop();
    return;
  }

  // 2. The app as in production: compiled, a child process; its store a grandchild.
  const dist = build();
  const dataDir = await mkdtemp(join(os.tmpdir(), "komitebot-bench-"));
  const infoFile = join(dataDir, "store-info.json");
  const blobInfoFile = join(dataDir, "blob-info.json");
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // BENCH_NODE_OPTIONS: other flags to compare with (the README's figures are with the production ones).
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? PRODUCTION_NODE_OPTIONS,
    KOMITEBOT_MODE: "local",
    DEMO_DATA: "true",
    KOMITEBOT_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    PORT: String(port),
    KOMITEBOT_STORE_INFO_FILE: infoFile,
    // The meeting book reads as a member (local mode, loopback), for the document endpoint's timing.
    KOMITEBOT_TAB_PERSON: "m-sorost-1",
    KOMITEBOT_BLOB_INFO_FILE: blobInfoFile,
  };
  for (const k of Object.keys(env)) if (k.startsWith("COSMOS_") || k === "HOST" || k === "BOT_ID") delete env[k];
  // BENCH_APP_CPU_PROFILE=<dir>: the app writes a V8 CPU profile there when it stops (where its CPU per invoke goes).
  const profileArgs = process.env.BENCH_APP_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_APP_CPU_PROFILE}`] : [];
  const app: ChildProcess = spawn(process.execPath, [...profileArgs, join(dist, "index.js")], { cwd: REPO, env, stdio: ["ignore", "inherit", "inherit"] });
  const appExit = new Promise<void>((r) => app.once("exit", () => r()));
  app.once("exit", (code, signal) => {
    if (!stopping) {
      console.error(`the app exited unexpectedly (${signal ?? code})`);
      process.exit(1);
    }
  });
  let stopping = false;
  const base = `http://127.0.0.1:${port}`;
  const info = await waitFor("the store info file", async () => JSON.parse(await readFile(infoFile, "utf8")) as { endpoint: string; key: string; pid: number });
  await waitFor("the app to listen", async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined));
  // The meeting book's page: its first response after start, then n in a row.
  const tabPage = await measureTabPage(base);
  const raw = await CosmosStore.connect({ endpoint: info.endpoint, database: "komitebot", auth: { kind: "key", key: info.key } });
  const appPid = app.pid!;
  const storePid = info.pid;

  await new Promise((r) => setTimeout(r, 1_000));
  const atRest = { app: rssMB(appPid), store: rssMB(storePid) };
  const max = { app: atRest.app, store: atRest.store, sum: atRest.app + atRest.store };
  const sampler = setInterval(() => {
    const a = rssMB(appPid);
    const s = rssMB(storePid);
    max.app = Math.max(max.app, a);
    max.store = Math.max(max.store, s);
    max.sum = Math.max(max.sum, a + s);
  }, 50);
  const measured = await scenario(
    { base, roster, raw, settle: async () => new Promise((r) => setTimeout(r, 1_100)), cpuMs: () => cpuMs(appPid), storeCpuMs: () => cpuMs(storePid) },
    connector,
    SIZES.measured,
  );
  const reportTimes = await measureReport({ base, roster, raw, settle: async () => undefined }, connector, 20);
  clearInterval(sampler);
  const MEETING = measured.meeting;

  // Raw store round trips, from here to the same store process.
  const rawTimes: Record<string, number[]> = { "point read": [], "query one meeting partition": [], upsert: [], "update (read + replace)": [] };
  const partitionSize = (await raw.query("meetings", MEETING, "SELECT * FROM c WHERE c.meetingId = @pk", [{ name: "@pk", value: MEETING }])).length;
  const time = async (key: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    rawTimes[key]!.push(performance.now() - t0);
  };
  for (let i = 0; i < 300; i++) {
    await time("point read", () => raw.get("meetings", MEETING, MEETING));
    await time("query one meeting partition", () =>
      raw.query("meetings", MEETING, "SELECT * FROM c WHERE c.meetingId = @pk", [{ name: "@pk", value: MEETING }]),
    );
    await time("upsert", () => raw.upsert("conversations", { id: `bench-${i % 20}`, n: i }));
    await time("update (read + replace)", () =>
      raw.update<{ id: string; n: number }>("conversations", `bench-${i % 20}`, `bench-${i % 20}`, (d) => ({ id: `bench-${i % 20}`, n: (d?.n ?? 0) + 1 })),
    );
  }
  // Documents: a 5 MB PDF in the app's own Azurite and Cosmos, read raw from Azurite.
  const blobInfo = await waitFor("the blob info file", async () => JSON.parse(await readFile(blobInfoFile, "utf8")) as BlobInfo);
  const blobs = await BlobContentStore.connect({ kind: "connectionString", connectionString: blobInfo.connectionString, container: blobInfo.container });
  const benchDoc = await seedBenchDocument(raw, blobs, demoCases(new Date())[0]!.code);
  const rawBlob = await measureRawBlobReads(blobs, benchDoc);
  // TTFB through the meeting book's document endpoint: the reader's right, the audit entry, then the stream.
  const checkedBlob = await measureDocumentTtfb(base, benchDoc);
  raw.close();
  stopping = true;
  app.kill("SIGTERM");
  await appExit;
  const storeGone = await waitFor("the store process to exit", async () => (Number.isNaN(rssMB(storePid)) ? true : undefined), 15_000).catch(() => false);
  const journalRows = await journalComparison(dist, connector, roster);

  const raw50 = (k: string) => pct(rawTimes[k]!, 50);
  const rawCost: Record<Method, number> = {
    get: raw50("point read"),
    query: raw50("query one meeting partition"),
    queryAll: raw50("query one meeting partition"),
    upsert: raw50("upsert"),
    create: raw50("upsert"),
    createIfAbsent: raw50("upsert"),
    update: raw50("update (read + replace)"),
  };

  // ── report ────────────────────────────────────────────────────────────────
  const cpus = os.cpus();
  const MB = (b: number) => (b / 1024 / 1024).toFixed(0);
  const lines: string[] = [];
  const out = (s = "") => lines.push(s);
  const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");
  out(`# Benchmark (npm run bench)`);
  out();
  out(
    `Machine: ${cpus[0]?.model ?? "?"}, ${cpus.length} cores, ${MB(os.totalmem())} MB RAM, Node ${process.version}, ${os.platform()} ${os.release()}. Run ${new Date().toISOString()}.`,
  );
  out();
  out(
    `The app as in production: compiled with tsc and started as \`node dist/index.js\` with NODE_OPTIONS=\`${PRODUCTION_NODE_OPTIONS}\` (KOMITEBOT_MODE=local, DEMO_DATA=true), a child of the bench; its embedded Cosmos-protocol store in its own process (a grandchild). HTTP to /api/messages from the bench process; fake Bot Connector in the bench process; shared-card coalescing window 1 s. The today's-meeting partition held ${partitionSize} documents at the end.`,
  );
  out();
  out(`## Invokes`);
  out();
  out(
    `| invoke | in flight | n | p50 ms | p95 ms | p99 ms | throughput /s | app CPU ms / invoke | store CPU ms / invoke | bench CPU ms / invoke | store calls in the invoke (profile) | after the answer (profile) | raw store ms needed | p95 ÷ raw | p95 ÷ p95 at 1 | CPU floor of that ratio | targets |`,
  );
  out(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---|`);
  const verdicts: boolean[] = [];
  /** The store call budget per invoke (issue 11): position and check-in at most 3, conclude at most 6. */
  const CALL_BUDGET: Record<string, number> = { position: 3, "check in/out": 3, conclude: 6 };
  for (const p of measured.phases) {
    const prof = profile.phases.find((q) => q.name === p.name && q.concurrency === p.concurrency)!;
    const callsPer = prof.storeCallsPerInvoke ?? {};
    const p95 = pct(p.samples, 95);
    const rawNeeded = Object.entries(callsPer).reduce((s, [m, n]) => s + n * rawCost[m as Method], 0);
    const ratio = p95 / rawNeeded;
    const single = measured.phases.find((q) => q.name === p.name && q.concurrency === 1)!;
    const vsSingle = p95 / pct(single.samples, 95);
    const callCount = Object.values(callsPer).reduce((a, b) => a + b, 0);
    // Little's law: n invokes in flight cannot average less than n × (the busiest resource's time per invoke).
    // Two resources bound it here: the machine's cores, shared by the app, its store and this client (n × C ÷ cores,
    // C the CPU of all three per invoke), and the app's one JavaScript thread, which no ordering can spread over
    // the cores (n × the app's CPU per invoke). p95 ≥ that mean.
    const cpuTotal = (p.cpuMsPerInvoke ?? NaN) + (p.storeCpuMsPerInvoke ?? 0) + (p.benchCpuMsPerInvoke ?? 0);
    const busiest = Math.max(cpuTotal / os.availableParallelism(), p.cpuMsPerInvoke ?? NaN);
    const floor = (p.concurrency * busiest) / pct(single.samples, 95);
    const checks: [string, boolean][] =
      p.concurrency === 1
        ? [
            ["p95 ≤ 50 ms", p95 <= 50],
            ["≤ 3× raw", ratio <= 3],
            [`≤ ${CALL_BUDGET[p.name] ?? "?"} calls`, callCount <= (CALL_BUDGET[p.name] ?? Infinity) + 0.05],
          ]
        : [["≤ 3× p95 at 1", vsSingle <= 3]];
    verdicts.push(...checks.map(([, ok]) => ok));
    const calls = callList(callsPer);
    out(
      `| ${p.name} | ${p.concurrency} | ${p.samples.length} | ${f1(pct(p.samples, 50))} | ${f1(p95)} | ${f1(pct(p.samples, 99))} | ${(p.samples.length / (p.wallMs / 1000)).toFixed(0)} | ${p.cpuMsPerInvoke !== undefined ? f1(p.cpuMsPerInvoke) : "–"} | ${p.storeCpuMsPerInvoke !== undefined ? f1(p.storeCpuMsPerInvoke) : "–"} | ${p.benchCpuMsPerInvoke !== undefined ? f1(p.benchCpuMsPerInvoke) : "–"} | ${calls} (${callCount.toFixed(1)}) | ${callList(prof.afterCallsPerInvoke ?? {})} | ${f1(rawNeeded)} | ${ratio.toFixed(1)} | ${vsSingle.toFixed(1)} | ${p.concurrency > 1 && Number.isFinite(floor) ? floor.toFixed(1) : "–"} | ${checks.map(([name, ok]) => `${name} ${verdict(ok)}`).join("; ")} |`,
    );
  }
  out();
  out(
    `"store calls in the invoke" comes from the profile run below: every DocumentStore call made while the invoke was being answered, divided by the invokes. "after the answer" are the calls of the work the invokes leave behind, also divided by the invokes: the coalesced shared-card updates (at most one per card per second, however many invokes), the quorum judgement after a check-in or check-out, the record draft after a conclusion. The call budget (position and check-in ≤ 3, conclude ≤ 6) is judged on the calls in the invoke. "raw store ms needed" = Σ calls × the raw p50 of that kind of call measured against the same store process (create/createIfAbsent priced as an upsert, queryAll as a partition query). "CPU floor of that ratio": n invokes in flight cannot take less, on average, than n × the time per invoke of the busiest resource they share (Little's law). Two bound it here: the machine's ${os.availableParallelism()} cores, shared by the app, its store process and this client (C ms of CPU per invoke in the three CPU columns together: n × C ÷ cores), and the app's one JavaScript thread, which runs all of the app's CPU per invoke one piece after another (n × the app CPU column). The larger, divided by the p95 at 1 in flight, is the smallest "p95 ÷ p95 at 1" any ordering of the same work could give here, before any variance (p95 is above the mean). At 1 in flight an invoke waits on nothing but these same CPUs (the store is on loopback), so its latency is about the CPU it needs and the ratio's floor is about n × the app's share of that CPU: to bring it under 3 at 8 in flight, the app's CPU per invoke would have to fall below about 3/8 of an invoke's whole time alone, that is below about three fifths of the store's and the client's CPU per invoke together. That is a property of this set-up (the store and the client on the app's two cores, no network wait), not of the app's structure; against Cosmos DB in Azure an invoke alone waits on the network for most of its time and the same CPU gives a far lower ratio.`,
  );
  out();
  out(`## Raw store round trips (bench → the app's store process, SDK, keep-alive)`);
  out();
  out(`| operation | n | p50 ms | p95 ms |`);
  out(`|---|---:|---:|---:|`);
  for (const [k2, xs] of Object.entries(rawTimes))
    out(`| ${k2}${k2.startsWith("query") ? ` (${partitionSize} docs)` : ""} | ${xs.length} | ${f1(pct(xs, 50))} | ${f1(pct(xs, 95))} |`);
  out();
  out(`## Documents: a 5 MB PDF (issue 12)`);
  out();
  out(`| read | n | bytes | TTFB p50 ms | TTFB p95 ms | whole p50 ms | whole p95 ms |`);
  out(`|---|---:|---:|---:|---:|---:|---:|`);
  out(
    `| raw Azurite (@azure/storage-blob download, the app's own Azurite) | ${rawBlob.ttfb.length} | ${rawBlob.bytes} | ${f1(pct(rawBlob.ttfb, 50))} | ${f1(pct(rawBlob.ttfb, 95))} | ${f1(pct(rawBlob.full, 50))} | ${f1(pct(rawBlob.full, 95))} |`,
  );
  const docRatio = pct(checkedBlob.ttfb, 50) / pct(rawBlob.ttfb, 50);
  const docOk = docRatio <= 2;
  verdicts.push(docOk);
  out(
    `| through the meeting book (GET /api/tab/document as a member: the right, the audit entry, then the stream) | ${checkedBlob.ttfb.length} | ${checkedBlob.bytes} | ${f1(pct(checkedBlob.ttfb, 50))} | ${f1(pct(checkedBlob.ttfb, 95))} | ${f1(pct(checkedBlob.full, 50))} | ${f1(pct(checkedBlob.full, 95))} |`,
  );
  out();
  out(
    `Target for the app's document endpoint (through the authorization check): TTFB ≤ 2× the raw Azurite TTFB above — p50 ${docRatio.toFixed(1)}×: ${verdict(docOk)} (p95 ${(pct(checkedBlob.ttfb, 95) / pct(rawBlob.ttfb, 95)).toFixed(1)}×). Before its first byte the endpoint reads the case, the case's meeting facts (declared conflicts, invited experts) and the document's record, and writes one audit entry (while the download starts).`,
  );
  out();
  out(`## The meeting book's page (GET /tab, time to the first byte)`);
  out();
  out(`| request | n | p50 ms | p95 ms |`);
  out(`|---|---:|---:|---:|`);
  out(`| the first after start | 1 | ${f1(tabPage.first)} | |`);
  out(`| then, in a row | ${tabPage.rest.length} | ${f1(pct(tabPage.rest, 50))} | ${f1(pct(tabPage.rest, 95))} |`);
  out();
  out(`## The register report over a year of data (issue 15)`);
  out();
  out(
    `A year of generated data (test/support/year-data.ts: ${reportTimes.cases} applications from all four regions, a meeting every other Friday, records, routings) seeded into the app's store beside the demo data; the coordinator's message over HTTP, one at a time, timed until the turn's HTTP answer (the card built from the store and sent to the connector; for the PDF: the PDF made, to offer it with its size, and the file consent sent).`,
  );
  out();
  out(`| message | n | p50 ms | p95 ms | max ms | ≤ 1000 ms (p95) |`);
  out(`|---|---:|---:|---:|---:|:-:|`);
  for (const [name, xs] of [
    ["rapport 2025 (the card with charts)", reportTimes.card],
    ["rapport pdf 2025 (the yearly PDF)", reportTimes.pdf],
  ] as const) {
    const ok = pct(xs, 95) <= 1000;
    verdicts.push(ok);
    out(`| ${name} | ${xs.length} | ${f1(pct(xs, 50))} | ${f1(pct(xs, 95))} | ${f1(Math.max(...xs))} | ${verdict(ok)} |`);
  }
  out();
  out(
    `The card: ${reportTimes.cardBytes} bytes (Teams' limit about 28 KB). Store calls per «rapport» (profile run, in process): ${callList(profileReport.storeCallsPerCard ?? {})} — the register's queries, one of them for every case's latest record at once (the grounds found met). Teams waits about 15 s for a turn.`,
  );
  out();
  out(`## Memory (VmRSS)`);
  out();
  out(`| process | at rest (1 s after start) | max under load (sampled every 50 ms) | ≤ 200 MB |`);
  out(`|---|---:|---:|:-:|`);
  const rssOk = max.app <= 200;
  verdicts.push(rssOk);
  out(`| app (node dist/index.js) | ${atRest.app.toFixed(0)} MB | ${max.app.toFixed(0)} MB | ${verdict(rssOk)} |`);
  out(`| embedded store process (local mode only) | ${atRest.store.toFixed(0)} MB | ${max.store.toFixed(0)} MB | |`);
  out(`| both (local mode total) | ${(atRest.app + atRest.store).toFixed(0)} MB | ${max.sum.toFixed(0)} MB | ${verdict(max.sum <= 200)} (not counted) |`);
  out();
  out(`The RSS target is judged on the app process: in Azure there is no embedded store. The store process exited with the app: ${storeGone ? "yes" : "NO"}.`);
  out();
  out(`Targets: ${verdicts.filter(Boolean).length}/${verdicts.length} PASS.`);
  out();
  out(`## Profile (store calls per invoke; host in the bench process under tsx, store in process)`);
  out();
  out(`| invoke | in flight | n | p50 ms | p95 ms | store calls in the invoke | after the answer | store ms / invoke |`);
  out(`|---|---:|---:|---:|---:|---|---|---:|`);
  for (const p of profile.phases) {
    out(
      `| ${p.name} | ${p.concurrency} | ${p.samples.length} | ${f1(pct(p.samples, 50))} | ${f1(pct(p.samples, 95))} | ${callList(p.storeCallsPerInvoke ?? {})} | ${callList(p.afterCallsPerInvoke ?? {})} | ${f1(p.storeMsPerInvoke ?? NaN)} |`,
    );
  }
  out();
  journalSection(journalRows, out);
  out(`Bench wall time: ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  const report = lines.join("\n") + "\n";
  process.stdout.write(report);
  const docs = join(REPO, "docs");
  await mkdir(docs, { recursive: true });
  await writeFile(join(docs, "bench.md"), report);

  await connector.stop();
  await rm(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
