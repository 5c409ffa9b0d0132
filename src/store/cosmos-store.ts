/**
 * DocumentStore on Azure Cosmos DB through the official SDK. The same code runs
 * against Azure (managed identity) and against the embedded Cosmos-protocol
 * server used in development and tests (src/store/local-server.ts), so the
 * tests exercise real etags, 409s and 412s.
 *
 * Rules that keep the two backends equivalent: every single-partition query
 * filters on the partition key in its WHERE clause (the local server ignores
 * the partitionKey option), and nothing here uses change feed, TTL,
 * transactional batch, stored procedures, GROUP BY, OFFSET/LIMIT, DISTINCT or
 * multi-field ORDER BY.
 */
import { CosmosClient, type Container, type CosmosClientOptions, type Database, type ItemDefinition } from "@azure/cosmos";
import type { TokenCredential } from "@azure/identity";
import { ConflictError, StoreUnavailableError, type Doc, type DocMutator, type DocumentStore, type Stored } from "./document-store.js";
import { CONTAINERS, type ContainerKey } from "./containers.js";
import { inSpan } from "../telemetry.js";

export type CosmosAuthOptions =
  { kind: "key"; key: string } | { kind: "managedIdentity"; clientId?: string } | { kind: "credential"; credential: TokenCredential };

export interface CosmosConnection {
  endpoint: string;
  database: string;
  auth: CosmosAuthOptions;
}

export interface CosmosStoreOptions {
  /** Attempts of one update() before giving up on contention (default 50). */
  maxUpdateAttempts?: number;
  /** Backoff after a lost race: random in [0, min(cap, base·2^attempt)] ms (full jitter). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Per-request timeout (default 5 s): a dead endpoint fails fast instead of hanging a Teams turn (~15 s budget). */
  requestTimeoutMs?: number;
  /** SDK retries of 429 throttling (default 3, waiting at most 5 s in all). */
  throttleRetries?: number;
  throttleMaxWaitSeconds?: number;
  /** Called after every successful write (the embedded server uses it to schedule a snapshot). */
  onWrite?: (container: ContainerKey) => void;
}

/** Counters for tests and diagnostics. */
export interface StoreStats {
  /** update() attempts that lost a race (412 on replace or 409 on create) and were retried. */
  updateConflictRetries: number;
  /** Largest number of attempts a single update() needed. */
  maxUpdateAttemptsUsed: number;
}

const SYSTEM_PROPERTIES = ["_rid", "_self", "_etag", "_attachments", "_ts"] as const;

/** Characters Cosmos DB forbids in ids; the local server accepts some of them, so check here. */
const FORBIDDEN_ID_CHARS = /[/\\?#]/;

/** Query features the local server lacks (see STACK-NOTES.md); refused so tests and Azure behave alike. */
const UNSUPPORTED_SQL = /\b(OFFSET|GROUP\s+BY|DISTINCT)\b/i;

/** Network-level failures: the server is unreachable, not "the request was wrong". */
const UNAVAILABLE_CODES = new Set<string | number>([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "REQUEST_SEND_ERROR",
  "TimeoutError",
  408,
  429,
  449,
  500,
  502,
  503,
  504,
]);

export function stripSystemProperties<T>(resource: T): T {
  if (resource === null || typeof resource !== "object" || Array.isArray(resource)) return resource;
  // A copy built key by key (not spread-then-delete, which turns every document into a slow dictionary object).
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resource as Record<string, unknown>)) if (!SYSTEM_PROPERTY_SET.has(k)) copy[k] = v;
  return copy as T;
}
const SYSTEM_PROPERTY_SET: ReadonlySet<string> = new Set(SYSTEM_PROPERTIES);

/** The value at a partition key path such as "/meetingId" (nested paths like "/a/b" too). */
export function partitionKeyOf(container: ContainerKey, doc: Record<string, unknown>): string {
  const path = CONTAINERS[container].partitionKey;
  let value: unknown = doc;
  for (const segment of path.split("/").filter(Boolean)) {
    value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[segment] : undefined;
  }
  if (typeof value !== "string" || value === "") {
    throw new TypeError(`Programming error: document ${JSON.stringify(doc["id"])} for container "${container}" has no string partition key at ${path}`);
  }
  return value;
}

