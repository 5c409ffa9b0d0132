import type { Case, CostInfo, Ground, MethodRef, Outcome } from "./case.js";
import { containsNationalId } from "./fodselsnummer.js";
import type { FollowUpPlan } from "./follow-up.js";
import { checkReason } from "./free-text.js";
import type { Conclusion, Meeting, Position } from "./meeting.js";
import { DEFAULT_QUORUM_MINIMUM } from "./quorum.js";
import { fail, ok, type Result } from "./result.js";
import type { ReasonCode } from "./reason-codes.js";
import type { Roster } from "./roster.js";

/**
 * The decision record (avgjørelse): "en skriftlig avgjørelse i et relativt kort
 * og standardisert format" (000 §6.3), written by the coordinator, confirmed,
 * then routed to the applying HF. Once confirmed it never changes; a correction
 * is a new version that supersedes it, so what the HF received stays on file.
 */

export type Finding = "met" | "notMet" | "notAssessed"; // oppfylt | ikke oppfylt | ikke vurdert

/** The committee's assessment of one claimed ground of clinical exceptionality. */
export interface GroundAssessment {
  readonly ground: Ground;
  readonly finding: Finding;
  readonly comment: string;
}

/** The general priority criteria a grant rests on (000 §5: nytte, alvorlighet, ressursbruk), as Case.priority names them. */
export const PRIORITY_CRITERIA = ["benefit", "severity", "resourceUse"] as const;
export type PriorityCriterion = (typeof PRIORITY_CRITERIA)[number];

/** The committee's finding on one priority criterion for this patient. */
export interface CriterionAssessment {
  readonly finding: Finding;
  readonly comment: string;
}

export type CriteriaAssessment = { readonly [K in PriorityCriterion]: CriterionAssessment };

/** Every criterion "not assessed": a first draft, and how a record stored before the criteria were kept reads. */
export const UNASSESSED_CRITERIA: CriteriaAssessment = Object.freeze({
  benefit: { finding: "notAssessed", comment: "" },
  severity: { finding: "notAssessed", comment: "" },
  resourceUse: { finding: "notAssessed", comment: "" },
});

/** A record's criteria, "not assessed" where a record stored before they were kept has none. */
export function criteriaOf(record: Pick<DecisionRecord, "criteria"> | { criteria?: Partial<CriteriaAssessment> }): CriteriaAssessment {
  const c = (record.criteria ?? {}) as Partial<CriteriaAssessment>;
  return {
    benefit: c.benefit ?? UNASSESSED_CRITERIA.benefit,
    severity: c.severity ?? UNASSESSED_CRITERIA.severity,
    resourceUse: c.resourceUse ?? UNASSESSED_CRITERIA.resourceUse,
  };
}

export interface RecordParticipant {
  readonly personId: string;
  readonly name: string;
  readonly hfName: string;
  readonly standingInFor?: string; // a substitute's member (roster id)
  readonly standingInForName?: string; // that member's name, as the record shows it
}

/** A member who stated a position and left the meeting before the conclusion: not a participant, but on the record. */
export interface RecordLeft {
  readonly personId: string;
  readonly name: string;
  readonly hfName: string;
  readonly position: Position; // the position they had stated
}

export interface RecordRecusal {
  readonly personId: string;
  readonly name: string;
  readonly hfName: string;
  readonly reason: "ownHf" | "catchmentHf" | "declared";
  readonly text?: string;
}

/** The legal status every record states (000 §7.1; DOMAIN.md rule 7). */
export const LEGAL_NOTE = {
  priorityDecision: true, // prioriteringsbeslutning
  enkeltvedtak: false, // not an individual administrative decision
  appealInNyeMetoder: false,
  complaintTo: "Statsforvalteren",
  legalBasis: "pasient- og brukerrettighetsloven § 7-2",
} as const;

