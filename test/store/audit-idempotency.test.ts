import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit, auditId, type AuditEntry } from "../../src/app/audit.js";
import { processedId } from "../../src/store/repositories/activities.js";
import { repositories } from "../../src/store/repositories/index.js";
import { makeTestStore, type TestStore } from "../support/store.js";

let t: TestStore;
beforeAll(async () => {
  t = await makeTestStore();
});
afterAll(() => t.dispose());
const db = () => repositories(t.store);

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

/** What the bot does with a message or event: claim, run, mark done (or failed). */
async function deliver<T>(activityId: string, at: string, effect: () => Promise<T>): Promise<{ duplicate: true } | { duplicate: false; result: T }> {
  if (!(await db().activities.claim(activityId, at))) return { duplicate: true };
  try {
    const result = await effect();
    await db().activities.release(activityId, at, "done");
    return { duplicate: false, result };
  } catch (err) {
    await db().activities.release(activityId, at, "failed");
    throw err;
  }
}

describe("claimed deliveries", () => {
  it("runs the effect once when the same activity is delivered twice", async () => {
    let effects = 0;
    const effect = async () => {
      effects++;
      return "done";
    };
    expect(await deliver("act-1", "2025-03-01T10:00:00Z", effect)).toEqual({ duplicate: false, result: "done" });
    expect(await deliver("act-1", "2025-03-01T10:00:05Z", effect)).toEqual({ duplicate: true });
    expect(effects).toBe(1);
  });

  it("lets a redelivery retry an activity whose effect failed", async () => {
    await expect(deliver("act-2", "2025-03-01T10:00:00Z", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await deliver("act-2", "2025-03-01T10:01:00Z", async () => 1)).toEqual({ duplicate: false, result: 1 });
  });

  it("re-running an idempotent effect after a crash before the mark leaves one result", async () => {
    const effect = () => appendAudit(db().audit, entry("act-3", "2025-03-01T10:00:00Z", "support"));
    await effect(); // the crashed first delivery got this far, and never marked
    // Its claim went stale (the process stopped): a redelivery more than a minute later runs again.
    await db().activities.claim("act-3", "2025-03-01T10:00:00Z");
    expect(await deliver("act-3", "2025-03-01T10:02:30Z", effect)).toEqual({ duplicate: false, result: false });
    expect((await db().audit.list("MEET-1")).filter((e) => e.id === auditId("act-3", "position.recorded"))).toHaveLength(1);
  });

  it("keeps a running claim from a second delivery until it is stale", async () => {
    expect(await db().activities.claim("act-4", "2025-03-01T10:00:00Z")).toBe(true);
    expect(await db().activities.claim("act-4", "2025-03-01T10:00:30Z")).toBe(false);
    expect(await db().activities.claim("act-4", "2025-03-01T10:01:30Z")).toBe(true);
  });

  it("stores activity ids with characters Cosmos forbids under a safe id", async () => {
    expect(processedId("1:abc/def?x#y")).toMatch(/^sha256:[A-Za-z0-9_-]+$/);
    expect(processedId("f:12345")).toBe("f:12345");
    expect((await deliver("1:abc/def?x#y", "2025-03-01T10:00:00Z", async () => 1)).duplicate).toBe(false);
    expect((await deliver("1:abc/def?x#y", "2025-03-01T10:00:01Z", async () => 1)).duplicate).toBe(true);
  });
});

describe("audit trail", () => {
  it("appends once per operation even when the delivery is retried", async () => {
    expect(await appendAudit(db().audit, entry("act-10", "2025-03-01T09:00:00Z", "support"))).toBe(true);
    expect(await appendAudit(db().audit, entry("act-10", "2025-03-01T09:00:01Z", "support"))).toBe(false);
    expect(await appendAudit(db().audit, entry("act-11", "2025-03-01T09:05:00Z", "object"))).toBe(true);
    const list = await db().audit.list("MEET-1");
    const mine = list.filter((e) => e.id.endsWith(":act-10") || e.id.endsWith(":act-11"));
    expect(mine.map((e) => e.summary.after)).toEqual(["support", "object"]);
    expect(mine[0]).toEqual(entry("act-10", "2025-03-01T09:00:00Z", "support"));
  });

  it("lists a scope oldest first and only that scope", async () => {
    await appendAudit(db().audit, { ...entry("act-20", "2025-03-02T12:00:00Z", "x"), scope: "2025-007", meetingId: undefined });
    await appendAudit(db().audit, { ...entry("act-21", "2025-03-02T11:00:00Z", "y"), scope: "2025-007", meetingId: undefined });
    const list = await db().audit.list("2025-007");
    expect(list.map((e) => e.at)).toEqual(["2025-03-02T11:00:00Z", "2025-03-02T12:00:00Z"]);
  });

  it("refuses free text in the summary", async () => {
    await expect(appendAudit(db().audit, entry("act-30", "2025-03-01T09:00:00Z", "x".repeat(200)))).rejects.toThrow(/one short line/);
    await expect(appendAudit(db().audit, entry("act-31", "2025-03-01T09:00:00Z", "two\nlines"))).rejects.toThrow(/one short line/);
  });
});

describe("activity claims", () => {
  it("lets one of many simultaneous claims run, and a failed run be claimed again", async () => {
    const at = "2025-03-03T10:00:00.000Z";
    const wins = await Promise.all(Array.from({ length: 8 }, () => db().activities.claim("claim-race-1", at)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    await db().activities.release("claim-race-1", at, "failed");
    expect(await db().activities.claim("claim-race-1", at)).toBe(true);
    await db().activities.release("claim-race-1", at, "done");
    expect(await db().activities.claim("claim-race-1", at)).toBe(false);
  });

  it("prunes processed marks past the retention and keeps recent ones and the audit log", async () => {
    const now = "2025-04-20T10:00:00.000Z";
    const old = "2025-04-10T10:00:00.000Z";
    for (const id of ["prune-old-1", "prune-old-2"]) await db().activities.release(id, old, "done");
    await db().activities.release("prune-new-1", now, "done");
    await appendAudit(db().audit, { id: "prune-audit-1", scope: "system", at: old, actor: {}, action: "test.old", summary: {} });
    expect(await db().activities.prune("2025-04-13T10:00:00.000Z")).toBeGreaterThanOrEqual(2);
    expect(await db().activities.claim("prune-old-1", now)).toBe(true); // forgotten: a delivery that old would run again
    expect(await db().activities.claim("prune-new-1", now)).toBe(false);
    expect((await db().audit.list("system")).map((e) => e.id)).toContain("prune-audit-1");
  });
});
