/**
 * Issue 14, sign-off: after the coordinator confirms a record, the chair
 * approves it (*Godkjenn*) or asks for a change (*Be om endring*, with a
 * comment) before it can be routed. A change request sends the record back
 * to a draft for the coordinator. A correction after routing (version 2) goes
 * through the same sign-off. Every step is audited (ids and codes only).
 */
import { approve, requestChange, type DecisionRecord } from "../../domain/decision-record.js";
import { approvalAllowed, checkComment, commentWindowCloses } from "../../domain/record-comments.js";
import { fail, ok } from "../../domain/result.js";
import { audit } from "../audit.js";
import { isChair, type Actor, type Op } from "../context.js";
import { type RecipientDelivery, type Told } from "../delivery.js";
import { sendOrKeep, tellCoordinators } from "../kept-notices.js";
import type { ApprovalReview } from "../notifier.js";
import type { AppResult } from "../reason-codes.js";
import type { AppServices } from "../services.js";
import { scheduleFollowUp } from "./follow-up.js";

/** The members' comment window as the chair's card shows it: the comments so far, and when it closes while open. */
export async function approvalReview(svc: AppServices, record: DecisionRecord, at: string): Promise<ApprovalReview | undefined> {
  const hours = svc.settings.recordCommentWindowHours ?? 0;
  const closes = commentWindowCloses(record, hours);
  if (!closes) return undefined;
  const comments = (await svc.records.comments(record.caseId, record.id)).map((c) => ({ personId: c.personId, comment: c.comment }));
  return { comments, ...(Date.parse(at) < Date.parse(closes) ? { until: closes } : {}) };
}

/**
 * Issue 14, the members' comment window (when RECORD_COMMENT_WINDOW_HOURS is on): each member who took part
 * gets a 1:1 card to comment, once, until the window closes; kept for those Teams cannot reach now.
 */
async function askMembersToComment(svc: AppServices, record: DecisionRecord, at: string): Promise<void> {
  const until = commentWindowCloses(record, svc.settings.recordCommentWindowHours ?? 0);
  if (!until) return;
  for (const p of record.participants) {
    await sendOrKeep(svc, {
      to: p.personId,
      notice: { kind: "commentAsked", caseId: record.caseId, recordId: record.id },
      at,
      send: () => svc.notifier.commentAsked(p.personId, record, until),
    });
  }
}

/** A member who took part comments on a confirmed record (once, within the window; plain text, no national id). The chair sees it. */
export async function commentOnRecord(
  svc: AppServices,
  input: { caseId: string; recordId: string; comment: string; actor: Actor; op: Op },
): Promise<AppResult<{ record: DecisionRecord }>> {
  const record = await svc.records.get(input.caseId, input.recordId);
  if (!record) return fail("record.notFound", { id: input.recordId });
  const earlier = await svc.records.comments(input.caseId, input.recordId);
  const checked = checkComment(record, {
    personId: input.actor.person.id,
    comment: input.comment,
    at: input.op.at,
    hours: svc.settings.recordCommentWindowHours ?? 0,
    earlier,
  });
  if (!checked.ok) return checked;
  if (!(await svc.records.addComment(checked.value))) return fail("record.alreadyCommented");
  // The comment is free text: the audit says only that one was given.
  await audit(svc.audit, { op: input.op, doer: input.actor, action: "record.commented", caseId: input.caseId, after: `${record.id} commented` });
  // The chair's card with the comments so far.
  const review = await approvalReview(svc, record, input.op.at);
  for (const chair of svc.roster.people.filter((p) => p.role === "chair")) {
    await sendOrKeep(svc, {
      to: chair.id,
      notice: { kind: "approvalAsked", caseId: record.caseId, recordId: record.id },
      at: input.op.at,
      send: () => svc.notifier.approvalAsked(chair.id, record, review),
    });
  }
  return ok({ record });
}

/** Shows the chair(s) a confirmed record to approve; kept for a chair Teams cannot reach now. */
export async function askChairApproval(svc: AppServices, record: DecisionRecord, at: string): Promise<RecipientDelivery[]> {
  await askMembersToComment(svc, record, at);
  const chairs = svc.roster.people.filter((p) => p.role === "chair");
  const out: RecipientDelivery[] = [];
  for (const chair of chairs) {
    const delivery = await sendOrKeep(svc, {
      to: chair.id,
      notice: { kind: "approvalAsked", caseId: record.caseId, recordId: record.id },
      at,
      send: () => svc.notifier.approvalAsked(chair.id, record),
    });
    out.push({ personId: chair.id, delivery });
  }
  return out;
}

