/**
 * Authentication at the edge: in Azure mode every request to /api/messages
 * must carry a Bot Framework JWT; without an app id the app refuses to start
 * in production; local mode without auth binds to loopback only; activities
 * from tenants not on the allow-list are refused.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testToday } from "../support/clock.js";
import { ConfigError, loadAppEnv } from "../../src/config.js";
import { cardAction, meetingMessage, TENANT } from "../support/activities.js";
import { BotHarness, invokeCard } from "../support/bot-harness.js";
import { existsSync } from "node:fs";
import { DEMO_ROSTER, startHost } from "../../src/host.js";
import { createLogger } from "../../src/log.js";
import { StoreConfigError } from "../../src/store/cosmos-config.js";

const MEETING = `M-${testToday.toISODate()}`;
const BOT_ID = "6f1b9c1e-0000-4000-8000-00000000b07a";

function problems(env: Record<string, string>): string {
  try {
    loadAppEnv(env);
    return "";
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
}

describe("configuration guards", () => {
  it("refuses to start in azure mode without the bot's app id, tenant, allow-list and roster, naming each variable", () => {
    const msg = problems({ KOMITEBOT_MODE: "azure" });
    for (const v of ["BOT_ID", "BOT_TENANT_ID", "ALLOWED_TENANT_IDS", "ROSTER_FILE", "BLOB_ACCOUNT_URL"]) expect(msg).toContain(v);
  });

  it("refuses to start in azure mode without COSMOS_ENDPOINT, and opens no embedded store", async () => {
    const env = {
      KOMITEBOT_MODE: "azure",
      HOST: "127.0.0.1",
      PORT: "0",
      BOT_ID,
      BOT_TENANT_ID: TENANT,
      ALLOWED_TENANT_IDS: TENANT,
      ROSTER_FILE: DEMO_ROSTER,
      BLOB_ACCOUNT_URL: "https://stkomitebot.blob.core.windows.net/",
      KOMITEBOT_DATA_DIR: "/nonexistent/komitebot-must-not-be-created",
    };
    const err = await startHost({ env, log: createLogger("silent") }).then(
      (host) => host.close().then(() => undefined),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreConfigError);
    expect((err as Error).message).toMatch(/COSMOS_ENDPOINT: is required in azure mode/);
    expect(existsSync("/nonexistent/komitebot-must-not-be-created")).toBe(false);
  });

  it("refuses to start in production without an app id, whatever the mode", () => {
    expect(problems({ NODE_ENV: "production" })).toContain("BOT_ID");
  });

  it("binds local mode without authentication to loopback only", () => {
    expect(problems({ KOMITEBOT_MODE: "local", HOST: "0.0.0.0" })).toContain("HOST");
    expect(loadAppEnv({ KOMITEBOT_MODE: "local" }).host).toBe("127.0.0.1");
  });

  it("names a malformed value", () => {
    expect(problems({ PORT: "eighty" })).toContain("PORT");
    expect(problems({ QUORUM_MINIMUM: "0" })).toContain("QUORUM_MINIMUM");
  });
});

describe("azure mode: Bot Framework JWT on every request", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await BotHarness.start({
      env: {
        KOMITEBOT_MODE: "azure",
        HOST: "127.0.0.1",
        BOT_ID,
        BOT_TENANT_ID: TENANT,
        BOT_TYPE: "UserAssignedMsi",
        ALLOWED_TENANT_IDS: TENANT,
        ROSTER_FILE: DEMO_ROSTER,
        DEMO_DATA: "true",
        // Required in azure mode (issue 12); the harness gives the app its test container on Azurite instead.
        BLOB_ACCOUNT_URL: "https://stkomitebot.blob.core.windows.net/",
      },
    });
  });
  afterAll(async () => h.stop());

  it("answers 401 to an activity without a token, and to a forged one, and does nothing", async () => {
    const activity = cardAction(h.url, h.who("m-sorost-1"), "checkIn", { meetingId: MEETING });
    expect((await h.post(activity)).status).toBe(401);
    const forged = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiI2ZjFiOWMxZSJ9.c2lnbmF0dXJl";
    expect((await h.post(activity, { authorization: forged })).status).toBe(401);
    const state = await h.svc.meetings.load(MEETING);
    expect(state?.attendance).toHaveLength(0);
  });

  it("logs a refused token as one structured line with no token content, and prints nothing on stderr", async () => {
    const activity = cardAction(h.url, h.who("m-sorost-1"), "checkIn", { meetingId: MEETING });
    // Not issued by a Bot Framework issuer: refused before any key lookup (this machine has no network for the keys).
    const forged = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiI2ZjFiOWMxZSJ9.c2lnbmF0dXJl";
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    const before = h.logLines.length;
    let r;
    try {
      r = await h.post(activity, { authorization: `Bearer ${forged}` });
    } finally {
      spy.mockRestore();
    }
    expect(r.status).toBe(401);
    expect(JSON.stringify(r.body)).not.toContain(forged.slice(0, 20));
    expect(stderr).toEqual([]);
    const lines = h.logLines.slice(before).filter((l) => /authentication|adapter|unauthori/i.test(l));
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ status: 401, msg: "request refused by Bot Framework authentication" });
    for (const part of forged.split(".")) expect(lines[0]).not.toContain(part);
    expect(lines[0]).not.toMatch(/\n\s+at /);
  });
});

describe("tenant allow-list", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await BotHarness.start({ env: { ALLOWED_TENANT_IDS: "0a0a0a0a-0000-4000-8000-000000000001" } });
  });
  afterAll(async () => h.stop());

  it("refuses invokes and ignores messages from a tenant that is not on the list", async () => {
    const r = await h.send(cardAction(h.url, h.who("chair"), "checkIn", { meetingId: MEETING }));
    expect(r?.status).toBe(403);
    expect(invokeCard(r)).toBeUndefined();
    h.connector.reset();
    await h.send(meetingMessage(h.url, h.who("chair"), "koble møte"));
    expect(h.connector.calls).toHaveLength(0);
    const state = await h.svc.meetings.load(MEETING);
    expect(state?.attendance).toHaveLength(0);
    expect(state?.meeting.teams).toBeUndefined();
  });
});
