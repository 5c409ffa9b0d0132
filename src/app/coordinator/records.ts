/**
 * The decision record (avgjørelse, 000 §6.3) after the chair's conclusion:
 * drafted from the conclusion, edited and confirmed by the coordinator, and
 * from then on frozen. A correction is a new version that supersedes the old;
 * every version stays on file, so what the HF received can always be shown.
 * New versions are added once (a retry finds them); only drafts are changed.
 */
import type { AppResult } from "../reason-codes.js";
import { z } from "zod";
import { GROUNDS, type Case } from "../../domain/case.js";
import {
  confirm,
  correct,
  criteriaOf,
  draftDecisionRecord,
  PRIORITY_CRITERIA,
  recordId,
  type CriteriaAssessment,
  type DecisionRecord,
  type GroundAssessment,
} from "../../domain/decision-record.js";
import { freeText } from "../../domain/free-text.js";
import type { Conclusion, Meeting } from "../../domain/meeting.js";
import { fail, ok, type Result } from "../../domain/result.js";
import { audit } from "../audit.js";
import { moveCase } from "../case-status.js";
import { isCoordinator, type Actor, type Doer, type Op } from "../context.js";
import type { RecipientDelivery, Told } from "../delivery.js";
import { tellCoordinators } from "../kept-notices.js";
import { invalidInput, problemsFrom } from "../input.js";
import type { AppServices } from "../services.js";
import { versionOf } from "./routing-state.js";
import { FOLLOW_UP_TEXT_MAX } from "../../domain/follow-up.js";
import { checkedPlan, planOf } from "./follow-up.js";
import { memberPositionsForRecord } from "./member-reasons.js";
import { askChairApproval } from "./sign-off.js";

export const latestRecord = async (svc: Pick<AppServices, "records">, caseId: string): Promise<DecisionRecord | undefined> =>
  (await svc.records.versions(caseId)).at(-1);

// ── drafting ────────────────────────────────────────────────────────────────

/**
 * Version 1 of the record from the chair's conclusion: each claimed ground
 * "not assessed" and the reasoning empty, for the coordinator to fill in.
 */
export function firstDraft(
  svc: Pick<AppServices, "roster" | "settings">,
  input: { case: Case; meeting: Meeting; conclusion: Conclusion; doer: Doer; at: string },
): AppResult<DecisionRecord> {
  const drafted = draftDecisionRecord({
    case: input.case,
    roster: svc.roster,
    meeting: input.meeting,
    conclusion: input.conclusion,
    assessments: input.case.grounds.map((g) => ({ ground: g.ground, finding: "notAssessed" as const, comment: "" })),
    reasoning: "",
    groupLevelProposal: false,
    draftedBy: input.doer === "system" || input.doer === "portal" ? "system" : input.doer.person.id,
    at: input.at,
    minimum: svc.settings.quorumMinimum,
  });
  // Issue 15: a grant's draft carries its follow-up plan from the start (the defaults: the applying HF, FOLLOW_UP_MONTHS ahead).
  return drafted.ok && drafted.value.outcome === "granted" ? ok({ ...drafted.value, followUp: planOf(svc, drafted.value) }) : drafted;
}

export interface Drafted {
  record: DecisionRecord;
  case: Case;
  /** True when the draft already existed (a retry): nothing new was written or sent. */
  duplicate: boolean;
  notifications: RecipientDelivery[];
}

/**
 * Drafts version 1 for a decided case whose record is missing (the process
 * stopped right after the conclusion; the timer's recovery), or on the
 * coordinator's request. A deferred case gets no record.
 */
