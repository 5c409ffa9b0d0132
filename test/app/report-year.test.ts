/**
 * Issue 15: the register over a year of generated data (test/support/year-data.ts),
 * written through the real repositories. Expectations come from the year's plan,
 * counted here independently of the report; the per-100,000 figure for Helse
 * Nord is worked by hand from src/data/population.json.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport, equalTreatmentFlags, per100k, type CaseRow, type Report } from "../../src/app/coordinator/report.js";
import population from "../../src/data/population.json" with { type: "json" };
import { parsePeriod } from "../../src/domain/period.js";
import { casesCsv, summaryCsv } from "../../src/export/report-csv.js";
import { repositories } from "../../src/store/repositories/index.js";
import { demoRoster } from "../domain/fixtures.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { seedYear, YEAR_PRICE, YEAR_TREATMENT_COST, type YearPlan } from "../support/year-data.js";

let t: TestStore;
let plan: YearPlan;
let report: Report;
const roster = demoRoster();

beforeAll(async () => {
  t = await makeTestStore();
  plan = await seedYear(repositories(t.store), roster);
  const year = parsePeriod("2025");
  if (!year.ok) throw new Error("period");
  report = await buildReport(repositories(t.store), roster, { ...year.value, quorumMinimum: 4 });
}, 60_000);
afterAll(() => t.dispose());

const countBy = <T>(xs: readonly T[], key: (x: T) => string) => xs.reduce<Record<string, number>>((m, x) => ((m[key(x)] = (m[key(x)] ?? 0) + 1), m), {});
const decided = (o: string) => o === "granted" || o === "rejected";

describe("the register over a year of generated data", () => {
  it("holds about forty applications from all four regions, on several methods", () => {
    expect(plan.cases.length).toBe(40);
    expect(report.cases).toHaveLength(40);
    expect(new Set(plan.cases.map((c) => c.regionId)).size).toBe(4);
    expect(new Set(plan.cases.map((c) => c.methodId)).size).toBeGreaterThanOrEqual(5);
    expect(plan.meetings.filter((m) => m.kind === "regular").length).toBeGreaterThanOrEqual(25);
  });

  it("counts cases per region and per HF as the year holds them", () => {
    for (const r of report.byRegion) {
      const mine = plan.cases.filter((c) => c.regionId === r.regionId);
      expect([r.regionId, r.cases, r.granted, r.rejected]).toEqual([
        r.regionId,
        mine.length,
        mine.filter((c) => c.outcome === "granted").length,
        mine.filter((c) => c.outcome === "rejected").length,
      ]);
    }
    expect(Object.fromEntries(report.byHf.map((h) => [h.hfId, h.cases]))).toEqual(countBy(plan.cases, (c) => c.hfId));
  });

  it("counts cases per method (Nye metoder id), per ground, per outcome and urgent or not", () => {
    expect(Object.fromEntries(report.byMethod.map((m) => [m.methodId, m.cases]))).toEqual(countBy(plan.cases, (c) => c.methodId));
    for (const m of report.byMethod) expect(m.granted).toBe(plan.cases.filter((c) => c.methodId === m.methodId && c.outcome === "granted").length);
    for (const g of report.byGround) expect(g.cases).toBe(plan.cases.filter((c) => c.grounds.includes(g.ground)).length);
    expect(report.outcomes).toEqual({ granted: 0, rejected: 0, deferred: 0, returned: 0, pending: 0, ...countBy(plan.cases, (c) => c.outcome) });
    expect(report.byUrgency.urgent.cases).toBe(plan.cases.filter((c) => c.urgent).length);
    expect(report.byUrgency.regular.cases + report.byUrgency.urgent.cases).toBe(40);
  });

  it("gives cases per 100,000 inhabitants by region from the SSB data file (Helse Nord worked by hand)", () => {
    const nord = report.perCapita.find((r) => r.regionId === "helse-nord")!;
    // Nordland 243 000 + Troms 169 000 + Finnmark 75 000 = 487 000 inhabitants.
    expect(nord.population).toBe(487_000);
    const n = plan.cases.filter((c) => c.regionId === "helse-nord").length;
    expect(nord.cases).toBe(n);
    expect(nord.per100k).toBeCloseTo((n / 487_000) * 100_000, 2);
    expect(per100k(5, 487_000)).toBe(1.03);
    expect(report.populationSource).toMatchObject({ year: population.year, url: expect.stringContaining("ssb.no") });
    expect(report.perCapita.reduce((s, r) => s + (r.population ?? 0), 0)).toBe(population.counties.reduce((s, c) => s + c.population, 0));
  });

  it("counts returns by the completeness item named, and deferrals by why", () => {
    const items = countBy(
      plan.cases.flatMap((c) => c.returns.flat()),
      (x) => x,
    );
    expect(Object.fromEntries(report.returnsByReason.map((r) => [r.item, r.count]))).toEqual(items);
    const whys = countBy(
      plan.cases.flatMap((c) => c.deferrals),
      (x) => x,
    );
    expect(report.deferralsByReason).toEqual({ notQuorate: whys.notQuorate ?? 0, noConsensus: whys.noConsensus ?? 0 });
    expect(report.deferralsByReason.notQuorate).toBe(1);
  });

  it("measures lead times against the targets (ready → decided within a meeting cycle; urgent cases by the extra-meeting rule's target date)", () => {
    const regular = report.targets.find((x) => x.key === "regularReadyToDecided")!;
    expect(regular.targetDays).toBe(10);
    expect(regular.count).toBe(plan.cases.filter((c) => !c.urgent && c.decidedAt).length);
    expect(regular.within).toBeGreaterThan(0);
    expect(regular.within).toBeLessThanOrEqual(regular.count);
    const urgent = report.targets.find((x) => x.key === "urgentReceivedToAcknowledged")!;
    expect(urgent.count).toBe(plan.cases.filter((c) => c.urgent && c.acknowledgedAt).length);
    expect(urgent.within).toBe(urgent.count); // the generator acknowledges urgent cases on the target day
  });

  it("keeps every meeting's length", () => {
    const held = report.meetings.filter((m) => m.held);
    expect(held).toHaveLength(plan.meetings.length);
    expect(held.every((m) => typeof m.minutes === "number" && m.minutes! > 0)).toBe(true);
  });

  it("flags the methods decided differently across regions, and only those", () => {
    const flagged = report.equalTreatment.map((f) => f.methodId);
    expect(flagged).toContain("ID2023_045"); // granted in Helse Vest, rejected in Helse Nord
    expect(flagged).toContain("ID2022_112"); // granted in Helse Sør-Øst, rejected in Helse Midt-Norge
    for (const m of report.byMethod) {
      const outcomes = plan.cases.filter((c) => c.methodId === m.methodId && decided(c.outcome));
      const grantedIn = new Set(outcomes.filter((c) => c.outcome === "granted").map((c) => c.regionId));
      const rejectedIn = new Set(outcomes.filter((c) => c.outcome === "rejected").map((c) => c.regionId));
      const differs = [...grantedIn].some((g) => [...rejectedIn].some((r) => r !== g));
      expect([m.methodId, flagged.includes(m.methodId)]).toEqual([m.methodId, differs]);
    }
    const f = report.equalTreatment.find((x) => x.methodId === "ID2023_045")!;
    expect(f.regions.find((r) => r.regionId === "helse-vest")!.granted).toBeGreaterThan(0);
    expect(f.regions.find((r) => r.regionId === "helse-nord")!.rejected).toBeGreaterThan(0);
  });

  it("keeps the register free of prices, in the figures and in the CSV", () => {
    const all = JSON.stringify(report) + casesCsv(report) + summaryCsv(report) + casesCsv(report, "en");
    for (const price of [YEAR_PRICE, YEAR_TREATMENT_COST]) expect(all).not.toContain(String(price));
    expect(all).not.toMatch(/"price"|treatmentCost|\bpris\b/i);
  });

  it("narrows to a period: the first half of the year holds only the cases received then", async () => {
    const half = parsePeriod("2025-01-01 2025-06-30");
    if (!half.ok) throw new Error("period");
    const r = await buildReport(repositories(t.store), roster, { ...half.value, quorumMinimum: 4 });
    expect(r.cases.map((c) => c.code)).toEqual(plan.cases.filter((c) => c.receivedAt.slice(0, 10) <= "2025-06-30").map((c) => c.code));
    expect(r.meetings.every((m) => m.date <= "2025-06-30")).toBe(true);
  });
});

describe("equal-treatment flags (pure)", () => {
  const row = (code: string, methodId: string, regionId: string, outcome: CaseRow["outcome"]) => ({
    code,
    methodId,
    methodName: methodId,
    regionId,
    regionName: regionId,
    outcome,
  });

  it("flags a method granted in one region and rejected in another", () => {
    const flags = equalTreatmentFlags([row("A", "ID2023_045", "vest", "granted"), row("B", "ID2023_045", "nord", "rejected")]);
    expect(flags).toEqual([
      {
        methodId: "ID2023_045",
        methodName: "ID2023_045",
        regions: [
          { regionId: "nord", regionName: "nord", granted: 0, rejected: 1, codes: ["B"] },
          { regionId: "vest", regionName: "vest", granted: 1, rejected: 0, codes: ["A"] },
        ],
      },
    ]);
  });

  it("does not flag the same outcome everywhere, different outcomes within one region only, or cases not yet decided", () => {
    expect(equalTreatmentFlags([row("A", "M", "vest", "granted"), row("B", "M", "nord", "granted")])).toEqual([]);
    expect(equalTreatmentFlags([row("A", "M", "vest", "granted"), row("B", "M", "vest", "rejected")])).toEqual([]);
    expect(equalTreatmentFlags([row("A", "M", "vest", "granted"), row("B", "M", "nord", "deferred"), row("C", "M", "midt", "pending")])).toEqual([]);
  });
});

describe("the period of a report", () => {
  it("reads a year, or two dates from–to", () => {
    expect(parsePeriod("2026")).toEqual({ ok: true, value: { from: "2026-01-01", to: "2026-12-31" } });
    expect(parsePeriod(" 2026-01-01   2026-06-30 ")).toEqual({ ok: true, value: { from: "2026-01-01", to: "2026-06-30" } });
    expect(parsePeriod("2026-01-01 – 2026-06-30")).toEqual({ ok: true, value: { from: "2026-01-01", to: "2026-06-30" } });
    expect(parsePeriod("2026-01-01 til 2026-06-30")).toEqual({ ok: true, value: { from: "2026-01-01", to: "2026-06-30" } });
  });

  it("refuses what is not a period, naming why", () => {
    expect(parsePeriod("i fjor")).toMatchObject({ ok: false, reason: { code: "period.invalid" } });
    expect(parsePeriod("26")).toMatchObject({ ok: false, reason: { code: "period.invalid" } });
    expect(parsePeriod("2026-02-30 2026-03-01")).toMatchObject({ ok: false, reason: { code: "period.invalidDate", params: { date: "2026-02-30" } } });
    expect(parsePeriod("2026-06-30 2026-01-01")).toMatchObject({ ok: false, reason: { code: "period.reversed" } });
    expect(parsePeriod("1999")).toMatchObject({ ok: false, reason: { code: "period.outOfRange" } });
    expect(parsePeriod("2026-01-01")).toMatchObject({ ok: false, reason: { code: "period.invalid" } });
  });
});

describe("the register's CSV over the year", () => {
  it("carries each case's method and the dimensions, per 100,000 and flags as rows", () => {
    const cases = casesCsv(report, "en").slice(1).split("\r\n");
    expect(cases[0]).toMatch(/,nye_metoder_id,method,returned_missing$/);
    expect(cases.filter((l) => l.startsWith("TO-"))).toHaveLength(40);
    const summary = summaryCsv(report, "en").slice(1).split("\r\n");
    expect(summary).toContain("region:Helse Nord RHF,population,487000");
    expect(summary).toContain(`region:Helse Nord RHF,per100k,${report.perCapita.find((r) => r.regionId === "helse-nord")!.per100k}`);
    expect(summary).toContain(`method:ID2023_045,cases,${plan.cases.filter((c) => c.methodId === "ID2023_045").length}`);
    expect(summary).toContain("deferralReason,notQuorate,1");
    expect(summary.some((l) => l.startsWith("equalTreatment:ID2023_045,Helse Vest RHF:granted,"))).toBe(true);
  });
});

describe("working days for the register's lead times", () => {
  it("counts as the day-by-day rule does, across weekends, Easter, Christmas and the turn of the year", async () => {
    const { isWorkingDay, workingDaysBetween } = await import("../../src/domain/calendar.js");
    const { DateTime } = await import("luxon");
    const reference = (a: string, b: string) => {
      let n = 0;
      for (let d = DateTime.fromISO(a, { zone: "Europe/Oslo" }).plus({ days: 1 }); d.toISODate()! <= b; d = d.plus({ days: 1 })) if (isWorkingDay(d)) n++;
      return n;
    };
    const starts = ["2025-04-10", "2025-04-17", "2025-05-16", "2025-12-19", "2025-12-31", "2026-03-27", "2026-05-13"];
    for (const a of starts)
      for (const days of [0, 1, 3, 6, 10, 25, 60]) {
        const b = DateTime.fromISO(a).plus({ days }).toISODate()!;
        expect([a, b, workingDaysBetween(`${a}T15:00:00+02:00`, `${b}T09:00:00+01:00`)]).toEqual([a, b, reference(a, b)]);
        expect(workingDaysBetween(b, a) + 0).toBe(-reference(a, b) + 0); // +0: no -0
      }
  });
});