export interface DecisionRecord {
  readonly id: string; // `${caseCode}-v${version}`
  readonly caseId: string;
  readonly caseCode: string;
  readonly version: number;
  readonly status: "draft" | "confirmed";
  readonly meetingId: string;
  readonly meetingDate: string;
  readonly method: MethodRef;
  readonly applyingHf: { readonly id: string; readonly name: string; readonly regionId: string; readonly regionName: string };
  readonly grounds: readonly GroundAssessment[]; // one per claimed ground, in the order claimed
  /** The committee's finding on each priority criterion (a grant needs all three assessed). */
  readonly criteria: CriteriaAssessment;
  readonly resourceUse: CostInfo; // ressursbruk, as before the committee
  readonly outcome: Outcome;
  readonly reasoning: string;
  readonly conditions: readonly string[];
  readonly groupLevelProposal: boolean; // proposes a group-level assessment in Nye metoder (000 §6.4)
  /** Issue 15: a grant's structured conditions (start and stop criteria, reporting, review date, responsible HF); absent: the defaults. */
  readonly followUp?: FollowUpPlan;
  readonly participants: readonly RecordParticipant[];
  readonly recused: readonly RecordRecusal[];
  /** Who stated a position and left before the conclusion (absent on records drafted before this was kept). */
  readonly left?: readonly RecordLeft[];
  readonly quorum: { readonly participants: number; readonly minimum: number };
  readonly byConsensus: true; // there is no record without consensus
  readonly legalNote: typeof LEGAL_NOTE;
  readonly draftedBy: string;
  readonly draftedAt: string;
  readonly confirmedBy?: string;
  readonly confirmedAt?: string;
  /** Issue 14: the chair's approval after the coordinator's confirmation; only an approved record is routed. */
  readonly approvedBy?: string;
  readonly approvedAt?: string;
  /** The chair's requests for changes (each sent the record back to a draft), oldest first. */
  readonly changeRequests?: readonly ChangeRequest[];
  readonly supersedes?: string; // id of the version this one corrects
  readonly correctionReason?: string;
  /** Issue 13: the case was urgent (hastesak); absent on records drafted before this was kept, and on ordinary cases. */
  readonly urgent?: true;
}

/** The chair's «Be om endring»: who, when and what to change (plain text, no national id). */
export interface ChangeRequest {
  readonly by: string;
  readonly at: string;
  readonly comment: string;
}

export interface DraftInput {
  case: Case;
  roster: Roster;
  meeting: Meeting;
  conclusion: Conclusion;
  assessments: readonly GroundAssessment[];
  /** The finding on each priority criterion; all "not assessed" when left out. */
  criteria?: CriteriaAssessment;
  reasoning: string;
  conditions?: readonly string[];
  groupLevelProposal: boolean;
  draftedBy: string;
  at: string;
  minimum?: number;
}

export const recordId = (caseCode: string, version: number) => `${caseCode}-v${version}`;

export function draftDecisionRecord(input: DraftInput): Result<DecisionRecord, ReasonCode> {
  const { case: c, roster, meeting, conclusion } = input;
  const minimum = input.minimum ?? DEFAULT_QUORUM_MINIMUM;
  if (conclusion.result === "deferred") return fail("record.notDecided");
  if (conclusion.caseId !== c.id) return fail("record.mismatch", { what: "case" });
  if (conclusion.meetingId !== meeting.id) return fail("record.mismatch", { what: "meeting" });

  const grounds = orderedAssessments(c, input.assessments);
  if (!grounds.ok) return grounds;
  const criteria = input.criteria ?? UNASSESSED_CRITERIA;
  const text = checkTexts(input.reasoning, input.conditions ?? [], grounds.value, "", criteria);
  if (!text.ok) return text;

  const hfName = (id: string | undefined) => roster.hfs.find((h) => h.id === id)?.name ?? "";
  const participants: RecordParticipant[] = [];
  for (const personId of conclusion.participants) {
    const p = roster.people.find((x) => x.id === personId);
    if (!p || (p.role !== "member" && p.role !== "substitute")) return fail("record.unknownParticipant", { personId });
    const base = { personId, name: p.name, hfName: hfName(p.hfId) };
    const member = p.role === "substitute" && p.substituteFor ? roster.people.find((x) => x.id === p.substituteFor) : undefined;
    participants.push(
      p.role === "substitute" && p.substituteFor ? { ...base, standingInFor: p.substituteFor, ...(member ? { standingInForName: member.name } : {}) } : base,
    );
  }
  if (participants.length < minimum) return fail("record.notQuorate", { participants: participants.length, minimum });

  const recused: RecordRecusal[] = conclusion.recused.map(({ personId, reason, text }) => {
    const p = roster.people.find((x) => x.id === personId);
    const base = { personId, name: p?.name ?? personId, hfName: hfName(p?.hfId) };
    if (reason === "ownHf" || reason === "catchmentHf") return { ...base, reason };
    // A declared conflict carries its own words in `text`; conclusions stored before that kept the words in `reason`.
    const words = reason === "declared" ? text : (text ?? reason);
    return { ...base, reason: "declared" as const, ...(words ? { text: words } : {}) };
  });
  const left: RecordLeft[] = (conclusion.left ?? []).map(({ personId, position }) => {
    const p = roster.people.find((x) => x.id === personId);
    return { personId, name: p?.name ?? personId, hfName: hfName(p?.hfId), position };
  });

  const hf = roster.hfs.find((h) => h.id === c.applyingHfId);
  const region = roster.regions.find((r) => r.id === hf?.region);
  return ok({
    id: recordId(c.code, 1),
    caseId: c.id,
    caseCode: c.code,
    ...(c.urgent ? { urgent: true as const } : {}),
    version: 1,
    status: "draft",
    meetingId: meeting.id,
    meetingDate: meeting.date,
    method: c.method,
    applyingHf: { id: c.applyingHfId, name: hf?.name ?? c.applyingHfId, regionId: region?.id ?? "", regionName: region?.name ?? "" },
    grounds: grounds.value,
    criteria: trimCriteria(criteria),
    resourceUse: c.cost,
    outcome: conclusion.result,
    reasoning: input.reasoning.trim(),
    conditions: (input.conditions ?? []).map((x) => x.trim()).filter((x) => x.length > 0),
    groupLevelProposal: input.groupLevelProposal,
    participants,
    recused,
    ...(left.length > 0 ? { left } : {}),
    quorum: { participants: participants.length, minimum },
    byConsensus: true,
    legalNote: LEGAL_NOTE,
    draftedBy: input.draftedBy,
    draftedAt: input.at,
  });
}

