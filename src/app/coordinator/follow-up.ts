/**
 * The follow-up of a grant (issue 15): when a granted case's record is
 * confirmed, its structured conditions (start and stop criteria, what the HF
 * reports, the review date, the responsible HF) become a follow-up. On the
 * review date a timer sends the responsible HF's decision recipients one card
 * with four one-click questions; unanswered, one reminder after
 * FOLLOW_UP_REMINDER_WORKING_DAYS working days, overdue after as many again.
 * Each step is a stored fact, claimed before it is sent, so retries, two
 * instances and repeated runs send nothing twice. The coordinator's overview
 * lists the follow-ups due, reminded, overdue and answered.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { DecisionRecord } from "../../domain/decision-record.js";
import {
  checkAnswer,
  checkPlan,
  defaultReviewDate,
  DEFAULT_FOLLOW_UP_MONTHS,
  DEFAULT_FOLLOW_UP_REMINDER_WORKING_DAYS,
  EFFECTS,
  followUpStage,
  nextFollowUpStep,
  STOP_REASONS,
  type FollowUp,
  type FollowUpPlan,
  type FollowUpStage,
} from "../../domain/follow-up.js";
import type { Person } from "../../domain/roster.js";
import type { ProposalStatus } from "../../domain/group-proposal.js";
import { fail, ok } from "../../domain/result.js";
import { audit } from "../audit.js";
import { isCoordinator, type Actor, type Op } from "../context.js";
import { safeSend, type RecipientDelivery } from "../delivery.js";
import { invalidInput, problemsFrom } from "../input.js";
import { decisionRecipients } from "../people.js";
import type { AppResult } from "../reason-codes.js";
import type { AppServices, Settings } from "../services.js";

/** A claimed step keeps a second run out this long (then a crashed run's claim is taken over). */
const CLAIM_TTL_MS = 2 * 60_000;

export const followUpMonths = (s: Settings): number => s.followUpMonths ?? DEFAULT_FOLLOW_UP_MONTHS;
export const followUpReminderDays = (s: Settings): number => s.followUpReminderWorkingDays ?? DEFAULT_FOLLOW_UP_REMINDER_WORKING_DAYS;

/**
 * Who receives the follow-up card for an HF: its decision recipients. The one
 * lookup the routing of decisions uses (src/app/people.ts), so a change there
 * (a list of recipients per HF) changes this too.
 */
export function followUpRecipients(svc: Pick<AppServices, "roster">, hfId: string): Person[] {
  return decisionRecipients(svc.roster, hfId);
}

/** The plan a granted record carries, or the default one (the applying HF, the review date FOLLOW_UP_MONTHS after the meeting). */
export function planOf(svc: Pick<AppServices, "settings">, record: DecisionRecord): FollowUpPlan {
  return (
    record.followUp ?? {
      startCriteria: "",
      stopCriteria: "",
      reporting: "",
      reviewDate: defaultReviewDate(record.meetingDate, followUpMonths(svc.settings)),
      responsibleHfId: record.applyingHf.id,
    }
  );
}

/**
 * After a granted record is confirmed: its follow-up, once per case. A
 * confirmed correction brings a new plan, as long as the card has not gone out.
 */
export async function scheduleFollowUp(svc: AppServices, record: DecisionRecord, op: Op): Promise<FollowUp | undefined> {
  if (record.outcome !== "granted" || record.status !== "confirmed") return undefined;
  const plan = planOf(svc, record);
  const followUp: FollowUp = {
    caseId: record.caseId,
    caseCode: record.caseCode,
    recordId: record.id,
    nyeMetoderId: record.method.nyeMetoderId,
    methodName: record.method.name,
    decidedOn: record.meetingDate,
    groundsMet: record.grounds.filter((g) => g.finding === "met").map((g) => g.ground),
    plan,
  };
  if (await svc.records.addFollowUp(followUp)) {
    await audit(svc.audit, { op, doer: "system", action: "followUp.scheduled", caseId: record.caseId, after: `${record.id} review ${plan.reviewDate}` });
    return followUp;
  }
  return svc.records.changeFollowUp(record.caseId, (current) =>
    current.sentAt || current.recordId === record.id || record.version < Number(/-v(\d+)$/.exec(current.recordId)?.[1] ?? 0)
      ? undefined
      : { ...current, recordId: record.id, plan, groundsMet: followUp.groundsMet },
  );
}

