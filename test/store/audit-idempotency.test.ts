import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit, auditId, listAudit, type AuditEntry } from "../../src/app/audit.js";
import { alreadyProcessed, claimActivity, markProcessed, processedId, pruneActivities, releaseActivity, runOnce } from "../../src/app/idempotency.js";
import { makeTestStore, type TestStore } from "../support/store.js";

let t: TestStore;
beforeAll(async () => {
  t = await makeTestStore();
});
afterAll(() => t.dispose());

const entry = (activityId: string, at: string, after: string): AuditEntry => ({
  id: auditId(activityId, "position.recorded"),
  scope: "MEET-1",
  at,
  actor: { rosterId: "p-1", aadObjectId: "00000000-0000-0000-0000-000000000001" },
  action: "position.recorded",
  caseId: "2025-001",
  meetingId: "MEET-1",
  summary: { after },
});

describe("runOnce", () => {
  it("runs the effect once when the same activity is delivered twice", async () => {
    let effects = 0;
    const effect = async () => {
      effects++;
      return "done";
    };
    const first = await runOnce(t.store, "act-1", "2025-03-01T10:00:00Z", effect);
    const second = await runOnce(t.store, "act-1", "2025-03-01T10:00:05Z", effect);
    expect(first).toEqual({ duplicate: false, result: "done" });
    expect(second).toEqual({ duplicate: true });
    expect(effects).toBe(1);
  });

  it("does not mark an activity whose effect failed, so a redelivery retries it", async () => {
    await expect(runOnce(t.store, "act-2", "2025-03-01T10:00:00Z", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await alreadyProcessed(t.store, "act-2")).toBe(false);
    expect(await runOnce(t.store, "act-2", "2025-03-01T10:01:00Z", async () => 1)).toEqual({ duplicate: false, result: 1 });
  });

  it("re-running an idempotent effect after a crash before the mark leaves one result", async () => {
    const effect = () => appendAudit(t.store, entry("act-3", "2025-03-01T10:00:00Z", "support"));
    await effect(); // the crashed first delivery got this far, and never marked
    const redelivered = await runOnce(t.store, "act-3", "2025-03-01T10:00:30Z", effect);
    expect(redelivered).toEqual({ duplicate: false, result: false });
    expect((await listAudit(t.store, "MEET-1")).filter((e) => e.id === auditId("act-3", "position.recorded"))).toHaveLength(1);
  });

  it("markProcessed reports whether it was the first", async () => {
    expect(await markProcessed(t.store, "act-4", "2025-03-01T10:00:00Z")).toBe(true);
    expect(await markProcessed(t.store, "act-4", "2025-03-01T10:00:00Z")).toBe(false);
  });

  it("stores activity ids with characters Cosmos forbids under a safe id", async () => {
    expect(processedId("1:abc/def?x#y")).toMatch(/^sha256:[A-Za-z0-9_-]+$/);
    expect(processedId("f:12345")).toBe("f:12345");
    expect((await runOnce(t.store, "1:abc/def?x#y", "2025-03-01T10:00:00Z", async () => 1)).duplicate).toBe(false);
    expect(await alreadyProcessed(t.store, "1:abc/def?x#y")).toBe(true);
  });
});

describe("audit trail", () => {
  it("appends once per operation even when the delivery is retried", async () => {
    expect(await appendAudit(t.store, entry("act-10", "2025-03-01T09:00:00Z", "support"))).toBe(true);
    expect(await appendAudit(t.store, entry("act-10", "2025-03-01T09:00:01Z", "support"))).toBe(false);
    expect(await appendAudit(t.store, entry("act-11", "2025-03-01T09:05:00Z", "object"))).toBe(true);
    const list = await listAudit(t.store, "MEET-1");
    const mine = list.filter((e) => e.id.endsWith(":act-10") || e.id.endsWith(":act-11"));
    expect(mine.map((e) => e.summary.after)).toEqual(["support", "object"]);
    expect(mine[0]).toEqual(entry("act-10", "2025-03-01T09:00:00Z", "support"));
  });

  it("lists a scope oldest first and only that scope", async () => {
    await appendAudit(t.store, { ...entry("act-20", "2025-03-02T12:00:00Z", "x"), scope: "2025-007", meetingId: undefined });
    await appendAudit(t.store, { ...entry("act-21", "2025-03-02T11:00:00Z", "y"), scope: "2025-007", meetingId: undefined });
    const list = await listAudit(t.store, "2025-007");
    expect(list.map((e) => e.at)).toEqual(["2025-03-02T11:00:00Z", "2025-03-02T12:00:00Z"]);
  });

  it("refuses free text in the summary", async () => {
    await expect(appendAudit(t.store, entry("act-30", "2025-03-01T09:00:00Z", "x".repeat(200)))).rejects.toThrow(/one short line/);
    await expect(appendAudit(t.store, entry("act-31", "2025-03-01T09:00:00Z", "two\nlines"))).rejects.toThrow(/one short line/);
  });
});

describe("activity claims", () => {
  it("lets one of many simultaneous claims run, and a failed run be claimed again", async () => {
    const at = new Date().toISOString();
    const wins = await Promise.all(Array.from({ length: 8 }, () => claimActivity(t.store, "claim-race-1", at)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    await releaseActivity(t.store, "claim-race-1", at, "failed");
    expect(await claimActivity(t.store, "claim-race-1", at)).toBe(true);
    await releaseActivity(t.store, "claim-race-1", at, "done");
    expect(await claimActivity(t.store, "claim-race-1", at)).toBe(false);
  });

  it("prunes processed marks past the retention and keeps recent ones and the audit log", async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 10 * 24 * 3600_000).toISOString();
    await markProcessed(t.store, "prune-old-1", old);
    await markProcessed(t.store, "prune-old-2", old);
    await markProcessed(t.store, "prune-new-1", now.toISOString());
    await appendAudit(t.store, { id: "prune-audit-1", scope: "system", at: old, actor: {}, action: "test.old", summary: {} });
    expect(await pruneActivities(t.store, now.toISOString())).toBeGreaterThanOrEqual(2);
    expect(await alreadyProcessed(t.store, "prune-old-1")).toBe(false);
    expect(await alreadyProcessed(t.store, "prune-new-1")).toBe(true);
    expect((await listAudit(t.store, "system")).map((e) => e.id)).toContain("prune-audit-1");
  });
});

