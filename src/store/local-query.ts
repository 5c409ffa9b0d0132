/**
 * Queries in the local Cosmos-protocol server (@vercel/cosmosdb-server 1.0.1,
 * @zeit/cosmosdb-query 0.7.2) priced the way Azure prices them: a query sent
 * with a partition key reads that partition only.
 *
 * The library, for every query, copies every document of the container (all
 * partitions) into an array, runs the compiled SQL over all of them, and
 * compiles the query's JavaScript again with `new Function` (so V8 never keeps
 * an optimized version); before that it parses the SQL a second time, outside
 * its own cache, to check the partition filter. On the bench's store (a meetings
 * container of about a thousand documents across meetings) that made the
 * position invoke's one query of a meeting partition cost the store process
 * more CPU than the app's whole invoke, on the same two cores.
 *
 * What this changes, in the local server's process only (never in Azure):
 * - an index of each container's documents by partition key value, kept by the
 *   library's one write path (`_set`) and its one removal path (`delete`);
 * - the documents query route: the SQL parsed once (the library's LRU), the
 *   partition filter checked on that parse, and with the partition key header
 *   (the SDK sends it for a query with the `partitionKey` option) only that
 *   partition's documents are scanned — as Azure scopes such a query. Without
 *   the header (a cross-partition query) the whole container, as before;
 * - the compiled query function kept per generated code string;
 * - the query plan the SDK asks for beside every query refused at once (see
 *   refuseQueryPlan) instead of answered by running the query a second time.
 *
 * Results are the library's own: the same executor, the same order (a
 * partition's documents in the order the container holds them), the same
 * paging. test/store/local-query.test.ts checks both routes against each other.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";

type Data = Record<string, any>;
interface StoredItem {
  read(): Data | undefined;
}
interface CompiledQuery {
  containsPartitionKeys(paths: string[]): boolean;
  exec(data: Data[], options: Record<string, unknown>): unknown;
}
/** The library's Items (lib/account/items.js), with the partition index this module adds. */
interface ItemsInternals {
  _data: Map<string, StoredItem>;
  _byPartition?: Map<unknown, Map<string, StoredItem>>;
  _getPartition(data: Data): unknown;
  _item(keyPath: string, value: string, partition: unknown): StoredItem;
  _getQuery(sql: string): CompiledQuery;
  _userDefinedFunctions(): unknown;
  _set(data: Data): Data;
  delete(idOrRid: string, partition: unknown): void;
}
interface CollectionInternals {
  read(): Data | undefined;
  documents: ItemsInternals;
}
interface AccountInternals {
  database(id: string): { collection(id: string): CollectionInternals };
}
type ReadItems = (
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  fn: (o: { continuation: unknown; maxItemCount: number | null }) => Promise<unknown>,
) => Promise<unknown>;

const require = createRequire(import.meta.url);
const server = (path: string) => require(`@vercel/cosmosdb-server/lib/${path}`) as Record<string, any>;
/** @zeit/cosmosdb-query as the server resolves it. */
const queryLib = createRequire(require.resolve("@vercel/cosmosdb-server/package.json"));

const Items = server("account/items").default as { prototype: ItemsInternals };
const readItems = server("handler/_read-items").default as ReadItems;
const readJson = server("json").default as (req: IncomingMessage) => Promise<Data>;
const { parsePartitionKey } = server("utils/get-partition-from-header") as { parsePartitionKey: (header: string, fallback: unknown) => unknown };
/** The library's documents query handler, which `queryDocuments` stands in for. */
export const LIBRARY_QUERY_DOCUMENTS = server("handler/query-documents").default as unknown;

let installed = false;

