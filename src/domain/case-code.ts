import { fail, ok, type Result } from "./result.js";
import type { ReasonCode } from "./reason-codes.js";

/**
 * The unique case code (saksnummer), "TO-YYYY-NNN": the meeting works on this
 * code instead of the patient's name (000 §4.1 step 1 e). NNN is at least three digits,
 * counted per year; a 1000th case in a year simply gets four.
 */
const CODE = /^TO-(\d{4})-(\d{3,})$/;

export interface CaseCodeParts {
  year: number;
  seq: number;
}

export function formatCaseCode(year: number, seq: number): string {
  return `TO-${String(year).padStart(4, "0")}-${String(seq).padStart(3, "0")}`;
}

export function parseCaseCode(code: string): Result<CaseCodeParts, ReasonCode> {
  const m = CODE.exec(code.trim());
  if (!m) return fail("caseCode.invalid", { code });
  const seq = Number(m[2]);
  if (seq < 1) return fail("caseCode.invalid", { code });
  return ok({ year: Number(m[1]), seq });
}

/** The next free code of the year: one above the highest used, so gaps are never reused. */
export function nextCaseCode(year: number, existingCodes: Iterable<string>): string {
  let highest = 0;
  for (const code of existingCodes) {
    const parsed = parseCaseCode(code);
    if (parsed.ok && parsed.value.year === year) highest = Math.max(highest, parsed.value.seq);
  }
  return formatCaseCode(year, highest + 1);
}
