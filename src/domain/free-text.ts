import { z } from "zod";
import { containsNationalId } from "./fodselsnummer.js";
import type { ReasonCode } from "./reason-codes.js";
import { fail, ok, type Result } from "./result.js";

/** Message codes (i18n keys) the free-text schemas report. */
export const FREE_TEXT_TOO_LONG = "text.tooLong";
export const NATIONAL_ID_IN_TEXT = "privacy.nationalIdInText";

/**
 * Any free text a person types into the product: trimmed, bounded, and never
 * carrying a national id (the committee works on case codes, not patients).
 * Use it for every free-text field anywhere, not only in cases.
 */
export const freeText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: FREE_TEXT_TOO_LONG })
    .refine((text) => !containsNationalId(text), { message: NATIONAL_ID_IN_TEXT });

/** The longest reason (a declared conflict, a deferral, a correction). */
export const MAX_REASON_CHARS = 500;

// Control characters other than tab and line breaks have no place in a reason.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// A reason ends up in the decision record; markup there is never intended.
const MARKUP = /<\s*\/?\s*[a-z!?]/i;

/**
 * A reason someone gives (why they are recused, why a case is deferred, why a
 * record is corrected): 1–500 characters after trimming, plain text, no
 * national id. The cards check it on submit and the use cases check it again.
 */
export const reasonSchema = z
  .string()
  .max(MAX_REASON_CHARS * 4, { message: FREE_TEXT_TOO_LONG }) // cheap guard before trimming a huge string
  .trim()
  .min(1, { message: "text.required" })
  .max(MAX_REASON_CHARS, { message: FREE_TEXT_TOO_LONG })
  .refine((s) => !CONTROL.test(s), { message: "text.controlCharacters" })
  .refine((s) => !MARKUP.test(s), { message: "text.markup" })
  .refine((s) => !containsNationalId(s), { message: NATIONAL_ID_IN_TEXT });

/** A reason checked by the rules above: the trimmed text, or why not. */
export function checkReason(text: unknown): Result<string, ReasonCode> {
  const parsed = reasonSchema.safeParse(text);
  if (parsed.success) return ok(parsed.data);
  return fail((parsed.error.issues[0]?.message ?? "text.required") as ReasonCode, { max: MAX_REASON_CHARS });
}
