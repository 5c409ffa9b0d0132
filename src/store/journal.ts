/**
 * The embedded store's write-ahead journal, so that a write the store has
 * acknowledged survives a crash or SIGKILL of the store process (and of the
 * app with it): before the response to a write leaves the store, the write is
 * appended to the current journal segment and fdatasync'ed (see local-server.ts,
 * which calls append() and sync() before res.end()).
 *
 * Format: one JSON object per line (JournalEntry), in segments named
 * cosmos-journal-<10-digit number>.log in the data directory. Entries are
 * states, not operations: "this document is now X" or "this document is now
 * absent" (likewise for databases and containers). Replaying a state twice, or
 * an entry whose effect a snapshot already holds, is harmless, so the order in
 * which two concurrent requests reached the journal cannot revert a document as
 * long as every entry holds the state current when it was appended.
 *
 * Group commit: appends only queue bytes; one flush at a time writes everything
 * queued so far with one write() and one fdatasync() per segment, then wakes
 * every waiter whose bytes are now on disk. Appends that arrive while a flush
 * runs go into the next one, so N concurrent writes cost about one fsync, not N.
 *
 * Rotation: rotate() opens the next segment synchronously, so every entry
 * appended after the call lands in the new segment; the snapshot written next
 * records the number of the last segment it covers, and segments up to that
 * number are deleted once the snapshot is safely in place.
 *
 * Failure: if a write or fsync fails (disk full, I/O error) the journal is
 * broken for good: the waiters and every later sync() reject, so the store
 * answers with an error instead of acknowledging what may not be on disk.
 */
import { closeSync, fdatasync, fsyncSync, openSync, write } from "node:fs";
import { readdir, readFile, unlink } from "node:fs/promises";
import path from "node:path";
import type { PartitionKeyDefinition } from "@azure/cosmos";

export const JOURNAL_PREFIX = "cosmos-journal-";
export const JOURNAL_SUFFIX = ".log";

export type JournalDoc = Record<string, unknown> & { id: string };

export type JournalEntry =
  | { op: "db"; db: string }
  | { op: "dropDb"; db: string }
  | { op: "coll"; db: string; coll: string; partitionKey?: PartitionKeyDefinition }
  | { op: "dropColl"; db: string; coll: string }
  /** The document as stored now, system properties stripped. */
  | { op: "put"; db: string; coll: string; doc: JournalDoc }
  /** The document is absent; `pk` is the partition value the server keys it by. */
  | { op: "del"; db: string; coll: string; id: string; pk: unknown };

export function segmentFile(dir: string, n: number): string {
  return path.join(dir, `${JOURNAL_PREFIX}${String(n).padStart(10, "0")}${JOURNAL_SUFFIX}`);
}

/** Numbers of the segments in `dir`, ascending. */
export async function listSegments(dir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const numbers: number[] = [];
  for (const name of names) {
    if (!name.startsWith(JOURNAL_PREFIX) || !name.endsWith(JOURNAL_SUFFIX)) continue;
    const digits = name.slice(JOURNAL_PREFIX.length, -JOURNAL_SUFFIX.length);
    if (/^\d+$/.test(digits)) numbers.push(Number(digits));
  }
  return numbers.sort((a, b) => a - b);
}

export interface SegmentContents {
  entries: JournalEntry[];
  /** Bytes after the last newline: an append cut short by a crash, ignored. */
  tornBytes: number;
}

/**
 * Reads one segment. Only newline-terminated lines count: a crash mid-append
 * leaves at most an unterminated tail (segments are never appended to after a
 * restart), which is ignored. A terminated line that is not a journal entry is
 * damage we cannot explain, so it stops the start rather than silently
 * dropping acknowledged writes.
 */
export async function readSegment(file: string): Promise<SegmentContents> {
  const text = await readFile(file, "utf8");
  const end = text.lastIndexOf("\n") + 1;
  const entries: JournalEntry[] = [];
  let lineNo = 0;
  for (const line of text.slice(0, end).split("\n")) {
    lineNo++;
    if (line === "") continue;
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      throw new Error(`${path.basename(file)} line ${lineNo} is not a journal entry`);
    }
    if (!entry || typeof entry !== "object" || typeof entry.op !== "string" || typeof entry.db !== "string") {
      throw new Error(`${path.basename(file)} line ${lineNo} is not a journal entry`);
    }
    entries.push(entry);
  }
  return { entries, tornBytes: Buffer.byteLength(text.slice(end)) };
}

