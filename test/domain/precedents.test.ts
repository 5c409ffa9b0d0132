import { describe, expect, it } from "vitest";
import { precedentsFor, type RecordOnMethod } from "../../src/domain/precedents.js";

const rec = (caseCode: string, meetingDate: string, extra: Partial<RecordOnMethod> = {}): RecordOnMethod => ({
  caseId: caseCode,
  caseCode,
  version: 1,
  status: "confirmed",
  meetingDate,
  outcome: "granted",
  grounds: [
    { ground: "increasedBenefit", finding: "met" },
    { ground: "higherSeverity", finding: "notMet" },
  ],
  regionId: "helse-vest",
  regionName: "Helse Vest RHF",
  ...extra,
});

describe("precedents: earlier decisions on the same method", () => {
  it("lists other cases' confirmed decisions, most recent first, with the grounds found met", () => {
    const p = precedentsFor("TO-2026-001", "2026-12-01", [
      rec("TO-2025-003", "2025-02-14"),
      rec("TO-2026-002", "2026-05-08", { outcome: "rejected", grounds: [] }),
    ]);
    expect(p.shown.map((x) => x.caseCode)).toEqual(["TO-2026-002", "TO-2025-003"]);
    expect(p.shown[1]).toEqual({
      caseCode: "TO-2025-003",
      decidedOn: "2025-02-14",
      outcome: "granted",
      groundsMet: ["increasedBenefit"],
      regionId: "helse-vest",
      regionName: "Helse Vest RHF",
    });
    expect(p.more).toBe(0);
  });

  it("leaves out the case itself, drafts, and decisions after the date asked for", () => {
    const p = precedentsFor("TO-2026-001", "2026-06-01", [
      rec("TO-2026-001", "2026-01-10"),
      rec("TO-2026-004", "2026-02-10", { status: "draft" }),
      rec("TO-2026-009", "2026-06-02"),
      rec("TO-2026-003", "2026-06-01"),
    ]);
    expect(p.shown.map((x) => x.caseCode)).toEqual(["TO-2026-003"]);
  });

  it("takes each case's latest confirmed version (a correction), not an earlier one nor a later draft", () => {
    const p = precedentsFor("X", "2026-12-01", [
      rec("TO-2026-005", "2026-03-01", { version: 1, grounds: [] }),
      rec("TO-2026-005", "2026-03-01", { version: 2, grounds: [{ ground: "higherSeverity", finding: "met" }] }),
      rec("TO-2026-005", "2026-03-01", { version: 3, status: "draft", grounds: [] }),
    ]);
    expect(p.shown).toHaveLength(1);
    expect(p.shown[0]!.groundsMet).toEqual(["higherSeverity"]);
  });

  it("shows at most the limit and counts the rest", () => {
    const many = Array.from({ length: 8 }, (_, i) => rec(`TO-2025-0${10 + i}`, `2025-0${1 + i}-15`));
    const p = precedentsFor("X", "2026-12-01", many, 5);
    expect(p.shown.map((x) => x.caseCode)).toEqual(["TO-2025-017", "TO-2025-016", "TO-2025-015", "TO-2025-014", "TO-2025-013"]);
    expect(p.more).toBe(3);
  });
});
