import type { Ground, Outcome } from "./case.js";
import type { DecisionRecord } from "./decision-record.js";

/**
 * Precedents (issue 15): the committee's earlier decisions on the same method
 * (Nye metoder id), so that the chair and the members see at a glance whether
 * a case is being treated like the last ones (000, equal treatment). Built
 * from the decision records only: the case code, the meeting's date, the
 * outcome, the grounds the committee found met and the applying region. No
 * patient data, no prices, no free text.
 */

/** What a precedent is read from: one version of a record, as the store hands it out (no resource use, no comments). */
export interface RecordOnMethod {
  readonly caseId: string;
  readonly caseCode: string;
  readonly version: number;
  readonly status: DecisionRecord["status"];
  readonly meetingDate: string;
  readonly outcome: Outcome;
  readonly grounds: readonly { readonly ground: Ground; readonly finding: DecisionRecord["grounds"][number]["finding"] }[];
  readonly regionId: string;
  readonly regionName: string;
}

export interface Precedent {
  readonly caseCode: string;
  /** The date of the meeting that decided it (ISO date). */
  readonly decidedOn: string;
  readonly outcome: Outcome;
  /** The grounds of clinical exceptionality the committee found met, in the order claimed. */
  readonly groundsMet: readonly Ground[];
  readonly regionId: string;
  readonly regionName: string;
}

export interface Precedents {
  /** Most recent first, at most the limit. */
  readonly shown: readonly Precedent[];
  /** How many earlier decisions were left out ("and K more"). */
  readonly more: number;
}

export const PRECEDENTS_SHOWN = 5;

export const NO_PRECEDENTS: Precedents = { shown: [], more: 0 };

/**
 * The earlier decisions on a method for one case: the latest confirmed version
 * of each other case's record, decided on or before `asOf` (ISO date or
 * instant), most recent first, at most `limit`.
 */
export function precedentsFor(caseId: string, asOf: string, records: readonly RecordOnMethod[], limit = PRECEDENTS_SHOWN): Precedents {
  const day = asOf.slice(0, 10);
  const latest = new Map<string, RecordOnMethod>();
  for (const r of records) {
    if (r.status !== "confirmed" || r.caseId === caseId || r.meetingDate.slice(0, 10) > day) continue;
    const seen = latest.get(r.caseId);
    if (!seen || r.version > seen.version) latest.set(r.caseId, r);
  }
  const all = [...latest.values()]
    .sort((a, b) => (a.meetingDate === b.meetingDate ? b.caseCode.localeCompare(a.caseCode) : b.meetingDate.localeCompare(a.meetingDate)))
    .map((r): Precedent => ({
      caseCode: r.caseCode,
      decidedOn: r.meetingDate.slice(0, 10),
      outcome: r.outcome,
      groundsMet: r.grounds.filter((g) => g.finding === "met").map((g) => g.ground),
      regionId: r.regionId,
      regionName: r.regionName,
    }));
  const n = Math.max(0, Math.trunc(limit));
  return { shown: all.slice(0, n), more: Math.max(0, all.length - n) };
}
