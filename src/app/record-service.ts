/**
 * The decision record (avgjørelse, 000 §6.3) after the chair's conclusion:
 * drafted from the conclusion, edited and confirmed by the coordinator, and
 * from then on frozen. A correction is a new version that supersedes the old;
 * every version stays on file, so what the HF received can always be shown.
 *
 * Storage: container "records", pk = case id, one document per version with
 * id recordId(code, version). New versions are created with createIfAbsent;
 * only drafts are ever updated (ETag-guarded), never a confirmed document.
 */
import { z } from "zod";
import { GROUNDS, type Case } from "../domain/case.js";
import {
  confirm,
  correct,
  draftDecisionRecord,
  recordId,
  type DecisionRecord,
  type GroundAssessment,
} from "../domain/decision-record.js";
import { freeText } from "../domain/free-text.js";
import { SYSTEM_ACTOR } from "../domain/lifecycle.js";
import { DEFAULT_QUORUM_MINIMUM } from "../domain/quorum.js";
import { fail, ok, type Result } from "../domain/result.js";
import type { Actor } from "./actor.js";
import { appendAudit, auditId } from "./audit.js";
import { getCase } from "./case-store.js";
import {
  auditActor,
  isCoordinator,
  moveCase,
  problemsFrom,
  toCoordinators,
  type InputProblem,
  type OfficeServices,
  type Op,
  type RecipientDelivery,
} from "./intake.js";
import { conclusionId, type ConclusionDoc, type MeetingDoc } from "./meeting-store.js";
import type { DocumentStore } from "./ports.js";

export type RecordDoc = DecisionRecord & { type: "record" };

export type RecordResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: { code: string; params?: Record<string, string | number> }; problems?: InputProblem[] };

export async function listVersions(store: DocumentStore, caseId: string): Promise<DecisionRecord[]> {
  const docs = await store.query<RecordDoc>("records", caseId, "SELECT * FROM c WHERE c.caseId = @pk AND c.type = 'record'");
  return docs.map(stripRecord).sort((a, b) => a.version - b.version);
}

export async function getRecord(store: DocumentStore, caseId: string, id: string): Promise<DecisionRecord | undefined> {
  const found = await store.get<RecordDoc>("records", caseId, id);
  return found && found.doc.type === "record" ? stripRecord(found.doc) : undefined;
}

export async function latestRecord(store: DocumentStore, caseId: string): Promise<DecisionRecord | undefined> {
  return (await listVersions(store, caseId)).at(-1);
}

// ── drafting ────────────────────────────────────────────────────────────────

export interface Drafted {
  record: DecisionRecord;
  case: Case;
  /** True when the draft already existed (a retry): nothing new was written or sent. */
  duplicate: boolean;
  notifications: RecipientDelivery[];
}

/**
 * Drafts version 1 from the chair's conclusion (granted or rejected; a deferred
 * case gets no record). Each claimed ground starts as "not assessed" and the
 * reasoning empty: the coordinator fills them in with editDraft. Run by the
 * bot right after concludeCase (actor "system") or by the coordinator.
 */
export async function draftRecord(svc: OfficeServices, input: { caseId: string; meetingId: string; actor?: Actor | "system"; op: Op }): Promise<Result<Drafted>> {
  const actor = input.actor ?? "system";
  if (actor !== "system" && !isCoordinator(actor)) return fail("error.notCoordinator");
  const theCase = await getCase(svc.store, input.caseId);
  if (!theCase) return fail("error.caseNotFound", { caseId: input.caseId });
  const existing = await getRecord(svc.store, theCase.id, recordId(theCase.code, 1));
  if (existing) {
    // A retry: the record is there; bring the case along if an earlier run stopped before moving it.
    const moved = await moveCase(svc.store, theCase.id, "recordDrafted", actor === "system" ? SYSTEM_ACTOR : actor.person, existing.draftedAt, { from: ["granted", "rejected"] });
    return ok({ record: existing, case: moved.ok ? moved.value : theCase, duplicate: true, notifications: [] });
  }

  const conclusion = await svc.store.get<ConclusionDoc>("meetings", input.meetingId, conclusionId(input.caseId));
  if (!conclusion) return fail("record.noConclusion", { caseId: input.caseId, meetingId: input.meetingId });
  if (conclusion.doc.result === "deferred") return fail("record.notDecided");
  const meeting = await svc.store.get<MeetingDoc>("meetings", input.meetingId, input.meetingId);
  if (!meeting) return fail("error.meetingNotFound", { meetingId: input.meetingId });

  const drafted = draftDecisionRecord({
    case: theCase,
    roster: svc.roster,
    meeting: meeting.doc,
    conclusion: conclusion.doc,
    assessments: theCase.grounds.map((g) => ({ ground: g.ground, finding: "notAssessed" as const, comment: "" })),
    reasoning: "",
    groupLevelProposal: false,
    draftedBy: actor === "system" ? "system" : actor.person.id,
    at: input.op.at,
    minimum: svc.quorumMinimum ?? DEFAULT_QUORUM_MINIMUM,
  });
  if (!drafted.ok) return drafted;
  const record = drafted.value;
  const created = await svc.store.createIfAbsent<RecordDoc>("records", { ...record, type: "record" });

  const moved = await moveCase(svc.store, theCase.id, "recordDrafted", actor === "system" ? SYSTEM_ACTOR : actor.person, input.op.at, { from: ["granted", "rejected"] });
  if (!moved.ok && moved.reason.code !== "lifecycle.alreadyThere") return moved;
  if (!created) {
    const stored = await getRecord(svc.store, theCase.id, record.id);
    return ok({ record: stored ?? record, case: moved.ok ? moved.value : theCase, duplicate: true, notifications: [] });
  }
  await appendAudit(svc.store, {
    id: auditId(input.op.id, "record.drafted"),
    scope: theCase.id,
    at: input.op.at,
    actor: auditActor(actor),
    action: "record.drafted",
    caseId: theCase.id,
    meetingId: input.meetingId,
    summary: { before: theCase.status, after: `${record.id} draft` },
  });
  const sent = await toCoordinators(svc.roster, (to) => svc.notifier.recordDrafted(to, record));
  return ok({ record, case: moved.ok ? moved.value : theCase, duplicate: false, notifications: sent.deliveries });
}

