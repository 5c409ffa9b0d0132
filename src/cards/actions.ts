/**
 * The card action contract: what an Action.Execute on one of our cards may
 * submit. The Teams layer parses every adaptiveCard/action invoke with
 * parseCardAction before it touches a use case; anything else is refused.
 */
import { z } from "zod";
import { freeText, reasonSchema } from "../domain/free-text.js";
import type { Problem } from "../domain/result.js";

export { MAX_REASON_CHARS } from "../domain/free-text.js";

/** e.g. "M-2026-11-27" or "M-2026-11-27-extra1". */
export const MEETING_ID = /^M-\d{4}-\d{2}-\d{2}(-[a-z0-9]{1,32})?$/;
/** e.g. "TO-2026-014". */
export const CASE_ID = /^TO-\d{4}-\d{3}$/;

/** A decision record version, e.g. "TO-2026-014-v2" (recordId() in src/domain/decision-record.ts). */
export const RECORD_ID = /^TO-\d{4}-\d{3}-v\d{1,3}$/;

const meetingId = z.string().max(64).regex(MEETING_ID, "input.invalidFormat");
const caseId = z.string().max(16).regex(CASE_ID, "input.invalidFormat");
const recordId = z.string().max(24).regex(RECORD_ID, "input.invalidFormat");

// Control characters other than tab and line breaks have no place in a form field.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// Form text ends up in records and cards; markup there is never intended.
const MARKUP = /<\s*\/?\s*[a-z!?]/i;

/** A free-text reason: the domain's rule (trimmed, 1..500 characters, plain text, no national id). */
const reason = reasonSchema;

const meetingOnly = { meetingId };
const meetingCase = { meetingId, caseId };

export const CheckInAction = z.object({ verb: z.literal("checkIn"), ...meetingOnly });
export const CheckOutAction = z.object({ verb: z.literal("checkOut"), ...meetingOnly });
export const PositionAction = z.object({
  verb: z.literal("position"),
  ...meetingCase,
  position: z.enum(["grant", "reject", "defer"]),
  /** Issue 14: a short reason of the member's own, optional (the rule of every reason: no national id). */
  positionReason: z.union([z.literal(""), reason]).optional(),
});
export const DeclareConflictAction = z.object({
  verb: z.literal("declareConflict"),
  ...meetingCase,
  conflictReason: reason,
});
export const ConcludeAction = z.object({ verb: z.literal("conclude"), ...meetingCase });
export const DeferAction = z.object({ verb: z.literal("defer"), ...meetingCase, deferReason: reason });
export const TakeUpCaseAction = z.object({ verb: z.literal("takeUpCase"), ...meetingCase });
export const RefreshCaseAction = z.object({ verb: z.literal("refreshCase"), ...meetingCase });
export const RefreshAgendaAction = z.object({ verb: z.literal("refreshAgenda"), ...meetingOnly });
export const RefreshAttendanceAction = z.object({ verb: z.literal("refreshAttendance"), ...meetingOnly });

// ── Before the meeting (issue 13): answers to the papers, conflicts declared in advance ──

/** The most cases a papers card lists (src/cards/papers.ts LIMITS), so the most conflict inputs it carries. */
export const MAX_PAPERS_ITEMS = 20;
/** An optional reason: empty means none; otherwise the rule of every reason. */
const optionalReason = z.union([z.literal(""), reason]);
/** Which card the click came from: the papers, or a substitute's invitation (the answer shows the same card). */
const papersFrom = z.enum(["papers", "invitation"]).optional();
/** *Jeg kommer* / *Jeg har forfall* (a substitute's *Jeg kan ikke*), with an optional reason. */
export const ReplyPapersAction = z.object({
  verb: z.literal("replyPapers"),
  ...meetingOnly,
  answer: z.enum(["coming", "apologies"]),
  apologiesReason: optionalReason.optional(),
  from: papersFrom,
});
/** The papers card's item number (1-based), as templating gives it: a number, or its digits. */
const itemNumber = z
  .union([z.number(), z.string().regex(/^\d{1,2}$/, "input.invalidFormat")])
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_PAPERS_ITEMS));
const conflictInputs = Object.fromEntries(
  Array.from({ length: MAX_PAPERS_ITEMS }, (_, i) => [`conflictReason_${i + 1}`, z.string().max(2000).optional()]),
) as Record<`conflictReason_${number}`, z.ZodOptional<z.ZodString>>;
/** A conflict declared on one case of the papers: its reason is the input of that item (checked by the use case, the rule of every reason). */
export const DeclareConflictAheadAction = z.object({
  verb: z.literal("declareConflictAhead"),
  ...meetingCase,
  item: itemNumber,
  from: papersFrom,
  ...conflictInputs,
});