function checkId(container: ContainerKey, id: unknown): void {
  if (typeof id !== "string" || id === "" || id.length > 255 || FORBIDDEN_ID_CHARS.test(id)) {
    throw new TypeError(
      `Programming error: invalid id ${JSON.stringify(id)} for container "${container}" (non-empty, at most 255 characters, none of / \\ ? #)`,
    );
  }
}

function errorCode(err: unknown): string | number | undefined {
  if (err === null || typeof err !== "object") return undefined;
  const e = err as { code?: unknown; name?: unknown; cause?: unknown };
  if (typeof e.code === "number" || (typeof e.code === "string" && e.code !== "")) {
    // core-rest-pipeline wraps socket errors as REQUEST_SEND_ERROR; the socket's own code is more telling.
    if (e.code === "REQUEST_SEND_ERROR") return errorCode(e.cause) ?? e.code;
    return e.code;
  }
  if (e.name === "AbortError" || e.name === "TimeoutError") return "TimeoutError";
  return errorCode(e.cause);
}

const statusOf = (err: unknown): number | undefined => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
};

/** A span per store call: the container, the operation and its status code (never a document, an id or a query's values). */
function traced<T>(operation: string, container: ContainerKey, call: () => Promise<T>): Promise<T> {
  return inSpan(`store.${operation}`, { "db.system": "cosmosdb", "db.collection.name": container, "db.operation.name": operation }, async (span) => {
    try {
      return await call();
    } catch (err) {
      span.set({ "db.response.status_code": statusOf(err) ?? statusOf((err as { cause?: unknown })?.cause), "error.type": (err as Error)?.name });
      throw err;
    }
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class CosmosStore implements DocumentStore {
  readonly stats: StoreStats = { updateConflictRetries: 0, maxUpdateAttemptsUsed: 0 };
  private readonly containers = new Map<ContainerKey, Container>();
  private readonly maxUpdateAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly backoffCapMs: number;

  private constructor(
    private readonly client: CosmosClient,
    private readonly db: Database,
    readonly endpoint: string,
    private readonly options: CosmosStoreOptions,
  ) {
    this.maxUpdateAttempts = options.maxUpdateAttempts ?? 50;
    this.backoffBaseMs = options.backoffBaseMs ?? 5;
    this.backoffCapMs = options.backoffCapMs ?? 200;
    for (const key of Object.keys(CONTAINERS) as ContainerKey[]) {
      this.containers.set(key, db.container(CONTAINERS[key].name));
    }
  }

  /** Connects and creates the database and every container in CONTAINERS when missing. */
  static async connect(connection: CosmosConnection, options: CosmosStoreOptions = {}): Promise<CosmosStore> {
    const client = await createCosmosClient(connection, options);
    const fail = (err: unknown, what: string): never => {
      client.dispose();
      throw mapError(err, connection.endpoint, what);
    };
    let db: Database;
    try {
      db = (await client.databases.createIfNotExists({ id: connection.database })).database;
      // One by one: the SDK races on concurrent metadata creates against a fresh account.
      for (const key of Object.keys(CONTAINERS) as ContainerKey[]) {
        const { name, partitionKey } = CONTAINERS[key];
        await db.containers.createIfNotExists({ id: name, partitionKey: { paths: [partitionKey] } });
      }
    } catch (err) {
      return fail(err, `opening database "${connection.database}"`);
    }
    return new CosmosStore(client, db, connection.endpoint, options);
  }

  get databaseId(): string {
    return this.db.id;
  }

  /** Deletes the whole database (tests only). */
  async dropDatabase(): Promise<void> {
    await this.db.delete();
  }

  /** Releases sockets and timers. */
  close(): void {
    this.client.dispose();
  }

  private async untracedGet<T extends Doc>(container: ContainerKey, partitionKey: string, id: string): Promise<Stored<T> | undefined> {
    try {
      const res = await this.container(container).item(id, partitionKey).read<T & ItemDefinition>();
      if (res.statusCode === 404 || res.resource === undefined) return undefined;
      return { doc: stripSystemProperties(res.resource) as T, etag: res.etag };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw mapError(err, this.endpoint, `reading ${container}/${id}`);
    }
  }

  private async untracedCreate<T extends Doc>(container: ContainerKey, doc: T): Promise<Stored<T>> {
    const pk = this.checkDoc(container, doc);
    try {
      const res = await this.container(container).items.create<T>(doc);
      this.written(container);
      return this.stored(res.resource, res.etag, `creating ${container}/${doc.id}`);
    } catch (err) {
      if (statusOf(err) === 409) throw new ConflictError(`${container}/${doc.id} already exists in partition ${pk}`);
      throw mapError(err, this.endpoint, `creating ${container}/${doc.id}`);
    }
  }

  private async untracedCreateIfAbsent<T extends Doc>(container: ContainerKey, doc: T): Promise<boolean> {
    try {
      await this.create(container, doc);
      return true;
    } catch (err) {
      if (err instanceof ConflictError) return false;
      throw err;
    }
  }

  private async untracedDeleteIfExists(container: "activities", partitionKey: string, id: string): Promise<boolean> {
    checkId(container, id);
    try {
      await this.container(container).item(id, partitionKey).delete();
      this.written(container);
      return true;
    } catch (err) {
      if ((err as { code?: unknown }).code === 404) return false;
      throw mapError(err, this.endpoint, `deleting ${container}/${id}`);
    }
  }

  private async untracedUpsert<T extends Doc>(container: ContainerKey, doc: T): Promise<Stored<T>> {
    this.checkDoc(container, doc);
    try {
      const res = await this.container(container).items.upsert<T>(doc);
      this.written(container);
      return this.stored(res.resource, res.etag, `upserting ${container}/${doc.id}`);
    } catch (err) {
      throw mapError(err, this.endpoint, `upserting ${container}/${doc.id}`);
    }
  }

  private async untracedUpdate<T extends Doc>(
    container: ContainerKey,
    partitionKey: string,
    id: string,
    mutate: DocMutator<T>,
  ): Promise<Stored<T> | undefined> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get<T>(container, partitionKey, id);
      const next = mutate(current ? structuredClone(current.doc) : undefined);
      if (next === undefined) return current;
      const pk = this.checkDoc(container, next);
      if (next.id !== id || pk !== partitionKey) {
        throw new TypeError(
          `Programming error: update of ${container}/${id} (partition ${partitionKey}) returned a document with id ${JSON.stringify(next.id)} in partition ${pk}`,
        );
      }
      try {
        const res = current
          ? await this.container(container)
              .item(id, partitionKey)
              .replace<T>(next, { accessCondition: { type: "IfMatch", condition: current.etag } })
          : await this.container(container).items.create<T>(next);
        this.written(container);
        this.stats.maxUpdateAttemptsUsed = Math.max(this.stats.maxUpdateAttemptsUsed, attempt);
        return this.stored(res.resource, res.etag, `updating ${container}/${id}`);
      } catch (err) {
        const status = statusOf(err);
        // 412: someone replaced it since our read. 409: someone created it first. 404: deleted meanwhile.
        const lostRace = status === 412 || (status === 409 && !current) || (status === 404 && current);
        if (!lostRace) throw mapError(err, this.endpoint, `updating ${container}/${id}`);
        this.stats.updateConflictRetries++;
        if (attempt >= this.maxUpdateAttempts) {
          this.stats.maxUpdateAttemptsUsed = Math.max(this.stats.maxUpdateAttemptsUsed, attempt);
          throw new StoreUnavailableError(
            `Gave up updating ${container}/${id} after ${attempt} attempts: other writers kept changing it (optimistic concurrency conflict). Nothing was written by this call; retry later.`,
          );
        }
        const ceiling = Math.min(this.backoffCapMs, this.backoffBaseMs * 2 ** Math.min(attempt, 20));
        await sleep(Math.random() * ceiling);
      }
    }
  }

  private async untracedQuery<T>(
    container: ContainerKey,
    partitionKey: string,
    sql: string,
    parameters: { name: string; value: unknown }[] = [],
  ): Promise<T[]> {
    if (!/@pk\b/.test(sql)) {
      throw new TypeError(
        `Programming error: single-partition query on "${container}" must filter on the partition key with @pk (e.g. WHERE c${CONTAINERS[container].partitionKey.replaceAll("/", ".")} = @pk): ${sql}`,
      );
    }
    const given = parameters.find((p) => p.name === "@pk");
    if (given && given.value !== partitionKey) {
      throw new TypeError(`Programming error: @pk parameter ${JSON.stringify(given.value)} differs from partition key ${JSON.stringify(partitionKey)}`);
    }
    const params = given ? parameters : [...parameters, { name: "@pk", value: partitionKey }];
    return this.runQuery<T>(container, sql, params, partitionKey);
  }

  private async untracedQueryAll<T>(container: ContainerKey, sql: string, parameters: { name: string; value: unknown }[] = []): Promise<T[]> {
    return this.runQuery<T>(container, sql, parameters, undefined);
  }

  private async runQuery<T>(
    container: ContainerKey,
    sql: string,
    parameters: { name: string; value: unknown }[],
    partitionKey: string | undefined,
  ): Promise<T[]> {
    if (UNSUPPORTED_SQL.test(sql)) {
      throw new TypeError(`Programming error: OFFSET/LIMIT, GROUP BY and DISTINCT are not supported by the local server; do it in code: ${sql}`);
    }
    try {
      const iterator = this.container(container).items.query<T>(
        { query: sql, parameters: parameters as { name: string; value: never }[] },
        partitionKey === undefined ? {} : { partitionKey },
      );
      const { resources } = await iterator.fetchAll();
      return resources.map(stripSystemProperties);
    } catch (err) {
      throw mapError(err, this.endpoint, `querying ${container}`);
    }
  }

  get<T extends Doc>(container: ContainerKey, partitionKey: string, id: string): Promise<Stored<T> | undefined> {
    return traced("get", container, () => this.untracedGet<T>(container, partitionKey, id));
  }

  create<T extends Doc>(container: ContainerKey, doc: T): Promise<Stored<T>> {
    return traced("create", container, () => this.untracedCreate<T>(container, doc));
  }

  createIfAbsent<T extends Doc>(container: ContainerKey, doc: T): Promise<boolean> {
    return traced("createIfAbsent", container, () => this.untracedCreateIfAbsent<T>(container, doc));
  }

  deleteIfExists(container: "activities", partitionKey: string, id: string): Promise<boolean> {
    return traced("deleteIfExists", container, () => this.untracedDeleteIfExists(container, partitionKey, id));
  }

  upsert<T extends Doc>(container: ContainerKey, doc: T): Promise<Stored<T>> {
    return traced("upsert", container, () => this.untracedUpsert<T>(container, doc));
  }

  update<T extends Doc>(container: ContainerKey, partitionKey: string, id: string, mutate: DocMutator<T>): Promise<Stored<T> | undefined> {
    return traced("update", container, () => this.untracedUpdate<T>(container, partitionKey, id, mutate));
  }

  query<T>(container: ContainerKey, partitionKey: string, sql: string, parameters: { name: string; value: unknown }[] = []): Promise<T[]> {
    return traced("query", container, () => this.untracedQuery<T>(container, partitionKey, sql, parameters));
  }

  queryAll<T>(container: ContainerKey, sql: string, parameters: { name: string; value: unknown }[] = []): Promise<T[]> {
    return traced("queryAll", container, () => this.untracedQueryAll<T>(container, sql, parameters));
  }

  private container(key: ContainerKey): Container {
    const c = this.containers.get(key);
    if (!c) throw new TypeError(`Programming error: unknown container "${key}"`);
    return c;
  }

  private checkDoc(container: ContainerKey, doc: Doc): string {
    checkId(container, doc.id);
    return partitionKeyOf(container, doc as unknown as Record<string, unknown>);
  }

  private stored<T>(resource: T | undefined, etag: string, what: string): Stored<T> {
    if (resource === undefined) throw new Error(`Cosmos DB returned no document after ${what}`);
    return { doc: stripSystemProperties(resource), etag };
  }

  private written(container: ContainerKey): void {
    try {
      this.options.onWrite?.(container);
    } catch {
      // A failing observer must not turn a successful write into an error.
    }
  }
}

async function createCosmosClient(connection: CosmosConnection, options: CosmosStoreOptions): Promise<CosmosClient> {
  // No custom agent: the SDK's defaults keep connections alive, and only with them does it
  // allow plain http (the loopback local server).
  const clientOptions: CosmosClientOptions = {
    endpoint: connection.endpoint,
    connectionPolicy: {
      // Serverless accounts are single-region; discovery would retry an unreachable
      // endpoint 120 times at 1 s intervals instead of failing.
      enableEndpointDiscovery: false,
      requestTimeout: options.requestTimeoutMs ?? 5_000,
      retryOptions: {
        maxRetryAttemptCount: options.throttleRetries ?? 3,
        maxWaitTimeInSeconds: options.throttleMaxWaitSeconds ?? 5,
        fixedRetryIntervalInMilliseconds: 0,
      },
    },
  };
  switch (connection.auth.kind) {
    case "key":
      clientOptions.key = connection.auth.key;
      break;
    case "credential":
      clientOptions.aadCredentials = connection.auth.credential;
      break;
    case "managedIdentity": {
      const identity = await import("@azure/identity");
      clientOptions.aadCredentials = connection.auth.clientId
        ? new identity.ManagedIdentityCredential({ clientId: connection.auth.clientId })
        : new identity.DefaultAzureCredential();
      break;
    }
  }
  return withoutUnreadDiagnostics(new CosmosClient(clientOptions));
}

/**
 * @azure/cosmos 4.9 JSON-encodes every request's diagnostics for its diagnostic writer even at the default level
 * ("info"), where that writer throws the text away: a few hundred bytes of garbage per store call, which showed as
 * a tenth of the app's CPU in `npm run bench`. At that level the formatter is replaced by one that returns nothing;
 * each response's `diagnostics` object is left as it is. When the SDK's internals differ (another version), nothing
 * is changed. Debug levels (AZURE_COSMOSDB_DIAGNOSTICS_LEVEL) keep the SDK's formatter.
 */
export function withoutUnreadDiagnostics(client: CosmosClient): CosmosClient {
  const context = (client as unknown as { clientContext?: Record<string, unknown> }).clientContext;
  const writer = context?.["diagnosticWriter"] as object | undefined;
  const formatter = context?.["diagnosticFormatter"] as { format?: unknown } | undefined;
  if (context && writer?.constructor?.name === "NoOpDiagnosticWriter" && typeof formatter?.format === "function") {
    context["diagnosticFormatter"] = { format: () => "" };
  }
  return client;
}

/** Turns SDK/network failures into the port's errors, with a message an operator can act on. */
export function mapError(err: unknown, endpoint: string, what: string): Error {
  if (err instanceof StoreUnavailableError || err instanceof ConflictError) return err;
  if (err instanceof TypeError && err.message.startsWith("Programming error")) return err;
  const code = errorCode(err);
  const detail = err instanceof Error ? err.message.split("\n")[0] : String(err);
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) {
    const reason =
      code === 429
        ? "throttled (429) past the SDK's retries"
        : code === "TimeoutError" || code === 408
          ? "no answer in time; a write may or may not have been applied"
          : code === "ECONNREFUSED"
            ? "ECONNREFUSED: nothing is listening there"
            : code === "ECONNRESET" || code === "EPIPE"
              ? `${code}: the connection was dropped; a write may or may not have been applied`
              : typeof code === "number"
                ? `service returned ${code}`
                : `${code}: cannot reach the server`;
    return new StoreUnavailableError(`Cosmos DB store at ${endpoint} is unavailable while ${what} (${reason}). Retry later.`, { cause: err });
  }
  if (code === 401 || code === 403) {
    return new Error(
      `Cosmos DB at ${endpoint} refused access while ${what} (${code}): check the managed identity's data-plane role assignment (Cosmos DB Built-in Data Contributor). ${detail}`,
      { cause: err },
    );
  }
  return new Error(`Cosmos DB error while ${what} (${String(code ?? "unknown")}): ${detail}`, { cause: err });
}