/** Deletes every segment numbered ≤ `upTo` (covered by a snapshot on disk). */
export async function deleteSegmentsUpTo(dir: string, upTo: number): Promise<void> {
  for (const n of await listSegments(dir)) {
    if (n > upTo) break;
    await unlink(segmentFile(dir, n)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
  }
}

/** Makes a directory entry (a new file, a rename) durable; the file's own fsync does not. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const writeAsync = (fd: number, buf: Buffer, offset: number): Promise<number> =>
  new Promise((resolve, reject) => write(fd, buf, offset, buf.length - offset, null, (err, n) => (err ? reject(err) : resolve(n))));
const datasyncAsync = (fd: number): Promise<void> => new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));

interface Pending {
  fd: number;
  chunks: string[];
}

export class Journal {
  private fd: number;
  private current: number;
  /** Bytes queued but not yet handed to write(), per segment, in append order. */
  private queue: Pending[] = [];
  /** Appends so far, and how many of them are on disk. */
  private appended = 0;
  private durable = 0;
  private waiters: { upTo: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  private flushing = false;
  private failed: Error | undefined;
  /** Segments rotated away from whose descriptor is closed once their queued bytes are on disk. */
  private retired = new Set<number>();
  private closed = false;

  private constructor(
    private readonly dir: string,
    segment: number,
    fd: number,
  ) {
    this.current = segment;
    this.fd = fd;
  }

  /** Creates segment `segment` (it must not exist: segments are never reopened) and journals into it. */
  static open(dir: string, segment: number): Journal {
    const fd = openSync(segmentFile(dir, segment), "wx");
    fsyncDir(dir);
    return new Journal(dir, segment, fd);
  }

  /** The segment appends go to now. */
  get segment(): number {
    return this.current;
  }

  /** True when something appended is not on disk yet. */
  get pending(): boolean {
    return this.durable < this.appended;
  }

  /** Queues entries (synchronously, so their order is the call order). Call sync() before acknowledging them. */
  append(entries: readonly JournalEntry[]): void {
    if (entries.length === 0) return;
    if (this.failed) throw this.failed;
    if (this.closed) throw new Error("the journal is closed");
    const text = entries.map((e) => `${JSON.stringify(e)}\n`).join("");
    const last = this.queue[this.queue.length - 1];
    if (last && last.fd === this.fd) last.chunks.push(text);
    else this.queue.push({ fd: this.fd, chunks: [text] });
    this.appended++;
  }

  /** Resolves once everything appended before this call is on disk (fdatasync). */
  sync(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const upTo = this.appended;
    if (this.durable >= upTo) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /**
   * Starts segment n+1 and returns n, the segment just closed for appends.
   * Synchronous on purpose: the caller captures the in-memory state in the
   * same tick, so that state holds every entry of segments ≤ n.
   */
  rotate(): number {
    if (this.failed) throw this.failed;
    const closing = this.current;
    const fd = openSync(segmentFile(this.dir, closing + 1), "wx");
    fsyncDir(this.dir); // the new file's directory entry, before anything in it is acknowledged
    this.retired.add(this.fd);
    this.fd = fd;
    this.current = closing + 1;
    if (!this.flushing) this.closeRetired();
    return closing;
  }

  /** Flushes what is queued and closes the segment. */
  async close(): Promise<void> {
    if (this.closed) return;
    // Loop: a request may append while we wait; stop appends only once nothing is queued.
    while (!this.failed && this.durable < this.appended) await this.sync().catch(() => undefined);
    this.closed = true;
    this.retired.add(this.fd);
    this.closeRetired();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        const upTo = this.appended;
        for (const group of batch) {
          const buf = Buffer.from(group.chunks.join(""));
          for (let off = 0; off < buf.length;) off += await writeAsync(group.fd, buf, off);
          await datasyncAsync(group.fd);
        }
        this.durable = upTo;
        this.waiters = this.waiters.filter((w) => {
          if (w.upTo > upTo) return true;
          w.resolve();
          return false;
        });
      }
    } catch (err) {
      this.failed = new Error(`the store's journal could not be written: ${(err as Error).message}`, { cause: err });
      for (const w of this.waiters.splice(0)) w.reject(this.failed);
    } finally {
      this.flushing = false;
      this.closeRetired();
    }
  }

  private closeRetired(): void {
    for (const fd of this.retired) {
      if (this.queue.some((g) => g.fd === fd)) continue;
      this.retired.delete(fd);
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
  }
}
