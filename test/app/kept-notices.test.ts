import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverKept, sendOrKeep } from "../../src/app/kept-notices.js";
import { repositories } from "../../src/store/repositories/index.js";
import { sampleCase } from "../domain/fixtures.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { record } from "../cards/workflow-fixtures.js";
import { op, services } from "./fakes.js";

let t: TestStore;
beforeAll(async () => {
  t = await makeTestStore();
});
afterAll(() => t.dispose());

const unreachable = { ok: false as const, reason: "noConversation" as const };

/** Three drafts kept for the coordinator while Teams could not reach them, at 10:00, 10:01, 10:02. */
async function threeKept(svc: ReturnType<typeof services>, prefix: string) {
  const ids: string[] = [];
  for (const [i, minute] of ["00", "01", "02"].entries()) {
    const code = `TO-2026-${prefix}${i}`;
    const r = record({ id: `${code}-v1`, caseId: code, caseCode: code });
    await repositories(t.store).cases.add(sampleCase({ id: code, code, status: "recordDrafted" }));
    await repositories(t.store).records.add(r);
    const d = await sendOrKeep(svc, {
      to: "coord",
      notice: { kind: "recordDrafted", caseId: code, recordId: r.id },
      at: `2026-11-27T10:${minute}:00+01:00`,
      send: async () => unreachable,
    });
    expect(d).toEqual({ ...unreachable, kept: true });
    ids.push(r.id);
  }
  return ids;
}

describe("notifications kept for people Teams could not reach", () => {
  it("keeps an undelivered notice once, and nothing for someone the roster cannot place in Teams", async () => {
    const svc = services(t.store);
    const notice = { kind: "caseReceived" as const, caseId: "TO-2026-501" };
    await sendOrKeep(svc, { to: "dir-fonna", notice, at: "2026-11-27T10:00:00+01:00", send: async () => unreachable });
    await sendOrKeep(svc, { to: "dir-fonna", notice, at: "2026-11-27T10:05:00+01:00", send: async () => ({ ok: false, reason: "blocked", status: 403 }) });
    expect((await svc.notices.waiting("dir-fonna")).map((n) => n.notice)).toEqual([notice]);
    const nobody = await sendOrKeep(svc, { to: "nobody", notice, at: "2026-11-27T10:00:00+01:00", send: async () => ({ ok: false, reason: "notOnRoster" }) });
    expect(nobody).toEqual({ ok: false, reason: "notOnRoster" });
    expect(await svc.notices.waiting("nobody")).toEqual([]);
    // Delivered at once: nothing kept.
    expect(await sendOrKeep(svc, { to: "m-vest-1", notice, at: "2026-11-27T10:00:00+01:00", send: async () => ({ ok: true }) })).toEqual({ ok: true });
    expect(await svc.notices.waiting("m-vest-1")).toEqual([]);
  });

  it("delivers them in the order they were kept, each once, even when two deliveries run at once", async () => {
    const svc = services(t.store);
    const ids = await threeKept(svc, "51");
    const [a, b] = await Promise.all([
      deliverKept(svc, { personId: "coord", op: op("2026-11-27T12:00:00+01:00") }),
      deliverKept(svc, { personId: "coord", op: op("2026-11-27T12:00:00+01:00") }),
    ]);
    expect(a.delivered + b.delivered).toBe(3);
    expect(svc.notifier.of("recordDrafted").map((s) => (s.payload as { id: string }).id)).toEqual(ids);
    expect(await svc.notices.waiting("coord")).toEqual([]);
    expect((await deliverKept(svc, { personId: "coord", op: op("2026-11-27T12:05:00+01:00") })).delivered).toBe(0);
    expect(svc.notifier.of("recordDrafted")).toHaveLength(3);
  });

  it("drops a notice that is no longer true when its turn comes (a draft confirmed meanwhile)", async () => {
    const svc = services(t.store);
    const ids = await threeKept(svc, "52");
    await repositories(t.store).records.change("TO-2026-521", ids[1]!, (r) => ({
      ...r,
      status: "confirmed",
      confirmedBy: "coord",
      confirmedAt: "2026-11-27T11:00:00+01:00",
    }));
    const r = await deliverKept(svc, { personId: "coord", op: op("2026-11-27T12:00:00+01:00") });
    expect(r).toEqual({ delivered: 2, dropped: 1, waiting: 0 });
    expect(svc.notifier.of("recordDrafted").map((s) => (s.payload as { id: string }).id)).toEqual([ids[0], ids[2]]);
  });

  it("stops at a notice Teams still cannot deliver, keeping it and those after it for next time, in order", async () => {
    const svc = services(t.store);
    const ids = await threeKept(svc, "53");
    svc.notifier.failFor.set("coord", "failed");
    const first = await deliverKept(svc, { personId: "coord", op: op("2026-11-27T12:00:00+01:00") });
    expect(first).toEqual({ delivered: 0, dropped: 0, waiting: 3 });
    expect((await svc.notices.waiting("coord")).map((n) => n.key)).toEqual(ids.map((id) => `recordDrafted:${id}`));
    svc.notifier.failFor.clear();
    expect((await deliverKept(svc, { personId: "coord", op: op("2026-11-27T12:10:00+01:00") })).delivered).toBe(3);
  });
});
