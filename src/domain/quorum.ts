import type { Case } from "./case.js";
import type { AttendanceMark, DeclaredConflict } from "./meeting.js";
import { DEFAULT_RECUSAL_POLICY, recusalsForCase, type Recusal, type RecusalPolicy } from "./recusal.js";
import type { Person, Roster } from "./roster.js";

/**
 * Who counts for one case (beslutningsdyktighet, 000 §6.2, §6.3): at least
 * `minimum` (4) decision-competent members present and not recused. Only
 * members and substitutes count; a substitute (vara) counts only in place of
 * their own member when that member is absent or recused, never beside them.
 */
export const DEFAULT_QUORUM_MINIMUM = 4;

export type ExclusionReason =
  | "chair" // leder: runs the meeting, no decision authority
  | "observer" // DMP / sekretariatet: bisitter
  | "coordinator"
  | "expert" // ekstern fagekspert: presentation only
  | "hfContact"
  | "absent"
  | "recused" // inhabil
  | "substituteNotNeeded" // vara not present, and not needed: the member takes part (or another vara already stands in)
  | "substituteForEligibleMember" // vara present, but their member takes part
  | "substituteWithoutMember"; // vara whose substituteFor names no member (a roster breach)

export interface Exclusion {
  personId: string;
  reason: ExclusionReason;
}

export interface QuorumInput {
  roster: Roster;
  case: Case;
  /** Who is present: a set of roster ids, or attendance marks (the latest mark per person wins). */
  present: ReadonlySet<string> | readonly AttendanceMark[];
  conflicts?: readonly DeclaredConflict[];
  minimum?: number;
  /** The recusal policy beyond the source's own-HF rule (default: catchment-area HF recused too). */
  policy?: RecusalPolicy;
}

export interface QuorumResult {
  quorate: boolean; // beslutningsdyktig
  eligible: string[]; // roster ids of those who take part in the decision, roster order
  standIns: Record<string, string>; // substitute id → the member they stand in for
  excluded: Exclusion[];
  recused: Recusal[];
  needed: number; // how many more eligible participants are needed (0 when quorate)
  minimum: number;
}

export function presentSet(present: QuorumInput["present"]): Set<string> {
  if (!Array.isArray(present)) return new Set(present as ReadonlySet<string>);
  const latest = new Map<string, AttendanceMark>();
  for (const mark of present as readonly AttendanceMark[]) {
    const prev = latest.get(mark.personId);
    if (!prev || Date.parse(mark.at) >= Date.parse(prev.at)) latest.set(mark.personId, mark);
  }
  return new Set([...latest.values()].filter((m) => m.present).map((m) => m.personId));
}

export function eligibleForCase(input: QuorumInput): QuorumResult {
  const { roster } = input;
  const minimum = input.minimum ?? DEFAULT_QUORUM_MINIMUM;
  const present = presentSet(input.present);
  const recused = recusalsForCase({ roster, case: input.case, conflicts: input.conflicts ?? [], policy: input.policy ?? DEFAULT_RECUSAL_POLICY });
  const recusedIds = new Set(recused.map((r) => r.personId));

  const eligible = new Set<string>();
  const excluded: Exclusion[] = [];
  const members = roster.people.filter((p) => p.role === "member");

  for (const m of members) {
    if (!present.has(m.id)) excluded.push({ personId: m.id, reason: "absent" });
    else if (recusedIds.has(m.id)) excluded.push({ personId: m.id, reason: "recused" });
    else eligible.add(m.id);
  }

  const standIns: Record<string, string> = {};
  const seatTaken = new Set<string>(); // members whose seat a substitute already fills
  for (const s of roster.people.filter((p) => p.role === "substitute")) {
    const reason = substituteExclusion(s, members, present, recusedIds, eligible, seatTaken);
    if (reason) {
      excluded.push({ personId: s.id, reason });
    } else {
      eligible.add(s.id);
      standIns[s.id] = s.substituteFor!;
      seatTaken.add(s.substituteFor!);
    }
  }

  for (const p of roster.people) {
    if (p.role !== "member" && p.role !== "substitute" && present.has(p.id)) excluded.push({ personId: p.id, reason: p.role });
  }

  const ordered = roster.people.filter((p) => eligible.has(p.id)).map((p) => p.id);
  return {
    quorate: ordered.length >= minimum,
    eligible: ordered,
    standIns,
    excluded,
    recused,
    needed: Math.max(0, minimum - ordered.length),
    minimum,
  };
}

function substituteExclusion(
  s: Person,
  members: readonly Person[],
  present: ReadonlySet<string>,
  recusedIds: ReadonlySet<string>,
  eligibleMembers: ReadonlySet<string>,
  seatTaken: ReadonlySet<string>,
): ExclusionReason | undefined {
  const member = members.find((m) => m.id === s.substituteFor);
  if (!member) return "substituteWithoutMember";
  const memberTakesPart = eligibleMembers.has(member.id);
  if (!present.has(s.id)) return memberTakesPart ? "substituteNotNeeded" : "absent";
  if (memberTakesPart) return "substituteForEligibleMember";
  // The substitute is judged by their own HF: standing in for a recused member does not recuse them.
  if (recusedIds.has(s.id)) return "recused";
  if (seatTaken.has(member.id)) return "substituteNotNeeded";
  return undefined;
}

/**
 * True when it is the catchment-area recusal policy (a precaution beyond the
 * source's own-HF rule) that makes the case non-quorate: quorate without the
 * policy, not with it. The case card says so, so the committee knows which
 * rule is holding the case up.
 */
export function blockedByCatchmentPolicy(input: QuorumInput, result: QuorumResult = eligibleForCase(input)): boolean {
  const policy = input.policy ?? DEFAULT_RECUSAL_POLICY;
  if (!policy.catchmentHf || result.quorate) return false;
  return eligibleForCase({ ...input, policy: { ...policy, catchmentHf: false } }).quorate;
}

/** Who is missing when a case is short of quorum, and who could fill a seat. */
export interface QuorumShortfall {
  /** Members not present (roster ids, roster order). */
  absentMembers: string[];
  /**
   * Substitutes who could stand in: the substitute of an absent or recused
   * member, not recused themselves and not present (000 §6.2: a vara counts
   * only in place of their own member).
   */
  possibleStandIns: { substituteId: string; memberId: string }[];
}

export function quorumShortfall(roster: Roster, result: QuorumResult): QuorumShortfall {
  const reason = new Map(result.excluded.map((e) => [e.personId, e.reason]));
  const recused = new Set(result.recused.map((r) => r.personId));
  const members = roster.people.filter((p) => p.role === "member");
  const seatOpen = new Set(members.filter((m) => reason.get(m.id) === "absent" || reason.get(m.id) === "recused").map((m) => m.id));
  return {
    absentMembers: members.filter((m) => reason.get(m.id) === "absent").map((m) => m.id),
    possibleStandIns: roster.people
      // An absent substitute of an open seat is excluded as "absent" (never judged by their HF there): check recusal here.
      .filter(
        (s) => s.role === "substitute" && s.substituteFor !== undefined && seatOpen.has(s.substituteFor) && reason.get(s.id) === "absent" && !recused.has(s.id),
      )
      .map((s) => ({ substituteId: s.id, memberId: s.substituteFor! })),
  };
}
