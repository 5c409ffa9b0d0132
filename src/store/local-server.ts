/**
 * An in-process Cosmos DB protocol server (@vercel/cosmosdb-server) for local
 * development and tests, so the app runs the real @azure/cosmos SDK without
 * Azure or Docker.
 *
 * The server keeps everything in memory. When persisting (a dataDir):
 *
 * - Journal (default on): every write is appended to a write-ahead journal
 *   (journal.ts) and fdatasync'ed before its response leaves this server, and
 *   no response at all leaves while a write it may have seen is only in memory.
 *   So whatever the store acknowledged survives a crash or SIGKILL at any moment.
 * - Snapshot: the whole account is dumped to <dataDir>/cosmos-snapshot.json
 *   (debounced after writes, and on stop/SIGINT/SIGTERM) and loaded back on
 *   start; with the journal it is the compaction point: the journal rotates to
 *   a new segment in the same tick the state is captured, the snapshot records
 *   the last segment it covers, and the covered segments are deleted once the
 *   snapshot is renamed into place (written to a temporary file, fsync'ed,
 *   renamed, directory fsync'ed: a crash leaves the old or the new snapshot,
 *   never a torn one). On start: snapshot, then the newer segments in order.
 * - Without the journal (journal: false, KOMITEBOT_STORE_JOURNAL=off) writes in
 *   the last debounce window before a hard kill are lost, as before the journal.
 *
 * Why our own request handler: the library's createHttpServer hides its account
 * (the in-memory data). We dispatch to the library's own routes and handlers
 * the way its createHttpServer does (see generateRequestHandler in
 * @vercel/cosmosdb-server/lib/index.js, 1.0.1), but with the account in hand, so
 * that journal entries hold the documents' current state (exact whatever order
 * concurrent requests finish in), the snapshot is one consistent synchronous
 * capture, and loading needs no HTTP round trip per document.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { mkdir, open, readFile, rename } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parse as parseUrl } from "node:url";
import type { ItemDefinition, PartitionKeyDefinition } from "@azure/cosmos";
import { EMULATOR_KEY } from "./cosmos-config.js";
import { installLocalQueryIndex, LIBRARY_QUERY_DOCUMENTS, queryDocuments, trueHeader } from "./local-query.js";
import { deleteSegmentsUpTo, Journal, listSegments, readSegment, segmentFile, type JournalDoc, type JournalEntry } from "./journal.js";

export const SNAPSHOT_FILE = "cosmos-snapshot.json";

export interface LocalCosmosOptions {
  /** Directory for the snapshot and journal; null = in memory only. Default ".data". */
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
  /** Write-ahead journal (fsync before acknowledging). Default true when persisting; ignored in memory. */
  journal?: boolean;
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
  /** The last journal segment whose entries this snapshot holds (absent: written before the journal existed). */
  journalSegment?: number;
  databases: {
    id: string;
    containers: { id: string; partitionKey: PartitionKeyDefinition | undefined; documents: ItemDefinition[] }[];
  }[];
}

// ── the library's internals we use (@vercel/cosmosdb-server 1.0.1, lib/) ─────
// Loaded with require: they are CommonJS with `exports.default`, which ESM
// default-import interop (Node, tsx, vitest) does not agree on.

