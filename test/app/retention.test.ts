/**
 * Issue 16: the retention rule for closed cases — off unless configured; then,
 * N years after a case closed, its clinical free text is removed (from the case
 * and the copy the meeting froze) and everything else is kept, audited once per
 * case, idempotent; it runs as a timer job under its lease.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TIMER_JOBS } from "../../src/timers.js";
import { closedAt, retentionDue } from "../../src/domain/retention.js";
import { sampleCase } from "../domain/fixtures.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { services } from "./fakes.js";

const NOW = "2031-06-01T09:00:00+02:00";
const REASONING = "Pasienten har en mutasjon som gir vesentlig større forventet nytte enn gruppen.";

let t: TestStore;
beforeAll(async () => {
  t = await makeTestStore();
});
afterAll(async () => t.dispose());

const acknowledged = (code: string, at: string) =>
  sampleCase({
    id: code,
    code,
    status: "acknowledged",
    outcome: "granted",
    decidedAt: at,
    acknowledgedAt: at,
    meetingId: "M-2025-01-10",
    cost: { currency: "NOK", price: 120000, confidential: true, note: "Pris fra Sykehusinnkjøp" },
  });

describe("retention of closed cases", () => {
  it("knows when a case closed: acknowledged by the HF, or returned and never resubmitted; open cases never", () => {
    expect(closedAt(acknowledged("TO-2025-001", "2025-02-01T10:00:00+01:00"))).toBe("2025-02-01T10:00:00+01:00");
    expect(closedAt(sampleCase({ status: "returned", returns: [{ at: "2025-03-01T10:00:00+01:00", by: "coord", missing: ["x"] }] }))).toBe(
      "2025-03-01T10:00:00+01:00",
    );
    expect(closedAt(sampleCase({ status: "routed" }))).toBeUndefined();
    expect(retentionDue(acknowledged("TO-2025-001", "2026-06-01T09:00:00+02:00"), NOW, 5)).toBe(true);
    expect(retentionDue(acknowledged("TO-2025-001", "2026-06-01T09:00:01+02:00"), NOW, 5)).toBe(false);
  });

  it("is off by default: no period configured, nothing changes", async () => {
    const svc = services(t.store);
    await svc.cases.add(acknowledged("TO-2020-001", "2020-02-01T10:00:00+01:00"));
    expect(await TIMER_JOBS.retention(svc, NOW)).toEqual({ applied: [], off: true });
    expect((await svc.cases.byCode("TO-2020-001"))?.grounds[0]?.reasoning).toBe(REASONING);
  });

  it("removes the clinical free text of cases closed N years ago, keeps the rest and the record, audits each once, and is idempotent", async () => {
    const svc = services(t.store);
    svc.settings.retentionClosedCaseYears = 5;
    await svc.cases.add(acknowledged("TO-2025-002", "2025-02-01T10:00:00+01:00")); // closed 6 years before NOW
    await svc.cases.add(acknowledged("TO-2029-001", "2029-02-01T10:00:00+01:00")); // closed 2 years before NOW
    await svc.cases.add(sampleCase({ id: "TO-2024-009", code: "TO-2024-009", status: "routed", outcome: "rejected" })); // never acknowledged: open
    await svc.meetings.add({ id: "M-2025-01-10", date: "2025-01-10", startsAt: "2025-01-10T13:00:00+01:00", kind: "regular", agenda: ["TO-2025-002"] });
    await svc.meetings.putTakenUp({
      meetingId: "M-2025-01-10",
      caseId: "TO-2025-002",
      case: acknowledged("TO-2025-002", "2025-02-01T10:00:00+01:00"),
      at: "2025-01-10T13:00:00+01:00",
    });

    const first = await TIMER_JOBS.retention(svc, NOW);
    expect(first.applied.sort()).toEqual(["TO-2020-001", "TO-2025-002"]);
    const old = (await svc.cases.byCode("TO-2025-002"))!;
    expect(old.grounds).toEqual([{ ground: "increasedBenefit", reasoning: "" }]);
    expect(old.priority).toEqual({ benefit: "", severity: "", resourceUse: "" });
    expect(old.cost.note).toBeUndefined();
    expect(old).toMatchObject({
      code: "TO-2025-002",
      applyingHfId: "helse-stavanger",
      method: { nyeMetoderId: "ID2023_045" },
      outcome: "granted",
      status: "acknowledged",
      acknowledgedAt: "2025-02-01T10:00:00+01:00",
      clinicalTextRemovedAt: NOW,
    });
    const frozen = (await svc.meetings.caseFacts("M-2025-01-10", "TO-2025-002"))?.takenUp;
    expect(frozen?.case.clinicalTextRemovedAt).toBe(NOW);
    expect(JSON.stringify(frozen)).not.toContain(REASONING);
    expect((await svc.cases.byCode("TO-2029-001"))?.grounds[0]?.reasoning).toBe(REASONING);
    expect((await svc.cases.byCode("TO-2024-009"))?.grounds[0]?.reasoning).toBe(REASONING);
    const entries = (await svc.audit.list("TO-2025-002")).filter((e) => e.action === "retention.applied");
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0])).not.toContain(REASONING);

    expect(await TIMER_JOBS.retention(svc, "2031-06-02T09:00:00+02:00")).toEqual({ applied: [] });
    expect((await svc.audit.list("TO-2025-002")).filter((e) => e.action === "retention.applied")).toHaveLength(1);
  });
});
