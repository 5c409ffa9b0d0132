/**
 * Issue 15 on a store with a year of decisions (a local fixture until the
 * generated year of data exists): 40 cases across the four regions and six
 * methods, some corrected, some still drafts. The precedents of a new case,
 * the follow-up cycle of every grant in it, the proposals, and the register's
 * figures, checked against what the fixture says they must be.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DateTime } from "luxon";
import { followUpFigures } from "../../src/app/coordinator/register-follow-up.js";
import { answerFollowUp, followUpOverview, runFollowUps, scheduleFollowUp } from "../../src/app/coordinator/follow-up.js";
import { saveProposal } from "../../src/app/coordinator/proposals.js";
import { precedentsOfCase } from "../../src/app/precedents.js";
import type { Ground, Outcome } from "../../src/domain/case.js";
import type { DecisionRecord, Finding } from "../../src/domain/decision-record.js";
import { addWorkingDays } from "../../src/domain/calendar.js";
import { earlierRecord } from "../support/earlier-records.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { actor, op, services } from "./fakes.js";

const START = DateTime.fromISO("2025-12-01", { zone: "Europe/Oslo" });
const METHODS = ["ID2023_045", "ID2022_112", "ID2021_019", "ID2024_003", "ID2024_017", "ID2025_008"];
// Two HFs per region, so every region applies.
const HFS = [
  "oslo-universitetssykehus",
  "sykehuset-innlandet",
  "helse-bergen",
  "helse-stavanger",
  "st-olavs",
  "helse-more-og-romsdal",
  "unn",
  "nordlandssykehuset",
];

let t: TestStore;
let svc: ReturnType<typeof services>;
const records: DecisionRecord[] = [];

beforeAll(async () => {
  t = await makeTestStore();
  svc = services(t.store, undefined, () => new Date("2026-12-01T09:00:00+01:00"));
  // One decision a week or so over the year, each case on one of six methods, from one of eight HFs.
  for (let i = 0; i < 40; i++) {
    const code = `TO-${i < 4 ? 2025 : 2026}-${String(100 + i).padStart(3, "0")}`;
    const outcome: Outcome = i % 3 === 2 ? "rejected" : "granted";
    const findings: Partial<Record<Ground, Finding>> =
      i % 4 === 0 ? { increasedBenefit: outcome === "granted" ? "met" : "notMet" } : { higherSeverity: outcome === "granted" ? "met" : "notMet" };
    const e = {
      code,
      nyeMetoderId: METHODS[i % METHODS.length]!,
      meetingDate: START.plus({ days: i * 9 }).toISODate()!,
      outcome,
      hfId: HFS[i % HFS.length]!,
      findings,
    };
    const r = earlierRecord(svc.roster, { ...e, status: i === 37 ? "draft" : "confirmed" });
    await svc.records.add(r);
    if (i === 37) continue; // still a draft: neither a precedent nor followed up
    if (i % 10 === 5) {
      // A correction: v2 confirmed, the finding changed.
      const v2 = earlierRecord(svc.roster, { ...e, version: 2, findings: { ...findings, specialMedicalReasons: "met" } });
      await svc.records.add(v2);
      records.push(v2);
    } else records.push(r);
  }
  for (const r of records) await scheduleFollowUp(svc, r, op(`${r.meetingDate}T15:00:00+01:00`));
});
afterAll(() => t?.dispose());

describe("issue 15 over a year of decisions", () => {
  it("gives a new case on a method its earlier decisions from one query: latest confirmed version, most recent first, at most five and the rest counted", async () => {
    const onMethod = vi.spyOn(svc.records, "onMethod");
    const p = await precedentsOfCase(
      svc,
      { id: "TO-2026-200", method: { name: "x", nyeMetoderId: METHODS[0]!, beslutningsforumDate: "2023-01-01" } },
      "2026-12-01T09:00:00+01:00",
    );
    expect(onMethod).toHaveBeenCalledTimes(1);
    onMethod.mockRestore();
    const expected = records.filter((r) => r.method.nyeMetoderId === METHODS[0]).sort((a, b) => b.meetingDate.localeCompare(a.meetingDate));
    expect(p.shown.map((x) => x.caseCode)).toEqual(expected.slice(0, 5).map((r) => r.caseCode));
    expect(p.more).toBe(expected.length - 5);
    expect(new Set(p.shown.map((x) => x.regionId)).size).toBeGreaterThan(1);
    // The corrected case (i = 25 is on METHODS[1]; i = 15 on METHODS[3]…) shows its v2 finding where it is among them.
    for (const x of p.shown)
      expect(x.groundsMet).toEqual(
        expected
          .find((r) => r.caseCode === x.caseCode)!
          .grounds.filter((g) => g.finding === "met")
          .map((g) => g.ground),
      );
    // Asked as of an earlier date, later decisions are not precedents.
    const mid = await precedentsOfCase(
      svc,
      { id: "TO-2026-200", method: { name: "x", nyeMetoderId: METHODS[0]!, beslutningsforumDate: "2023-01-01" } },
      "2026-06-01",
    );
    expect(mid.shown.every((x) => x.decidedOn <= "2026-06-01")).toBe(true);
  });

  it("schedules one follow-up per grant, six months after its meeting", async () => {
    const grants = records.filter((r) => r.outcome === "granted");
    const all = await svc.records.followUps();
    expect(all.map((f) => f.caseCode).sort()).toEqual(grants.map((r) => r.caseCode).sort());
    for (const f of all) expect(f.plan.reviewDate).toBe(DateTime.fromISO(f.decidedOn).plus({ months: 6 }).toISODate());
  });

  it("runs the cycle at a day in the year: sends those due once, reminds, marks overdue, and the overview and register agree", async () => {
    const now = "2026-12-01T09:00:00+01:00";
    const first = await runFollowUps(svc, { now });
    const due = (await svc.records.followUps()).filter((f) => f.plan.reviewDate <= "2026-12-01");
    expect(first.sent.sort()).toEqual(due.map((f) => f.caseCode).sort());
    expect(await runFollowUps(svc, { now })).toEqual({ sent: [], reminded: [], overdue: [] });
    // Half of them are answered; the rest are reminded, then overdue.
    const coordinator = actor(svc.roster, "coord");
    const answered = due.filter((_, i) => i % 2 === 0);
    for (const [i, f] of answered.entries()) {
      const answer =
        i % 3 === 0
          ? { started: "no" }
          : { started: "yes", continuing: i % 3 === 1 ? "yes" : "no", stopReason: i % 3 === 2 ? "sideEffects" : "", effect: "asExpected" };
      const r = await answerFollowUp(svc, { caseId: f.caseId, answer, actor: coordinator, op: op(now) });
      expect(r.ok).toBe(true);
    }
    const remindAt = `${addWorkingDays(now, 5)}T09:00:00+01:00`;
    expect((await runFollowUps(svc, { now: remindAt })).reminded.length).toBe(due.length - answered.length);
    const overdueAt = `${addWorkingDays(remindAt, 5)}T09:00:00+01:00`;
    expect((await runFollowUps(svc, { now: overdueAt })).overdue.length).toBe(due.length - answered.length);
    const overview = await followUpOverview(svc, { actor: coordinator, now: overdueAt });
    expect(overview.ok && overview.value.followUps.filter((l) => l.stage === "answered").length).toBe(answered.length);
    expect(overview.ok && overview.value.followUps.filter((l) => l.stage === "overdue").length).toBe(due.length - answered.length);
    const figures = await followUpFigures(svc, {});
    const sum = (k: "followUps" | "answered" | "overdue") => figures.followUpOutcomes.reduce((n, o) => n + o[k], 0);
    expect(sum("followUps")).toBe(records.filter((r) => r.outcome === "granted").length);
    expect(sum("answered")).toBe(answered.length);
    expect(sum("overdue")).toBe(due.length - answered.length);
    // One row per method with a grant (two of the six methods were only ever rejected here).
    expect(figures.followUpOutcomes.map((o) => o.nyeMetoderId)).toEqual(
      [...new Set(records.filter((r) => r.outcome === "granted").map((r) => r.method.nyeMetoderId))].sort(),
    );
  });

  it("counts the proposals made after grants on økt nytte by status, in the period asked for", async () => {
    const coordinator = actor(svc.roster, "coord");
    const benefit = records.filter((r) => r.outcome === "granted" && r.grounds.some((g) => g.ground === "increasedBenefit" && g.finding === "met"));
    expect(benefit.length).toBeGreaterThan(3);
    for (const [i, r] of benefit.entries()) {
      const at = `${r.meetingDate}T16:00:00+01:00`;
      expect((await saveProposal(svc, { caseId: r.caseId, text: `Undergruppe ${i}`, actor: coordinator, op: op(at) })).ok).toBe(true);
      if (i % 2 === 1) await saveProposal(svc, { caseId: r.caseId, status: i % 4 === 1 ? "sentToNyeMetoder" : "answered", actor: coordinator, op: op(at) });
    }
    const all = await followUpFigures(svc, {});
    expect(all.proposalsByStatus.toSend + all.proposalsByStatus.sentToNyeMetoder + all.proposalsByStatus.answered).toBe(benefit.length);
    expect(all.proposalsByStatus.toSend).toBe(Math.ceil(benefit.length / 2));
    const in2025 = await followUpFigures(svc, { from: "2025-01-01", to: "2025-12-31" });
    expect(in2025.proposalsByStatus.toSend + in2025.proposalsByStatus.sentToNyeMetoder + in2025.proposalsByStatus.answered).toBe(
      benefit.filter((r) => r.meetingDate < "2026-01-01").length,
    );
  });
});
