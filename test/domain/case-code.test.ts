import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatCaseCode, nextCaseCode, parseCaseCode } from "../../src/domain/case-code.js";

describe("case codes", () => {
  it("are formatted TO-YYYY-NNN with three digits", () => {
    expect(formatCaseCode(2026, 14)).toBe("TO-2026-014");
  });
  it("parse back to year and sequence", () => {
    expect(parseCaseCode("TO-2026-014")).toEqual({ ok: true, value: { year: 2026, seq: 14 } });
  });
  it("refuse anything else with caseCode.invalid", () => {
    for (const bad of ["TO-26-014", "TO-2026-14", "to-2026-014", "TO-2026-000", "2026-014"]) {
      const r = parseCaseCode(bad);
      expect(r.ok ? "parsed" : r.reason.code).toBe("caseCode.invalid");
    }
  });
  it("round-trip for any year and sequence", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2999 }), fc.integer({ min: 1, max: 99999 }), (year, seq) => {
        expect(parseCaseCode(formatCaseCode(year, seq))).toEqual({ ok: true, value: { year, seq } });
      }),
    );
  });
  it("start at 001 in a year without cases", () => {
    expect(nextCaseCode(2027, ["TO-2026-016"])).toBe("TO-2027-001");
  });
  it("continue above the highest code of the year, never reusing a gap", () => {
    expect(nextCaseCode(2026, ["TO-2026-001", "TO-2026-007", "TO-2026-003", "rubbish"])).toBe("TO-2026-008");
  });
  it("go to four digits after 999", () => {
    expect(nextCaseCode(2026, ["TO-2026-999"])).toBe("TO-2026-1000");
  });
});