// ── The two-hour limit (issue 13): the coordinator's minutes per agenda case, on the agenda card ──

/** The most cases the agenda card lists (src/cards/agenda.ts LIMITS), so the most minute inputs it carries. */
export const MAX_AGENDA_ITEMS = 60;
const agendaItem = z
  .union([z.number(), z.string().regex(/^\d{1,2}$/, "input.invalidFormat")])
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_AGENDA_ITEMS));
/** Input.Number arrives as a string (sometimes a number); the use case says what is not a valid number of minutes. */
const minutesText = z.union([z.string().max(20), z.number()]).transform((v) => String(v));
const minuteInputs = Object.fromEntries(Array.from({ length: MAX_AGENDA_ITEMS }, (_, i) => [`minutes_${i + 1}`, minutesText.optional()])) as Record<
  `minutes_${number}`,
  z.ZodOptional<typeof minutesText>
>;
/** «Lagre» next to a case's minutes: the item's own input (minutes_<item>) holds the minutes typed. */
export const SetCaseMinutesAction = z.object({ verb: z.literal("setCaseMinutes"), ...meetingCase, item: agendaItem, ...minuteInputs });

// ── The coordinator's workflow and the decision's way back to the HF ──────────

/**
 * Free text typed into a form field: may be empty, bounded, no control
 * characters other than tab and line breaks, no markup. Not trimmed here: the
 * conversion (intakeInputFromForm) and the domain schemas trim.
 */
const formText = (max: number) =>
  z
    .string()
    .max(max, "text.tooLong")
    .refine((s) => !CONTROL.test(s), "text.controlCharacters")
    .refine((s) => !MARKUP.test(s), "text.markup");
/** Teams submits a Toggle as its valueOn / valueOff string. */
const toggle = z.enum(["true", "false"]);
/** Input.Number arrives as a string (sometimes a number); the use case reports what is not a number. */
const numberText = z.union([z.string().max(40), z.number().finite()]).transform((v) => String(v));
/** Input.Date: "YYYY-MM-DD", or empty when left blank. */
const dateText = z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "input.invalidFormat")]);
/** An HF id from the roster, as the ChoiceSet offers them (empty when none chosen). */
const hfChoice = z.union([
  z.literal(""),
  z
    .string()
    .max(64)
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "input.invalidFormat"),
]);

/**
 * The lengths a form may carry. Deliberately above the domain limits
 * (CaseInputSchema: reasoning 4,000, method name 200, …): a text that is a bit
 * too long is the use case's to report next to the field, not a refused action.
 */
export const INTAKE_LIMITS = {
  methodName: 400,
  nyeMetoderId: 80,
  reasoning: 8000,
  priority: 8000,
  costNote: 2000,
  attachments: 20000,
} as const;

/** The Input ids of the intake form (ny søknad), as Teams submits them. */
export const RegisterCaseAction = z.object({
  verb: z.literal("registerCase"),
  /** Set when the form supplements a returned case (resubmission); empty for a new application. */
  caseId: z.union([z.literal(""), z.string().max(16).regex(CASE_ID, "input.invalidFormat")]).optional(),
  /** One id per form shown: a double click on «Registrer» registers one application. */
  formId: z.union([z.literal(""), z.string().uuid()]).optional(),
  methodName: formText(INTAKE_LIMITS.methodName).optional(),
  nyeMetoderId: formText(INTAKE_LIMITS.nyeMetoderId).optional(),
  beslutningsforumDate: dateText.optional(),
  applyingHfId: hfChoice.optional(),
  catchmentHfId: hfChoice.optional(),
  ground_increasedBenefit: toggle.optional(),
  reasoning_increasedBenefit: formText(INTAKE_LIMITS.reasoning).optional(),
  ground_higherSeverity: toggle.optional(),
  reasoning_higherSeverity: formText(INTAKE_LIMITS.reasoning).optional(),
  ground_specialMedicalReasons: toggle.optional(),
  reasoning_specialMedicalReasons: formText(INTAKE_LIMITS.reasoning).optional(),
  priorityBenefit: formText(INTAKE_LIMITS.priority).optional(),
  prioritySeverity: formText(INTAKE_LIMITS.priority).optional(),
  priorityResourceUse: formText(INTAKE_LIMITS.priority).optional(),
  price: numberText.optional(),
  treatmentCost: numberText.optional(),
  costNote: formText(INTAKE_LIMITS.costNote).optional(),
  confidential: toggle.optional(),
  urgent: toggle.optional(),
  attachments: formText(INTAKE_LIMITS.attachments).optional(),
  approvedByFagdirektor: toggle.optional(),
  receivedDate: dateText.optional(),
  // Issue 13: what the source requires of an application (CaseInputSchema requirements).
  req_patientConsent: toggle.optional(),
  req_sentByTreatingHfOrRegionalHospital: toggle.optional(),
  req_reviewedWithRegionalHospital: toggle.optional(),
  req_clearedWithCatchmentHf: toggle.optional(),
  req_priceCheckedBySykehusinnkjop: toggle.optional(),
  req_notMarketedInNorway: toggle.optional(),
  req_availabilityAndPriceClarified: toggle.optional(),
  req_reassessment: toggle.optional(),
});
/** The intake form's inputs (what Teams submits with "registerCase"), without the verb. */
export type IntakeFormData = Omit<z.infer<typeof RegisterCaseAction>, "verb">;

