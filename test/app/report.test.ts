import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport, stat, type Report } from "../../src/app/coordinator/report.js";
import type { Case } from "../../src/domain/case.js";
import type { Conclusion } from "../../src/domain/meeting.js";
import { casesCsv, csvField, summaryCsv } from "../../src/export/report-csv.js";
import { demoRoster, sampleCase } from "../domain/fixtures.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { repositories } from "../../src/store/repositories/index.js";

const PRICE = 987654;
let t: TestStore;
let report: Report;

const caseOf = (code: string, over: Partial<Case>): Case =>
  sampleCase({ id: code, code, cost: { currency: "NOK", price: PRICE, treatmentCost: PRICE * 2, confidential: true }, ...over });
const att = (meetingId: string, personId: string, present: boolean, at = "2026-11-13T09:00:00+01:00") =>
  db().meetings.changeAttendance(meetingId, personId, () => ({ personId, present, source: "checkin", at }));
const concl = (meetingId: string, caseId: string, result: Conclusion["result"], participants: string[]) =>
  db().meetings.addConclusion({ caseId, meetingId, result, by: "chair", at: `${meetingId.slice(2)}T10:00:00+01:00`, participants, recused: [] });
const FIVE = ["m-sorost-1", "m-sorost-2", "m-vest-1", "m-midt-1", "m-nord-2"];

beforeAll(async () => {
  t = await makeTestStore();
  const s = t.store;
  await db().cases.add(
    caseOf("TO-2026-001", {
      applyingHfId: "helse-stavanger",
      receivedAt: "2026-11-02T09:00:00+01:00",
      readyAt: "2026-11-04T09:00:00+01:00",
      decidedAt: "2026-11-13T10:00:00+01:00",
      acknowledgedAt: "2026-11-16T09:00:00+01:00",
      status: "acknowledged",
      outcome: "granted",
      urgent: true, // issue 13: urgent lead times apart
    }),
  );
  await db().cases.add(
    caseOf("TO-2026-002", {
      applyingHfId: "sykehuset-innlandet",
      receivedAt: "2026-11-03T09:00:00+01:00",
      readyAt: "2026-11-06T09:00:00+01:00",
      decidedAt: "2026-11-27T10:00:00+01:00",
      status: "recordConfirmed",
      outcome: "rejected",
      grounds: [
        { ground: "higherSeverity", reasoning: "r".repeat(30) },
        { ground: "specialMedicalReasons", reasoning: "r".repeat(30) },
      ],
    }),
  );
  await db().cases.add(
    caseOf("TO-2026-003", {
      applyingHfId: "helse-stavanger",
      receivedAt: "2026-11-10T09:00:00+01:00",
      readyAt: "2026-11-12T09:00:00+01:00",
      status: "deferred",
      returns: [{ at: "2026-11-11T09:00:00+01:00", by: "coord", missing: ["completeness.attachmentMissing"] }],
    }),
  );
  await db().cases.add(caseOf("TO-2026-004", { applyingHfId: "helse-nord-trondelag", receivedAt: "2026-12-01T09:00:00+01:00" })); // after the period

  for (const [date, started] of [
    ["2026-11-13", true],
    ["2026-11-27", true],
    ["2026-12-11", false],
  ] as const) {
    await db().meetings.add({
      id: `M-${date}`,
      date,
      startsAt: `${date}T09:00:00+01:00`,
      kind: "regular",
      agenda: [],
      ...(started ? { startedAt: `${date}T09:00:00+01:00` } : {}),
      ...(date === "2026-11-13" ? { endedAt: `${date}T10:45:00+01:00` } : {}), // issue 13: the meeting's length in the register
    });
  }
  for (const p of FIVE) await att("M-2026-11-13", p, true);
  await att("M-2026-11-13", "s-vest-2", true);
  await att("M-2026-11-13", "m-midt-2", false, "2026-11-13T09:30:00+01:00"); // checked out again
  await att("M-2026-11-13", "chair", true); // the chair is not a member
  for (const p of FIVE.slice(0, 4)) await att("M-2026-11-27", p, true);

  await concl("M-2026-11-13", "TO-2026-001", "granted", FIVE);
  await concl("M-2026-11-13", "TO-2026-003", "deferred", FIVE); // no consensus
  await concl("M-2026-11-27", "TO-2026-002", "rejected", FIVE.slice(0, 4));
  await concl("M-2026-11-27", "TO-2026-003", "deferred", FIVE.slice(0, 3)); // only 3 could take part

  const rec = (caseId: string, version: number, status: string, groupLevelProposal: boolean) => ({
    id: `${caseId}-v${version}`,
    caseId,
    type: "record",
    version,
    status,
    groupLevelProposal,
    resourceUse: { currency: "NOK", price: PRICE, confidential: true },
  });
  await s.create("records", rec("TO-2026-001", 1, "confirmed", false));
  await s.create("records", rec("TO-2026-001", 2, "confirmed", true)); // a correction added the proposal
  await s.create("records", rec("TO-2026-002", 1, "confirmed", false));
  await s.create("records", rec("TO-2026-002", 2, "draft", true)); // not confirmed: does not count

  report = await buildReport(db(), demoRoster(), { from: "2026-11-01", to: "2026-11-30", quorumMinimum: 4 });
});
afterAll(() => t.dispose());
const db = () => repositories(t.store);

