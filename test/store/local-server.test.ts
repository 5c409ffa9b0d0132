import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createServer, type Socket } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { StoreUnavailableError, type Doc } from "../../src/store/document-store.js";
import { CosmosStore, type CosmosStoreOptions } from "../../src/store/cosmos-store.js";
import { SNAPSHOT_FILE, startLocalCosmos, type LocalCosmos } from "../../src/store/local-server.js";

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "komitebot-store-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function serverAt(dataDir: string | null, port?: number): Promise<LocalCosmos> {
  const local = await startLocalCosmos({ dataDir, handleSignals: false, ...(port ? { port } : {}) });
  cleanups.push(() => local.stop());
  return local;
}

async function storeOn(local: LocalCosmos, options: CosmosStoreOptions = {}): Promise<CosmosStore> {
  const store = await CosmosStore.connect(
    { endpoint: local.endpoint, database: "komitebot", auth: { kind: "key", key: local.key } },
    { ...options, onWrite: () => local.markDirty() },
  );
  cleanups.push(() => store.close());
  return store;
}

interface Meeting extends Doc {
  meetingId: string;
  attendees: string[];
}

describe("snapshot persistence", () => {
  it("brings every container's documents back after a restart from the same data directory", async () => {
    const dir = await tempDir();
    const first = await serverAt(dir);
    const store = await storeOn(first);
    await store.create("cases", { id: "2025-001", status: "registered" });
    await store.create("meetings", { id: "M-1", meetingId: "M-1", attendees: ["a"] });
    await store.create("meetings", { id: "att:a", meetingId: "M-1", present: true });
    await store.create("audit", { id: "x:1", scope: "system", action: "app.started" });
    await first.stop();

    const snapshot = JSON.parse(await readFile(path.join(dir, SNAPSHOT_FILE), "utf8"));
    expect(JSON.stringify(snapshot)).not.toMatch(/"_(rid|self|etag|attachments|ts)"/);

    const second = await serverAt(dir);
    const reopened = await storeOn(second);
    expect((await reopened.get("cases", "2025-001", "2025-001"))?.doc).toEqual({ id: "2025-001", status: "registered" });
    expect(await reopened.query("meetings", "M-1", "SELECT * FROM c WHERE c.meetingId = @pk ORDER BY c.id")).toEqual([
      { id: "M-1", meetingId: "M-1", attendees: ["a"] },
      { id: "att:a", meetingId: "M-1", present: true },
    ]);
    expect(await reopened.get("audit", "system", "x:1")).toBeDefined();
    // Partition keys survived: optimistic concurrency still works on the restored data.
    const updated = await reopened.update<Meeting>("meetings", "M-1", "M-1", (m) => m && { ...m, attendees: [...m.attendees, "b"] });
    expect(updated?.doc.attendees).toEqual(["a", "b"]);
  });

  it("snapshots shortly after writes without waiting for stop", async () => {
    const dir = await tempDir();
    const local = await serverAt(dir);
    const store = await storeOn(local);
    await store.create("cases", { id: "2025-002" });
    await expect.poll(async () => readFile(path.join(dir, SNAPSHOT_FILE), "utf8").catch(() => ""), { timeout: 3_000, interval: 50 }).toContain("2025-002");
  });

  it("refuses to start on a corrupt snapshot instead of starting empty", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, SNAPSHOT_FILE), "{not json");
    await expect(startLocalCosmos({ dataDir: dir, handleSignals: false })).rejects.toThrow(/Could not load the local Cosmos snapshot/);
  });
});

describe("when the store goes away mid-use-case", () => {
  it("fails fast with StoreUnavailableError, writes nothing, and recovers when a server returns on the same port", async () => {
    const dir = await tempDir();
    const first = await serverAt(dir);
    const store = await storeOn(first);
    // The use case: record the meeting, then each member's attendance.
    await store.create<Meeting>("meetings", { id: "M-9", meetingId: "M-9", attendees: [] });
    await first.stop(); // the store dies between the two writes

    const started = performance.now();
    const failure = await store
      .update<Meeting>("meetings", "M-9", "M-9", (m) => m && { ...m, attendees: ["a"] })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    const createFailure = await store.create("meetings", { id: "att:a", meetingId: "M-9", present: true }).then(
      () => undefined,
      (err: unknown) => err,
    );
    const elapsed = performance.now() - started;

    for (const err of [failure, createFailure]) {
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect((err as Error).message).toMatch(new RegExp(`Cosmos DB store at ${first.endpoint} is unavailable while .*(ECONNREFUSED|ECONNRESET)`));
      expect((err as StoreUnavailableError).retryable).toBe(true);
    }
    expect(elapsed).toBeLessThan(3_000);
    console.info(`dead endpoint detected in ${elapsed.toFixed(0)} ms for two operations`);

    // Same port, same data directory: the old client reconnects by itself.
    const second = await serverAt(dir, first.port);
    expect(second.endpoint).toBe(first.endpoint);
    expect((await store.get<Meeting>("meetings", "M-9", "M-9"))?.doc.attendees).toEqual([]);
    expect(await store.get("meetings", "M-9", "att:a")).toBeUndefined();

    // The retried use case completes.
    await store.update<Meeting>("meetings", "M-9", "M-9", (m) => m && { ...m, attendees: ["a"] });
    await store.create("meetings", { id: "att:a", meetingId: "M-9", present: true });
    expect((await store.get<Meeting>("meetings", "M-9", "M-9"))?.doc.attendees).toEqual(["a"]);
  });

  it("times out against a server that accepts connections but never answers", async () => {
    const local = await serverAt(null);
    const store = await storeOn(local, { requestTimeoutMs: 300 });
    await local.stop();
    // Let the client notice its pooled connection is gone (that first failure is an ECONNRESET/ECONNREFUSED).
    await expect(store.get("cases", "x", "x")).rejects.toBeInstanceOf(StoreUnavailableError);
    // Something now holds the port and swallows every request.
    const sockets = new Set<Socket>();
    const hung = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => hung.listen(local.port, "127.0.0.1", resolve));
    cleanups.push(() => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => hung.close(() => resolve()));
    });
    const started = performance.now();
    await expect(store.create("cases", { id: "2025-009" })).rejects.toThrow(/unavailable while creating cases\/2025-009 \(no answer in time/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("fails fast when connecting to an endpoint where nothing listens", async () => {
    const local = await serverAt(null);
    await local.stop();
    const started = performance.now();
    await expect(CosmosStore.connect({ endpoint: local.endpoint, database: "komitebot", auth: { kind: "key", key: local.key } })).rejects.toThrow(
      /unavailable while opening database "komitebot".*ECONNREFUSED/,
    );
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
