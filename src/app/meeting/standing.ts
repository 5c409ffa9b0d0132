/**
 * A case's standing in a meeting, from the domain rules: who is recused and
 * why, who counts (quorum), where the positions stand (consensus), and what a
 * given person may do. One place, so the cards show exactly what the use
 * cases enforce.
 */
import type { Case } from "../../domain/case.js";
import { canConclude, consensus, type ConsensusResult } from "../../domain/consensus.js";
import {
  isPosition,
  presenceOf,
  type AttendanceMark,
  type DeclaredConflict,
  type LeftBeforeConclusion,
  type Position,
  type PositionMark,
  type Presence,
} from "../../domain/meeting.js";
import { blockedByCatchmentPolicy, eligibleForCase, presentSet, quorumShortfall, type QuorumResult, type QuorumShortfall } from "../../domain/quorum.js";
import { DEFAULT_RECUSAL_POLICY, type Recusal, type RecusalPolicy } from "../../domain/recusal.js";
import { fail, type Reason } from "../../domain/result.js";
import type { AppCode, AppResult } from "../reason-codes.js";
import type { Roster } from "../../domain/roster.js";

/** The facts a standing is computed from (a whole meeting's state, or one case's facts). */
export interface StandingFacts {
  attendance: readonly AttendanceMark[];
  positions: readonly PositionMark[];
  conflicts: readonly DeclaredConflict[];
}

export interface CaseStanding {
  quorum: QuorumResult;
  consensus: ConsensusResult;
  eligible: string[];
  recused: Recusal[];
  /** Latest position per eligible person. */
  positions: Map<string, Position>;
  /** Quorate without the catchment-area recusal policy, but not with it (the card says so). */
  blockedByCatchmentPolicy: boolean;
  /** Members absent, and substitutes who could stand in (for the quorum notice). */
  shortfall: QuorumShortfall;
  /** Where a person stands by their own attendance marks: present, left, or unmarked. */
  presenceOf(personId: string): Presence;
  /** Why this person may not state a position on the case, or undefined when they may. */
  refusalFor(personId: string): Reason<AppCode> | undefined;
  /**
   * Why this person may not state a position now, judged as a click would be:
   * one who left (a leave event or a check-out) is refused until they rejoin or
   * check in; one with no attendance mark at all counts as present by stating.
   */
  refusalToState(personId: string): Reason<AppCode> | undefined;
  /** The standing as it would be with this person present (stating a position without any mark). */
  asPresent(personId: string, at: string): CaseStanding;
  /** Who stated a position on the case and has left the meeting (no longer eligible), with the position they had stated. */
  leftWithPosition(): LeftBeforeConclusion[];
  /** The chair's conclusion, when the rules allow one; else why not, naming who holds the case up. */
  decision(): AppResult<"granted" | "rejected">;
}

export function caseStanding(
  roster: Roster,
  theCase: Case,
  facts: StandingFacts,
  minimum: number,
  policy: RecusalPolicy = DEFAULT_RECUSAL_POLICY,
): CaseStanding {
  const conflicts = facts.conflicts.filter((c) => c.caseId === theCase.id);
  const quorumInput = { roster, case: theCase, present: facts.attendance, conflicts, minimum, policy };
  const quorum = eligibleForCase(quorumInput);
  const casePositions = facts.positions.filter((p) => p.caseId === theCase.id);
  const result = consensus({ eligible: quorum.eligible, minimum, positions: casePositions, caseId: theCase.id });
  const positions = new Map<string, Position>();
  for (const p of casePositions) if (quorum.eligible.includes(p.personId)) positions.set(p.personId, p.position);
  const presence = (personId: string) => presenceOf(facts.attendance, personId);
  const nameOf = (id: string) => roster.people.find((p) => p.id === id)?.name ?? "?";

  const standing: CaseStanding = {
    quorum,
    consensus: result,
    eligible: quorum.eligible,
    recused: quorum.recused,
    positions,
    blockedByCatchmentPolicy: blockedByCatchmentPolicy(quorumInput, quorum),
    shortfall: quorumShortfall(roster, quorum),
    presenceOf: presence,
    refusalFor(personId) {
      if (quorum.eligible.includes(personId)) return undefined;
      const recusal = quorum.recused.find((r) => r.personId === personId);
      if (recusal) return { code: "error.recused", params: { reason: recusal.reason } };
      const excluded = quorum.excluded.find((x) => x.personId === personId);
      if (excluded?.reason === "substituteForEligibleMember") return { code: "error.substituteNotNeeded" };
      if (presence(personId) === "left") return { code: "error.leftMeeting" };
      return { code: "error.notEligible" };
    },
    refusalToState(personId) {
      const where = presence(personId);
      if (where === "present") return standing.refusalFor(personId);
      // Teams' leave event (or the person's own check-out) wins over a click: rejoin or check in first.
      if (where === "left") return quorum.recused.some((r) => r.personId === personId) ? standing.refusalFor(personId) : { code: "error.leftMeeting" };
      return standing.asPresent(personId, new Date(0).toISOString()).refusalFor(personId);
    },
    asPresent(personId, at) {
      if (presentSet(facts.attendance).has(personId)) return standing;
      const attendance = [...facts.attendance.filter((a) => a.personId !== personId), { personId, present: true, source: "checkin" as const, at }];
      return caseStanding(roster, theCase, { ...facts, attendance }, minimum, policy);
    },
    leftWithPosition() {
      const recused = new Set(quorum.recused.map((r) => r.personId));
      const latest = new Map<string, PositionMark>();
      for (const p of casePositions) {
        if (!isPosition(p.position)) continue;
        const prev = latest.get(p.personId);
        if (!prev || Date.parse(p.at) >= Date.parse(prev.at)) latest.set(p.personId, p);
      }
      return roster.people
        .filter((p) => latest.has(p.id) && !quorum.eligible.includes(p.id) && !recused.has(p.id) && presence(p.id) === "left")
        .map((p) => ({ personId: p.id, position: latest.get(p.id)!.position }));
    },
    decision() {
      const r = canConclude({ eligible: quorum.eligible, minimum, positions: casePositions, caseId: theCase.id });
      if (!r.ok) {
        // The domain names people by roster id; the chair reads their names.
        const people = r.reason.people?.map((p) => ({ ...p, name: nameOf(p.personId) }));
        return { ok: false, reason: { ...r.reason, ...(people ? { people } : {}) } };
      }
      return r.value === "granted" || r.value === "rejected" ? r : fail("consensus.deferAgreed");
    },
  };
  return standing;
}

/** Later-timestamped facts win; equal timestamps keep the stored one (a retried delivery changes nothing). */
export function isNewer(candidate: { at: string }, current: { at: string } | undefined): boolean {
  return !current || Date.parse(candidate.at) > Date.parse(current.at);
}

/** Present people: the latest mark per person says present. */
export const presentIds = (attendance: readonly AttendanceMark[]): Set<string> => presentSet(attendance);