// ── editing the draft ───────────────────────────────────────────────────────

const AssessmentSchema = z
  .object({
    ground: z.enum(GROUNDS),
    finding: z.enum(["met", "notMet", "notAssessed"]),
    comment: freeText(2000).default(""),
  })
  .strict();

/** What the coordinator may write in a record: wording, never the outcome (the committee's decision). */
export const RecordChangesSchema = z
  .object({
    reasoning: freeText(4000),
    assessments: z.array(AssessmentSchema).max(GROUNDS.length),
    conditions: z.array(freeText(500)).max(20),
    groupLevelProposal: z.boolean(),
  })
  .partial()
  .strict();

export type RecordEdit = z.infer<typeof RecordChangesSchema>;

/** Edits a draft (coordinator only). A confirmed version never changes: correct it instead. */
export async function editDraft(
  svc: OfficeServices,
  input: { caseId: string; recordId: string; changes: unknown; actor: Actor; op: Op },
): Promise<RecordResult<DecisionRecord>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const parsed = RecordChangesSchema.safeParse(input.changes);
  if (!parsed.success) {
    const problems = problemsFrom(parsed.error);
    return { ok: false, reason: { code: "input.invalid", params: { count: problems.length } }, problems };
  }
  const changes = parsed.data;
  let outcome: Result<DecisionRecord> = fail("record.notFound", { id: input.recordId });
  await svc.store.update<RecordDoc>("records", input.caseId, input.recordId, (current) => {
    if (!current || current.type !== "record") return undefined;
    if (current.status !== "draft") {
      outcome = fail("record.alreadyConfirmed", { id: current.id });
      return undefined;
    }
    const grounds = mergeAssessments(current.grounds, changes.assessments);
    if (!grounds.ok) {
      outcome = grounds;
      return undefined;
    }
    const next: RecordDoc = {
      ...current,
      ...(changes.reasoning !== undefined ? { reasoning: changes.reasoning } : {}),
      ...(changes.conditions !== undefined ? { conditions: changes.conditions.filter((c) => c.length > 0) } : {}),
      ...(changes.groupLevelProposal !== undefined ? { groupLevelProposal: changes.groupLevelProposal } : {}),
      grounds: grounds.value,
    };
    outcome = ok(stripRecord(next));
    return next;
  });
  if (outcome.ok) {
    await appendAudit(svc.store, {
      id: auditId(input.op.id, "record.edited"),
      scope: input.caseId,
      at: input.op.at,
      actor: auditActor(input.actor),
      action: "record.edited",
      caseId: input.caseId,
      // Which parts changed, never their text.
      summary: { after: `${input.recordId}: ${Object.keys(changes).join(",") || "nothing"}`.slice(0, 80) },
    });
  }
  return outcome;
}

// ── confirming ──────────────────────────────────────────────────────────────

/**
 * The coordinator confirms a draft: from then on it is frozen. Version 1 moves
 * the case to recordConfirmed; a confirmed correction leaves the case where it is.
 */
