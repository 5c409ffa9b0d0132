/**
 * Authentication at the edge: in Azure mode every request to /api/messages
 * must carry a Bot Framework JWT; without an app id the app refuses to start
 * in production; local mode without auth binds to loopback only; activities
 * from tenants not on the allow-list are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testToday } from "../support/clock.js";
import { ConfigError, loadAppEnv } from "../../src/config.js";
import { cardAction, meetingMessage, TENANT } from "../support/activities.js";
import { BotHarness, invokeCard } from "../support/bot-harness.js";
import { DEMO_ROSTER } from "../../src/host.js";

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
