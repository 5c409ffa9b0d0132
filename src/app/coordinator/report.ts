/**
 * The register and its evaluation figures (000 §1, §10): which cases came from
 * where, on what grounds, with what outcome, how long each step took, and how
 * the meetings went (held, attendance, cases that could not be decided for
 * want of quorum, group-level proposals). Prices are never read into it.
 *
 * Everything is computed here from simple queries: the local Cosmos server
 * has no GROUP BY / DISTINCT / OFFSET, and the register is small (tens of
 * cases a year).
 *
 * Deferred for want of quorum: a deferral's conclusion document records the
 * members who could take part (`participants`, the eligible members at that
 * moment). A deferral with fewer participants than the quorum minimum was,
 * necessarily, one the committee could not decide for want of quorum; any
 * other deferral was for want of consensus or information. No extra flag is
 * stored for it.
 */
import { inOslo, workingDaysBetween } from "../../domain/calendar.js";
import { GROUNDS, type Case, type CaseStatus, type Ground } from "../../domain/case.js";
import type { Conclusion } from "../../domain/meeting.js";
import { presentSet } from "../../domain/quorum.js";
import type { Roster } from "../../domain/roster.js";
import type { RecordSummary, Repositories } from "../ports.js";
import { followUpFigures, type FollowUpFigures } from "./register-follow-up.js";

export interface ReportOptions {
  /** First and last day (ISO dates, Oslo, inclusive) of the period; cases count by receivedAt, meetings by date. */
  from?: string;
  to?: string;
  quorumMinimum: number;
}

export type CaseOutcome = "granted" | "rejected" | "deferred" | "returned" | "pending";

export interface LeadTimes {
  receivedToReady?: number;
  readyToDecided?: number;
  decidedToAcknowledged?: number;
  receivedToDecided?: number;
  receivedToAcknowledged?: number;
}
export type LeadTimeKey = keyof LeadTimes;
export const LEAD_TIME_KEYS: readonly LeadTimeKey[] = [
  "receivedToReady",
  "readyToDecided",
  "decidedToAcknowledged",
  "receivedToDecided",
  "receivedToAcknowledged",
];

/** One row of the register. No price, no free text, no health data. */
export interface CaseRow {
  code: string;
  regionId: string;
  regionName: string;
  hfId: string;
  hfName: string;
  urgent: boolean;
  grounds: Ground[];
  status: CaseStatus;
  outcome: CaseOutcome;
  receivedDate: string;
  readyDate?: string;
  decidedDate?: string;
  acknowledgedDate?: string;
  /** Times returned to the HF for more information. */
  returns: number;
  deferrals: number;
  deferralsNotQuorate: number;
  groupLevelProposal: boolean;
  /** Working days (Norwegian holidays excluded). */
  leadTimes: LeadTimes;
}

export interface Tally {
  cases: number;
  granted: number;
  rejected: number;
  open: number;
}

export interface Stat {
  count: number;
  median?: number;
  max?: number;
}

export interface MeetingRow {
  id: string;
  date: string;
  kind: "regular" | "extra";
  held: boolean;
  /** Issue 13: the meeting's length in minutes (started to ended), when both are known (the source's limit is two hours). */
  minutes?: number;
  casesOnAgenda: number;
  presentMembers: number;
  presentSubstitutes: number;
  decided: number;
  deferred: number;
  deferredNotQuorate: number;
}

export interface Report {
  period: { from?: string; to?: string };
  cases: CaseRow[];
  totals: Tally & { deferredNow: number; returnedAtLeastOnce: number; urgent: number };
  byRegion: (Tally & { regionId: string; regionName: string })[];
  byHf: (Tally & { hfId: string; hfName: string; regionId: string })[];
  grounds: Record<Ground, number>;
  leadTimes: Record<LeadTimeKey, Stat>;
  /** Issue 13: the lead times of urgent cases (hastesaker) apart. */
  urgentLeadTimes: Record<LeadTimeKey, Stat>;
  meetings: MeetingRow[];
  meetingsHeld: number;
  deferrals: { total: number; notQuorate: number };
  groupLevelProposals: number;
  // ── issue 15 (wip/follow): follow-up outcomes per method, group-level proposals by status (src/app/coordinator/register-follow-up.ts) ──
  followUpOutcomes: FollowUpFigures["followUpOutcomes"];
  proposalsByStatus: FollowUpFigures["proposalsByStatus"];
}