/** The coordinator confirms a draft; from then on it is frozen. */
export function confirm(record: DecisionRecord, by: string, at: string): Result<DecisionRecord, ReasonCode> {
  if (record.status === "confirmed") return fail("record.alreadyConfirmed", { id: record.id });
  // A draft may be saved half-written; what goes to the HF must say why.
  if (record.reasoning.trim().length === 0) return fail("record.reasoningMissing");
  const findings = findingsHold(record);
  if (!findings.ok) return findings;
  return ok(Object.freeze({ ...record, status: "confirmed" as const, confirmedBy: by, confirmedAt: at }));
}

/**
 * What the findings must be before a record is confirmed (000 §5: a grant is a
 * priority decision that nytte, alvorlighet and ressursbruk are met for this
 * patient, besides the exceptionality grounds). A grant: no criterion and no
 * claimed ground left "not assessed". A rejection: at least one finding (a
 * criterion or a ground) "not met" that it rests on.
 */
export function findingsHold(record: Pick<DecisionRecord, "outcome" | "grounds"> & { criteria?: Partial<CriteriaAssessment> }): Result<true, ReasonCode> {
  const criteria = criteriaOf(record);
  if (record.outcome === "granted") {
    for (const criterion of PRIORITY_CRITERIA) if (criteria[criterion].finding === "notAssessed") return fail("record.criterionNotAssessed", { criterion });
    for (const g of record.grounds) if (g.finding === "notAssessed") return fail("record.groundNotAssessed", { ground: g.ground });
    return ok(true);
  }
  const notMet = PRIORITY_CRITERIA.some((c) => criteria[c].finding === "notMet") || record.grounds.some((g) => g.finding === "notMet");
  return notMet ? ok(true) : fail("record.rejectionWithoutFinding");
}

export type RecordChanges = Partial<
  Pick<DecisionRecord, "reasoning" | "conditions" | "grounds" | "criteria" | "groupLevelProposal" | "resourceUse" | "followUp">
>;

/**
 * Correct a confirmed record: a new draft version that supersedes it. The
 * outcome cannot be corrected: it is the committee's decision, not the
 * coordinator's wording, and changing it needs a new meeting.
 */