const caseOnly = { caseId };
const caseRecord = { caseId, recordId };

export const OpenCaseAction = z.object({ verb: z.literal("openCase"), ...caseOnly });
export const MarkReadyAction = z.object({ verb: z.literal("markReady"), ...caseOnly });
/** Issue 13: with an optional reason of the coordinator's own (the rule of every reason: no national id). */
export const ReturnToHfAction = z.object({ verb: z.literal("returnToHf"), ...caseOnly, returnReason: z.union([z.literal(""), reason]).optional() });

export const MAX_RECORD_REASONING_CHARS = 8000;
export const MAX_RECORD_CONDITIONS_CHARS = 4000;
export const MAX_GROUND_COMMENT_CHARS = 2000;
const finding = z.enum(["met", "notMet", "notAssessed"]);

/** The editable inputs of the decision record draft card. */
const recordInputs = {
  reasoning: formText(MAX_RECORD_REASONING_CHARS).optional(),
  /** One condition per line. */
  conditions: formText(MAX_RECORD_CONDITIONS_CHARS).optional(),
  finding_increasedBenefit: finding.optional(),
  comment_increasedBenefit: formText(MAX_GROUND_COMMENT_CHARS).optional(),
  finding_higherSeverity: finding.optional(),
  comment_higherSeverity: formText(MAX_GROUND_COMMENT_CHARS).optional(),
  finding_specialMedicalReasons: finding.optional(),
  comment_specialMedicalReasons: formText(MAX_GROUND_COMMENT_CHARS).optional(),
  groupLevelProposal: toggle.optional(),
  // Issue 15: a grant's follow-up plan (src/domain/follow-up.ts).
  followUpStart: formText(1000).optional(),
  followUpStop: formText(1000).optional(),
  followUpReporting: formText(1000).optional(),
  followUpReviewDate: dateText.optional(),
  followUpHf: hfChoice.optional(),
  // issue 14: the committee's finding on each priority criterion
  criterion_benefit: finding.optional(),
  criterionComment_benefit: formText(MAX_GROUND_COMMENT_CHARS).optional(),
  criterion_severity: finding.optional(),
  criterionComment_severity: formText(MAX_GROUND_COMMENT_CHARS).optional(),
  criterion_resourceUse: finding.optional(),
  criterionComment_resourceUse: formText(MAX_GROUND_COMMENT_CHARS).optional(),
};
export const SaveRecordAction = z.object({ verb: z.literal("saveRecord"), ...caseRecord, ...recordInputs });
export const ConfirmRecordAction = z.object({ verb: z.literal("confirmRecord"), ...caseRecord, ...recordInputs });
/** from: which card asked (the record card, an alert, the routing list); the record card is shown "sending" in its place. */
export const RouteRecordAction = z.object({ verb: z.literal("routeRecord"), ...caseRecord, from: z.enum(["record", "alert", "list"]).optional() });
/** The record as a PDF, offered by file consent (when Teams cannot reach the HF). */
export const OfferPdfAction = z.object({ verb: z.literal("offerPdf"), ...caseRecord });
export const CorrectRecordAction = z.object({ verb: z.literal("correctRecord"), ...caseRecord, correctionReason: reason });
export const AcknowledgeAction = z.object({ verb: z.literal("acknowledge"), ...caseRecord });
/** Issue 14, sign-off: the chair's «Godkjenn», and «Be om endring» with a comment (the rule of every reason: no national id). */
export const ApproveRecordAction = z.object({ verb: z.literal("approveRecord"), ...caseRecord });
export const RequestRecordChangeAction = z.object({ verb: z.literal("requestRecordChange"), ...caseRecord, changeComment: reason });
/** Issue 14, the members' comment window: a member's comment on a confirmed record (optional: empty says "no remarks"; the rule of every reason otherwise). */
export const CommentRecordAction = z.object({ verb: z.literal("commentRecord"), ...caseRecord, memberComment: z.union([z.literal(""), reason]).optional() });

