import { describe, expect, it } from "vitest";
import { CaseInputSchema, caseFromInput } from "../../src/domain/case-schema.js";
import { validInput } from "./fixtures.js";

const messages = (input: unknown) => {
  const r = CaseInputSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe("case input", () => {
  it("accepts a complete application", () => {
    expect(CaseInputSchema.safeParse(validInput()).success).toBe(true);
  });
  it("refuses a patient name field", () => {
    expect(CaseInputSchema.safeParse({ ...validInput(), patientName: "Ola Nordmann" }).success).toBe(false);
  });
  it("refuses a national id field, also nested inside an object", () => {
    expect(CaseInputSchema.safeParse({ ...validInput(), fnr: "15057543288" }).success).toBe(false);
    const nested = validInput();
    expect(CaseInputSchema.safeParse({ ...nested, method: { ...nested.method, fnr: "x" } }).success).toBe(false);
  });
  it("refuses a fødselsnummer in any free-text field with privacy.nationalIdInText", () => {
    const v = validInput();
    const withId = "gjelder pasient 15057543288";
    const variants = [
      { ...v, method: { ...v.method, name: withId } },
      { ...v, grounds: [{ ground: "higherSeverity", reasoning: withId }] },
      { ...v, priority: { ...v.priority, severity: withId } },
      { ...v, cost: { ...v.cost, note: withId } },
      { ...v, attachments: [{ title: withId, ref: "doc://1" }] },
      { ...v, attachments: [{ title: "Epikrise", ref: `doc://${"15057543288"}` }] },
      { ...v, attachments: [{ title: "Epikrise", ref: "arkiv/150575-43288" }] },
      { ...v, method: { ...v.method, nyeMetoderId: "150575 43288" } },
      { ...v, applyingHfId: "150575-43288" },
    ];
    for (const input of variants) expect(messages(input)).toContain("privacy.nationalIdInText");
  });
  it("refuses a Nye metoder id that is not ID, a four-digit year, an underscore and three digits", () => {
    const v = validInput();
    for (const id of ["ID2023_045", " ID2023_045 ", ""]) expect(messages({ ...v, method: { ...v.method, nyeMetoderId: id } }), id).toEqual([]);
    for (const id of ["ID23_045", "ID2023-045", "ID2023_0455", "id2023_045", "Nusinersen", "ID2023_045 og ID2023_046"]) {
      expect(messages({ ...v, method: { ...v.method, nyeMetoderId: id } }), id).toEqual(["case.nyeMetoderIdFormat"]);
    }
    // A national id there is said as such, not also as a wrong format.
    expect(messages({ ...v, method: { ...v.method, nyeMetoderId: "15057543288" } })).toEqual(["privacy.nationalIdInText"]);
  });
  it("needs at least one ground", () => {
    expect(messages({ ...validInput(), grounds: [] })).toContain("case.groundsRequired");
  });
  it("refuses the same ground claimed twice", () => {
    const g = { ground: "increasedBenefit", reasoning: "a" };
    expect(messages({ ...validInput(), grounds: [g, g] })).toContain("case.groundsDuplicate");
  });
  it("refuses a ground that is not one of the three", () => {
    expect(CaseInputSchema.safeParse({ ...validInput(), grounds: [{ ground: "socialNeed", reasoning: "a" }] }).success).toBe(false);
  });
  it("refuses a malformed case code but accepts TO-YYYY-NNN", () => {
    expect(messages({ ...validInput(), code: "TO-26-1" })).toContain("caseCode.invalid");
    expect(CaseInputSchema.safeParse({ ...validInput(), code: "TO-2026-003" }).success).toBe(true);
  });
  it("lets incomplete content through so the completeness check can return it", () => {
    const v = validInput();
    const r = CaseInputSchema.safeParse({ ...v, method: { ...v.method, nyeMetoderId: "" }, priority: undefined, attachments: undefined });
    expect(r.success).toBe(true);
    expect(r.data?.priority).toEqual({ benefit: "", severity: "", resourceUse: "" });
  });
  it("becomes a received case under its code, without a catchment HF equal to the applying HF", () => {
    const input = CaseInputSchema.parse({ ...validInput(), catchmentHfId: "helse-stavanger" });
    const c = caseFromInput(input, "TO-2026-001");
    expect(c).toMatchObject({ id: "TO-2026-001", code: "TO-2026-001", status: "received", returns: [] });
    expect(c.catchmentHfId).toBeUndefined();
    expect(caseFromInput(CaseInputSchema.parse({ ...validInput(), catchmentHfId: "helse-fonna" }), "TO-2026-002").catchmentHfId).toBe("helse-fonna");
  });
});
