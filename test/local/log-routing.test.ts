/**
 * The local run's log (src/local/log-routing.ts, src/host.ts): every line the
 * app logs reaches .data/komitebot.log — its structured log, libraries'
 * console output, Node's warnings and the embedded store process's warnings —
 * and the terminal gets only one short line per warning or error.
 */
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { localLogDestination, routeConsoleAndWarnings, terminalSummary } from "../../src/local/log-routing.js";
import { createLogger } from "../../src/log.js";
import { listSegments, segmentFile } from "../../src/store/journal.js";
import { BotHarness } from "../support/bot-harness.js";

const lines = (text: string) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("the local run's log", () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const d = await mkdtemp(join(tmpdir(), "komitebot-log-"));
    dirs.push(d);
    return d;
  };
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("writes every line to the file and one short line per warning or error to the terminal", async () => {
    const file = join(await tempDir(), "komitebot.log");
    const terminal: string[] = [];
    const log = createLogger(
      "info",
      localLogDestination(file, (l) => terminal.push(l)),
    );
    log.info({ meetings: 3 }, "demo data ready");
    log.warn({ component: "local-cosmos", stream: "stderr" }, "(node:1) Warning: Local Cosmos snapshot failed: disk full\nmore detail");
    log.error({ type: "message" }, "turn failed");
    await new Promise((r) => setTimeout(r, 100));
    expect(lines(await readFile(file, "utf8")).map((l) => l.msg)).toEqual([
      "demo data ready",
      "(node:1) Warning: Local Cosmos snapshot failed: disk full\nmore detail",
      "turn failed",
    ]);
    expect(terminal).toEqual(["[logg] advarsel (local-cosmos): (node:1) Warning: Local Cosmos snapshot failed: disk full", "[logg] feil: turn failed"]);
  });

  it("says nothing on the terminal for info lines or lines that are not JSON", () => {
    expect(terminalSummary(JSON.stringify({ level: 30, msg: "komitebot listening" }))).toBeUndefined();
    expect(terminalSummary("not json")).toBeUndefined();
  });

  it("puts libraries' console output and Node's warnings into the log instead of the terminal", async () => {
    const got: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        got.push(String(chunk));
        cb();
      },
    });
    const original = { error: console.error, listeners: process.listeners("warning") };
    const restore = routeConsoleAndWarnings(createLogger("debug", sink));
    try {
      console.error(new Error("BadRequest: Missing activity or activity type."));
      console.warn("Calling Application.continueConversationAsync() without a configured 'botAppId'.");
      process.emitWarning("The local Cosmos process 1234 exited unexpectedly (SIGKILL)");
      process.emitWarning("Buffer() is deprecated", "DeprecationWarning");
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      restore();
    }
    const logged = lines(got.join(""));
    expect(logged).toEqual([
      expect.objectContaining({ level: 50, component: "console", msg: expect.stringContaining("BadRequest: Missing activity") }),
      expect.objectContaining({ level: 40, component: "console", msg: expect.stringContaining("without a configured 'botAppId'") }),
      expect.objectContaining({ level: 40, component: "node", warning: "Warning", msg: "The local Cosmos process 1234 exited unexpectedly (SIGKILL)" }),
      expect.objectContaining({ level: 20, component: "node", warning: "DeprecationWarning" }),
    ]);
    // Put back: the console and Node's own warning printer are what they were.
    expect(console.error).toBe(original.error);
    expect(process.listeners("warning")).toEqual(original.listeners);
  });

  it("gets the embedded store process's warnings into the app's log", async () => {
    const dir = await tempDir();
    const first = await BotHarness.start({ embeddedDataDir: dir });
    await first.stop();
    // A write cut short by a crash: the store process warns at its next start.
    const segments = await listSegments(dir);
    await appendFile(segmentFile(dir, segments.at(-1)!), '{"op":"put","db":"komitebot","coll":"cases","doc":{"id":"TO-2026-099","sta');
    const second = await BotHarness.start({ embeddedDataDir: dir });
    try {
      await expect
        .poll(() => second.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.component === "local-cosmos"), { timeout: 5_000 })
        .toMatchObject({
          level: 40,
          stream: "stderr",
          msg: expect.stringMatching(/Warning: Local Cosmos journal cosmos-journal-\d+\.log: ignored an incomplete last entry/),
        });
      const storeLine = second.logLines.find((l) => l.includes("local-cosmos"))!;
      expect(storeLine).not.toContain("--trace-warnings");
    } finally {
      await second.stop();
    }
  });
});