/** Adds the partition index and the compiled-query cache to the library (once per process; idempotent). */
export function installLocalQueryIndex(): void {
  if (installed) return;
  installed = true;

  const set = Items.prototype._set;
  const remove = Items.prototype.delete;
  Items.prototype._set = function (this: ItemsInternals, data: Data) {
    const stored = set.call(this, data);
    const key = this._getPartition(data);
    this._byPartition ??= new Map();
    let partition = this._byPartition.get(key);
    if (!partition) this._byPartition.set(key, (partition = new Map()));
    partition.set(data._rid as string, this._data.get(data._rid as string)!);
    return stored;
  };
  Items.prototype.delete = function (this: ItemsInternals, idOrRid: string, partition: unknown) {
    const data = this._item("/id", idOrRid, partition).read();
    remove.call(this, idOrRid, partition); // throws "does not exist" as before, before the index is touched
    if (data) {
      const key = this._getPartition(data);
      const docs = this._byPartition?.get(key);
      docs?.delete(data._rid as string);
      if (docs?.size === 0) this._byPartition!.delete(key);
    }
  };

  // The executor (lib/executor.js) compiles `code` with new Function on every call; keep one function per code.
  const executor = queryLib("@zeit/cosmosdb-query/lib/executor") as { default: (collection: Data[], o: Data) => unknown };
  const aggregateFunctions = queryLib("@zeit/cosmosdb-query/lib/aggregate-functions") as unknown;
  const builtinFunctions = queryLib("@zeit/cosmosdb-query/lib/builtin-functions") as unknown;
  const helpers = queryLib("@zeit/cosmosdb-query/lib/helpers") as unknown;
  const compiled = new Map<string, (...args: unknown[]) => unknown>();
  executor.default = (collection, { code, parameters, udf = {}, maxItemCount, continuation, compositeIndexes }) => {
    let execute = compiled.get(code as string);
    if (!execute) {
      if (compiled.size >= 500) compiled.clear(); // the app's queries are a fixed set; a bound all the same
      execute = new Function(`"use strict";return (${code as string})`)() as (...args: unknown[]) => unknown;
      compiled.set(code as string, execute);
    }
    const params: Data = {};
    for (const { name, value } of (parameters as { name: string; value: unknown }[] | undefined) ?? []) params[name.slice(1)] = value;
    return execute(aggregateFunctions, builtinFunctions, collection, helpers, udf, params, maxItemCount, continuation, compositeIndexes);
  };
}

/** A header the SDK sets to "true"/"True" (or repeats). */
export const trueHeader = (req: IncomingMessage, name: string): boolean => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.some((h) => h.toLowerCase() === "true") : typeof v === "string" && v.toLowerCase() === "true";
};

/**
 * POST /dbs/:dbId/colls/:collId/docs as a query: the library's handler
 * (lib/handler/query-documents.js) with the partition scope and one parse.
 */
export function queryDocuments(account: AccountInternals, req: IncomingMessage, res: ServerResponse, params: Record<string, string>): Promise<unknown> {
  if (trueHeader(req, "x-ms-cosmos-is-query-plan-request")) return refuseQueryPlan(req, res);
  return readItems(req, res, "Documents", async ({ continuation, maxItemCount }) => {
    const body = await readJson(req);
    if (!body.query) {
      res.statusCode = 400;
      return { message: "missing query" };
    }
    const collection = account.database(params.dbId!).collection(params.collId!);
    const meta = collection.read();
    if (!meta) return null; // 404, as the library
    const documents = collection.documents;
    const query = documents._getQuery(body.query as string); // a SyntaxError becomes 400 in readItems
    if (!trueHeader(req, "x-ms-documentdb-query-enablecrosspartition")) {
      const paths = ((meta.partitionKey as { paths?: string[] } | undefined)?.paths ?? []) as string[];
      if (paths.length && !query.containsPartitionKeys(paths)) {
        res.statusCode = 400;
        return { message: "missing partition keys" };
      }
    }
    const header = req.headers["x-ms-documentdb-partitionkey"];
    // No index (items stored before installLocalQueryIndex): the whole container, as the library.
    const scope =
      header === undefined || !documents._byPartition
        ? documents._data
        : documents._byPartition.get(parsePartitionKey(Array.isArray(header) ? header[0]! : header, undefined));
    const data: Data[] = [];
    for (const item of scope?.values() ?? []) {
      const doc = item.read();
      if (doc) data.push(doc);
    }
    const compositeIndexes = ((meta.indexingPolicy as { compositeIndexes?: unknown } | undefined)?.compositeIndexes ?? []) as unknown;
    try {
      return query.exec(data, { parameters: body.parameters, udf: documents._userDefinedFunctions(), maxItemCount, continuation, compositeIndexes });
    } catch (err) {
      res.statusCode = 400;
      return { message: (err as Error).message };
    }
  });
}

/**
 * The SDK (@azure/cosmos 4.9, QueryIterator.fetchQueryPlan) asks for a query
 * plan beside every query, in parallel, and reads it only when the query itself
 * is refused as needing one (a 400 with additionalErrorInfo), which this server
 * never answers. The library ran the whole query again for it and sent back
 * documents, which are no plan. Refused here at once, without a scan: the SDK
 * keeps the error unread, and should a later SDK read the plan first, it fails
 * loudly with this message instead of planning from documents.
 */
async function refuseQueryPlan(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  for await (const chunk of req) void chunk; // the body is not needed; drain it so the connection is reused
  res.statusCode = 400;
  return { code: "BadRequest", message: "The local Cosmos-protocol server makes no query plans (the query itself is answered without one)." };
}