// ── Issue 14: the minutes (møteprotokoll) ──

/** A version of a meeting's minutes, e.g. "M-2026-11-27:minutes:v2" (minutesId() in src/domain/minutes.ts). */
export const MINUTES_ID = /^M-\d{4}-\d{2}-\d{2}(-[a-z0-9]{1,32})?:minutes:v\d{1,3}$/;
const minutesId = z.string().max(80).regex(MINUTES_ID, "input.invalidFormat");
const meetingMinutes = { meetingId, minutesId };
/** The coordinator's notes (the use case checks them again: at most 4000 characters, no national id). */
const minutesNotes = freeText(4000).optional();
export const SaveMinutesAction = z.object({ verb: z.literal("saveMinutes"), ...meetingMinutes, notes: minutesNotes });
export const ConfirmMinutesAction = z.object({ verb: z.literal("confirmMinutes"), ...meetingMinutes, notes: minutesNotes });
export const ApproveMinutesAction = z.object({ verb: z.literal("approveMinutes"), ...meetingMinutes });
export const RequestMinutesChangeAction = z.object({ verb: z.literal("requestMinutesChange"), ...meetingMinutes, changeComment: reason });
/** «Ny versjon» on approved minutes: a change after approval is a new version. */
export const ReviseMinutesAction = z.object({ verb: z.literal("reviseMinutes"), ...meetingMinutes });
/** The minutes as a PDF or Markdown file, offered by file consent. */
export const OfferMinutesAction = z.object({ verb: z.literal("offerMinutes"), ...meetingMinutes, format: z.enum(["pdf", "md"]) });

// ── Issue 15 (wip/follow): the follow-up of a grant, group-level proposals ──

const yesNo = z.union([z.literal(""), z.enum(["yes", "no"])]);
/** The HF's follow-up card: one click per question (empty when left open), an optional comment; the use case checks that they fit together. */
export const AnswerFollowUpAction = z.object({
  verb: z.literal("answerFollowUp"),
  ...caseOnly,
  started: yesNo.optional(),
  continuing: yesNo.optional(),
  stopReason: z.union([z.literal(""), z.enum(["stopCriteria", "sideEffects", "patientWish", "death", "other"])]).optional(),
  effect: z.union([z.literal(""), z.enum(["asExpected", "notAsExpected", "tooEarly"])]).optional(),
  comment: formText(1000).optional(),
});
/** «Gruppeforslag» on the record card: the proposal card for the case. */
export const OpenProposalAction = z.object({ verb: z.literal("openProposal"), ...caseOnly });
/** The proposal card: its text (which subgroup, which marker) and its status. */
export const SaveProposalAction = z.object({
  verb: z.literal("saveProposal"),
  ...caseOnly,
  proposalText: formText(1000).optional(),
  proposalStatus: z.enum(["toSend", "sentToNyeMetoder", "answered"]).optional(),
});

// ── A case's documents: files sent in the coordinator's 1:1 chat ─────────────

/** A pending upload's id: "u-" and 32 hex digits (from the Teams message that carried the files). */
export const UPLOAD_ID = /^u-[a-f0-9]{32}$/;
/** A file's title as typed on the card: bounded, plain text; the use case trims and checks it (required, no national id). */
const documentTitle = formText(400).optional();
/** «Lagre» on the upload card: the picked case and one title per kept file (title_<index>, at most 10 files). */
export const StoreDocumentsAction = z.object({
  verb: z.literal("storeDocuments"),
  uploadId: z.string().max(40).regex(UPLOAD_ID, "input.invalidFormat"),
  caseId: z.union([z.literal(""), z.string().max(16).regex(CASE_ID, "input.invalidFormat")]).optional(),
  title_0: documentTitle,
  title_1: documentTitle,
  title_2: documentTitle,
  title_3: documentTitle,
  title_4: documentTitle,
  title_5: documentTitle,
  title_6: documentTitle,
  title_7: documentTitle,
  title_8: documentTitle,
  title_9: documentTitle,
});

