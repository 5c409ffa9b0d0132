/**
 * The embedded store's write-ahead journal: what the store acknowledged is
 * there after its process is SIGKILLed (no final snapshot), whatever the
 * operation; a torn last line is ignored; compaction (rotation, snapshot,
 * deleting covered segments) keeps every write under concurrent load; and
 * segments older than the snapshot are never replayed over it.
 *
 * The store runs in its own process (startLocalCosmosProcess, as in the app)
 * with a snapshot debounce far longer than the test unless a test wants
 * snapshots, so that only the journal can bring the writes back.
 */
import { appendFile, copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { BulkOperationType, CosmosClient, type Container } from "@azure/cosmos";
import { afterEach, describe, expect, it } from "vitest";
import { listSegments, segmentFile } from "../../src/store/journal.js";
import { SNAPSHOT_FILE, startLocalCosmos } from "../../src/store/local-server.js";
import { startLocalCosmosProcess, type EmbeddedCosmos } from "../../src/store/open-store.js";

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "komitebot-journal-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const NEVER = 600_000;

async function storeProcess(dataDir: string, opts: { debounceMs?: number; maxDelayMs?: number; journal?: boolean } = {}): Promise<EmbeddedCosmos> {
  const local = await startLocalCosmosProcess({
    dataDir,
    debounceMs: opts.debounceMs ?? NEVER,
    maxDelayMs: opts.maxDelayMs ?? NEVER,
    ...(opts.journal !== undefined ? { journal: opts.journal } : {}),
  });
  cleanups.push(() => local.stop());
  return local;
}

function clientOf(local: EmbeddedCosmos): CosmosClient {
  const client = new CosmosClient({ endpoint: local.endpoint, key: local.key, connectionPolicy: { enableEndpointDiscovery: false } });
  cleanups.push(() => client.dispose());
  return client;
}

async function containers(client: CosmosClient): Promise<{ cases: Container; meetings: Container }> {
  const { database } = await client.databases.createIfNotExists({ id: "komitebot" });
  const { container: cases } = await database.containers.createIfNotExists({ id: "cases", partitionKey: { paths: ["/id"] } });
  const { container: meetings } = await database.containers.createIfNotExists({ id: "meetings", partitionKey: { paths: ["/meetingId"] } });
  return { cases, meetings };
}

/** SIGKILL: no signal handler, no IPC goodbye, no final snapshot. */
async function kill(local: EmbeddedCosmos): Promise<void> {
  process.kill(local.pid!, "SIGKILL");
  await expect.poll(() => alive(local.pid!), { timeout: 5_000, interval: 10 }).toBe(false);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const strip = <T extends object>(doc: T | undefined): Record<string, unknown> | undefined => {
  if (!doc) return undefined;
  const { _rid, _self, _etag, _ts, _attachments, ...rest } = doc as Record<string, unknown>;
  return rest;
};

async function allDocs(c: Container): Promise<Record<string, unknown>[]> {
  const { resources } = await c.items.query("SELECT * FROM c").fetchAll();
  return resources.map((d) => strip(d)!).sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

describe("the write-ahead journal", () => {
  it("brings back every acknowledged create, upsert, replace, patch, delete and batch after a SIGKILL of the store process", async () => {
    const dir = await tempDir();
    const first = await storeProcess(dir);
    const { cases, meetings } = await containers(clientOf(first));

    await cases.items.create({ id: "TO-2026-004", status: "received" });
    await cases.items.create({ id: "TO-2026-005", status: "received" });
    await cases.items.upsert({ id: "TO-2026-006", status: "received" });
    await cases.items.upsert({ id: "TO-2026-006", status: "ready" });
    await cases.item("TO-2026-004", "TO-2026-004").replace({ id: "TO-2026-004", status: "onAgenda" });
    await cases.item("TO-2026-005", "TO-2026-005").patch([{ op: "set", path: "/status", value: "returned" }]);
    await meetings.items.create({ id: "pos:TO-2026-004:m1", meetingId: "M-1", position: "grant" });
    await meetings.items.create({ id: "pos:TO-2026-004:m2", meetingId: "M-1", position: "reject" });
    await meetings.item("pos:TO-2026-004:m2", "M-1").delete();
    await meetings.items.batch(
      [
        { operationType: BulkOperationType.Create, resourceBody: { id: "att:m1", meetingId: "M-1", present: true } },
        { operationType: BulkOperationType.Create, resourceBody: { id: "att:m2", meetingId: "M-1", present: false } },
      ],
      "M-1",
    );
    // The local server's batch is not atomic, and it fails on a delete without a per-operation partition key
    // after applying the create before it: the journal must hold what memory holds, failed or not.
    await expect(
      meetings.items.batch(
        [
          { operationType: BulkOperationType.Create, resourceBody: { id: "att:m3", meetingId: "M-1", present: true } },
          { operationType: BulkOperationType.Delete, id: "pos:TO-2026-004:m1" },
        ],
        "M-1",
      ),
    ).rejects.toThrow();
    const expectedCases = await allDocs(cases);
    const expectedMeetings = await allDocs(meetings);
    expect(expectedCases.map((d) => [d.id, d.status])).toEqual([
      ["TO-2026-004", "onAgenda"],
      ["TO-2026-005", "returned"],
      ["TO-2026-006", "ready"],
    ]);
    expect(expectedMeetings.map((d) => d.id)).toEqual(["att:m1", "att:m2", "att:m3", "pos:TO-2026-004:m1"]);

    await kill(first);
    await expect(readFile(path.join(dir, SNAPSHOT_FILE), "utf8")).rejects.toThrow(/ENOENT/); // only the journal has them
    expect(await listSegments(dir)).toEqual([1]);

    const second = await storeProcess(dir);
    const again = await containers(clientOf(second));
    expect(await allDocs(again.cases)).toEqual(expectedCases);
    expect(await allDocs(again.meetings)).toEqual(expectedMeetings);
    // Partition keys came back with the containers: a point read in the right partition finds the document.
    expect(strip((await again.meetings.item("att:m2", "M-1").read()).resource)).toEqual({ id: "att:m2", meetingId: "M-1", present: false });
    // The restarted store journals into a new segment and never appends to an old one.
    expect(await listSegments(dir)).toEqual([1, 2]);
  });

  it("loses the same writes without the journal (what the journal is for)", async () => {
    const dir = await tempDir();
    const first = await storeProcess(dir, { journal: false });
    const { cases } = await containers(clientOf(first));
    await cases.items.create({ id: "TO-2026-004", status: "received" });
    await kill(first);
    expect(await listSegments(dir)).toEqual([]);
    const second = await storeProcess(dir, { journal: false });
    const again = await containers(clientOf(second));
    expect(await allDocs(again.cases)).toEqual([]);
  });

  it("ignores a torn last line (a crash mid-append) and starts", async () => {
    const dir = await tempDir();
    const first = await storeProcess(dir);
    const { cases } = await containers(clientOf(first));
    await cases.items.create({ id: "TO-2026-004", status: "received" });
    await cases.items.create({ id: "TO-2026-005", status: "received" });
    await kill(first);
    // The next append was cut short: no newline, half a JSON object.
    await appendFile(segmentFile(dir, 1), '{"op":"put","db":"komitebot","coll":"cases","doc":{"id":"TO-2026-006","sta');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    cleanups.push(() => void process.off("warning", onWarning));

    const second = await startLocalCosmos({ dataDir: dir, handleSignals: false });
    cleanups.push(() => second.stop());
    const client = new CosmosClient({ endpoint: second.endpoint, key: second.key, connectionPolicy: { enableEndpointDiscovery: false } });
    cleanups.push(() => client.dispose());
    const again = await containers(client);
    expect((await allDocs(again.cases)).map((d) => d.id)).toEqual(["TO-2026-004", "TO-2026-005"]);
    expect(warnings.join("\n")).toMatch(/cosmos-journal-0000000001\.log: ignored an incomplete last entry \(\d+ bytes/);
  });

  it("refuses to start on a damaged complete line instead of dropping acknowledged writes", async () => {
    const dir = await tempDir();
    const first = await storeProcess(dir);
    const { cases } = await containers(clientOf(first));
    await cases.items.create({ id: "TO-2026-004", status: "received" });
    await kill(first);
    const text = await readFile(segmentFile(dir, 1), "utf8");
    await writeFile(segmentFile(dir, 1), `${text.slice(0, 10)}#garbage#\n${text}`);
    await expect(startLocalCosmos({ dataDir: dir, handleSignals: false })).rejects.toThrow(/cosmos-journal-0000000001\.log line 1 is not a journal entry/);
  });

  it("keeps every write through rotation and compaction under concurrent load, and deletes covered segments", async () => {
    const dir = await tempDir();
    // Snapshots every few milliseconds while 8 clients write: rotations happen between and during writes.
    const first = await storeProcess(dir, { debounceMs: 5, maxDelayMs: 20 });
    const { meetings } = await containers(clientOf(first));
    const expected = new Map<string, number | undefined>();
    let next = 0;
    const N = 400;
    const worker = async () => {
      while (next < N) {
        const i = next++;
        const id = `doc-${i % 60}`;
        if (i % 7 === 6) {
          await meetings
            .item(id, "M-1")
            .delete()
            .catch((err: { code?: number }) => {
              if (err.code !== 404) throw err;
            });
          expected.set(id, undefined);
        } else {
          await meetings.items.upsert({ id, meetingId: "M-1", n: i });
          expected.set(id, i);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    // Snapshots happened (the file exists and records a segment) and covered segments went away.
    await expect
      .poll(async () => JSON.parse(await readFile(path.join(dir, SNAPSHOT_FILE), "utf8").catch(() => "{}")).journalSegment ?? 0, { timeout: 3_000 })
      .toBeGreaterThan(1);
    // A snapshot deletes the segments it covers right after writing itself: let the last one finish (on a busy
    // machine a SIGKILL could otherwise land between the two, which a restart cleans up but this check would see).
    await new Promise((r) => setTimeout(r, 100));
    await first.snapshot();
    await kill(first);
    const segments = await listSegments(dir);
    const covered = JSON.parse(await readFile(path.join(dir, SNAPSHOT_FILE), "utf8")).journalSegment as number;
    expect(segments.every((n) => n > covered)).toBe(true);
    expect(segments.length).toBeLessThanOrEqual(2);

    const second = await storeProcess(dir);
    const again = await containers(clientOf(second));
    const got = new Map((await allDocs(again.meetings)).map((d) => [d.id as string, d.n as number]));
    for (const [id, n] of expected) expect([id, got.get(id)]).toEqual([id, n]);
    expect(got.size).toBe([...expected.values()].filter((v) => v !== undefined).length);
  });

  it("never replays a segment the snapshot covers: a leftover older segment does not revert newer documents", async () => {
    const dir = await tempDir();
    const first = await storeProcess(dir);
    const { cases } = await containers(clientOf(first));
    await cases.items.upsert({ id: "TO-2026-004", status: "received" });
    await cases.items.upsert({ id: "TO-2026-004", status: "ready" });
    const oldSegment = path.join(dir, "old-segment-copy");
    await copyFile(segmentFile(dir, 1), oldSegment);
    await cases.items.upsert({ id: "TO-2026-004", status: "onAgenda" });
    await first.snapshot(); // rotates to segment 2, covers segment 1, deletes it
    expect(await listSegments(dir)).toEqual([2]);
    await cases.items.create({ id: "TO-2026-005", status: "received" }); // in segment 2
    await kill(first);

    // As if the crash came between the snapshot's rename and the deletion of segment 1.
    await copyFile(oldSegment, segmentFile(dir, 1));
    const second = await storeProcess(dir);
    const again = await containers(clientOf(second));
    expect((await allDocs(again.cases)).map((d) => [d.id, d.status])).toEqual([
      ["TO-2026-004", "onAgenda"],
      ["TO-2026-005", "received"],
    ]);
    expect(await listSegments(dir)).toEqual([2, 3]); // the leftover was deleted at start
  });

  it("folds the journal into a snapshot when started with the journal off, so an old segment is never replayed later", async () => {
    const dir = await tempDir();
    const first = await storeProcess(dir);
    const { cases } = await containers(clientOf(first));
    await cases.items.upsert({ id: "TO-2026-004", status: "received" });
    await kill(first);

    const off = await storeProcess(dir, { journal: false });
    const viaOff = await containers(clientOf(off));
    expect((await allDocs(viaOff.cases)).map((d) => d.status)).toEqual(["received"]);
    expect(await listSegments(dir)).toEqual([]); // replayed, snapshotted, deleted
    await viaOff.cases.items.upsert({ id: "TO-2026-004", status: "ready" });
    await off.stop();

    const on = await storeProcess(dir);
    const viaOn = await containers(clientOf(on));
    expect((await allDocs(viaOn.cases)).map((d) => d.status)).toEqual(["ready"]);
  });

  it("keeps no journal in memory mode, even when asked for one", async () => {
    const before = await readdir(process.cwd());
    const local = await startLocalCosmos({ dataDir: null, journal: true });
    cleanups.push(() => local.stop());
    const client = new CosmosClient({ endpoint: local.endpoint, key: local.key, connectionPolicy: { enableEndpointDiscovery: false } });
    cleanups.push(() => client.dispose());
    const { cases } = await containers(client);
    await cases.items.create({ id: "TO-2026-004" });
    expect(local.snapshotPath).toBeNull();
    expect(await readdir(process.cwd())).toEqual(before);
  });
});
