import { z } from "zod";
import { containsNationalId } from "./fodselsnummer.js";

/** Message codes (i18n keys) the free-text schema reports. */
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
