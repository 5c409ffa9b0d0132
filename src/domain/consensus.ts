import { containsNationalId } from "./fodselsnummer.js";
import { isPosition, POSITIONS, type PositionMark, type Position } from "./meeting.js";
import { DEFAULT_QUORUM_MINIMUM } from "./quorum.js";
import { fail, ok, type Result } from "./result.js";
import type { ReasonCode } from "./reason-codes.js";

/**
 * Consensus (000 §6.3: "Beslutninger skal treffes ved konsensus"): a decision
 * exists only when the committee is quorate and every participating member
 * holds the same position. There is no majority rule; without consensus the
 * case is deferred (utsatt) with a reason.
 */
export type ConsensusState = "notQuorate" | "waiting" | "consensus" | "dissent";

export interface ConsensusInput {
  eligible: readonly string[]; // from eligibleForCase: those who take part
  positions: readonly PositionMark[]; // statements on this case; latest per person wins
  caseId?: string; // when given, marks for other cases are ignored
  minimum?: number;
}

export interface ConsensusResult {
  state: ConsensusState;
  position?: Position; // the shared position, when state is "consensus"
  outstanding: string[]; // participants who have not stated a position
  /** On dissent: everyone not holding the most-held position (on a tie for most-held: everyone who stated). */
  disagreeing: { personId: string; position: Position }[];
  counts: Record<Position, number>;
  ignored: string[]; // people who stated a position but do not take part (recused, vara not standing in, chair…)
}

export function consensus(input: ConsensusInput): ConsensusResult {
  const minimum = input.minimum ?? DEFAULT_QUORUM_MINIMUM;
  const eligible = new Set(input.eligible);
  const latest = new Map<string, PositionMark>();
  for (const mark of input.positions) {
    if (input.caseId !== undefined && mark.caseId !== input.caseId) continue;
    // Only a known position is a statement: an empty or unknown one (bad data) counts as not stated.
    if (!isPosition(mark.position)) continue;
    const prev = latest.get(mark.personId);
    if (!prev || Date.parse(mark.at) >= Date.parse(prev.at)) latest.set(mark.personId, mark);
  }

  const stated = input.eligible.flatMap((id) => {
    const mark = latest.get(id);
    return mark ? [{ personId: id, position: mark.position }] : [];
  });
  const counts = Object.fromEntries(POSITIONS.map((p) => [p, stated.filter((s) => s.position === p).length])) as Record<Position, number>;
  const outstanding = input.eligible.filter((id) => !latest.has(id));
  const ignored = [...latest.keys()].filter((id) => !eligible.has(id));
  const distinct = POSITIONS.filter((p) => counts[p] > 0);

  const base = { outstanding, counts, ignored, disagreeing: [] as ConsensusResult["disagreeing"] };
  if (input.eligible.length < minimum) return { ...base, state: "notQuorate" };
  // Two different positions already rule out consensus until someone changes theirs; say so early.
  if (distinct.length > 1) return { ...base, state: "dissent", disagreeing: minority(stated, counts) };
  if (outstanding.length > 0) return { ...base, state: "waiting" };
  return { ...base, state: "consensus", position: distinct[0]! };
}

function minority(stated: { personId: string; position: Position }[], counts: Record<Position, number>) {
  const top = Math.max(...POSITIONS.map((p) => counts[p]));
  const leaders = POSITIONS.filter((p) => counts[p] === top);
  return leaders.length > 1 ? stated : stated.filter((s) => s.position !== leaders[0]);
}

/**
 * May the chair conclude with a decision? Only on consensus to grant or reject.
 * Consensus to defer is not a decision: the chair must defer (canDefer).
 * A refusal names who holds the case up — who disagrees (with their position)
 * and who has not stated — so the chair can wait for them or defer the case;
 * the bot never defers by itself.
 */
export function canConclude(input: ConsensusInput): Result<"granted" | "rejected", ReasonCode> {
  const r = consensus(input);
  const minimum = input.minimum ?? DEFAULT_QUORUM_MINIMUM;
  const notStated = r.outstanding.map((personId) => ({ personId, state: "notStated" }));
  switch (r.state) {
    case "notQuorate":
      return fail("consensus.notQuorate", { eligible: input.eligible.length, minimum, needed: Math.max(0, minimum - input.eligible.length) });
    case "dissent":
      return fail("consensus.dissent", { disagreeing: r.disagreeing.length, outstanding: r.outstanding.length }, [
        ...r.disagreeing.map((d) => ({ personId: d.personId, state: d.position })),
        ...notStated,
      ]);
    case "waiting":
      return fail("consensus.outstanding", { count: r.outstanding.length }, notStated);
    case "consensus":
      if (r.position === "grant") return ok("granted");
      if (r.position === "reject") return ok("rejected");
      return fail("consensus.deferAgreed");
  }
}

/** Deferring (utsette) is always open to the chair, with a reason for the record. */
export function canDefer(reason: string): Result<{ reason: string }, ReasonCode> {
  const trimmed = reason.trim();
  if (trimmed.length === 0) return fail("consensus.deferReasonRequired");
  if (containsNationalId(trimmed)) return fail("privacy.nationalIdInText", { field: "deferReason" });
  return ok({ reason: trimmed });
}