export async function buildReport(repos: Pick<Repositories, "cases" | "meetings" | "records">, roster: Roster, options: ReportOptions): Promise<Report> {
  const minimum = options.quorumMinimum;
  const inPeriod = (iso: string) => {
    const d = inOslo(iso).toISODate()!;
    return (!options.from || d >= options.from) && (!options.to || d <= options.to);
  };
  const [allCases, meetings, conclusions, attendance, records] = await Promise.all([
    repos.cases.all(),
    repos.meetings.all(),
    repos.meetings.allConclusions(),
    repos.meetings.allAttendance(),
    // Only what the register needs: never the resource use (prices).
    repos.records.summaries(),
  ]);
  const cases = allCases.filter((c) => inPeriod(c.receivedAt));

  const notQuorate = (c: Conclusion) => c.result === "deferred" && c.participants.length < minimum;
  const latestConfirmed = new Map<string, Pick<RecordSummary, "version" | "groupLevelProposal">>();
  for (const r of records) {
    if (r.status !== "confirmed") continue;
    const prev = latestConfirmed.get(r.caseId);
    if (!prev || r.version > prev.version) latestConfirmed.set(r.caseId, r);
  }

  const rows = cases.map((c): CaseRow => {
    const hf = roster.hfs.find((h) => h.id === c.applyingHfId);
    const region = roster.regions.find((r) => r.id === hf?.region);
    const deferrals = conclusions.filter((x) => x.caseId === c.id && x.result === "deferred");
    return {
      code: c.code,
      regionId: region?.id ?? "",
      regionName: region?.name ?? "",
      hfId: c.applyingHfId,
      hfName: hf?.name ?? c.applyingHfId,
      urgent: c.urgent,
      grounds: c.grounds.map((g) => g.ground),
      status: c.status,
      outcome: outcomeOf(c),
      receivedDate: dateOf(c.receivedAt),
      ...(c.readyAt ? { readyDate: dateOf(c.readyAt) } : {}),
      ...(c.decidedAt ? { decidedDate: dateOf(c.decidedAt) } : {}),
      ...(c.acknowledgedAt ? { acknowledgedDate: dateOf(c.acknowledgedAt) } : {}),
      returns: c.returns.length,
      deferrals: deferrals.length,
      deferralsNotQuorate: deferrals.filter(notQuorate).length,
      groupLevelProposal: latestConfirmed.get(c.id)?.groupLevelProposal ?? false,
      leadTimes: leadTimes(c),
    };
  });

  const tally = (subset: CaseRow[]): Tally => ({
    cases: subset.length,
    granted: subset.filter((r) => r.outcome === "granted").length,
    rejected: subset.filter((r) => r.outcome === "rejected").length,
    open: subset.filter((r) => r.outcome !== "granted" && r.outcome !== "rejected").length,
  });

  const byHf: Report["byHf"] = roster.hfs
    .map((hf) => ({ hfId: hf.id, hfName: hf.name, regionId: hf.region, ...tally(rows.filter((r) => r.hfId === hf.id)) }))
    .filter((x) => x.cases > 0);
  const unknownHf = rows.filter((r) => !roster.hfs.some((h) => h.id === r.hfId));
  for (const id of [...new Set(unknownHf.map((r) => r.hfId))])
    byHf.push({ hfId: id, hfName: id, regionId: "", ...tally(unknownHf.filter((r) => r.hfId === id)) });

  const grounds = Object.fromEntries(GROUNDS.map((g) => [g, rows.filter((r) => r.grounds.includes(g)).length])) as Record<Ground, number>;
  const statsOf = (of: CaseRow[]) =>
    Object.fromEntries(LEAD_TIME_KEYS.map((k) => [k, stat(of.flatMap((r) => (r.leadTimes[k] === undefined ? [] : [r.leadTimes[k]])))])) as Record<
      LeadTimeKey,
      Stat
    >;
  const stats = statsOf(rows);

  const roleOf = new Map(roster.people.map((p) => [p.id, p.role]));
  const meetingRows = meetings
    .filter((m) => (!options.from || m.date >= options.from) && (!options.to || m.date <= options.to))
    .map((m): MeetingRow => {
      const present = presentSet(attendance.filter((a) => a.meetingId === m.id));
      const mine = conclusions.filter((c) => c.meetingId === m.id);
      return {
        id: m.id,
        date: m.date,
        kind: m.kind,
        held: m.startedAt !== undefined,
        ...(m.startedAt && m.endedAt ? { minutes: Math.max(0, Math.round((Date.parse(m.endedAt) - Date.parse(m.startedAt)) / 60_000)) } : {}),
        casesOnAgenda: m.agenda.length,
        presentMembers: [...present].filter((id) => roleOf.get(id) === "member").length,
        presentSubstitutes: [...present].filter((id) => roleOf.get(id) === "substitute").length,
        decided: mine.filter((c) => c.result !== "deferred").length,
        deferred: mine.filter((c) => c.result === "deferred").length,
        deferredNotQuorate: mine.filter(notQuorate).length,
      };
    });

  return {
    period: { ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}) },
    cases: rows,
    totals: {
      ...tally(rows),
      deferredNow: rows.filter((r) => r.outcome === "deferred").length,
      returnedAtLeastOnce: rows.filter((r) => r.returns > 0).length,
      urgent: rows.filter((r) => r.urgent).length,
    },
    byRegion: roster.regions.map((r) => ({ regionId: r.id, regionName: r.name, ...tally(rows.filter((x) => x.regionId === r.id)) })),
    byHf,
    grounds,
    leadTimes: stats,
    urgentLeadTimes: statsOf(rows.filter((r) => r.urgent)),
    meetings: meetingRows,
    meetingsHeld: meetingRows.filter((m) => m.held).length,
    deferrals: { total: rows.reduce((n, r) => n + r.deferrals, 0), notQuorate: rows.reduce((n, r) => n + r.deferralsNotQuorate, 0) },
    groupLevelProposals: rows.filter((r) => r.groupLevelProposal).length,
    // Issue 15 (wip/follow).
    ...(await followUpFigures(repos, options)),
  };
}

function outcomeOf(c: Case): CaseOutcome {
  if (c.outcome) return c.outcome;
  if (c.status === "deferred") return "deferred";
  if (c.status === "returned") return "returned";
  return "pending";
}

const dateOf = (iso: string): string => inOslo(iso).toISODate()!;

function leadTimes(c: Case): LeadTimes {
  const span = (a?: string, b?: string) => (a && b ? workingDaysBetween(a, b) : undefined);
  const out: LeadTimes = {};
  const set = (k: LeadTimeKey, v: number | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set("receivedToReady", span(c.receivedAt, c.readyAt));
  set("readyToDecided", span(c.readyAt, c.decidedAt));
  set("decidedToAcknowledged", span(c.decidedAt, c.acknowledgedAt));
  set("receivedToDecided", span(c.receivedAt, c.decidedAt));
  set("receivedToAcknowledged", span(c.receivedAt, c.acknowledgedAt));
  return out;
}

/** Median (mean of the middle two for an even count) and maximum. */
export function stat(values: number[]): Stat {
  if (values.length === 0) return { count: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { count: sorted.length, median, max: sorted[sorted.length - 1]! };
}