type Data = Record<string, any>;
interface StoredItem {
  read(): Data | undefined;
}
interface ItemsLike<I extends StoredItem> {
  _data: Map<string, I>;
  create(data: Data): Data;
  upsert(data: Data): Data;
  delete(idOrRid: string, partition: unknown): void;
  _getPartition(data: Data): unknown;
}
interface CollectionLike extends StoredItem {
  documents: ItemsLike<StoredItem>;
  document(idOrRid: string, partition: unknown): StoredItem;
}
interface DatabaseLike extends StoredItem {
  collections: ItemsLike<CollectionLike>;
  collection(idOrRid: string): CollectionLike;
}
interface AccountLike {
  databases: ItemsLike<DatabaseLike>;
  database(idOrRid: string): DatabaseLike;
}
type RouteHandler = (account: AccountLike, req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => unknown;

const require = createRequire(import.meta.url);
const Account = (require("@vercel/cosmosdb-server/lib/account") as { default: new (host: string, port: number) => AccountLike }).default;
const route = (require("@vercel/cosmosdb-server/lib/routes") as { default: (req: IncomingMessage) => [Record<string, string>, RouteHandler] | undefined })
  .default;
const { parsePartitionKey } = require("@vercel/cosmosdb-server/lib/utils/get-partition-from-header") as {
  parsePartitionKey: (header: string | undefined, fallback: unknown) => unknown;
};

const SYSTEM_PROPERTIES = ["_rid", "_self", "_etag", "_attachments", "_ts"];

function stripSystem<T extends Data>(doc: T): T {
  const copy: Data = { ...doc };
  for (const p of SYSTEM_PROPERTIES) delete copy[p];
  return copy as T;
}

export async function startLocalCosmos(options: LocalCosmosOptions = {}): Promise<LocalCosmos> {
  const dataDir = options.dataDir === undefined ? ".data" : options.dataDir;
  const snapshotPath = dataDir === null ? null : path.resolve(dataDir, SNAPSHOT_FILE);
  const journalDir = dataDir === null || options.journal === false ? null : path.resolve(dataDir);
  const debounceMs = options.debounceMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 2_000;

  // Everything is read before the server listens: the state is then applied in
  // the tick the server starts listening, before any request can be served.
  let restored: Restored | undefined;
  if (snapshotPath) {
    try {
      restored = await readPersisted(snapshotPath);
    } catch (err) {
      throw new Error(`Could not load the local Cosmos snapshot ${snapshotPath}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** The last journal segment the state in memory holds, for the next snapshot when no journal rotates. */
  const lastSegment = restored ? Math.max(restored.covered, ...restored.segments.map((s) => s.n)) : 0;
  // Opened before the server listens, so that no request (a client that knew the port) escapes it.
  let journal: Journal | undefined;
  if (journalDir) {
    await mkdir(journalDir, { recursive: true });
    journal = Journal.open(journalDir, lastSegment + 1);
  }

  installLocalQueryIndex();
  let account: AccountLike | undefined;
  const server = http.createServer({ keepAlive: true }, (req, res) => handleRequest(account!, req, res, journal));
  // The SDK keeps its sockets open and reuses them. With Node's default 5 s, a socket idle for about that long
  // is closed by the server just as the client sends on it again (ECONNRESET, a failed write); on a busy machine
  // that happens within a test. Keep idle sockets far longer than any pause between a client's requests.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    await journal?.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  account = new Account("127.0.0.1", port);

  const closeServer = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await journal?.close();
  };

  if (restored && dataDir !== null) {
    try {
      // Synchronous, in the tick the server started listening: no request sees a half-restored store.
      if (restored.snapshot) applySnapshot(account, restored.snapshot);
      for (const seg of restored.segments) {
        for (const entry of seg.entries) applyEntry(account, entry);
        if (seg.tornBytes > 0) {
          process.emitWarning(
            `Local Cosmos journal ${path.basename(segmentFile(dataDir, seg.n))}: ignored an incomplete last entry (${seg.tornBytes} bytes, a write cut short by a crash and never acknowledged)`,
          );
        }
      }
      // Segments a snapshot already covers are left over from a crash between its rename and their deletion.
      await deleteSegmentsUpTo(path.resolve(dataDir), restored.covered);
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

  const dumpOnce = async (): Promise<void> => {
    if (!snapshotPath || !dataDir) return;
    // Rotation and capture in one tick: the capture holds every entry of the segments up to `covered`.
    const covered = journal ? journal.rotate() : lastSegment;
    const text = captureSnapshot(account!, covered);
    await writeFileDurably(snapshotPath, text);
    await deleteSegmentsUpTo(path.resolve(dataDir), covered);
  };

  const writeSnapshot = async (): Promise<void> => {
    if (!snapshotPath) return;
    if (running) {
      // A write may have landed after the running dump's capture: dump again afterwards.
      rerun = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          rerun = false;
          dirtySince = undefined;
          await dumpOnce();
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

  // Without a journal, segments replayed at start exist only on disk until a snapshot holds them.
  if (!journal && restored?.segments.length) {
    try {
      await writeSnapshot();
    } catch (err) {
      await closeServer();
      throw new Error(`Could not fold the journal into the local Cosmos snapshot ${snapshotPath}: ${(err as Error).message}`, { cause: err });
    }
  }

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

const isBatch = (req: IncomingMessage): boolean =>
  req.method === "POST" && trueHeader(req, "x-ms-cosmos-is-batch-request") && isWrite(req) && !trueHeader(req, "x-ms-documentdb-is-upsert");

// ── requests ────────────────────────────────────────────────────────────────

/**
 * The library's generateRequestHandler (lib/index.js), plus the journal: after
 * the handler has changed the data and before res.end, the state of whatever a
 * write touched is appended, and every response (reads too) waits until all
 * entries appended so far are on disk.
 *
 * Why reads wait as well: the app acts on what it reads (a retried intake finds
 * the earlier case and answers with its code; a double click's second create
 * gets 409 and answers "done"), so a read must not leave before the writes it
 * may have seen are durable. Each handler returns right after it changed the
 * data, so its continuation here is queued in the same microtask as the change;
 * a request that saw the change is queued behind it and runs after its append
 * (microtasks run in order). Cost: with no write in flight, nothing; otherwise a
 * response waits for at most the fsync in progress plus its own batch.
 */
function handleRequest(account: AccountLike, req: IncomingMessage, res: ServerResponse, journal: Journal | undefined): void {
  const found = route(req);
  // A batch names the documents it deletes only in its body, which the handler consumes: keep a copy.
  const batchBody: Buffer[] | undefined = journal && found && isBatch(req) ? [] : undefined;
  if (batchBody) req.on("data", (chunk: Buffer) => batchBody.push(chunk));
  (async () => {
    let body: any;
    if (found) {
      const [params, libraryHandler] = found;
      const handler = libraryHandler === LIBRARY_QUERY_DOCUMENTS ? (queryDocuments as unknown as RouteHandler) : libraryHandler;
      try {
        body = await handler(account, req, res, params);
      } catch (err) {
        console.error(err);
        body = { message: (err as Error).message };
        res.statusCode = 500;
      }
      if (res.statusCode > 399 && !body.message) body.message = "";
    } else {
      res.statusCode = 400;
      body = { message: "no route" };
    }
    if (journal) {
      try {
        // No await between the handler's return and this append (see above).
        if (found && isWrite(req) && (res.statusCode < 400 || res.statusCode >= 500 || batchBody)) {
          journal.append(touchedState(account, req, found[0], body, batchBody));
        }
        if (journal.pending) await journal.sync();
      } catch (err) {
        // Not on disk, so not acknowledged; the journal stays broken, and so does every later response.
        res.statusCode = 503;
        body = { code: "ServiceUnavailable", message: (err as Error).message };
      }
    }
    if (body && body._etag) res.setHeader("etag", body._etag);
    res.setHeader("content-type", "application/json");
    res.setHeader("content-location", `https://${req.headers.host}${req.url}`);
    res.setHeader("connection", "keep-alive");
    res.setHeader("x-ms-activity-id", randomUUID());
    res.setHeader("x-ms-request-charge", "1");
    if (req.headers["x-ms-documentdb-populatequerymetrics"]) {
      res.setHeader(
        "x-ms-documentdb-query-metrics",
        "totalExecutionTimeInMs=0.00;queryCompileTimeInMs=0.00;queryLogicalPlanBuildTimeInMs=0.00;queryPhysicalPlanBuildTimeInMs=0.00;queryOptimizationTimeInMs=0.00;VMExecutionTimeInMs=0.00;indexLookupTimeInMs=0.00;documentLoadTimeInMs=0.00;systemFunctionExecuteTimeInMs=0.00;userFunctionExecuteTimeInMs=0.00;retrievedDocumentCount=0;retrievedDocumentSize=0;outputDocumentCount=1;outputDocumentSize=0;writeOutputTimeInMs=0.00;indexUtilizationRatio=0.00",
      );
    }
    if (req.headers["a-im"] && res.statusCode === 200) {
      if (req.headers["if-none-match"]) res.statusCode = 304;
      res.setHeader("etag", "1");
    }
    res.end(JSON.stringify(body));
  })().catch((err: unknown) => {
    console.error(err);
    if (!res.writableEnded) {
      res.statusCode = 500;
      res.end("");
    }
  });
}

type Touched =
  { kind: "db"; db: string } | { kind: "coll"; db: string; coll: string } | { kind: "doc"; db: string; coll: string; id: string; partition: unknown };

/**
 * The current state of everything a write request touched, as journal entries.
 * Keys come from the URL (docs by id, containers, databases), from the stored
 * document the handler returned (create/upsert), or from the batch body. A
 * create or upsert that failed with 5xx has no key in hand and is not journaled
 * (the library throws before it changes anything on those paths). User-defined
 * functions are kept neither in the journal nor in the snapshot.
 */
function touchedState(account: AccountLike, req: IncomingMessage, params: Record<string, string>, body: any, batchBody: Buffer[] | undefined): JournalEntry[] {
  let pathname = parseUrl(req.url ?? "/").pathname ?? "/";
  if (pathname.startsWith("//")) pathname = pathname.slice(1);
  if (/\/udfs(\/|$)/.test(pathname)) return [];
  const { dbId, collId, docId } = params;
  const keys: Touched[] = [];
  if (dbId === undefined) {
    if (req.method === "POST" && typeof body?.id === "string") keys.push({ kind: "db", db: body.id }); // create database
  } else if (collId === undefined) {
    if (req.method === "POST" && typeof body?.id === "string")
      keys.push({ kind: "coll", db: dbId, coll: body.id }); // create container
    else if (req.method === "DELETE") keys.push({ kind: "db", db: dbId });
  } else if (docId !== undefined) {
    keys.push({ kind: "doc", db: dbId, coll: collId, id: docId, partition: partitionFromHeader(req.headers["x-ms-documentdb-partitionkey"], docId) });
  } else if (/\/docs$/.test(pathname)) {
    const documents = account.database(dbId).collection(collId).documents;
    if (batchBody) {
      let ops: unknown;
      try {
        ops = JSON.parse(Buffer.concat(batchBody).toString());
      } catch {
        ops = undefined;
      }
      for (const op of Array.isArray(ops) ? (ops as Data[]) : []) {
        const doc = op?.resourceBody as Data | undefined;
        if (doc && typeof doc.id === "string") keys.push({ kind: "doc", db: dbId, coll: collId, id: doc.id, partition: documents._getPartition(doc) });
        else if (typeof op?.id === "string" && String(op.operationType).toLowerCase() !== "read") {
          keys.push({ kind: "doc", db: dbId, coll: collId, id: op.id, partition: partitionFromHeader(op.partitionKey, op.id) });
        }
      }
    } else if (typeof body?.id === "string") {
      keys.push({ kind: "doc", db: dbId, coll: collId, id: body.id, partition: documents._getPartition(body) }); // create / upsert
    }
  } else {
    keys.push({ kind: "coll", db: dbId, coll: collId }); // replace or delete a container
  }
  return keys.map((k) => stateOf(account, k)).filter((e): e is JournalEntry => e !== undefined);
}

function partitionFromHeader(header: unknown, id: string): unknown {
  try {
    return parsePartitionKey(Array.isArray(header) ? header[0] : (header as string | undefined), id);
  } catch {
    return id;
  }
}

function stateOf(account: AccountLike, key: Touched): JournalEntry | undefined {
  const database = account.database(key.db);
  const dbData = database.read();
  if (key.kind === "db") return dbData ? { op: "db", db: dbData.id } : { op: "dropDb", db: key.db };
  if (!dbData) return undefined; // the database is gone: its dropDb entry says so
  const collection = database.collection(key.coll);
  const collData = collection.read();
  if (key.kind === "coll") {
    return collData
      ? { op: "coll", db: dbData.id, coll: collData.id, ...(collData.partitionKey ? { partitionKey: collData.partitionKey as PartitionKeyDefinition } : {}) }
      : { op: "dropColl", db: dbData.id, coll: key.coll };
  }
  if (!collData) return undefined; // the container is gone: its dropColl entry says so
  const doc = collection.document(key.id, key.partition).read();
  return doc
    ? { op: "put", db: dbData.id, coll: collData.id, doc: stripSystem(doc) as JournalDoc }
    : { op: "del", db: dbData.id, coll: collData.id, id: key.id, pk: key.partition };
}

// ── restoring and capturing the state ──────────────────────────────────────

interface Restored {
  snapshot: SnapshotFile | undefined;
  /** The last segment the snapshot covers (0: none). */
  covered: number;
  /** Segments newer than the snapshot, ascending. */
  segments: { n: number; entries: JournalEntry[]; tornBytes: number }[];
}

async function readPersisted(file: string): Promise<Restored> {
  let snapshot: SnapshotFile | undefined;
  try {
    const snap = JSON.parse(await readFile(file, "utf8")) as SnapshotFile;
    if (snap.version !== 1 || !Array.isArray(snap.databases)) throw new Error("unknown snapshot format");
    snapshot = snap;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const covered = snapshot?.journalSegment ?? 0;
  const dir = path.dirname(file);
  const segments: Restored["segments"] = [];
  // Only segments newer than the snapshot: an older entry replayed over a newer snapshot would revert documents.
  for (const n of (await listSegments(dir)).filter((s) => s > covered)) {
    segments.push({ n, ...(await readSegment(segmentFile(dir, n))) });
  }
  return { snapshot, covered, segments };
}

function ensureDatabase(account: AccountLike, id: string): DatabaseLike {
  const database = account.database(id);
  if (!database.read()) account.databases.create({ id });
  return account.database(id);
}

function ensureCollection(database: DatabaseLike, id: string, partitionKey: PartitionKeyDefinition | undefined): CollectionLike {
  const collection = database.collection(id);
  if (!collection.read()) database.collections.create({ id, ...(partitionKey ? { partitionKey } : {}) });
  return database.collection(id);
}

function applySnapshot(account: AccountLike, snap: SnapshotFile): void {
  for (const dbSnap of snap.databases) {
    const database = ensureDatabase(account, dbSnap.id);
    for (const cSnap of dbSnap.containers) {
      const collection = ensureCollection(database, cSnap.id, cSnap.partitionKey);
      for (const doc of cSnap.documents) collection.documents.upsert(doc as Data);
    }
  }
}

function applyEntry(account: AccountLike, e: JournalEntry): void {
  switch (e.op) {
    case "db":
      ensureDatabase(account, e.db);
      return;
    case "dropDb":
      if (account.database(e.db).read()) account.databases.delete(e.db, e.db);
      return;
    case "coll":
      ensureCollection(ensureDatabase(account, e.db), e.coll, e.partitionKey);
      return;
    case "dropColl": {
      const database = account.database(e.db);
      if (database.read() && database.collection(e.coll).read()) database.collections.delete(e.coll, e.coll);
      return;
    }
    case "put":
    case "del": {
      const collection = account.database(e.db).collection(e.coll);
      if (!account.database(e.db).read() || !collection.read()) {
        // Cannot happen with entries this code writes (a container's creation is journaled before its documents).
        process.emitWarning(`Local Cosmos journal: skipped an entry for ${e.db}/${e.coll}, a container that does not exist`);
        return;
      }
      if (e.op === "put") collection.documents.upsert(e.doc);
      else if (collection.document(e.id, e.pk).read()) collection.documents.delete(e.id, e.pk);
      return;
    }
    default:
      throw new Error(`unknown journal entry ${JSON.stringify(e).slice(0, 100)}`);
  }
}

/** The whole account as snapshot JSON, synchronously (one consistent state). */
function captureSnapshot(account: AccountLike, journalSegment: number): string {
  const snap: SnapshotFile = { version: 1, savedAt: new Date().toISOString(), journalSegment, databases: [] };
  for (const database of account.databases._data.values()) {
    const db = database.read();
    if (!db) continue;
    const dbSnap: SnapshotFile["databases"][number] = { id: db.id, containers: [] };
    for (const collection of database.collections._data.values()) {
      const c = collection.read();
      if (!c) continue;
      const documents: ItemDefinition[] = [];
      for (const item of collection.documents._data.values()) {
        const doc = item.read();
        if (doc) documents.push(stripSystem(doc));
      }
      dbSnap.containers.push({ id: c.id, partitionKey: c.partitionKey, documents });
    }
    snap.databases.push(dbSnap);
  }
  return JSON.stringify(snap);
}

/** Temporary file, fsync, rename, fsync of the directory: after this the new snapshot survives a power cut. */
async function writeFileDurably(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await open(tmp, "w");
  try {
    await handle.writeFile(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  const dirHandle = await open(dir, "r");
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}
