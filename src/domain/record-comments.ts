/**
 * The members' comment window (issue 14, optional; RECORD_COMMENT_WINDOW_HOURS,
 * default 0 = off): after the coordinator confirms a record, the members who
 * took part may comment once each, within the window; the chair approves when
 * the window has closed or everyone who took part has commented.
 */
import type { DecisionRecord } from "./decision-record.js";
import { checkReason } from "./free-text.js";
import type { ReasonCode } from "./reason-codes.js";
import { fail, ok, type Result } from "./result.js";

/** The longest window the setting allows: a week. */
export const MAX_COMMENT_WINDOW_HOURS = 168;

/** One member's comment on a confirmed record version (empty: they read it and have nothing to add). */
export interface MemberComment {
  readonly caseId: string;
  readonly recordId: string;
  readonly personId: string;
  readonly comment: string;
  readonly at: string;
}

/** When the window of a confirmed record closes; undefined when the window is off or the record is not confirmed. */
export function commentWindowCloses(record: Pick<DecisionRecord, "confirmedAt">, hours: number): string | undefined {
  if (hours <= 0 || !record.confirmedAt) return undefined;
  return new Date(Date.parse(record.confirmedAt) + hours * 3_600_000).toISOString();
}

/** A participant's comment, checked: theirs to give, the window open, plain text without a national id (may be empty). */
export function checkComment(
  record: DecisionRecord,
  input: { personId: string; comment: string; at: string; hours: number; earlier: readonly MemberComment[] },
): Result<MemberComment, ReasonCode> {
  if (!record.participants.some((p) => p.personId === input.personId)) return fail("record.notParticipant");
  const closes = commentWindowCloses(record, input.hours);
  if (record.status !== "confirmed" || record.approvedAt || !closes) return fail("record.commentWindowClosed");
  if (Date.parse(input.at) >= Date.parse(closes)) return fail("record.commentWindowClosed");
  if (input.earlier.some((c) => c.personId === input.personId && c.recordId === record.id)) return fail("record.alreadyCommented");
  const text = input.comment.trim();
  if (text.length > 0) {
    const checked = checkReason(text);
    if (!checked.ok) return checked;
  }
  return ok({ caseId: record.caseId, recordId: record.id, personId: input.personId, comment: text, at: input.at });
}

/** Whether the chair may approve now: the window off, closed, or everyone who took part has commented. */
export function approvalAllowed(record: DecisionRecord, comments: readonly MemberComment[], hours: number, at: string): Result<true, ReasonCode> {
  const closes = commentWindowCloses(record, hours);
  if (!closes || Date.parse(at) >= Date.parse(closes)) return ok(true);
  const commented = new Set(comments.filter((c) => c.recordId === record.id).map((c) => c.personId));
  const waiting = record.participants.filter((p) => !commented.has(p.personId)).length;
  return waiting === 0 ? ok(true) : fail("record.commentWindowOpen", { until: closes, count: waiting });
}
