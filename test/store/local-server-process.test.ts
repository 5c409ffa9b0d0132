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
  const dir = await mkdtemp(path.join(tmpdir(), "komitebot-proc-"));
  dirs.push(dir);
  return dir;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the embedded store in its own process", () => {
  it("runs in a child process, keeps the data across a restart, and stops with close()", async () => {
    const dir = await tempDir();
    const config = loadStoreConfig({ KOMITEBOT_DATA_DIR: dir });
    const first = await openStore(config);
    const pid = first.local!.pid!;
    expect(pid).toBeTypeOf("number");
    expect(pid).not.toBe(process.pid);
    expect(alive(pid)).toBe(true);
    await first.store.create("cases", { id: "2025-300", status: "registered" });
    await first.store.update<{ id: string; status: string }>("cases", "2025-300", "2025-300", (d) => d && { ...d, status: "inMeeting" });
    await first.close();
    expect(alive(pid)).toBe(false);
    expect(await readFile(path.join(dir, SNAPSHOT_FILE), "utf8")).toContain("2025-300");

    const second = await openStore(config);
    try {
      expect(second.local!.pid).not.toBe(pid);
      expect((await second.store.get("cases", "2025-300", "2025-300"))?.doc).toEqual({ id: "2025-300", status: "inMeeting" });
    } finally {
      await second.close();
    }
  });

  it("snapshots writes it detects itself, without a hook in the app's store", async () => {
    const dir = await tempDir();
    const opened = await openStore(loadStoreConfig({ KOMITEBOT_DATA_DIR: dir }));
    try {
      await opened.store.create("meetings", { id: "M-7", meetingId: "M-7" });
      await expect.poll(async () => readFile(path.join(dir, SNAPSHOT_FILE), "utf8").catch(() => ""), { timeout: 3_000, interval: 50 }).toContain("M-7");
    } finally {
      await opened.close();
    }
  });

  it("writes the final snapshot and exits when the app process dies without closing", async () => {
    const dir = await tempDir();
    const script = [
      'import { loadStoreConfig } from "./src/store/cosmos-config.ts";',
      'import { openStore } from "./src/store/open-store.ts";',
      `const opened = await openStore(loadStoreConfig({ KOMITEBOT_DATA_DIR: ${JSON.stringify(dir)} }));`,
      'await opened.store.create("cases", { id: "2025-400" });',
      "console.log(JSON.stringify({ storePid: opened.local.pid }));",
      "setInterval(() => {}, 1000);",
    ].join("\n");
    const app = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
    const storePid = await new Promise<number>((resolve, reject) => {
      let buf = "";
      app.stdout.on("data", (b: Buffer) => {
        buf += b.toString();
        const m = /\{"storePid":(\d+)\}/.exec(buf);
        if (m) resolve(Number(m[1]));
      });
      app.once("exit", (code) => reject(new Error(`app exited early (${code})`)));
    });
    expect(alive(storePid)).toBe(true);
    app.kill("SIGKILL"); // no close(), no signal handler: only the IPC disconnect tells the store
    await expect.poll(() => alive(storePid), { timeout: 10_000, interval: 50 }).toBe(false);
    expect(await readFile(path.join(dir, SNAPSHOT_FILE), "utf8")).toContain("2025-400");
  });
});