export async function draftRecord(
  svc: AppServices,
  input: { caseId: string; meetingId: string; actor?: Actor | "system"; op: Op },
): Promise<AppResult<Drafted>> {
  const doer = input.actor ?? "system";
  if (doer !== "system" && !isCoordinator(doer)) return fail("error.notCoordinator");
  const theCase = await svc.cases.byCode(input.caseId);
  if (!theCase) return fail("error.caseNotFound", { caseId: input.caseId });
  const existing = await svc.records.get(theCase.id, recordId(theCase.code, 1));
  if (existing) {
    // A retry: the record is there; bring the case along if an earlier run stopped before moving it.
    const moved = await moveCase(svc.cases, theCase.id, "recordDrafted", doer, existing.draftedAt, { from: ["granted", "rejected"] });
    return ok({ record: existing, case: moved.ok ? moved.value : theCase, duplicate: true, notifications: [] });
  }
  const [conclusion, meeting] = await Promise.all([svc.meetings.conclusion(input.meetingId, input.caseId), svc.meetings.get(input.meetingId)]);
  if (!conclusion) return fail("record.noConclusion", { caseId: input.caseId, meetingId: input.meetingId });
  if (conclusion.result === "deferred") return fail("record.notDecided");
  if (!meeting) return fail("error.meetingNotFound", { meetingId: input.meetingId });
  const drafted = firstDraft(svc, { case: theCase, meeting, conclusion, doer, at: input.op.at });
  if (!drafted.ok) return drafted;
  const record = drafted.value;
  const [created, moved] = await Promise.all([
    svc.records.add(record),
    moveCase(svc.cases, theCase.id, "recordDrafted", doer, input.op.at, { from: ["granted", "rejected"] }),
  ]);
  if (!moved.ok && moved.reason.code !== "lifecycle.alreadyThere") return moved;
  if (!created) {
    const stored = await svc.records.get(theCase.id, record.id);
    return ok({ record: stored ?? record, case: moved.ok ? moved.value : theCase, duplicate: true, notifications: [] });
  }
  await audit(svc.audit, {
    op: input.op,
    doer,
    action: "record.drafted",
    caseId: theCase.id,
    meetingId: input.meetingId,
    before: theCase.status,
    after: `${record.id} draft`,
  });
  return ok({ record, case: moved.ok ? moved.value : theCase, duplicate: false, notifications: (await announceDraft(svc, record)).deliveries });
}

/**
 * Shows the coordinator(s) a new draft to edit and confirm. A coordinator
 * Teams cannot reach now finds it waiting the next time they open the chat
 * with the bot (kept: true); whoever concluded can then be told so.
 */
export async function announceDraft(svc: AppServices, record: DecisionRecord): Promise<Told> {
  // The coordinator who drafts sees each member's position and reason beside the draft (issue 14).
  const positions = await memberPositionsForRecord(svc, record, { role: "coordinator" });
  return tellCoordinators(svc, { kind: "recordDrafted", caseId: record.caseId, recordId: record.id }, record.draftedAt, (to) =>
    svc.notifier.recordDrafted(to, record, positions),
  );
}

// ── editing the draft ───────────────────────────────────────────────────────

const AssessmentSchema = z
  .object({
    ground: z.enum(GROUNDS),
    finding: z.enum(["met", "notMet", "notAssessed"]),
    comment: freeText(2000).default(""),
  })
  .strict();

const CriterionSchema = z
  .object({
    finding: z.enum(["met", "notMet", "notAssessed"]),
    comment: freeText(2000).default(""),
  })
  .strict();

/** The committee's finding on each priority criterion (issue 14); a criterion left out keeps what it had. */
const CriteriaSchema = z.object({ benefit: CriterionSchema, severity: CriterionSchema, resourceUse: CriterionSchema }).partial().strict();

/** What the coordinator may write in a record: wording, never the outcome (the committee's decision). */
export const RecordChangesSchema = z
  .object({
    reasoning: freeText(4000),
    assessments: z.array(AssessmentSchema).max(GROUNDS.length),
    criteria: CriteriaSchema,
    conditions: z.array(freeText(500)).max(20),
    groupLevelProposal: z.boolean(),
    /** Issue 15: a grant's structured conditions. */
    followUp: z
      .object({
        startCriteria: freeText(FOLLOW_UP_TEXT_MAX).default(""),
        stopCriteria: freeText(FOLLOW_UP_TEXT_MAX).default(""),
        reporting: freeText(FOLLOW_UP_TEXT_MAX).default(""),
        reviewDate: z.string().max(10),
        responsibleHfId: z.string().max(80),
      })
      .strict(),
  })
  .partial()
  .strict();

