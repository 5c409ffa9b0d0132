/**
 * The card action contract: what an Action.Execute on one of our cards may
 * submit. The Teams layer parses every adaptiveCard/action invoke with
 * parseCardAction before it touches a use case; anything else is refused.
 */
import { z } from "zod";

export const VERBS = {
  checkIn: "checkIn",
  checkOut: "checkOut",
  position: "position",
  declareConflict: "declareConflict",
  conclude: "conclude",
  defer: "defer",
  takeUpCase: "takeUpCase",
  refreshCase: "refreshCase",
  refreshAgenda: "refreshAgenda",
  refreshAttendance: "refreshAttendance",
} as const;
export type Verb = (typeof VERBS)[keyof typeof VERBS];
export const VERB_LIST = Object.values(VERBS) as Verb[];

export const MAX_REASON_CHARS = 500;

/** e.g. "M-2026-11-27" or "M-2026-11-27-extra1". */
export const MEETING_ID = /^M-\d{4}-\d{2}-\d{2}(-[a-z0-9]{1,32})?$/;
/** e.g. "TO-2026-014". */
export const CASE_ID = /^TO-\d{4}-\d{3}$/;

const meetingId = z.string().max(64).regex(MEETING_ID, "not a meeting id");
const caseId = z.string().max(16).regex(CASE_ID, "not a case id");

// Control characters other than tab and line breaks have no place in a reason.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// The reason ends up in the decision record; markup there is never intended.
const MARKUP = /<\s*\/?\s*[a-z!?]/i;

/** A free-text reason: trimmed, 1..500 characters, plain text. */
const reason = z
  .string()
  .max(MAX_REASON_CHARS * 4) // cheap guard before trimming a huge string
  .trim()
  .min(1, "required")
  .max(MAX_REASON_CHARS, `at most ${MAX_REASON_CHARS} characters`)
  .refine((s) => !CONTROL.test(s), "contains control characters")
  .refine((s) => !MARKUP.test(s), "contains markup");

const meetingOnly = { meetingId };
const meetingCase = { meetingId, caseId };

export const CheckInAction = z.object({ verb: z.literal(VERBS.checkIn), ...meetingOnly });
export const CheckOutAction = z.object({ verb: z.literal(VERBS.checkOut), ...meetingOnly });
export const PositionAction = z.object({
  verb: z.literal(VERBS.position),
  ...meetingCase,
  position: z.enum(["grant", "reject", "defer"]),
});
export const DeclareConflictAction = z.object({
  verb: z.literal(VERBS.declareConflict),
  ...meetingCase,
  conflictReason: reason,
});
export const ConcludeAction = z.object({ verb: z.literal(VERBS.conclude), ...meetingCase });
export const DeferAction = z.object({ verb: z.literal(VERBS.defer), ...meetingCase, deferReason: reason });
export const TakeUpCaseAction = z.object({ verb: z.literal(VERBS.takeUpCase), ...meetingCase });
export const RefreshCaseAction = z.object({ verb: z.literal(VERBS.refreshCase), ...meetingCase });
export const RefreshAgendaAction = z.object({ verb: z.literal(VERBS.refreshAgenda), ...meetingOnly });
export const RefreshAttendanceAction = z.object({ verb: z.literal(VERBS.refreshAttendance), ...meetingOnly });

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
]);
export type CardAction = z.infer<typeof CardAction>;

export type ParsedCardAction = { ok: true; action: CardAction } | { ok: false; issues: string[] };

/** Zod's default messages may quote the received value; ours never echo input. */
const quietErrors: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return { message: issue.received === "undefined" ? "required" : `expected ${issue.expected}` };
    case z.ZodIssueCode.invalid_enum_value:
      return { message: `expected one of ${issue.options.join(", ")}` };
    case z.ZodIssueCode.invalid_literal:
    case z.ZodIssueCode.invalid_union_discriminator:
      return { message: "unknown action" };
    default:
      return { message: ctx.defaultError };
  }
};

function isVerb(verb: unknown): verb is Verb {
  return typeof verb === "string" && (VERB_LIST as string[]).includes(verb);
}

/**
 * Validates an Action.Execute submit (value.action.verb, value.action.data).
 * Unknown keys (e.g. Teams' "msteams") are stripped. Never throws: hostile
 * input gives { ok: false, issues } with short, non-echoing messages.
 */
export function parseCardAction(verb: unknown, data: unknown): ParsedCardAction {
  try {
    if (!isVerb(verb)) return { ok: false, issues: ["verb: unknown action"] };
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      return { ok: false, issues: ["data: expected an object"] };
    }
    // Copy own enumerable data first so a hostile "verb" inside data cannot override the real one.
    const result = CardAction.safeParse({ ...(data as Record<string, unknown>), verb }, { errorMap: quietErrors });
    if (result.success) return { ok: true, action: result.data };
    return {
      ok: false,
      issues: result.error.issues.map((i) => `${i.path.join(".") || "data"}: ${i.message}`),
    };
  } catch {
    return { ok: false, issues: ["data: unreadable"] };
  }
}
