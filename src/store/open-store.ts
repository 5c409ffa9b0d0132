/**
 * One call for the composition root: configuration → a connected store. Without
 * COSMOS_ENDPOINT it starts the embedded local server (persisted under
 * KOMITEBOT_DATA_DIR): by default in a child process of its own
 * (local-server-process.ts), so the store's work and memory stay off the app's
 * thread and heap; { embedded: "inProcess" } keeps it in this process instead.
 */
import { fork, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { EMULATOR_KEY, type StoreConfig } from "./cosmos-config.js";
import { CosmosStore, type CosmosStoreOptions } from "./cosmos-store.js";
import type { LocalCosmos } from "./local-server.js";
import type { ChildMessage, LocalServerProcessOptions, ParentMessage } from "./local-server-process.js";

/** The embedded server, wherever it runs. */
export interface EmbeddedCosmos extends LocalCosmos {
  /** Process id of the store's own process; undefined when in process. */
  pid?: number;
}

export interface OpenedStore {
  store: CosmosStore;
  /** The embedded server, when one was started. */
  local?: EmbeddedCosmos;
  /** Closes the client, then (if embedded) writes the final snapshot and stops the server. */
  close(): Promise<void>;
}

export interface OpenStoreOptions extends CosmosStoreOptions {
  /** Where the embedded server runs (local mode only). Default "process". */
  embedded?: "process" | "inProcess";
  /** What the store's own process writes (warnings, errors); without it, its output goes to this process's. */
  onOutput?: StoreOutput;
}

/** A piece of the embedded store process's output, one or more whole lines. */
export type StoreOutput = (text: string, stream: "stdout" | "stderr") => void;

export async function openStore(config: StoreConfig, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  const { embedded = "process", onOutput, ...storeOptions } = options;
  if (config.endpoint === undefined) {
    const localOptions = { dataDir: config.dataDir, ...(config.journal !== undefined ? { journal: config.journal } : {}) };
    const local: EmbeddedCosmos = embedded === "inProcess" ? await startInThisProcess(localOptions) : await startLocalCosmosProcess(localOptions, onOutput);
    try {
      const store = await CosmosStore.connect(
        { endpoint: local.endpoint, database: config.database, auth: { kind: "key", key: local.key } },
        {
          ...storeOptions,
          onWrite: (c) => {
            local.markDirty();
            storeOptions.onWrite?.(c);
          },
        },
      );
      return {
        store,
        local,
        close: async () => {
          store.close();
          await local.stop();
        },
      };
    } catch (err) {
      await local.stop();
      throw err;
    }
  }
  const store = await CosmosStore.connect(
    {
      endpoint: config.endpoint,
      database: config.database,
      auth:
        config.auth === "key"
          ? { kind: "key", key: EMULATOR_KEY }
          : { kind: "managedIdentity", ...(config.azureClientId ? { clientId: config.azureClientId } : {}) },
    },
    storeOptions,
  );
  return { store, close: async () => store.close() };
}

/** Calls `emit` with whole lines (several at once when they came together), never a line cut in two. */
function forwardLines(stream: NodeJS.ReadableStream, emit: (text: string) => void): void {
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const text = rest + chunk;
    const end = text.lastIndexOf("\n");
    rest = end < 0 ? text : text.slice(end + 1);
    if (end >= 0 && text.slice(0, end).trim()) emit(text.slice(0, end));
  });
  stream.on("end", () => {
    if (rest.trim()) emit(rest);
    rest = "";
  });
}

/** Node options that load code (tsx, conditions), without -e/-p and the like. */
const KEEP_FLAGS = new Set([
  "--require",
  "-r",
  "--import",
  "--loader",
  "--experimental-loader",
  "--conditions",
  "-C",
  "--enable-source-maps",
  "--no-warnings",
  "--experimental-import-meta-resolve",
]);
const FLAGS_WITH_VALUE = new Set(["--require", "-r", "--import", "--loader", "--experimental-loader", "--conditions", "-C"]);

function loaderArgs(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    const name = arg.includes("=") ? arg.slice(0, arg.indexOf("=")) : arg;
    if (!KEEP_FLAGS.has(name)) continue;
    kept.push(arg);
    if (FLAGS_WITH_VALUE.has(arg) && i + 1 < execArgv.length) kept.push(execArgv[++i]!);
  }
  return kept;
}

