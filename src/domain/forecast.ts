import type { Case } from "./case.js";
import type { DeclaredConflict } from "./meeting.js";
import { eligibleForCase, DEFAULT_QUORUM_MINIMUM } from "./quorum.js";
import { DEFAULT_RECUSAL_POLICY, recusalsForCase, type RecusalPolicy } from "./recusal.js";
import type { Roster } from "./roster.js";

/**
 * Before the meeting: who is expected, case by case (000 §6.2: "må det
 * benyttes vararepresentant" when recusal would break the quorum).
 *
 * Each member and substitute may answer the papers with *Jeg kommer* or
 * *Jeg har forfall* (a substitute asked to stand in answers *Jeg kommer* /
 * *Jeg kan ikke*, the same two answers). The latest answer wins.
 *
 * A member is expected unless they sent apologies (they are the committee;
 * not having answered yet is shown, but not counted against them). A
 * substitute is expected only once they said they come. The quorum rule
 * itself (src/domain/quorum.ts) then decides, per case, who takes part: a
 * substitute only in place of their own member, never beside them, never
 * when recused themselves.
 */
export const REPLY_ANSWERS = ["coming", "apologies"] as const;
export type ReplyAnswer = (typeof REPLY_ANSWERS)[number];

/** One person's answer to the papers (or to an invitation to stand in). */
export interface AttendanceReply {
  personId: string;
  answer: ReplyAnswer;
  /** An optional reason given with apologies (free text: never in the audit). */
  reason?: string;
  at: string;
}

/** The latest reply per person (by time; of two at the same time, the later listed). */
export function latestReplies(replies: readonly AttendanceReply[]): Map<string, AttendanceReply> {
  const latest = new Map<string, AttendanceReply>();
  for (const r of replies) {
    const prev = latest.get(r.personId);
    if (!prev || Date.parse(r.at) >= Date.parse(prev.at)) latest.set(r.personId, r);
  }
  return latest;
}

/** Members who have not sent apologies, and substitutes who said they come. */
export function expectedPeople(roster: Roster, replies: readonly AttendanceReply[]): Set<string> {
  const latest = latestReplies(replies);
  const expected = new Set<string>();
  for (const p of roster.people) {
    const answer = latest.get(p.id)?.answer;
    if (p.role === "member" && answer !== "apologies") expected.add(p.id);
    if (p.role === "substitute" && answer === "coming") expected.add(p.id);
  }
  return expected;
}

/**
 * In the meeting: who was expected (answered *Jeg kommer*: a member, or a
 * substitute who accepted) and is not present now (roster ids, roster order).
 */
export function expectedNotJoined(roster: Roster, replies: readonly AttendanceReply[], present: ReadonlySet<string>): string[] {
  const latest = latestReplies(replies);
  return roster.people
    .filter((p) => (p.role === "member" || p.role === "substitute") && latest.get(p.id)?.answer === "coming" && !present.has(p.id))
    .map((p) => p.id);
}

export interface ForecastInput {
  roster: Roster;
  /** The agenda's cases, in agenda order. */
  cases: readonly Case[];
  replies: readonly AttendanceReply[];
  /** Conflicts declared in advance (and in the meeting). */
  conflicts?: readonly DeclaredConflict[];
  policy?: RecusalPolicy;
  minimum?: number;
}

export interface CaseForecast {
  caseId: string;
  /** Who is expected to take part in the decision (roster ids, roster order). */
  expected: string[];
  /** substitute id → the member whose seat they fill. */
  standIns: Record<string, string>;
  /** Members whose seat nobody is expected to fill (apologies or recused, and no substitute coming). */
  openSeats: string[];
  /** Below the quorum: fewer expected than the minimum. */
  below: boolean;
  /** How many more are needed (0 when not below). */
  needed: number;
  minimum: number;
  /**
   * What would fix it: the substitutes of open seats who could stand in (not
   * recused themselves, not declined), split by whether they have answered.
   */
  possibleStandIns: { substituteId: string; memberId: string }[];
  /** Expected members who have not answered yet (the forecast counts them). */
  unconfirmed: string[];
}

export interface MeetingForecast {
  cases: CaseForecast[];
  /** The cases below the quorum, in agenda order. */
  below: string[];
}

export function forecastQuorum(input: ForecastInput): MeetingForecast {
  const { roster } = input;
  const minimum = input.minimum ?? DEFAULT_QUORUM_MINIMUM;
  const policy = input.policy ?? DEFAULT_RECUSAL_POLICY;
  const latest = latestReplies(input.replies);
  const present = expectedPeople(roster, input.replies);
  const members = roster.people.filter((p) => p.role === "member");
  const cases = input.cases.map((c): CaseForecast => {
    const q = eligibleForCase({ roster, case: c, present, conflicts: input.conflicts ?? [], policy, minimum });
    const taking = new Set(q.eligible);
    const filled = new Set(Object.values(q.standIns));
    const recused = new Set(q.recused.map((r) => r.personId));
    const openSeats = members.filter((m) => !taking.has(m.id) && !filled.has(m.id)).map((m) => m.id);
    const open = new Set(openSeats);
    const possibleStandIns = roster.people
      .filter(
        (s) =>
          s.role === "substitute" &&
          s.substituteFor !== undefined &&
          open.has(s.substituteFor) &&
          !recused.has(s.id) &&
          latest.get(s.id)?.answer !== "apologies" &&
          !present.has(s.id),
      )
      .map((s) => ({ substituteId: s.id, memberId: s.substituteFor! }));
    return {
      caseId: c.id,
      expected: q.eligible,
      standIns: q.standIns,
      openSeats,
      below: !q.quorate,
      needed: q.needed,
      minimum,
      possibleStandIns,
      unconfirmed: q.eligible.filter((id) => members.some((m) => m.id === id) && !latest.has(id)),
    };
  });
  return { cases, below: cases.filter((c) => c.below).map((c) => c.caseId) };
}

/**
 * The substitute rule: when a member has sent apologies, their substitute is
 * asked to attend the whole meeting; when a member is recused in a case, their
 * substitute is asked for that case. Never for a case the substitute is
 * recused in themselves (they could not stand in there); no request when no
 * case remains.
 */
export interface SubstituteRequest {
  substituteId: string;
  memberId: string;
  /** "meeting": the member sent apologies; "cases": the member is recused in the named cases. */
  scope: "meeting" | "cases";
  /** The cases the substitute is needed in (agenda order). */
  caseIds: string[];
}

export function substituteRequests(input: Omit<ForecastInput, "minimum">): SubstituteRequest[] {
  const { roster } = input;
  const policy = input.policy ?? DEFAULT_RECUSAL_POLICY;
  const latest = latestReplies(input.replies);
  const recusals = new Map(
    input.cases.map((c) => [c.id, new Set(recusalsForCase({ roster, case: c, conflicts: input.conflicts ?? [], policy }).map((r) => r.personId))]),
  );
  const requests: SubstituteRequest[] = [];
  for (const s of roster.people) {
    if (s.role !== "substitute" || !s.substituteFor) continue;
    const member = roster.people.find((m) => m.id === s.substituteFor && m.role === "member");
    if (!member) continue;
    const away = latest.get(member.id)?.answer === "apologies";
    const caseIds = input.cases.filter((c) => (away || recusals.get(c.id)!.has(member.id)) && !recusals.get(c.id)!.has(s.id)).map((c) => c.id);
    if (caseIds.length === 0) continue;
    requests.push({ substituteId: s.id, memberId: member.id, scope: away ? "meeting" : "cases", caseIds });
  }
  return requests;
}