export function correct(record: DecisionRecord, changes: RecordChanges, reason: string, by: string, at: string): Result<DecisionRecord, ReasonCode> {
  if (record.status !== "confirmed") return fail("record.notConfirmed", { id: record.id });
  const why = reason.trim();
  if (why.length === 0) return fail("record.correctionReasonMissing");
  const claimed = record.grounds.map((g) => ({ ground: g.ground, reasoning: "" }));
  const grounds = changes.grounds ? orderedAssessments({ grounds: claimed }, changes.grounds) : ok(record.grounds);
  if (!grounds.ok) return grounds;
  const text = checkTexts(changes.reasoning ?? "", changes.conditions ?? [], changes.grounds ?? [], why, changes.criteria);
  if (!text.ok) return text;

  const { confirmedBy: _by, confirmedAt: _at, approvedBy: _ab, approvedAt: _aa, changeRequests: _cr, ...rest } = record;
  const version = record.version + 1;
  return ok({
    ...rest,
    ...changes,
    ...(changes.reasoning !== undefined ? { reasoning: changes.reasoning.trim() } : {}),
    grounds: grounds.value,
    criteria: trimCriteria(changes.criteria ?? criteriaOf(record)),
    id: recordId(record.caseCode, version),
    version,
    status: "draft",
    supersedes: record.id,
    correctionReason: why,
    draftedBy: by,
    draftedAt: at,
  });
}

// ── sign-off (issue 14): the chair approves what the coordinator confirmed ──

export const isApproved = (record: Pick<DecisionRecord, "status" | "approvedAt">): boolean => record.status === "confirmed" && Boolean(record.approvedAt);

/** The chair approves a confirmed record (*Godkjenn*); from then on it may be routed. */
export function approve(record: DecisionRecord, by: string, at: string): Result<DecisionRecord, ReasonCode> {
  if (record.status !== "confirmed") return fail("record.awaitingConfirmation", { id: record.id });
  if (record.approvedAt) return fail("record.alreadyApproved", { id: record.id });
  return ok(Object.freeze({ ...record, approvedBy: by, approvedAt: at }));
}

/**
 * The chair asks for a change (*Be om endring*, with a comment): the confirmed,
 * not yet approved record goes back to a draft for the coordinator, with the
 * request kept on it. An approved record is corrected instead (a new version).
 */
export function requestChange(record: DecisionRecord, by: string, at: string, comment: string): Result<DecisionRecord, ReasonCode> {
  if (record.status !== "confirmed") return fail("record.awaitingConfirmation", { id: record.id });
  if (record.approvedAt) return fail("record.alreadyApproved", { id: record.id });
  const text = checkReason(comment);
  if (!text.ok) return text;
  const { confirmedBy: _by, confirmedAt: _at, ...rest } = record;
  return ok({ ...rest, status: "draft", changeRequests: [...(record.changeRequests ?? []), { by, at, comment: text.value }] });
}

/** One assessment per claimed ground, in the order claimed; none for unclaimed grounds. */
function orderedAssessments(c: Pick<Case, "grounds">, assessments: readonly GroundAssessment[]): Result<GroundAssessment[], ReasonCode> {
  for (const a of assessments) {
    if (!c.grounds.some((g) => g.ground === a.ground)) return fail("record.groundNotClaimed", { ground: a.ground });
  }
  const ordered: GroundAssessment[] = [];
  for (const g of c.grounds) {
    const a = assessments.find((x) => x.ground === g.ground);
    if (!a) return fail("record.groundAssessmentMissing", { ground: g.ground });
    ordered.push({ ground: a.ground, finding: a.finding, comment: a.comment.trim() });
  }
  return ok(ordered);
}

/** The record goes to the HF and into the register: no national id in any of its texts. */
function checkTexts(
  reasoning: string,
  conditions: readonly string[],
  grounds: readonly GroundAssessment[],
  correctionReason = "",
  criteria?: CriteriaAssessment,
): Result<true, ReasonCode> {
  const fields: [string, string][] = [
    ...(criteria ? PRIORITY_CRITERIA.map((c): [string, string] => [`criteria.${c}`, criteria[c].comment]) : []),
    ["reasoning", reasoning],
    ["correctionReason", correctionReason],
    ...conditions.map((t, i): [string, string] => [`conditions.${i}`, t]),
    ...grounds.map((g): [string, string] => [`grounds.${g.ground}`, g.comment]),
  ];
  for (const [field, text] of fields) if (containsNationalId(text)) return fail("privacy.nationalIdInText", { field });
  return ok(true);
}

const trimCriteria = (c: CriteriaAssessment): CriteriaAssessment => ({
  benefit: { finding: c.benefit.finding, comment: c.benefit.comment.trim() },
  severity: { finding: c.severity.finding, comment: c.severity.comment.trim() },
  resourceUse: { finding: c.resourceUse.finding, comment: c.resourceUse.comment.trim() },
});
