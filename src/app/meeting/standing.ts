/**
 * A case's standing in a meeting, from the domain rules: who is recused and
 * why, who counts (quorum), where the positions stand (consensus), and what a
 * given person may do. One place, so the cards show exactly what the use
 * cases enforce.
 */
import type { Case } from "../../domain/case.js";
import { canConclude, consensus, type ConsensusResult } from "../../domain/consensus.js";
import type { AttendanceMark, DeclaredConflict, Position, PositionMark } from "../../domain/meeting.js";
import { eligibleForCase, presentSet, type QuorumResult } from "../../domain/quorum.js";
import type { Recusal } from "../../domain/recusal.js";
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
  /** Why this person may not state a position on the case, or undefined when they may. */
  refusalFor(personId: string): Reason<AppCode> | undefined;
  /** The chair's conclusion, when the rules allow one. */
  decision(): AppResult<"granted" | "rejected">;
}

export function caseStanding(roster: Roster, theCase: Case, facts: StandingFacts, minimum: number): CaseStanding {
  const conflicts = facts.conflicts.filter((c) => c.caseId === theCase.id);
  const quorum = eligibleForCase({ roster, case: theCase, present: facts.attendance, conflicts, minimum });
  const casePositions = facts.positions.filter((p) => p.caseId === theCase.id);
  const result = consensus({ eligible: quorum.eligible, minimum, positions: casePositions, caseId: theCase.id });
  const positions = new Map<string, Position>();
  for (const p of casePositions) if (quorum.eligible.includes(p.personId)) positions.set(p.personId, p.position);
  return {
    quorum,
    consensus: result,
    eligible: quorum.eligible,
    recused: quorum.recused,
    positions,
    refusalFor(personId) {
      if (quorum.eligible.includes(personId)) return undefined;
      const recusal = quorum.recused.find((r) => r.personId === personId);
      if (recusal) return { code: "error.recused", params: { reason: recusal.reason } };
      const excluded = quorum.excluded.find((x) => x.personId === personId);
      if (excluded?.reason === "substituteForEligibleMember") return { code: "error.substituteNotNeeded" };
      return { code: "error.notEligible" };
    },
    decision() {
      const r = canConclude({ eligible: quorum.eligible, minimum, positions: casePositions, caseId: theCase.id });
      if (!r.ok) return r;
      return r.value === "granted" || r.value === "rejected" ? r : fail("consensus.deferAgreed");
    },
  };
}

/** Later-timestamped facts win; equal timestamps keep the stored one (a retried delivery changes nothing). */
export function isNewer(candidate: { at: string }, current: { at: string } | undefined): boolean {
  return !current || Date.parse(candidate.at) > Date.parse(current.at);
}

/** Present people: the latest mark per person says present. */
export const presentIds = (attendance: readonly AttendanceMark[]): Set<string> => presentSet(attendance);
