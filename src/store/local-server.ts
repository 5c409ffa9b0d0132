/**
 * An in-process Cosmos DB protocol server (@vercel/cosmosdb-server) for local
 * development and tests, so the app runs the real @azure/cosmos SDK without
 * Azure or Docker.
 *
 * The server keeps everything in memory. For persistence across restarts the
 * whole account is dumped to <dataDir>/cosmos-snapshot.json (debounced after
 * writes, and on stop/SIGINT/SIGTERM) and loaded back on start. The dump is
 * written to a temporary file and renamed, so a crash leaves either the old or
 * the new snapshot, never a torn one. Writes in the last debounce window before
 * a hard kill (SIGKILL, power loss) are lost: acceptable for development data.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { CosmosClient, type ItemDefinition, type PartitionKeyDefinition } from "@azure/cosmos";
import { createHttpServer } from "@vercel/cosmosdb-server";
import { EMULATOR_KEY } from "./cosmos-config.js";

export const SNAPSHOT_FILE = "cosmos-snapshot.json";

export interface LocalCosmosOptions {
  /** Directory for the snapshot; null = in memory only. Default ".data". */
  dataDir?: string | null;
  /** 0 or absent = ephemeral port. */
  port?: number;
  /** Quiet period after the last write before a snapshot (default 200 ms). */
  debounceMs?: number;
  /** Snapshot at the latest this long after the first unsaved write, even under constant writes (default 2 s). */
  maxDelayMs?: number;
  /** Flush the snapshot on SIGINT/SIGTERM (default true when persisting). */
  handleSignals?: boolean;
  /**
   * Detect writes at the server (every successful POST/PUT/PATCH/DELETE that is
   * not a query marks the snapshot dirty), so clients in other processes need
   * no onWrite hook. Default false: the in-process store calls markDirty().
   */
  trackWrites?: boolean;
}

export interface LocalCosmos {
  endpoint: string;
  key: string;
  port: number;
  /** Absolute path of the snapshot file, or null without persistence. */
  snapshotPath: string | null;
  /** Tell the server something changed; a snapshot follows after the debounce. Pass as CosmosStore's onWrite. */
  markDirty(): void;
  /** Writes the snapshot now (no-op without persistence). */
  snapshot(): Promise<void>;
  /** Final snapshot, then closes the server and its connections. Idempotent. */
  stop(): Promise<void>;
}

interface SnapshotFile {
  version: 1;
  savedAt: string;
  databases: {
    id: string;
    containers: { id: string; partitionKey: PartitionKeyDefinition | undefined; documents: ItemDefinition[] }[];
  }[];
}

const SYSTEM_PROPERTIES = ["_rid", "_self", "_etag", "_attachments", "_ts"];

function stripSystem(doc: ItemDefinition): ItemDefinition {
  const copy: ItemDefinition = { ...doc };
  for (const p of SYSTEM_PROPERTIES) delete copy[p];
  return copy;
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export async function startLocalCosmos(options: LocalCosmosOptions = {}): Promise<LocalCosmos> {
  const dataDir = options.dataDir === undefined ? ".data" : options.dataDir;
  const snapshotPath = dataDir === null ? null : path.resolve(dataDir, SNAPSHOT_FILE);
  const debounceMs = options.debounceMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 2_000;

  const server = createHttpServer({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new CosmosClient({ endpoint, key: EMULATOR_KEY, connectionPolicy: { enableEndpointDiscovery: false } });

  const closeServer = async () => {
    client.dispose();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };

  if (snapshotPath) {
    try {
      await loadSnapshot(client, snapshotPath);
    } catch (err) {
      await closeServer();
      throw new Error(`Could not load the local Cosmos snapshot ${snapshotPath}: ${(err as Error).message}`, { cause: err });
    }
  }

  let dirtySince: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let rerun = false;
  let stopped = false;

  const writeSnapshot = async (): Promise<void> => {
    if (!snapshotPath) return;
    if (running) {
      // A write may have landed after the running dump read its container: dump again afterwards.
      rerun = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          rerun = false;
          dirtySince = undefined;
          await dumpSnapshot(client, snapshotPath);
        } while (rerun);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const markDirty = () => {
    if (!snapshotPath || stopped) return;
    const now = Date.now();
    dirtySince ??= now;
    if (timer) clearTimeout(timer);
    const wait = Math.max(0, Math.min(debounceMs, dirtySince + maxDelayMs - now));
    timer = setTimeout(() => {
      timer = undefined;
      writeSnapshot().catch((err: unknown) => {
        process.emitWarning(`Local Cosmos snapshot failed: ${(err as Error).message}`);
      });
    }, wait);
    timer.unref();
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      removeSignalHandlers();
      try {
        if (snapshotPath) await writeSnapshot();
      } finally {
        await closeServer();
      }
    })();
    return stopping;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    void stop().finally(() => {
      // Our listener was the only thing keeping the default action away: restore it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  const removeSignalHandlers = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  if (snapshotPath && (options.handleSignals ?? true)) {
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }

  if (options.trackWrites && snapshotPath) {
    // Registered after the snapshot was loaded, so loading does not count as a change.
    server.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
      if (isWrite(req)) res.once("finish", () => res.statusCode < 400 && markDirty());
    });
  }

  return { endpoint, key: EMULATOR_KEY, port, snapshotPath, markDirty, snapshot: writeSnapshot, stop };
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** A request that changes data: queries are POSTs too, but read only. */
function isWrite(req: IncomingMessage): boolean {
  if (!WRITE_METHODS.has(req.method ?? "")) return false;
  const isQuery = req.headers["x-ms-documentdb-isquery"];
  const type = req.headers["content-type"] ?? "";
  return !(isQuery === "true" || isQuery === "True" || type.startsWith("application/query+json"));
}

async function loadSnapshot(client: CosmosClient, file: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  const snap = JSON.parse(text) as SnapshotFile;
  if (snap.version !== 1 || !Array.isArray(snap.databases)) throw new Error("unknown snapshot format");
  for (const dbSnap of snap.databases) {
    const { database } = await client.databases.createIfNotExists({ id: dbSnap.id });
    for (const cSnap of dbSnap.containers) {
      const { container } = await database.containers.createIfNotExists({
        id: cSnap.id,
        ...(cSnap.partitionKey ? { partitionKey: cSnap.partitionKey } : {}),
      });
      await mapLimit(cSnap.documents, 16, async (doc) => {
        await container.items.upsert(doc);
      });
    }
  }
}

async function dumpSnapshot(client: CosmosClient, file: string): Promise<void> {
  const snap: SnapshotFile = { version: 1, savedAt: new Date().toISOString(), databases: [] };
  const { resources: dbs } = await client.databases.readAll().fetchAll();
  for (const db of dbs) {
    const database = client.database(db.id);
    const { resources: containers } = await database.containers.readAll().fetchAll();
    const dbSnap: SnapshotFile["databases"][number] = { id: db.id, containers: [] };
    for (const c of containers) {
      const { resources: docs } = await database.container(c.id).items.readAll({ maxItemCount: 100_000 }).fetchAll(); // one page: each page scans the whole container
      dbSnap.containers.push({ id: c.id, partitionKey: c.partitionKey, documents: docs.map(stripSystem) });
    }
    snap.databases.push(dbSnap);
  }
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(snap));
  await rename(tmp, file);
}
