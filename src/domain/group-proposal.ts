import { workingDaysBetween } from "./calendar.js";
import type { Ground, Outcome } from "./case.js";
import type { Finding } from "./decision-record.js";
import { containsNationalId } from "./fodselsnummer.js";
import type { ReasonCode } from "./reason-codes.js";
import { fail, ok, type Result } from "./result.js";

/**
 * Group-level proposals (issue 15; 000 §3, §5.1, §6.4, DOMAIN.md rule 8): the
 * committee never decides for a group, but may propose to Nye metoder that a
 * subgroup be assessed — typically after granting on økt nytte. A proposal has
 * its text (which subgroup, which marker), a status that moves forward only,
 * and one reminder while it waits to be sent.
 */

export const PROPOSAL_STATUSES = ["toSend", "sentToNyeMetoder", "answered"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const PROPOSAL_TEXT_MAX = 1000;
export const DEFAULT_PROPOSAL_REMINDER_WORKING_DAYS = 10;

export interface GroupProposal {
  readonly caseId: string;
  readonly caseCode: string;
  readonly nyeMetoderId: string;
  readonly methodName: string;
  readonly text: string;
  readonly status: ProposalStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Each status with when and by whom (roster id). */
  readonly history: readonly { readonly status: ProposalStatus; readonly at: string; readonly by: string }[];
  /** The one reminder while it waited to be sent. */
  readonly remindedAt?: string;
}

/** A grant on økt nytte (the ground found met) is where a group-level proposal is worth considering (000 §6.4). */
export function suggestsGroupProposal(record: { outcome: Outcome; grounds: readonly { ground: Ground; finding: Finding }[] }): boolean {
  return record.outcome === "granted" && record.grounds.some((g) => g.ground === "increasedBenefit" && g.finding === "met");
}

/** The proposal's text: required, bounded, no national id. */
export function checkProposalText(text: string): Result<string, ReasonCode> {
  const trimmed = text.trim();
  if (trimmed.length === 0) return fail("proposal.textRequired");
  if (trimmed.length > PROPOSAL_TEXT_MAX) return fail("text.tooLong", { max: PROPOSAL_TEXT_MAX });
  if (containsNationalId(trimmed)) return fail("privacy.nationalIdInText", { field: "proposalText" });
  return ok(trimmed);
}

/** Moves the status forward (the same status again changes nothing); never back. */
export function moveProposal(p: GroupProposal, to: ProposalStatus, by: string, at: string): Result<GroupProposal, ReasonCode> {
  const from = PROPOSAL_STATUSES.indexOf(p.status);
  const next = PROPOSAL_STATUSES.indexOf(to);
  if (next === from) return ok(p);
  if (next < from) return fail("proposal.statusBackwards");
  return ok({ ...p, status: to, history: [...p.history, { status: to, at, by }] });
}

/** Still to be sent after N working days, and not yet reminded: remind the coordinator once. */
export function proposalReminderDue(p: GroupProposal, now: string, workingDays: number): boolean {
  return p.status === "toSend" && !p.remindedAt && workingDaysBetween(p.createdAt, now) >= workingDays;
}

/** The register: proposals counted by status. */
export function proposalsByStatus(proposals: readonly Pick<GroupProposal, "status">[]): Record<ProposalStatus, number> {
  const out = Object.fromEntries(PROPOSAL_STATUSES.map((s) => [s, 0])) as Record<ProposalStatus, number>;
  for (const p of proposals) out[p.status]++;
  return out;
}