// ── the HF's answer ─────────────────────────────────────────────────────────

const choice = <T extends readonly [string, ...string[]]>(values: T) => z.union([z.literal(""), z.enum(values)]).default("");

/** What the follow-up card submits: one click per question, an optional comment. */
export const FollowUpAnswerSchema = z
  .object({
    started: choice(["yes", "no"] as const),
    continuing: choice(["yes", "no"] as const),
    stopReason: choice(STOP_REASONS),
    effect: choice(EFFECTS),
    comment: z.string().max(4000).default(""),
  })
  .strict();

/** May this person answer the follow-up: a decision recipient of the responsible HF (or a coordinator, on their behalf). */
export function mayAnswer(svc: Pick<AppServices, "roster">, f: FollowUp, actor: Actor): boolean {
  return actor.person.role === "coordinator" || followUpRecipients(svc, f.plan.responsibleHfId).some((p) => p.id === actor.person.id);
}

/** The HF answers the follow-up card: once; a second submit changes nothing. */
export async function answerFollowUp(
  svc: AppServices,
  input: { caseId: string; answer: unknown; actor: Actor; op: Op },
): Promise<AppResult<{ followUp: FollowUp; duplicate: boolean }>> {
  const current = await svc.records.followUp(input.caseId);
  if (!current) return fail("followUp.notFound", { caseId: input.caseId });
  if (!mayAnswer(svc, current, input.actor)) return fail("followUp.notRecipient", { caseId: current.caseCode });
  const parsed = FollowUpAnswerSchema.safeParse(input.answer);
  if (!parsed.success) return invalidInput(problemsFrom(parsed.error));
  const answer = checkAnswer(parsed.data, input.actor.person.id, input.op.at);
  if (!answer.ok) return answer;
  if (current.answer)
    return current.answer.at === input.op.at ? ok({ followUp: current, duplicate: true }) : fail("followUp.alreadyAnswered", { caseId: current.caseCode });
  let duplicate = false;
  const stored = await svc.records.changeFollowUp(input.caseId, (f) => {
    duplicate = f.answer !== undefined;
    return duplicate ? undefined : { ...f, answer: answer.value };
  });
  if (!stored) return fail("followUp.notFound", { caseId: input.caseId });
  if (duplicate) return fail("followUp.alreadyAnswered", { caseId: current.caseCode });
  const a = answer.value;
  await audit(svc.audit, {
    op: input.op,
    doer: input.actor,
    action: "followUp.answered",
    caseId: input.caseId,
    // Codes only, never the comment.
    after: [a.started ? "started" : "notStarted", a.continuing === undefined ? "" : a.continuing ? "continuing" : `stopped:${a.stopReason}`, a.effect ?? ""]
      .filter(Boolean)
      .join(" "),
  });
  return ok({ followUp: stored, duplicate: false });
}

// ── the timer ───────────────────────────────────────────────────────────────

export interface FollowUpRun {
  sent: string[];
  reminded: string[];
  overdue: string[];
}

/**
 * For a timer: each follow-up's next step, once. The step is claimed on the
 * stored follow-up first (so of two instances, or a retry, one sends), then
 * sent, then recorded.
 */
