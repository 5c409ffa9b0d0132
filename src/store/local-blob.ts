/**
 * Azurite (the Azure Storage emulator) for local runs and tests: its blob
 * service on 127.0.0.1 with an ephemeral port, in a child process
 * (local-blob-process.ts), persisted under <dataDir>/azurite or in memory,
 * with Azurite's well-known development account. The app talks to it with the
 * same @azure/storage-blob client it uses for Azure (blob-content.ts): nothing
 * reads or writes the files directly.
 */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { childEntry } from "./open-store.js";

/** Azurite's published development account (not a secret: it only ever reaches a loopback emulator). */
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export const azuriteConnectionString = (blobEndpoint: string) =>
  `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobEndpoint};`;

export interface LocalAzuriteOptions {
  /** Persist under <dataDir>/azurite; null = in memory only. */
  dataDir: string | null;
  /** 0 or absent = ephemeral port. */
  port?: number;
}

export interface LocalAzurite {
  /** http://127.0.0.1:<port>/devstoreaccount1 */
  blobEndpoint: string;
  connectionString: string;
  port: number;
  pid: number;
  /** Where it persists, or null. */
  location: string | null;
  /** Stops it (gracefully, so what it acknowledged is on disk). Idempotent. */
  stop(): Promise<void>;
}

export type AzuriteOutput = (text: string, stream: "stdout" | "stderr") => void;

const READY = /successfully listens on (https?:\/\/[^\s]+)/;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export async function startLocalAzurite(options: LocalAzuriteOptions, onOutput?: AzuriteOutput): Promise<LocalAzurite> {
  const location = options.dataDir === null ? null : path.resolve(options.dataDir, "azurite");
  const args = [
    "--blobHost",
    "127.0.0.1",
    "--blobPort",
    String(options.port ?? 0),
    "--skipApiVersionCheck",
    "--silent",
    "--disableTelemetry",
    ...(location ? ["--location", location] : ["--inMemoryPersistence"]),
  ];
  const { entry, execArgv } = childEntry("local-blob-process");
  const child: ChildProcess = fork(entry, args, { execArgv, stdio: ["ignore", "pipe", "pipe", "ipc"], serialization: "json" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const address = await new Promise<string>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`Azurite did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited before it was ready (${signal ?? code}): ${seen.trim().slice(-500)}`));
    };
    child.once("exit", onExit);
    child.stdout!.setEncoding("utf8");
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (text: string) => {
      seen += text;
      onOutput?.(text, "stderr");
    });
    child.stdout!.on("data", function onData(text: string) {
      seen += text;
      onOutput?.(text, "stdout");
      const m = READY.exec(seen);
      if (m) {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(m[1]!);
      }
    });
  }).catch(async (err: unknown) => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    throw err;
  });

  // Azurite must not keep this process alive; it stops itself when we go (IPC disconnect).
  child.unref();
  (child.channel as { unref?: () => void } | undefined)?.unref?.();
  for (const pipe of [child.stdout, child.stderr]) (pipe as unknown as { unref?: () => void } | null)?.unref?.();

  const port = Number(new URL(address).port);
  const blobEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  let stopping: Promise<void> | undefined;
  return {
    blobEndpoint,
    connectionString: azuriteConnectionString(blobEndpoint),
    port,
    pid: child.pid!,
    location,
    stop: () => {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        (child.channel as { ref?: () => void } | undefined)?.ref?.();
        try {
          if (child.connected) child.send("stop");
          else child.kill("SIGTERM");
        } catch {
          child.kill("SIGTERM");
        }
        const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
