import { DateTime } from "luxon";
import { inOslo, OSLO, workingDaysBetween } from "./calendar.js";
import type { Ground } from "./case.js";
import { containsNationalId } from "./fodselsnummer.js";
import type { ReasonCode } from "./reason-codes.js";
import { fail, ok, type Result } from "./result.js";

/**
 * The follow-up of a grant (issue 15; 003, the conditions for temporary
 * introduction): granted access has start and stop criteria, and the HF
 * reports on it at a review date. The conditions are structured on the
 * record; on the review date the HF's decision recipients get one card with
 * four one-click questions (the source warns against extra registration work
 * for clinicians). Not answered: one reminder after N working days, overdue
 * after N more. Pure rules; the use cases are in src/app/coordinator/follow-up.ts.
 */

/** Why a started treatment was stopped. */
export const STOP_REASONS = ["stopCriteria", "sideEffects", "patientWish", "death", "other"] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** Whether the effect is as expected. */
export const EFFECTS = ["asExpected", "notAsExpected", "tooEarly"] as const;
export type Effect = (typeof EFFECTS)[number];

export const FOLLOW_UP_TEXT_MAX = 1000;
export const FOLLOW_UP_COMMENT_MAX = 1000;
export const DEFAULT_FOLLOW_UP_MONTHS = 6;
export const DEFAULT_FOLLOW_UP_REMINDER_WORKING_DAYS = 5;

/** The structured conditions of a grant: what starts it, what stops it, what the HF reports and when, and who. */
export interface FollowUpPlan {
  readonly startCriteria: string;
  readonly stopCriteria: string;
  /** What the HF reports at the review date. */
  readonly reporting: string;
  /** ISO date. */
  readonly reviewDate: string;
  /** The HF responsible for the follow-up (the applying HF by default). */
  readonly responsibleHfId: string;
}

/** The HF's answer on the follow-up card. */
export interface FollowUpAnswer {
  readonly started: boolean;
  /** When started: is the treatment continuing? */
  readonly continuing?: boolean;
  /** When started and not continuing: why it stopped. */
  readonly stopReason?: StopReason;
  /** When started: is the effect as expected? */
  readonly effect?: Effect;
  readonly comment?: string;
  readonly by: string;
  readonly at: string;
}

/** One granted case's follow-up: the plan, and what happened (each step once). */
export interface FollowUp {
  readonly caseId: string;
  readonly caseCode: string;
  /** The confirmed record version the plan is from. */
  readonly recordId: string;
  readonly nyeMetoderId: string;
  readonly methodName: string;
  readonly decidedOn: string;
  /** Grounds found met (for the register, never free text). */
  readonly groundsMet: readonly Ground[];
  readonly plan: FollowUpPlan;
  /** The card sent to the HF (the review date reached), and to whom (roster ids), and whether anyone got it. */
  readonly sentAt?: string;
  readonly sentTo?: readonly string[];
  readonly delivered?: boolean;
  readonly remindedAt?: string;
  readonly overdueAt?: string;
  readonly answer?: FollowUpAnswer;
  /** A run that claimed the next step (so two instances do not both send it). */
  readonly claimedBy?: string;
  readonly claimedAt?: string;
}

export type FollowUpStage = "scheduled" | "due" | "reminded" | "overdue" | "answered";