export type RecordEdit = z.infer<typeof RecordChangesSchema>;

/** Edits a draft (coordinator only). A confirmed version never changes: correct it instead. */
export async function editDraft(
  svc: AppServices,
  input: { caseId: string; recordId: string; changes: unknown; actor: Actor; op: Op },
): Promise<AppResult<DecisionRecord>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const parsed = RecordChangesSchema.safeParse(input.changes);
  if (!parsed.success) return invalidInput(problemsFrom(parsed.error));
  const changes = parsed.data;
  let outcome: AppResult<DecisionRecord> = fail("record.notFound", { id: input.recordId });
  await svc.records.change(input.caseId, input.recordId, (current) => {
    if (current.status !== "draft") {
      outcome = fail("record.alreadyConfirmed", { id: current.id });
      return undefined;
    }
    const grounds = mergeAssessments(current.grounds, changes.assessments);
    if (!grounds.ok) {
      outcome = grounds;
      return undefined;
    }
    const plan = changes.followUp !== undefined ? checkedPlan(svc, current, changes.followUp) : undefined;
    if (plan && !plan.ok) {
      outcome = plan;
      return undefined;
    }
    const next: DecisionRecord = {
      ...current,
      ...(changes.reasoning !== undefined ? { reasoning: changes.reasoning } : {}),
      ...(changes.conditions !== undefined ? { conditions: changes.conditions.filter((c) => c.length > 0) } : {}),
      ...(changes.groupLevelProposal !== undefined ? { groupLevelProposal: changes.groupLevelProposal } : {}),
      ...(plan?.ok ? { followUp: plan.value } : {}),
      grounds: grounds.value,
      criteria: mergeCriteria(current, changes.criteria),
    };
    outcome = ok(next);
    return next;
  });
  if (outcome.ok) {
    // Which parts changed, never their text.
    await audit(svc.audit, {
      op: input.op,
      doer: input.actor,
      action: "record.edited",
      caseId: input.caseId,
      after: `${input.recordId}: ${Object.keys(changes).join(",") || "nothing"}`.slice(0, 80),
    });
  }
  return outcome;
}

// ── confirming ──────────────────────────────────────────────────────────────

/**
 * The coordinator confirms a draft: from then on it is frozen. Version 1 moves
 * the case to recordConfirmed; a confirmed correction leaves the case where it is.
 */
export async function confirmRecord(svc: AppServices, input: { caseId: string; recordId: string; actor: Actor; op: Op }): Promise<AppResult<DecisionRecord>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const latest = await latestRecord(svc, input.caseId);
  if (latest && latest.id !== input.recordId && latest.version > versionOf(input.recordId))
    return fail("record.notLatest", { id: input.recordId, latest: latest.id });
  let outcome: AppResult<DecisionRecord> = fail("record.notFound", { id: input.recordId });
  let changed = false;
  await svc.records.change(input.caseId, input.recordId, (current) => {
    changed = false; // the mutator runs again after a lost race: only its last run counts
    if (current.status === "confirmed") {
      outcome = ok(current); // a retry: already done
      return undefined;
    }
    const confirmed = confirm(current, input.actor.person.id, input.op.at);
    outcome = confirmed;
    changed = confirmed.ok;
    return confirmed.ok ? confirmed.value : undefined;
  });
  if (!outcome.ok) return outcome;
  // Version 1 takes the case to recordConfirmed; a confirmed correction finds it further on and leaves it there.
  await moveCase(svc.cases, input.caseId, "recordConfirmed", input.actor, input.op.at, { from: ["recordDrafted"] });
  if (changed) {
    await audit(svc.audit, {
      op: input.op,
      doer: input.actor,
      action: "record.confirmed",
      caseId: input.caseId,
      before: "draft",
      after: `${input.recordId} confirmed`,
    });
    // Issue 14: the chair approves before the record can be routed.
    const confirmed = (await svc.records.get(input.caseId, input.recordId))!;
    await askChairApproval(svc, confirmed, input.op.at);
  }
  return outcome;
}