export const CardAction = z.discriminatedUnion("verb", [
  CheckInAction,
  CheckOutAction,
  PositionAction,
  DeclareConflictAction,
  ConcludeAction,
  DeferAction,
  TakeUpCaseAction,
  RefreshCaseAction,
  RefreshAgendaAction,
  RefreshAttendanceAction,
  ReplyPapersAction,
  DeclareConflictAheadAction,
  SetCaseMinutesAction,
  RegisterCaseAction,
  OpenCaseAction,
  MarkReadyAction,
  ReturnToHfAction,
  SaveRecordAction,
  ConfirmRecordAction,
  RouteRecordAction,
  OfferPdfAction,
  CorrectRecordAction,
  AcknowledgeAction,
  ApproveRecordAction,
  RequestRecordChangeAction,
  CommentRecordAction,
  SaveMinutesAction,
  ConfirmMinutesAction,
  ApproveMinutesAction,
  RequestMinutesChangeAction,
  ReviseMinutesAction,
  OfferMinutesAction,
  StoreDocumentsAction,
  AnswerFollowUpAction,
  OpenProposalAction,
  SaveProposalAction,
]);
export type CardAction = z.infer<typeof CardAction>;
/** Every verb the cards can send, from the contract above. */
export type Verb = CardAction["verb"];
const VERBS: ReadonlySet<string> = new Set(CardAction.options.map((o) => o.shape.verb.value));

/** A refused submit: each problem with its field (a dotted path) and a message code (an i18n key); never the input itself. */
export type ParsedCardAction = { ok: true; action: CardAction } | { ok: false; problems: Problem[] };

/** Zod's default messages may quote the received value; ours are message codes and never echo input. */
const quietErrors: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return { message: issue.received === "undefined" ? "input.required" : "input.invalidType" };
    case z.ZodIssueCode.invalid_enum_value:
      return { message: "input.notAllowed" };
    case z.ZodIssueCode.invalid_literal:
    case z.ZodIssueCode.invalid_union_discriminator:
      return { message: "error.unknownAction" };
    case z.ZodIssueCode.too_big:
      return { message: "input.tooBig" };
    case z.ZodIssueCode.too_small:
      return { message: "input.required" };
    default:
      return { message: ctx.defaultError.startsWith("Invalid") ? "input.invalidFormat" : "input.invalid" };
  }
};

const CODE = /^[a-z][A-Za-z]*\.[A-Za-z.]+$/;

function problemOf(issue: z.ZodIssue): Problem {
  const code = CODE.test(issue.message) ? issue.message : "input.invalid";
  const params: Record<string, string | number> = {};
  if (issue.code === z.ZodIssueCode.invalid_enum_value) params.allowed = issue.options.join(", ");
  if (issue.code === z.ZodIssueCode.too_big) params.maximum = Number(issue.maximum);
  if (code === "text.tooLong" || code === "input.tooBig") params.max = issue.code === z.ZodIssueCode.too_big ? Number(issue.maximum) : 500;
  return { path: issue.path.join(".") || "data", code, ...(Object.keys(params).length ? { params } : {}) };
}

function isVerb(verb: unknown): verb is Verb {
  return typeof verb === "string" && VERBS.has(verb);
}

/**
 * Validates an Action.Execute submit (value.action.verb, value.action.data).
 * Unknown keys (e.g. Teams' "msteams") are stripped. Never throws: hostile
 * input gives { ok: false, issues } with short, non-echoing messages.
 */
export function parseCardAction(verb: unknown, data: unknown): ParsedCardAction {
  try {
    if (!isVerb(verb)) return { ok: false, problems: [{ path: "verb", code: "error.unknownAction" }] };
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      return { ok: false, problems: [{ path: "data", code: "input.invalidType" }] };
    }
    // Copy own enumerable data first so a hostile "verb" inside data cannot override the real one.
    const result = CardAction.safeParse({ ...(data as Record<string, unknown>), verb }, { errorMap: quietErrors });
    if (result.success) return { ok: true, action: result.data };
    return { ok: false, problems: result.error.issues.map(problemOf) };
  } catch {
    return { ok: false, problems: [{ path: "data", code: "input.invalid" }] };
  }
}