export async function runFollowUps(svc: AppServices, input: { now: string }): Promise<FollowUpRun> {
  const days = followUpReminderDays(svc.settings);
  const out: FollowUpRun = { sent: [], reminded: [], overdue: [] };
  for (const f of await svc.records.followUps()) {
    const step = nextFollowUpStep(f, input.now, days);
    if (!step) continue;
    const by = randomUUID();
    const claimed = await svc.records.changeFollowUp(f.caseId, (current) => {
      if (nextFollowUpStep(current, input.now, days) !== step) return undefined;
      const fresh = current.claimedAt && Date.parse(input.now) - Date.parse(current.claimedAt) < CLAIM_TTL_MS;
      if (fresh && current.claimedBy !== by) return undefined;
      return { ...current, claimedBy: by, claimedAt: input.now };
    });
    if (claimed?.claimedBy !== by) continue;
    if (step === "overdue") {
      await svc.records.changeFollowUp(f.caseId, (current) => (current.claimedBy === by ? release({ ...current, overdueAt: input.now }) : undefined));
      await audit(svc.audit, { op: { id: `followUp-overdue:${f.caseId}`, at: input.now }, doer: "system", action: "followUp.overdue", caseId: f.caseId });
      out.overdue.push(f.caseCode);
      continue;
    }
    const recipients = followUpRecipients(svc, f.plan.responsibleHfId);
    const deliveries: RecipientDelivery[] = await Promise.all(
      recipients.map(async (p) => ({
        personId: p.id,
        delivery: await safeSend(() => svc.notifier.followUp(p.id, claimed, step === "remind" ? "reminder" : "due")),
      })),
    );
    const delivered = deliveries.some((d) => d.delivery.ok);
    await svc.records.changeFollowUp(f.caseId, (current) => {
      if (current.claimedBy !== by) return undefined;
      return release(
        step === "send"
          ? { ...current, sentAt: input.now, sentTo: recipients.map((p) => p.id), delivered }
          : { ...current, remindedAt: input.now, delivered: (current.delivered ?? false) || delivered },
      );
    });
    await audit(svc.audit, {
      op: { id: `followUp-${step}:${f.caseId}`, at: input.now },
      doer: "system",
      action: step === "send" ? "followUp.sent" : "followUp.reminded",
      caseId: f.caseId,
      after: `${recipients.map((p) => p.id).join(",") || "nobody"} ${delivered ? "delivered" : "not delivered"}`.slice(0, 80),
    });
    (step === "send" ? out.sent : out.reminded).push(f.caseCode);
  }
  return out;
}

function release(f: FollowUp): FollowUp {
  const { claimedBy: _b, claimedAt: _a, ...rest } = f;
  return rest;
}

// ── the coordinator's overview ──────────────────────────────────────────────

export interface FollowUpLine {
  caseCode: string;
  methodName: string;
  nyeMetoderId: string;
  responsibleHfId: string;
  reviewDate: string;
  stage: FollowUpStage;
  /** Sent, but Teams reached none of the HF's recipients. */
  undelivered: boolean;
  answer?: FollowUp["answer"];
}

export interface FollowUpOverview {
  /** Every follow-up with where it stands, the earliest review date first. */
  followUps: FollowUpLine[];
  /** The group-level proposals, with their status and since when. */
  proposals: { caseCode: string; methodName: string; status: ProposalStatus; since: string }[];
}

/** The coordinator's overview (oppfølging): follow-ups due, reminded, overdue, answered and coming up; the proposals by status. */
export async function followUpOverview(svc: AppServices, input: { actor: Actor; now: string }): Promise<AppResult<FollowUpOverview>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const [all, proposals] = await Promise.all([svc.records.followUps(), svc.records.proposals()]);
  all.sort((a, b) => a.plan.reviewDate.localeCompare(b.plan.reviewDate) || a.caseCode.localeCompare(b.caseCode));
  return ok({
    followUps: all.map((f) => ({
      caseCode: f.caseCode,
      methodName: f.methodName,
      nyeMetoderId: f.nyeMetoderId,
      responsibleHfId: f.plan.responsibleHfId,
      reviewDate: f.plan.reviewDate,
      stage: followUpStage(f, input.now),
      undelivered: f.sentAt !== undefined && f.delivered === false,
      ...(f.answer ? { answer: f.answer } : {}),
    })),
    proposals: proposals
      .sort((a, b) => a.caseCode.localeCompare(b.caseCode))
      .map((p) => ({ caseCode: p.caseCode, methodName: p.methodName, status: p.status, since: p.history.at(-1)?.at ?? p.createdAt })),
  });
}

/** The plan as the coordinator edits it on the record card, checked against the record (granted only, a real HF, a review date after the meeting). */
export function checkedPlan(svc: Pick<AppServices, "roster">, record: DecisionRecord, plan: FollowUpPlan): AppResult<FollowUpPlan> {
  if (record.outcome !== "granted") return fail("followUp.onlyForGrants", { id: record.id });
  if (!svc.roster.hfs.some((h) => h.id === plan.responsibleHfId))
    return invalidInput([{ path: "followUpHf", code: "input.notAllowed", params: { allowed: "" } }]);
  return checkPlan(plan, record.meetingDate);
}