/** Saves the coordinator's edits and, when they asked for it, confirms: one intention, one call. */
export async function saveRecord(
  svc: AppServices,
  input: { caseId: string; recordId: string; changes: unknown; confirm: boolean; actor: Actor; op: Op },
): Promise<AppResult<DecisionRecord>> {
  const edited = await editDraft(svc, input);
  if (!edited.ok || !input.confirm) return edited;
  return confirmRecord(svc, input);
}

// ── correcting ──────────────────────────────────────────────────────────────

/**
 * Corrects the latest confirmed version: a new draft version that supersedes
 * it, with the reason. The old version stays as it was. The new one must be
 * confirmed (and routed) like the first.
 */
export async function correctRecord(
  svc: AppServices,
  input: { caseId: string; recordId: string; changes: unknown; reason: string; actor: Actor; op: Op },
): Promise<AppResult<DecisionRecord>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const parsed = RecordChangesSchema.safeParse(input.changes);
  if (!parsed.success) return invalidInput(problemsFrom(parsed.error));
  const reason = freeText(500).safeParse(input.reason);
  if (!reason.success) return invalidInput(problemsFrom(reason.error, ["reason"]));
  const versions = await svc.records.versions(input.caseId);
  const base = versions.find((v) => v.id === input.recordId);
  if (!base) return fail("record.notFound", { id: input.recordId });
  const next = versions.find((v) => v.supersedes === base.id);
  if (next) return next.correctionReason === reason.data ? ok(next) : fail("record.notLatest", { id: base.id, latest: versions.at(-1)?.id ?? next.id });

  const grounds = mergeAssessments(base.grounds, parsed.data.assessments);
  if (!grounds.ok) return grounds;
  const plan = parsed.data.followUp !== undefined ? checkedPlan(svc, base, parsed.data.followUp) : undefined;
  if (plan && !plan.ok) return plan;
  const { assessments: _a, followUp: _f, criteria, ...changes } = parsed.data;
  const corrected = correct(
    base,
    { ...changes, ...(plan?.ok ? { followUp: plan.value } : {}), grounds: grounds.value, criteria: mergeCriteria(base, criteria) },
    reason.data,
    input.actor.person.id,
    input.op.at,
  );
  if (!corrected.ok) return corrected;
  if (!(await svc.records.add(corrected.value))) {
    const stored = await svc.records.get(input.caseId, corrected.value.id);
    return stored && stored.supersedes === base.id ? ok(stored) : fail("record.notLatest", { id: base.id, latest: corrected.value.id });
  }
  await audit(svc.audit, {
    op: input.op,
    doer: input.actor,
    action: "record.corrected",
    caseId: input.caseId,
    before: base.id,
    after: `${corrected.value.id} draft`,
  });
  return ok(corrected.value);
}

/** Assessments merged by ground into the record's list; a ground the application did not claim is refused. */
function mergeAssessments(current: readonly GroundAssessment[], changes: RecordEdit["assessments"]): AppResult<GroundAssessment[]> {
  if (!changes) return ok([...current]);
  for (const a of changes) if (!current.some((g) => g.ground === a.ground)) return fail("record.groundNotClaimed", { ground: a.ground });
  return ok(
    current.map((g) => {
      const a = changes.find((x) => x.ground === g.ground);
      return a ? { ground: g.ground, finding: a.finding, comment: a.comment } : g;
    }),
  );
}

/** Criteria merged into the record's: a criterion left out keeps its finding. */
function mergeCriteria(current: Pick<DecisionRecord, "criteria">, changes: RecordEdit["criteria"]): CriteriaAssessment {
  const base = criteriaOf(current);
  if (!changes) return base;
  const pick = (c: (typeof PRIORITY_CRITERIA)[number]) => changes[c] ?? base[c];
  return { benefit: pick("benefit"), severity: pick("severity"), resourceUse: pick("resourceUse") };
}
