/**
 * Ports: what the use cases need from storage and messaging. The Cosmos DB
 * implementation lives in src/store/, the Teams one in src/teams/.
 */
import type { ContainerKey } from "../store/containers.js";

/** Every stored document has an id and the partition key value of its container. */
export interface Doc {
  id: string;
}

export interface Stored<T> {
  doc: T;
  etag: string;
}

/** The store is unreachable or throttling past retries. Nothing was written. Retry later. */
export class StoreUnavailableError extends Error {
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreUnavailableError";
  }
}

/** A create collided with an existing document (409). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

/**
 * What a mutator returns: the new document, or `undefined` to leave the stored
 * document unchanged (no write).
 */
export type Mutator<T> = (current: T | undefined) => T | undefined;

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
  update<T extends Doc>(container: ContainerKey, partitionKey: string, id: string, mutate: Mutator<T>): Promise<Stored<T> | undefined>;
  /**
   * Deletes a document if it exists; true when one was deleted. Only for
   * bookkeeping that expires (processed activity ids): the audit log, cases,
   * meetings and decision records are never deleted by the app.
   */
  deleteIfExists(container: "activities", partitionKey: string, id: string): Promise<boolean>;
  /** Query within one partition (the partition key is always in the WHERE clause). */
  query<T>(container: ContainerKey, partitionKey: string, sql: string, parameters?: { name: string; value: unknown }[]): Promise<T[]>;
  /** Query across partitions (small containers only, e.g. cases for the register). */
  queryAll<T>(container: ContainerKey, sql: string, parameters?: { name: string; value: unknown }[]): Promise<T[]>;
}
