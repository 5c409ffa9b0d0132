import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadStoreConfig } from "../../src/store/cosmos-config.js";
import { SNAPSHOT_FILE } from "../../src/store/local-server.js";
import { openStore } from "../../src/store/open-store.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "komitebot-open-"));
  dirs.push(dir);
  return dir;
}

describe("the embedded store across restarts", () => {
  it("runs on the embedded server and keeps the data across an app restart", async () => {
    const dir = await tempDir();
    const config = loadStoreConfig({ KOMITEBOT_DATA_DIR: dir });
    const first = await openStore(config);
    expect(first.local?.snapshotPath).toBe(path.join(dir, SNAPSHOT_FILE));
    await first.store.create("cases", { id: "2025-100", status: "registered" });
    await first.close();

    const second = await openStore(config);
    try {
      expect((await second.store.get("cases", "2025-100", "2025-100"))?.doc).toEqual({ id: "2025-100", status: "registered" });
    } finally {
      await second.close();
    }
  });

  it("flushes the snapshot when the process gets SIGTERM", async () => {
    const dir = await tempDir();
    const script = [
      'import { CosmosStore } from "./src/store/cosmos-store.ts";',
      'import { startLocalCosmos } from "./src/store/local-server.ts";',
      // A debounce far longer than the test: only the signal handler can write the snapshot.
      `const local = await startLocalCosmos({ dataDir: ${JSON.stringify(dir)}, debounceMs: 600000, maxDelayMs: 600000 });`,
      'const store = await CosmosStore.connect({ endpoint: local.endpoint, database: "komitebot", auth: { kind: "key", key: local.key } }, { onWrite: () => local.markDirty() });',
      'await store.create("cases", { id: "2025-200" });',
      'console.log("ready");',
      "setInterval(() => {}, 1000);",
    ].join("\n");
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: process.cwd(),
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (b: Buffer) => b.toString().includes("ready") && resolve());
      child.once("exit", (code) => reject(new Error(`child exited early (${code})`)));
    });
    await expect(readFile(path.join(dir, SNAPSHOT_FILE), "utf8")).rejects.toThrow(/ENOENT/);
    child.kill("SIGTERM");
    const [, signal] = (await new Promise((resolve) => child.once("exit", (...args) => resolve(args)))) as [number | null, string | null];
    expect(signal).toBe("SIGTERM");
    expect(await readFile(path.join(dir, SNAPSHOT_FILE), "utf8")).toContain("2025-200");
  });
});
