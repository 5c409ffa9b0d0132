/** Issue 14: the Graph client's answers to each status, and a wait for Retry-After that never hangs a send. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphAppInstaller, retryAfterMs } from "../../src/graph/app-installer.js";
import { FakeGraph } from "../support/fake-graph.js";

const USER = "11111111-2222-4333-8444-555555555555";
let graph: FakeGraph;
const installer = (maxWaitMs = 5_000) => new GraphAppInstaller({ baseUrl: graph.url, catalogAppId: "cat-1", token: async () => "t", maxWaitMs });

describe("installing the app with Microsoft Graph", () => {
  beforeAll(async () => {
    graph = await new FakeGraph().start();
  });
  afterAll(async () => graph.stop());

  it("reads 201 as installed, 409 as already installed, 403 as no consent and 404 as an unknown user", async () => {
    graph.script(USER, { status: 201 });
    expect(await installer().install(USER)).toEqual({ ok: true, alreadyInstalled: false });
    graph.script(USER, { status: 409 });
    graph.calls.length = 0;
    expect(await installer().install(USER)).toEqual({ ok: true, alreadyInstalled: true });
    graph.script(USER, { status: 403 });
    graph.calls.length = 0;
    expect(await installer().install(USER)).toMatchObject({ ok: false, reason: "noConsent", status: 403 });
    graph.script(USER, { status: 404 });
    graph.calls.length = 0;
    expect(await installer().install(USER)).toMatchObject({ ok: false, reason: "unknownUser", status: 404 });
  });

  it("gives up at once, without waiting, when Graph asks for a longer wait than a send may take", async () => {
    graph.script(USER, { status: 429, retryAfter: 120 });
    graph.calls.length = 0;
    const started = Date.now();
    expect(await installer(2_000).install(USER)).toMatchObject({ ok: false, reason: "throttled", status: 429 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(graph.calls).toHaveLength(1);
  });

  it("stops after its attempts when Graph keeps throttling", async () => {
    graph.script(USER, { status: 429, retryAfter: 0 });
    graph.calls.length = 0;
    expect(await installer().install(USER)).toMatchObject({ ok: false, reason: "throttled" });
    expect(graph.calls).toHaveLength(3);
  });

  it("reads Retry-After in seconds and as a date", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
  });
});
