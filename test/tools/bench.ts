/**
 * npm run bench: latency of the key invokes over HTTP against the app in local
 * mode on the EMBEDDED store (as `npm start` runs it), the raw store round
 * trips they need, and memory. Prints a markdown report and writes docs/bench.md.
 *
 * - The host is started with KOMITEBOT_MODE=local, DEMO_DATA=true, a temp
 *   KOMITEBOT_DATA_DIR and port 0; its store is the embedded one, wrapped in a
 *   counting/timing proxy; the Bot Connector is the test fake.
 * - Invokes: position (rotating the 8 members and the 3 positions, so each one
 *   writes), check in / check out (alternating, so each one writes), conclude
 *   (on fresh cases of a bench meeting, each quorate and unanimous) — each
 *   sequentially and with 8 in flight.
 * - Raw store: point read, query of one meeting partition, upsert, update
 *   (read + replace with IfMatch), timed on the store alone.
 * - Targets (reported, not asserted): p95 ≤ 50 ms per invoke, ≤ 3× the raw store
 *   time the invoke needs, RSS ≤ 200 MB.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { DateTime } from "luxon";
import { startHost } from "../../src/host.js";
import { loadStoreConfig } from "../../src/store/cosmos-config.js";
import { openStore } from "../../src/store/open-store.js";
import type { DocumentStore } from "../../src/app/ports.js";
import { demoCases } from "../../src/demo/seed.js";
import { toMeetingDoc, type AttendanceDoc, type PositionDoc } from "../../src/app/meeting-store.js";
import { FakeConnector } from "../support/fake-connector.js";
import { botAddedToMeeting, cardAction } from "../support/activities.js";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

// ── a counting, timing store ────────────────────────────────────────────────

type Method = "get" | "create" | "createIfAbsent" | "upsert" | "update" | "query" | "queryAll";
const METHODS: Method[] = ["get", "create", "createIfAbsent", "upsert", "update", "query", "queryAll"];

class Counters {
  calls = new Map<Method, number>();
  ms = 0;
  reset() {
    this.calls.clear();
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
          counters.calls.set(prop as Method, (counters.calls.get(prop as Method) ?? 0) + 1);
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
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");

async function runAll<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

// ── the run ─────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(os.tmpdir(), "komitebot-bench-"));
  const env = { KOMITEBOT_MODE: "local", DEMO_DATA: "true", KOMITEBOT_DATA_DIR: dataDir, LOG_LEVEL: "warn", PORT: "0" };
  const connector = await new FakeConnector().start();
  const opened = await openStore(loadStoreConfig(env));
  const raw = opened.store;
  const counters = new Counters();
  const host = await startHost({ env, store: counting(raw, counters), port: 0 });
  const base = host.server.url;
  const now = new Date();
  const today = DateTime.fromJSDate(now).setZone("Europe/Oslo");
  const MEETING = `M-${today.toISODate()}`;
  const Y = today.year;
  const CASE = `TO-${Y}-003`;
  const who = (id: string) => {
    const p = host.roster.people.find((x) => x.id === id)!;
    return { aadObjectId: p.aadObjectId!, name: p.name, locale: "nb-NO" };
  };
  const post = async (activity: object): Promise<number> => {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
    const body = (await res.json().catch(() => undefined)) as { type?: string; value?: unknown } | undefined;
    const ms = performance.now() - t0;
    if (res.status !== 200 || body?.type !== "application/vnd.microsoft.card.adaptive") {
      throw new Error(`unexpected answer ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
    return ms;
  };

  // Memory at rest.
  gc();
  await new Promise((r) => setTimeout(r, 200));
  gc();
  const rssAtRest = process.memoryUsage().rss;
  let rssMax = rssAtRest;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 50);

  // The meeting chat is linked (so shared cards are updated as in a real meeting) and case 3 taken up.
  await post(botAddedToMeeting(connector.url, who("chair"))).catch(() => undefined);
  await post(cardAction(connector.url, who("chair"), "takeUpCase", { meetingId: MEETING, caseId: CASE }));

  // Fresh cases to conclude: a bench meeting with 100 cases, each with 4 members present and unanimous.
  const BENCH_MEETING = `M-${today.toISODate()}-bench`;
  const template = demoCases(now)[1]!; // not confidential
  const benchCases = Array.from({ length: 100 }, (_, i) => `TO-${Y}-${String(500 + i).padStart(3, "0")}`);
  await raw.create("meetings", toMeetingDoc({ id: BENCH_MEETING, date: today.toISODate()!, startsAt: today.set({ hour: 15 }).toISO()!, kind: "extra", agenda: benchCases } as never));
  const voters = ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"];
  const at = new Date(now.getTime() - 60_000).toISOString();
  for (const v of voters) await raw.create<AttendanceDoc>("meetings", { id: `att:${v}`, meetingId: BENCH_MEETING, type: "attendance", personId: v, present: true, source: "checkin", at });
  await runAll(benchCases, 16, async (id) => {
    await raw.create("cases", { ...template, id, code: id, meetingId: BENCH_MEETING, status: "inMeeting", type: "case" });
    for (const v of voters)
      await raw.create<PositionDoc>("meetings", { id: `pos:${id}:${v}`, meetingId: BENCH_MEETING, type: "position", personId: v, caseId: id, position: "grant", at });
  });

  const MEMBERS = ["m-sorost-1", "m-sorost-2", "m-vest-1", "m-vest-2", "m-midt-1", "m-midt-2", "m-nord-1", "m-nord-2"];
  const POS = ["grant", "reject", "defer"] as const;
  const ATTENDEES = host.roster.people.filter((p) => p.role !== "member" && p.aadObjectId).map((p) => p.id); // members stay present for the positions

  interface Phase {
    name: string;
    concurrency: number;
    samples: number[];
    storeCallsPerInvoke: Record<string, number>;
    storeMsPerInvoke: number;
    wallMs: number;
  }
  const phases: Phase[] = [];
  const measure = async (name: string, concurrency: number, activities: object[]) => {
    // Warm-up: not measured.
    const samples: number[] = [];
    await new Promise((r) => setTimeout(r, 1_100)); // let the previous phase's coalesced card updates finish
    counters.reset();
    const t0 = performance.now();
    await runAll(activities, concurrency, async (a) => void samples.push(await post(a)));
    await host.bot.cards.flush();
    const wallMs = performance.now() - t0;
    const n = activities.length;
    phases.push({
      name,
      concurrency,
      samples,
      storeCallsPerInvoke: Object.fromEntries(METHODS.filter((m) => counters.calls.get(m)).map((m) => [m, counters.calls.get(m)! / n])),
      storeMsPerInvoke: counters.ms / n,
      wallMs,
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

  // Warm up the JIT and connections.
  for (const a of positionActs(40)) await post(a);
  for (const a of attendanceActs(ATTENDEES.length * 2)) await post(a);

  await measure("position", 1, positionActs(500));
  await measure("position", 8, positionActs(500));
  await measure("check in/out", 1, attendanceActs(300));
  await measure("check in/out", 8, attendanceActs(300));
  await measure("conclude", 1, concludeActs(benchCases.slice(0, 50)));
  await measure("conclude", 8, concludeActs(benchCases.slice(50)));
  clearInterval(sampler);

  // Raw store round trips, on the unwrapped store.
  const rawTimes: Record<string, number[]> = { "point read": [], "query one meeting partition": [], upsert: [], "update (read + replace)": [] };
  const partitionSize = (await raw.query("meetings", MEETING, "SELECT * FROM c WHERE c.meetingId = @pk", [{ name: "@pk", value: MEETING }])).length;
  const time = async (key: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    rawTimes[key]!.push(performance.now() - t0);
  };
  for (let i = 0; i < 300; i++) {
    await time("point read", () => raw.get("meetings", MEETING, MEETING));
    await time("query one meeting partition", () => raw.query("meetings", MEETING, "SELECT * FROM c WHERE c.meetingId = @pk", [{ name: "@pk", value: MEETING }]));
    await time("upsert", () => raw.upsert("conversations", { id: `bench-${i % 20}`, n: i }));
    await time("update (read + replace)", () => raw.update<{ id: string; n: number }>("conversations", `bench-${i % 20}`, `bench-${i % 20}`, (d) => ({ id: `bench-${i % 20}`, n: (d?.n ?? 0) + 1 })));
  }
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
  out(`# Benchmark (npm run bench)`);
  out();
  out(`Machine: ${cpus[0]?.model ?? "?"} × ${cpus.length}, ${MB(os.totalmem())} MB RAM, Node ${process.version}, ${os.platform()} ${os.release()}. Run ${new Date().toISOString()}.`);
  out(`App in local mode on the embedded Cosmos-protocol store (same process), over HTTP to /api/messages; fake Bot Connector; shared-card coalescing window 1 s.`);
  out(`The today's-meeting partition held ${partitionSize} documents at the end.`);
  out();
  out(`## Invokes`);
  out();
  out(`| invoke | in flight | n | p50 ms | p95 ms | p99 ms | throughput /s | store calls / invoke | store ms / invoke | raw store ms needed | p95 ÷ raw | p95 ≤ 50 ms | ≤ 3× raw |`);
  out(`|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|:-:|:-:|`);
  const verdicts: boolean[] = [];
  for (const p of phases) {
    const p95 = pct(p.samples, 95);
    const rawNeeded = Object.entries(p.storeCallsPerInvoke).reduce((s, [m, n]) => s + n * rawCost[m as Method], 0);
    const ratio = p95 / rawNeeded;
    const ok1 = p95 <= 50;
    const ok2 = ratio <= 3;
    verdicts.push(ok1, ok2);
    const calls = Object.entries(p.storeCallsPerInvoke)
      .map(([m, n]) => `${m} ${n.toFixed(1)}`)
      .join(", ");
    out(
      `| ${p.name} | ${p.concurrency} | ${p.samples.length} | ${f1(pct(p.samples, 50))} | ${f1(p95)} | ${f1(pct(p.samples, 99))} | ${(p.samples.length / (p.wallMs / 1000)).toFixed(0)} | ${calls} | ${f1(p.storeMsPerInvoke)} | ${f1(rawNeeded)} | ${ratio.toFixed(1)} | ${ok1 ? "PASS" : "FAIL"} | ${ok2 ? "PASS" : "FAIL"} |`,
    );
  }
  out();
  out(`"store calls / invoke" counts every DocumentStore call during the phase (including the coalesced shared-card updates that follow the invokes) divided by the invokes. "raw store ms needed" = Σ calls × the raw p50 of that kind of call (create/createIfAbsent priced as an upsert, queryAll as a partition query).`);
  out();
  out(`## Raw store round trips (embedded server, SDK, keep-alive)`);
  out();
  out(`| operation | n | p50 ms | p95 ms |`);
  out(`|---|---:|---:|---:|`);
  for (const [k2, xs] of Object.entries(rawTimes)) out(`| ${k2}${k2.startsWith("query") ? ` (${partitionSize} docs)` : ""} | ${xs.length} | ${f1(pct(xs, 50))} | ${f1(pct(xs, 95))} |`);
  out();
  out(`## Memory (RSS of the whole process: app + embedded store)`);
  out();
  out(`| at rest (after start, GC) | max under load (sampled every 50 ms) | ≤ 200 MB |`);
  out(`|---:|---:|:-:|`);
  const rssOk = rssMax <= 200 * 1024 * 1024;
  verdicts.push(rssOk);
  out(`| ${MB(rssAtRest)} MB | ${MB(rssMax)} MB | ${rssOk ? "PASS" : "FAIL"} |`);
  out();
  out(`Targets: ${verdicts.filter(Boolean).length}/${verdicts.length} PASS.`);
  const report = lines.join("\n") + "\n";
  process.stdout.write(report);
  const docs = fileURLToPath(new URL("../../docs/", import.meta.url));
  await mkdir(docs, { recursive: true });
  await writeFile(join(docs, "bench.md"), report);

  await host.close();
  await opened.close();
  await connector.stop();
  await rm(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
