/**
 * Where the local run's log lines go (`npm start`): everything the app logs
 * — its structured log (pino), what libraries write with console.*, Node's
 * process warnings, and the embedded store process's output (routed into the
 * app's log by startHost) — goes to one file, .data/komitebot.log, so that the
 * terminal stays free for the launcher's prompt. The terminal gets one short
 * line per warning or error, naming the file for the details. The Agents
 * Playground keeps its own log in .data/playground/.
 */
import { createWriteStream } from "node:fs";
import { format } from "node:util";
import { pino, type DestinationStream } from "pino";
import type { Logger } from "../log.js";

const LEVEL_WORD: Record<number, string> = { 40: "advarsel", 50: "feil", 60: "alvorlig feil" };

/** One short terminal line for a warn/error log line (JSON), or undefined for anything else. */
export function terminalSummary(jsonLine: string): string | undefined {
  let entry: { level?: number; msg?: unknown; component?: unknown };
  try {
    entry = JSON.parse(jsonLine) as typeof entry;
  } catch {
    return undefined;
  }
  if (typeof entry.level !== "number" || entry.level < 40) return undefined;
  const firstLine =
    String(entry.msg ?? "")
      .split("\n")
      .find((l) => l.trim() !== "") ?? "";
  const trimmed = firstLine.trim();
  const msg = trimmed.length > 200 ? `${trimmed.slice(0, 199)}…` : trimmed;
  const from = typeof entry.component === "string" ? ` (${entry.component})` : "";
  return `[logg] ${LEVEL_WORD[entry.level] ?? LEVEL_WORD[60]}${from}: ${msg}`;
}

/** The log destination: every line to `file` (appended), and a short line per warning or error to `echo`. */
export function localLogDestination(file: string, echo: (line: string) => void): DestinationStream {
  const toFile = createWriteStream(file, { flags: "a" });
  const toTerminal: DestinationStream = {
    write(chunk: string) {
      const line = terminalSummary(chunk);
      if (line) echo(line);
    },
  };
  return pino.multistream([
    { level: "trace", stream: toFile },
    { level: "warn", stream: toTerminal },
  ]) as DestinationStream;
}

/** Node's own noise that says nothing about the app (deprecations in dependencies, experimental loaders). */
const NOISE = /^(DeprecationWarning|ExperimentalWarning)$/;

/**
 * Routes console.* (libraries: the Bot Framework adapter writes errors with console.error) and Node's process
 * warnings into `log` instead of the terminal. Returns a function that puts the console and warnings back.
 */
export function routeConsoleAndWarnings(log: Logger): () => void {
  const methods = ["log", "info", "debug", "warn", "error", "trace"] as const;
  const saved = methods.map((m) => [m, console[m]] as const);
  const level = (m: (typeof methods)[number]) => (m === "error" ? "error" : m === "warn" || m === "trace" ? "warn" : m === "debug" ? "debug" : "info");
  for (const m of methods) {
    console[m] = (...args: unknown[]) => log[level(m)]({ component: "console" }, format(...args).slice(0, 4_000));
  }
  // Node prints warnings to stderr through a listener of its own: replace it with one that logs.
  const defaults = process.listeners("warning");
  process.removeAllListeners("warning");
  const onWarning = (w: Error & { code?: string }) => {
    const fields = { component: "node", warning: w.name, ...(w.code ? { code: w.code } : {}) };
    if (NOISE.test(w.name)) log.debug(fields, w.message);
    else log.warn(fields, w.message);
  };
  process.on("warning", onWarning);
  return () => {
    for (const [m, f] of saved) console[m] = f;
    process.off("warning", onWarning);
    for (const l of defaults) process.on("warning", l);
  };
}
