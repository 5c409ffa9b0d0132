/**
 * The low-level document store the repositories are written on: a container,
 * a partition key, an id, optimistic concurrency. Only src/store uses it; the
 * use cases see the repositories' domain words (src/app/ports.ts).
 */
import type { ContainerKey } from "./containers.js";

export { StoreUnavailableError } from "../app/ports.js";

/** Every stored document has an id and the partition key value of its container. */
export interface Doc {
  id: string;
}

export interface Stored<T> {
  doc: T;
  etag: string;
}

/** A create collided with an existing document (409). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

/** The new document, or `undefined` to leave the stored one unchanged (no write). */
export type DocMutator<T> = (current: T | undefined) => T | undefined;

export interface DocumentStore {
  /** Point read; undefined when absent. */
  get<T extends Doc>(container: ContainerKey, partitionKey: string, id: string): Promise<Stored<T> | undefined>;
  /** Create; throws ConflictError when the id exists in the partition. */
  create<T extends Doc>(container: ContainerKey, doc: T): Promise<Stored<T>>;
  /** Create if absent; returns false (and writes nothing) when it already existed. */
  createIfAbsent<T extends Doc>(container: ContainerKey, doc: T): Promise<boolean>;
  /** Unconditional upsert (for documents that only one writer owns). */
  upsert<T extends Doc>(container: ContainerKey, doc: T): Promise<Stored<T>>;
  /**
   * Read-modify-write with optimistic concurrency: reads the doc, applies the
   * mutator, writes with IfMatch on the etag, and on 412 re-reads and retries
   * with bounded, jittered backoff. Returns the stored result (or the current
   * doc when the mutator made no change; undefined when absent and not created).
   */
  update<T extends Doc>(container: ContainerKey, partitionKey: string, id: string, mutate: DocMutator<T>): Promise<Stored<T> | undefined>;
  /**
   * Deletes a document if it exists; true when one was deleted. Only for
   * bookkeeping that expires (processed activity ids): the audit log, cases,
   * meetings and decision records are never deleted by the app.
   */
  deleteIfExists(container: "activities", partitionKey: string, id: string): Promise<boolean>;
  /** Query within one partition (the partition key is always in the WHERE clause, as @pk). */
  query<T>(container: ContainerKey, partitionKey: string, sql: string, parameters?: { name: string; value: unknown }[]): Promise<T[]>;
  /** Query across partitions (small containers only, e.g. cases for the register). */
  queryAll<T>(container: ContainerKey, sql: string, parameters?: { name: string; value: unknown }[]): Promise<T[]>;
}

/**
 * The one way to turn a stored document into what the app sees: drop the
 * storage-only fields (the document type, partition-key copies, bookkeeping).
 */
export function withoutFields<T extends object, K extends string>(doc: T, fields: readonly K[]): Omit<T, K> {
  // Built key by key: spread-then-delete makes a slow dictionary object of every document read.
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!(fields as readonly string[]).includes(k)) copy[k] = v;
  return copy as Omit<T, K>;
}