const STOP_TIMEOUT_MS = 15_000;

/**
 * A module of src/store to fork as a child process (the .ts under tsx/vitest,
 * the .js from dist/), with the node options that load it as this process was loaded.
 */
export function childEntry(name: string): { entry: string; execArgv: string[] } {
  const self = fileURLToPath(import.meta.url);
  const isTs = self.endsWith(".ts");
  const entry = fileURLToPath(new URL(`./${name}.${isTs ? "ts" : "js"}`, import.meta.url));
  const execArgv = loaderArgs(process.execArgv);
  if (isTs && !execArgv.some((a) => a.includes("tsx"))) {
    execArgv.push("--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href);
  }
  return { entry, execArgv };
}

/**
 * Forks local-server-process (the .ts under tsx/vitest, the .js from dist/),
 * with the parent's loader; resolves once the server listens and its snapshot
 * is loaded.
 */
/**
 * The server in this process (tests, the bench's profile). Loaded only here: the
 * server library and its SQL engine (with @turf/turf) would cost an app whose
 * store is elsewhere about 10 MB of heap it never uses.
 */
async function startInThisProcess(options: LocalServerProcessOptions): Promise<LocalCosmos> {
  const { startLocalCosmos } = await import("./local-server.js");
  return startLocalCosmos(options);
}

export async function startLocalCosmosProcess(options: LocalServerProcessOptions, onOutput?: StoreOutput): Promise<EmbeddedCosmos> {
  const { entry, execArgv } = childEntry("local-server-process");
  const child: ChildProcess = fork(entry, [JSON.stringify(options)], {
    execArgv,
    stdio: ["ignore", onOutput ? "pipe" : "inherit", onOutput ? "pipe" : "inherit", "ipc"],
    serialization: "json",
  });
  if (onOutput) {
    for (const stream of ["stdout", "stderr"] as const) {
      const pipe = child[stream]!;
      forwardLines(pipe, (text) => onOutput(text, stream));
      // Like the channel below, the pipes must not keep this process alive.
      (pipe as unknown as { unref?: () => void }).unref?.();
    }
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const ready = await new Promise<Extract<ChildMessage, { type: "ready" }>>((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) => reject(new Error(`the local Cosmos process exited before it was ready (${signal ?? code})`));
    child.once("exit", onExit);
    child.once("error", reject);
    child.on("message", function onMessage(msg: ChildMessage) {
      if (msg.type === "ready" || msg.type === "failed") {
        child.off("message", onMessage);
        child.off("exit", onExit);
        child.off("error", reject);
        if (msg.type === "ready") resolve(msg);
        else reject(new Error(msg.message));
      }
    });
  }).catch(async (err: unknown) => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    throw err;
  });

  // The store process must not keep this one alive; it stops itself when we go (IPC disconnect).
  child.unref();
  (child.channel as { unref?: () => void } | undefined)?.unref?.();
  child.on("exit", (code, signal) => {
    if (!stopping && code !== 0) process.emitWarning(`The local Cosmos process ${child.pid} exited unexpectedly (${signal ?? code})`);
  });

  let nextId = 0;
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  child.on("message", (msg: ChildMessage) => {
    if (msg.type !== "snapshotted") return;
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error) p?.reject(new Error(msg.error));
    else p?.resolve();
  });
  const post = (msg: ParentMessage): boolean => {
    if (!child.connected) return false;
    try {
      child.send(msg);
      return true;
    } catch {
      return false;
    }
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // The channel keeps us alive while we wait for the final snapshot.
      (child.channel as { ref?: () => void } | undefined)?.ref?.();
      if (!post({ type: "stop" })) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };

  return {
    endpoint: ready.endpoint,
    key: ready.key,
    port: ready.port,
    snapshotPath: ready.snapshotPath,
    pid: ready.pid,
    // The server itself notices writes.
    markDirty: () => undefined,
    snapshot: () =>
      new Promise<void>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        if (!post({ type: "snapshot", id })) {
          pending.delete(id);
          reject(new Error("the local Cosmos process is not running"));
        }
      }),
    stop,
  };
}