export async function confirmRecord(svc: OfficeServices, input: { caseId: string; recordId: string; actor: Actor; op: Op }): Promise<Result<DecisionRecord>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const latest = await latestRecord(svc.store, input.caseId);
  if (latest && latest.id !== input.recordId && latest.version > versionOf(input.recordId)) return fail("record.notLatest", { id: input.recordId, latest: latest.id });
  let outcome: Result<DecisionRecord> = fail("record.notFound", { id: input.recordId });
  let changed = false;
  await svc.store.update<RecordDoc>("records", input.caseId, input.recordId, (current) => {
    changed = false; // the mutator runs again after a lost race: only its last run counts
    if (!current || current.type !== "record") return undefined;
    if (current.status === "confirmed") {
      outcome = ok(stripRecord(current)); // a retry: already done
      return undefined;
    }
    const confirmed = confirm(stripRecord(current), input.actor.person.id, input.op.at);
    if (!confirmed.ok) {
      outcome = confirmed;
      return undefined;
    }
    outcome = ok(confirmed.value);
    changed = true;
    return { ...confirmed.value, type: "record" };
  });
  if (!outcome.ok) return outcome;
  // Version 1 takes the case to recordConfirmed; a confirmed correction finds it further on and leaves it there.
  await moveCase(svc.store, input.caseId, "recordConfirmed", input.actor.person, input.op.at, { from: ["recordDrafted"] });
  if (changed) {
    await appendAudit(svc.store, {
      id: auditId(input.op.id, "record.confirmed"),
      scope: input.caseId,
      at: input.op.at,
      actor: auditActor(input.actor),
      action: "record.confirmed",
      caseId: input.caseId,
      summary: { before: "draft", after: `${input.recordId} confirmed` },
    });
  }
  return outcome;
}

// ── correcting ──────────────────────────────────────────────────────────────

/**
 * Corrects the latest confirmed version: a new draft version that supersedes
 * it, with the reason. The old version stays as it was. The new one must be
 * confirmed (and routed) like the first.
 */
export async function correctRecord(
  svc: OfficeServices,
  input: { caseId: string; recordId: string; changes: unknown; reason: string; actor: Actor; op: Op },
): Promise<RecordResult<DecisionRecord>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const parsed = RecordChangesSchema.safeParse(input.changes);
  if (!parsed.success) {
    const problems = problemsFrom(parsed.error);
    return { ok: false, reason: { code: "input.invalid", params: { count: problems.length } }, problems };
  }
  const reason = freeText(500).safeParse(input.reason);
  if (!reason.success) {
    const problems = problemsFrom(reason.error, ["reason"]);
    return { ok: false, reason: { code: "input.invalid", params: { count: problems.length } }, problems };
  }
  const versions = await listVersions(svc.store, input.caseId);
  const base = versions.find((v) => v.id === input.recordId);
  if (!base) return fail("record.notFound", { id: input.recordId });
  const next = versions.find((v) => v.supersedes === base.id);
  if (next) return next.correctionReason === reason.data ? ok(next) : fail("record.notLatest", { id: base.id, latest: versions.at(-1)?.id ?? next.id });

  const grounds = mergeAssessments(base.grounds, parsed.data.assessments);
  if (!grounds.ok) return grounds;
  const { assessments: _a, ...rest } = parsed.data;
  const corrected = correct(base, { ...rest, grounds: grounds.value }, reason.data, input.actor.person.id, input.op.at);
  if (!corrected.ok) return corrected;
  const created = await svc.store.createIfAbsent<RecordDoc>("records", { ...corrected.value, type: "record" });
  if (!created) {
    const stored = await getRecord(svc.store, input.caseId, corrected.value.id);
    return stored && stored.supersedes === base.id ? ok(stored) : fail("record.notLatest", { id: base.id, latest: corrected.value.id });
  }
  await appendAudit(svc.store, {
    id: auditId(input.op.id, "record.corrected"),
    scope: input.caseId,
    at: input.op.at,
    actor: auditActor(input.actor),
    action: "record.corrected",
    caseId: input.caseId,
    summary: { before: base.id, after: `${corrected.value.id} draft` },
  });
  return ok(corrected.value);
}

// ── helpers ─────────────────────────────────────────────────────────────────

/** Assessments merged by ground into the record's list; a ground the application did not claim is refused. */
function mergeAssessments(current: readonly GroundAssessment[], changes: RecordEdit["assessments"]): Result<GroundAssessment[]> {
  if (!changes) return ok([...current]);
  for (const a of changes) if (!current.some((g) => g.ground === a.ground)) return fail("record.groundNotClaimed", { ground: a.ground });
  return ok(current.map((g) => {
    const a = changes.find((x) => x.ground === g.ground);
    return a ? { ground: g.ground, finding: a.finding, comment: a.comment } : g;
  }));
}

const versionOf = (id: string): number => Number(/-v(\d+)$/.exec(id)?.[1] ?? 0);

export function stripRecord(doc: RecordDoc | DecisionRecord): DecisionRecord {
  const { type: _t, ...rest } = doc as RecordDoc;
  return rest;
}