/** The review date by default: `months` after the decision (Oslo date). */
export function defaultReviewDate(decidedOn: string, months: number): string {
  return inOslo(decidedOn).plus({ months }).toISODate()!;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A plan as the coordinator wrote it: texts without a national id, a real review date after the decision. */
export function checkPlan(plan: FollowUpPlan, decidedOn: string): Result<FollowUpPlan, ReasonCode> {
  const texts: [string, string][] = [
    ["followUp.startCriteria", plan.startCriteria],
    ["followUp.stopCriteria", plan.stopCriteria],
    ["followUp.reporting", plan.reporting],
  ];
  for (const [field, text] of texts) {
    if (containsNationalId(text)) return fail("privacy.nationalIdInText", { field });
    if (text.length > FOLLOW_UP_TEXT_MAX) return fail("text.tooLong", { max: FOLLOW_UP_TEXT_MAX });
  }
  if (!ISO_DATE.test(plan.reviewDate) || !DateTime.fromISO(plan.reviewDate, { zone: OSLO }).isValid) return fail("followUp.reviewDateInvalid");
  if (plan.reviewDate <= decidedOn.slice(0, 10)) return fail("followUp.reviewDateNotAfterDecision");
  return ok({ ...plan, startCriteria: plan.startCriteria.trim(), stopCriteria: plan.stopCriteria.trim(), reporting: plan.reporting.trim() });
}

/** The four questions as the card submits them ("" for a question left open). */
export interface AnswerInput {
  started: "yes" | "no" | "";
  continuing: "yes" | "no" | "";
  stopReason: StopReason | "";
  effect: Effect | "";
  comment: string;
}

/** One consistent answer, or why not: the questions follow from each other. */
export function checkAnswer(input: AnswerInput, by: string, at: string): Result<FollowUpAnswer, ReasonCode> {
  const comment = input.comment.trim();
  if (containsNationalId(comment)) return fail("privacy.nationalIdInText", { field: "comment" });
  if (comment.length > FOLLOW_UP_COMMENT_MAX) return fail("text.tooLong", { max: FOLLOW_UP_COMMENT_MAX });
  const extra = comment ? { comment } : {};
  if (input.started === "") return fail("followUp.startedRequired");
  if (input.started === "no") {
    if (input.continuing !== "" || input.stopReason !== "" || input.effect !== "") return fail("followUp.notStartedNoMore");
    return ok({ started: false, ...extra, by, at });
  }
  if (input.continuing === "") return fail("followUp.continuingRequired");
  if (input.continuing === "no" && input.stopReason === "") return fail("followUp.stopReasonRequired");
  if (input.continuing === "yes" && input.stopReason !== "") return fail("followUp.stopReasonWhileContinuing");
  if (input.effect === "") return fail("followUp.effectRequired");
  return ok({
    started: true,
    continuing: input.continuing === "yes",
    ...(input.stopReason !== "" ? { stopReason: input.stopReason } : {}),
    effect: input.effect,
    ...extra,
    by,
    at,
  });
}

/** Where a follow-up stands on a day (ISO instant or date). */
export function followUpStage(f: FollowUp, now: string): FollowUpStage {
  if (f.answer) return "answered";
  if (f.overdueAt) return "overdue";
  if (f.remindedAt) return "reminded";
  if (f.sentAt || f.plan.reviewDate <= inOslo(now).toISODate()!) return "due";
  return "scheduled";
}

/** What a timer run should do next for a follow-up, if anything: send the card, remind, or mark it overdue. */
export function nextFollowUpStep(f: FollowUp, now: string, reminderWorkingDays: number): "send" | "remind" | "overdue" | undefined {
  if (f.answer) return undefined;
  if (!f.sentAt) return f.plan.reviewDate <= inOslo(now).toISODate()! ? "send" : undefined;
  if (!f.remindedAt) return workingDaysBetween(f.sentAt, now) >= reminderWorkingDays ? "remind" : undefined;
  if (!f.overdueAt) return workingDaysBetween(f.remindedAt, now) >= reminderWorkingDays ? "overdue" : undefined;
  return undefined;
}

/** The register's figures for one method: how the grants on it went, from the answered follow-ups. */
export interface FollowUpOutcomes {
  nyeMetoderId: string;
  methodName: string;
  /** Grants with a follow-up. */
  followUps: number;
  answered: number;
  notStarted: number;
  continuing: number;
  stopped: Record<StopReason, number>;
  effect: Record<Effect, number>;
  /** Not answered and past the reminder. */
  overdue: number;
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Follow-up outcomes per method (Nye metoder id), sorted by id: counts only, never a comment. */
export function followUpOutcomesByMethod(followUps: readonly FollowUp[]): FollowUpOutcomes[] {
  const by = new Map<string, FollowUpOutcomes>();
  for (const f of followUps) {
    const o = by.get(f.nyeMetoderId) ?? {
      nyeMetoderId: f.nyeMetoderId,
      methodName: f.methodName,
      followUps: 0,
      answered: 0,
      notStarted: 0,
      continuing: 0,
      stopped: zeros(STOP_REASONS),
      effect: zeros(EFFECTS),
      overdue: 0,
    };
    o.followUps++;
    const a = f.answer;
    if (!a) {
      if (f.overdueAt) o.overdue++;
    } else {
      o.answered++;
      if (!a.started) o.notStarted++;
      else {
        if (a.continuing) o.continuing++;
        if (a.stopReason) o.stopped[a.stopReason]++;
        if (a.effect) o.effect[a.effect]++;
      }
    }
    by.set(f.nyeMetoderId, o);
  }
  return [...by.values()].sort((a, b) => a.nyeMetoderId.localeCompare(b.nyeMetoderId));
}
