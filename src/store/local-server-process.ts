/**
 * The embedded Cosmos-protocol server in a process of its own (forked by
 * openStore in local mode, see startLocalCosmosProcess in open-store.ts), so
 * its work, its memory and its snapshot dumps do not share the app's thread.
 *
 * - Options arrive as JSON in argv[2] (dataDir, debounceMs, maxDelayMs, journal).
 * - Listens on 127.0.0.1, ephemeral port; reports { type: "ready", endpoint,
 *   key, port, snapshotPath, pid } over IPC.
 * - Owns the snapshot and the write-ahead journal: writes are detected at the
 *   server (trackWrites), so the app's store client needs no hook, and each is
 *   on disk before its response leaves this process (see local-server.ts).
 * - Messages: { type: "snapshot", id } → { type: "snapshotted", id, error? };
 *   { type: "stop" } → final snapshot, then exit.
 * - Final snapshot and exit on SIGINT/SIGTERM and when the parent goes away
 *   (the IPC channel disconnects: the parent exited or crashed).
 * - With KOMITEBOT_STORE_INFO_FILE set, also writes { endpoint, key, port, pid }
 *   there (diagnostics and the benchmark, which measures this process).
 */
import { writeFile } from "node:fs/promises";
import { startLocalCosmos, type LocalCosmos } from "./local-server.js";

export interface LocalServerProcessOptions {
  dataDir: string | null;
  debounceMs?: number;
  maxDelayMs?: number;
  /** Write-ahead journal; default on when persisting. */
  journal?: boolean;
}

export type ParentMessage = { type: "snapshot"; id: number } | { type: "stop" };
export type ChildMessage =
  | { type: "ready"; endpoint: string; key: string; port: number; snapshotPath: string | null; pid: number }
  | { type: "failed"; message: string }
  | { type: "snapshotted"; id: number; error?: string };

const send = (msg: ChildMessage): void => {
  if (process.connected) process.send?.(msg);
};

async function main(): Promise<void> {
  if (!process.send) throw new Error("local-server-process must be started with an IPC channel (child_process.fork)");
  const options = JSON.parse(process.argv[2] ?? "{}") as LocalServerProcessOptions;
  let local: LocalCosmos;
  try {
    local = await startLocalCosmos({
      dataDir: options.dataDir,
      handleSignals: false,
      trackWrites: true,
      ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
      ...(options.maxDelayMs !== undefined ? { maxDelayMs: options.maxDelayMs } : {}),
      ...(options.journal !== undefined ? { journal: options.journal } : {}),
    });
  } catch (err) {
    send({ type: "failed", message: (err as Error).message });
    process.exitCode = 1;
    process.disconnect?.();
    return;
  }

  let exiting = false;
  const shutdown = (code: number) => {
    if (exiting) return;
    exiting = true;
    local
      .stop()
      .catch((err: unknown) => {
        process.stderr.write(`local Cosmos: final snapshot failed: ${(err as Error).message}\n`);
        code = 1;
      })
      .finally(() => process.exit(code));
  };

  process.on("message", (msg: ParentMessage) => {
    if (msg?.type === "snapshot") {
      local.snapshot().then(
        () => send({ type: "snapshotted", id: msg.id }),
        (err: unknown) => send({ type: "snapshotted", id: msg.id, error: (err as Error).message }),
      );
    } else if (msg?.type === "stop") {
      shutdown(0);
    }
  });
  process.on("disconnect", () => shutdown(0));
  process.on("SIGINT", () => shutdown(0));
  process.on("SIGTERM", () => shutdown(0));

  const infoFile = process.env.KOMITEBOT_STORE_INFO_FILE;
  if (infoFile) {
    await writeFile(infoFile, JSON.stringify({ endpoint: local.endpoint, key: local.key, port: local.port, pid: process.pid }));
  }
  send({ type: "ready", endpoint: local.endpoint, key: local.key, port: local.port, snapshotPath: local.snapshotPath, pid: process.pid });
  // The parent may have gone before we were ready.
  if (!process.connected) shutdown(0);
}

main().catch((err: unknown) => {
  send({ type: "failed", message: (err as Error).message });
  process.exit(1);
});
