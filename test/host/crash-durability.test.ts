/**
 * Issue 10's acceptance test: what the app answered survives a SIGKILL of the
 * app and its store process at any moment, and a case code is never handed out
 * twice.
 *
 * The whole app runs as a separate OS process (`node --import tsx src/index.ts`,
 * local mode, demo data, its own data directory), spawned detached so that it
 * leads a process group: SIGKILL to the group kills the app AND its forked
 * store process at once. Killing only the app would let the store write a
 * graceful final snapshot (it stops when its IPC channel goes away), which would
 * not test the journal.
 *
 * Driven over HTTP as a case portal (`POST /api/cases` with x-komitebot-key)
 * and Teams (activities to /api/messages, replies to a fake Bot Connector on
 * loopback) would. Each round starts the app on the same data directory,
 * checks that everything acknowledged before is there (and that a retried POST
 * with the portal's Idempotency-Key answers the code the portal kept),
 * registers applications and states positions, and kills the group 0, 50 or
 * 200 ms after the last answers arrived: a case's 201 and a position's card,
 * sent together. Every write before the kill is inside the store's snapshot
 * debounce (200 ms), so only the journal can bring it back: with
 * KOMITEBOT_STORE_JOURNAL=off this test fails after the first kill.
 *
 * Cost: an app start under tsx takes 3–8 s on a 2-core machine, so there are
 * three kill rounds and one last start (about 20–40 s).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repositories } from "../../src/store/repositories/index.js";
import { CosmosStore } from "../../src/store/cosmos-store.js";
import { DEMO_ROSTER, loadRoster } from "../../src/host.js";
import type { Roster } from "../../src/domain/roster.js";
import { validInput } from "../domain/fixtures.js";
import { botAddedToMeeting, cardAction } from "../support/activities.js";
import { FakeConnector } from "../support/fake-connector.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const KEY = "crash-test-intake-key-0123456789";
const today = DateTime.now().setZone("Europe/Oslo");
const MEETING = `M-${today.toISODate()}`;
const CASE = `TO-${today.year}-003`; // a demo case on today's agenda
const MEMBERS = ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"];
const POSITIONS = ["grant", "reject", "defer"] as const;

interface RunningApp {
  proc: ChildProcess;
  base: string;
  exited: Promise<void>;
  output: () => string;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function startApp(dataDir: string): Promise<RunningApp> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    KOMITEBOT_MODE: "local",
    DEMO_DATA: "true",
    PORT: String(port),
    KOMITEBOT_DATA_DIR: dataDir,
    KOMITEBOT_STORE_INFO_FILE: path.join(dataDir, "store-info.json"),
    INTAKE_LOCAL_KEY: KEY,
    LOG_LEVEL: "silent",
  };
  const proc = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], { cwd: REPO, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  proc.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`the app exited during start:\n${out}`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) throw new Error(`the app did not start in time:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { proc, base, exited, output: () => out };
}

/** SIGKILL to the whole process group: the app and its store process, with no chance to save anything. */
function killGroup(app: RunningApp): void {
  try {
    process.kill(-app.proc.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}

async function groupGone(app: RunningApp): Promise<void> {
  await app.exited;
  // The store process is in the same group; wait until no member is left.
  await expect
    .poll(
      () => {
        try {
          process.kill(-app.proc.pid!, 0);
          return false;
        } catch {
          return true;
        }
      },
      { timeout: 5_000, interval: 10 },
    )
    .toBe(true);
}

describe("acknowledged writes survive a SIGKILL of the app and its store (issue 10)", () => {
  let dir: string;
  let connector: FakeConnector;
  let roster: Roster;
  let current: RunningApp | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "komitebot-crash-"));
    connector = await new FakeConnector().start();
    roster = await loadRoster(DEMO_ROSTER);
  });
  afterAll(async () => {
    if (current) {
      killGroup(current);
      await groupGone(current).catch(() => undefined);
    }
    await connector?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const who = (id: string) => {
    const p = roster.people.find((x) => x.id === id)!;
    return { aadObjectId: p.aadObjectId!, name: p.name, locale: "nb-NO" };
  };

  /** What the app acknowledged: case code → the portal's reference for that application; member → last position. */
  const ackedCases = new Map<string, string>();
  const ackedPositions = new Map<string, (typeof POSITIONS)[number]>();

  async function postCase(app: RunningApp, ref: string): Promise<{ res: Response; code: string }> {
    const res = await fetch(`${app.base}/api/cases`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-komitebot-key": KEY, "idempotency-key": ref },
      body: JSON.stringify({ ...validInput(), attachments: [{ title: "Søknad fra portalen", ref: `doc://portal/${ref}` }] }),
    });
    const body = (await res.json()) as { caseCode?: string };
    expect(res.status, JSON.stringify(body)).toBe(201);
    return { res, code: body.caseCode! };
  }

  async function invoke(app: RunningApp, activity: object): Promise<any> {
    const res = await fetch(`${app.base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
    expect(res.status).toBe(200);
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  }

  async function statePosition(app: RunningApp, member: string, position: (typeof POSITIONS)[number]): Promise<void> {
    const body = await invoke(app, cardAction(connector.url, who(member), "position", { meetingId: MEETING, caseId: CASE, position }));
    expect(body?.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(body.value)).toContain("Ditt standpunkt");
  }

  /** Everything acknowledged so far is stored, and no code belongs to two applications. */
  async function verify(app: RunningApp): Promise<void> {
    const info = JSON.parse(await readFile(path.join(dir, "store-info.json"), "utf8")) as { endpoint: string; key: string };
    const store = await CosmosStore.connect({ endpoint: info.endpoint, database: "komitebot", auth: { kind: "key", key: info.key } });
    try {
      const cases = await repositories(store).cases.all();
      const byCode = new Map(cases.map((c) => [c.code, c]));
      expect(byCode.size).toBe(cases.length);
      for (const [code, ref] of ackedCases) {
        expect(
          byCode.get(code)?.attachments.map((a) => a.ref),
          `case ${code}`,
        ).toEqual([`doc://portal/${ref}`]);
      }
      const state = await repositories(store).meetings.load(MEETING);
      for (const [member, position] of ackedPositions) {
        expect(state?.positions.find((p) => p.caseId === CASE && p.personId === member)?.position, `position of ${member}`).toBe(position);
      }
    } finally {
      store.close();
    }
    // The portal's view: a retried POST with its Idempotency-Key answers the code it was given.
    for (const [code, ref] of [...ackedCases].slice(-3)) {
      const res = await fetch(`${app.base}/api/cases`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-komitebot-key": KEY, "idempotency-key": ref },
        body: JSON.stringify({ ...validInput(), attachments: [{ title: "Søknad fra portalen", ref: `doc://portal/${ref}` }] }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { caseCode: string }).caseCode).toBe(code);
    }
  }

  it(
    "keeps every acknowledged case and position through SIGKILLs 0, 50 and 200 ms after the answers, and never reuses a case code",
    { timeout: 120_000 },
    async () => {
      const started = Date.now();
      const delays = [0, 50, 200];
      let k = 0;
      const registerOne = async (app: RunningApp) => {
        const ref = randomUUID();
        const { code } = await postCase(app, ref);
        expect([...ackedCases.keys()], `${code} handed out twice`).not.toContain(code);
        ackedCases.set(code, ref);
      };
      const positionOne = async (app: RunningApp) => {
        const member = MEMBERS[k % MEMBERS.length]!;
        const position = POSITIONS[(Math.floor(k / MEMBERS.length) + k) % POSITIONS.length]!;
        k++;
        await statePosition(app, member, position);
        ackedPositions.set(member, position);
      };
      for (const [r, delay] of delays.entries()) {
        const app = await startApp(dir);
        current = app;
        await verify(app);
        if (r === 0) {
          // The chair links the meeting chat and takes up the case, as in a meeting.
          await invoke(app, botAddedToMeeting(connector.url, who("chair")));
          await invoke(app, cardAction(connector.url, who("chair"), "takeUpCase", { meetingId: MEETING, caseId: CASE }));
        }
        await registerOne(app);
        await positionOne(app);
        // The last two answers, a 201 and a position card, arrive together; the kill follows the later one by `delay`
        // (each app start costs seconds under tsx, so one start covers both kinds of answer).
        await Promise.all([registerOne(app), positionOne(app)]);
        if (delay === 0) killGroup(app);
        else setTimeout(() => killGroup(app), delay);
        await groupGone(app);
        current = undefined;
      }

      const last = await startApp(dir);
      current = last;
      await verify(last);
      // New applications after all the crashes still get fresh codes.
      const ref = randomUUID();
      const { code } = await postCase(last, ref);
      expect([...ackedCases.keys()]).not.toContain(code);
      ackedCases.set(code, ref);
      await verify(last);
      expect(ackedCases.size).toBe(delays.length * 2 + 1);
      expect(new Set(ackedCases.keys()).size).toBe(ackedCases.size);
      console.info(
        `${delays.length} SIGKILL rounds, ${ackedCases.size} cases and ${k} positions acknowledged, all kept: ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    },
  );
});