describe("the register and evaluation figures", () => {
  it("counts cases by outcome, region, HF and ground", () => {
    expect(report.cases.map((c) => [c.code, c.outcome])).toEqual([
      ["TO-2026-001", "granted"],
      ["TO-2026-002", "rejected"],
      ["TO-2026-003", "deferred"],
    ]);
    expect(report.totals).toEqual({ cases: 3, granted: 1, rejected: 1, open: 1, deferredNow: 1, returnedAtLeastOnce: 1, urgent: 1 });
    expect(report.byRegion.map((r) => [r.regionId, r.cases, r.granted, r.rejected, r.open])).toEqual([
      ["helse-sor-ost", 1, 0, 1, 0],
      ["helse-vest", 2, 1, 0, 1],
      ["helse-midt-norge", 0, 0, 0, 0],
      ["helse-nord", 0, 0, 0, 0],
    ]);
    expect(report.byHf.map((h) => [h.hfId, h.cases])).toEqual([
      ["sykehuset-innlandet", 1],
      ["helse-stavanger", 2],
    ]);
    expect(report.grounds).toEqual({ increasedBenefit: 2, higherSeverity: 1, specialMedicalReasons: 1 });
  });

  it("measures lead times in working days: median and max", () => {
    expect(report.cases[0]?.leadTimes).toEqual({
      receivedToReady: 2,
      readyToDecided: 7,
      decidedToAcknowledged: 1,
      receivedToDecided: 9,
      receivedToAcknowledged: 10,
    });
    expect(report.leadTimes).toEqual({
      receivedToReady: { count: 3, median: 2, max: 3 },
      readyToDecided: { count: 2, median: 11, max: 15 },
      decidedToAcknowledged: { count: 1, median: 1, max: 1 },
      receivedToDecided: { count: 2, median: 13.5, max: 18 },
      receivedToAcknowledged: { count: 1, median: 10, max: 10 },
    });
    expect(stat([])).toEqual({ count: 0 });
  });

  it("reports the urgent cases' lead times apart (issue 13)", () => {
    expect(report.urgentLeadTimes).toEqual({
      receivedToReady: { count: 1, median: 2, max: 2 },
      readyToDecided: { count: 1, median: 7, max: 7 },
      decidedToAcknowledged: { count: 1, median: 1, max: 1 },
      receivedToDecided: { count: 1, median: 9, max: 9 },
      receivedToAcknowledged: { count: 1, median: 10, max: 10 },
    });
    expect(summaryCsv(report, "en")).toContain("urgentLeadTime:receivedToDecided,median,9");
    expect(summaryCsv(report, "en")).toContain("meeting:M-2026-11-13,minutes,105");
  });

  it("reports meetings held, attendance, deferrals for want of quorum and group-level proposals", () => {
    expect(report.meetingsHeld).toBe(2);
    expect(report.meetings).toEqual([
      {
        id: "M-2026-11-13",
        date: "2026-11-13",
        kind: "regular",
        held: true,
        minutes: 105,
        casesOnAgenda: 0,
        presentMembers: 5,
        presentSubstitutes: 1,
        decided: 1,
        deferred: 1,
        deferredNotQuorate: 0,
      },
      {
        id: "M-2026-11-27",
        date: "2026-11-27",
        kind: "regular",
        held: true,
        casesOnAgenda: 0,
        presentMembers: 4,
        presentSubstitutes: 0,
        decided: 1,
        deferred: 1,
        deferredNotQuorate: 1,
      },
    ]);
    expect(report.deferrals).toEqual({ total: 2, notQuorate: 1 });
    expect(report.cases[2]).toMatchObject({ deferrals: 2, deferralsNotQuorate: 1, returns: 1 });
    expect(report.groupLevelProposals).toBe(1);
  });

  it("never carries a price, in the report or its CSV files", () => {
    const cases = casesCsv(report);
    const summary = summaryCsv(report, "en");
    for (const text of [JSON.stringify(report), cases, summary]) {
      expect(text).not.toContain(String(PRICE));
      expect(text).not.toContain(String(PRICE * 2));
      expect(text).not.toMatch(/price|pris|cost|kostnad/i);
    }
  });

  it("writes RFC 4180 CSV with a BOM for Excel, one row per case", () => {
    const cases = casesCsv(report);
    expect(cases.startsWith("\uFEFFsaksnummer,region,helseforetak,")).toBe(true);
    const lines = cases.slice(1).split("\r\n");
    expect(lines).toHaveLength(5); // header, 3 cases, trailing empty
    expect(lines[1]).toBe(
      "TO-2026-001,Helse Vest RHF,Helse Stavanger HF,1,increasedBenefit,acknowledged,granted,2026-11-02,2026-11-04,2026-11-13,2026-11-16,0,0,0,1,2,7,1,9,10,ID2023_045,Metode X,", // issue 15: method id and name, the returns' missing items
    );
    expect(lines[2]).toContain(",higherSeverity|specialMedicalReasons,");
    expect(csvField('Sykehus, "Øst"\nlinje')).toBe('"Sykehus, ""Øst""\nlinje"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    const summary = summaryCsv(report, "en").slice(1).split("\r\n");
    expect(summary).toContain("leadTime:receivedToDecided,median,13.5");
    expect(summary).toContain("deferrals,notQuorate,1");
    expect(summary).toContain("region:Helse Vest RHF,cases,2");
  });
});
