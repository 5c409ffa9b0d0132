/**
 * The meeting book's part of `npm run bench` (test/tools/bench.ts calls it):
 *
 * - the tab page's first response: time to the first byte of GET /tab, the
 *   first request after start (cold) and then n in a row;
 * - time to the first byte of a 5 MB PDF through the authorization check
 *   (GET /api/tab/document: the reader's right to the case, the audit entry,
 *   then the blob streamed), against the raw Azurite read of the same blob in
 *   the same run (the SDK's download, to its first chunk). Target: ≤ 2× raw.
 *
 * The host runs in this process in local mode (embedded store, Azurite
 * started by the host, as `npm start`), the reader being a member as the
 * launcher's `som <id>` would set it; HTTP over loopback with keep-alive.
 * BENCH_TAB_ONLY=1 npx tsx test/tools/bench-tab.ts prints this part alone.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import type { CaseDocument } from "../../src/app/ports.js";
import { startHost } from "../../src/host.js";
import { loadStoreConfig } from "../../src/store/cosmos-config.js";
import { openStore } from "../../src/store/open-store.js";
import { samplePdf } from "../support/pdf.js";

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "–");

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** Milliseconds to the first byte of the body (headers and the first chunk), then drains the rest. */
function ttfb(url: string): Promise<{ ms: number; status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http
      .get(url, { agent }, (res) => {
        let first: number | undefined;
        let bytes = 0;
        res.on("data", (c: Buffer) => {
          first ??= performance.now() - t0;
          bytes += c.length;
        });
        res.on("end", () => resolve({ ms: first ?? performance.now() - t0, status: res.statusCode ?? 0, bytes }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

/** From t0 (before the download was asked for) to the stream's first chunk; drains the rest. */
async function firstChunk(t0: number, stream: NodeJS.ReadableStream): Promise<number> {
  let first: number | undefined;
  for await (const _ of stream) first ??= performance.now() - t0;
  return first ?? performance.now() - t0;
}

export async function benchTab(n = 100): Promise<string[]> {
  const dir = await mkdtemp(join(os.tmpdir(), "komitebot-bench-tab-"));
  const env = { KOMITEBOT_MODE: "local", DEMO_DATA: "true", KOMITEBOT_DATA_DIR: dir, LOG_LEVEL: "warn", PORT: "0" };
  const opened = await openStore(loadStoreConfig(env), { embedded: "inProcess" });
  const reader = "m-sorost-1";
  const host = await startHost({ env, store: opened.store, port: 0, localPerson: () => host.services.roster.people.find((p) => p.id === reader) });
  try {
    const svc = host.services;
    const base = host.server.url;
    // The first response after start, then the page's steady state.
    const cold = await ttfb(`${base}/tab`);
    const page: number[] = [];
    for (let i = 0; i < n; i++) page.push((await ttfb(`${base}/tab`)).ms);

    // A 5 MB PDF on a case of today's meeting.
    const year = DateTime.fromJSDate(svc.now()).setZone("Europe/Oslo").year;
    const caseId = `TO-${year}-002`;
    const content = await samplePdf(["Benchmark", caseId], 5 * 1024 * 1024);
    const doc: CaseDocument = {
      id: `${caseId}:D1:v1`,
      caseId,
      documentId: "D1",
      version: 1,
      title: "Benchmark 5 MB",
      fileName: "benchmark.pdf",
      contentType: "application/pdf",
      size: content.length,
      sha256: createHash("sha256").update(content).digest("hex"),
      addedBy: "coord",
      addedAt: svc.now().toISOString(),
    };
    await svc.documentContent.put(doc, content);
    await svc.documents.addVersion(doc);

    const raw: number[] = [];
    const checked: number[] = [];
    let bytes = 0;
    for (let i = 0; i < Math.max(20, Math.floor(n / 3)); i++) {
      // Alternating, so both see the same Azurite and the same warmth.
      const t0 = performance.now();
      const opened = await svc.documentContent.open(doc);
      raw.push(await firstChunk(t0, opened!.stream));
      const r = await ttfb(`${base}/api/tab/document?case=${caseId}&doc=D1&v=1`);
      if (r.status !== 200) throw new Error(`GET /api/tab/document answered ${r.status}`);
      bytes = r.bytes;
      checked.push(r.ms);
    }
    const ratio = pct(checked, 50) / pct(raw, 50);
    const ratio95 = pct(checked, 95) / pct(raw, 95);
    return [
      `## The meeting book (Møtemappe): the tab page and a document through the check`,
      ``,
      `The host in the bench process in local mode (embedded store, Azurite started by the host), the reader a member (as \`som m-sorost-1\`); HTTP over loopback with keep-alive; time to the first byte of the body.`,
      ``,
      `| what | n | p50 ms | p95 ms | target |`,
      `|---|---:|---:|---:|---|`,
      `| GET /tab, the first request after start | 1 | ${f1(cold.ms)} | | |`,
      `| GET /tab | ${page.length} | ${f1(pct(page, 50))} | ${f1(pct(page, 95))} | |`,
      `| raw Azurite read of a ${(content.length / 1024 / 1024).toFixed(1)} MB PDF (SDK download, first chunk) | ${raw.length} | ${f1(pct(raw, 50))} | ${f1(pct(raw, 95))} | |`,
      `| GET /api/tab/document, the same PDF through the authorization check and the audit entry (${(bytes / 1024 / 1024).toFixed(1)} MB streamed) | ${checked.length} | ${f1(pct(checked, 50))} | ${f1(pct(checked, 95))} | p50 ≤ 2× raw: ${ratio.toFixed(1)}× ${ratio <= 2 ? "PASS" : "FAIL"} (p95 ${ratio95.toFixed(1)}×) |`,
      ``,
      `Each document request reads the case, its meeting's facts (conflicts, experts) and the document's record, and writes one audit entry, before the first byte leaves; the raw read is the blob alone.`,
      ``,
    ];
  } finally {
    agent.destroy();
    await host.close();
    await opened.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_TAB_ONLY) {
  benchTab().then(
    (lines) => process.stdout.write(lines.join("\n") + "\n"),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