export interface SignedOff {
  record: DecisionRecord;
  /** True when this click found it done already (a retry): nothing new was written or sent. */
  duplicate: boolean;
  told?: Told;
}

/** The chair approves a confirmed record: it may now be routed. The coordinator(s) are told. */
export async function approveRecord(svc: AppServices, input: { caseId: string; recordId: string; actor: Actor; op: Op }): Promise<AppResult<SignedOff>> {
  if (!isChair(input.actor)) return fail("error.notChair");
  const current = await svc.records.get(input.caseId, input.recordId);
  if (!current) return fail("record.notFound", { id: input.recordId });
  if (current.approvedAt && current.approvedBy === input.actor.person.id) {
    await scheduleFollowUp(svc, current, input.op); // a retry after a crash between the approval and the follow-up
    return ok({ record: current, duplicate: true });
  }
  const latest = (await svc.records.versions(input.caseId)).at(-1);
  if (latest && latest.id !== current.id) return fail("record.notLatest", { id: current.id, latest: latest.id });
  // Issue 14: while the members' comment window is open and someone who took part has not commented, the approval waits.
  const hours = svc.settings.recordCommentWindowHours ?? 0;
  if (hours > 0 && current.status === "confirmed" && !current.approvedAt) {
    const allowed = approvalAllowed(current, await svc.records.comments(input.caseId, input.recordId), hours, input.op.at);
    if (!allowed.ok) return allowed;
  }
  let outcome = fail("record.notFound", { id: input.recordId }) as AppResult<DecisionRecord>;
  await svc.records.change(input.caseId, input.recordId, (r) => {
    outcome = approve(r, input.actor.person.id, input.op.at);
    return outcome.ok ? outcome.value : undefined;
  });
  if (!outcome.ok) return outcome;
  const record = outcome.value;
  await audit(svc.audit, {
    op: input.op,
    doer: input.actor,
    action: "record.approved",
    caseId: input.caseId,
    before: "confirmed",
    after: `${record.id} approved`,
  });
  // Issue 15: an approved grant gets its follow-up (once; a correction's approval updates the plan not yet sent).
  await scheduleFollowUp(svc, record, input.op);
  const told = await tellCoordinators(svc, { kind: "signOff", caseId: record.caseId, recordId: record.id, event: "approved" }, input.op.at, (to) =>
    svc.notifier.signedOff(to, record, "approved"),
  );
  return ok({ record, duplicate: false, told });
}

/** The chair asks for a change, with a comment (required, no national id): back to a draft for the coordinator, who is told. */
export async function requestRecordChange(
  svc: AppServices,
  input: { caseId: string; recordId: string; comment: string; actor: Actor; op: Op },
): Promise<AppResult<SignedOff>> {
  if (!isChair(input.actor)) return fail("error.notChair");
  const current = await svc.records.get(input.caseId, input.recordId);
  if (!current) return fail("record.notFound", { id: input.recordId });
  const last = current.changeRequests?.at(-1);
  if (current.status === "draft" && last && last.by === input.actor.person.id && last.comment === input.comment.trim())
    return ok({ record: current, duplicate: true });
  let outcome = fail("record.notFound", { id: input.recordId }) as AppResult<DecisionRecord>;
  await svc.records.change(input.caseId, input.recordId, (r) => {
    outcome = requestChange(r, input.actor.person.id, input.op.at, input.comment);
    return outcome.ok ? outcome.value : undefined;
  });
  if (!outcome.ok) return outcome;
  const record = outcome.value;
  // The comment is free text: the audit says only that a change was asked for.
  await audit(svc.audit, {
    op: input.op,
    doer: input.actor,
    action: "record.changeRequested",
    caseId: input.caseId,
    before: "confirmed",
    after: `${record.id} draft`,
  });
  const told = await tellCoordinators(svc, { kind: "signOff", caseId: record.caseId, recordId: record.id, event: "changeRequested" }, input.op.at, (to) =>
    svc.notifier.signedOff(to, record, "changeRequested"),
  );
  return ok({ record, duplicate: false, told });
}
