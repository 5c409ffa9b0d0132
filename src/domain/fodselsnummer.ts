/**
 * Detecting a Norwegian national identity number (fødselsnummer or D-nummer)
 * in free text. The meeting works on case codes only (000 §4.1 step 1 e; §11 on sharing health data), so a
 * national id typed into a reasoning field must be caught before it is stored.
 *
 * Shape: 11 digits, DDMMYY + three individual digits + two check digits
 * (k1, k2), optionally written with one space, no-break space or hyphen
 * between the first 6 and last 5 ("010170 00027", "010170-00027").
 * We accept anything whose mod-11 check digits are valid with the official
 * weights. We deliberately do NOT check that DDMMYY is a real date: D-numbers
 * (day + 40), H-numbers (month + 40) and synthetic test numbers (month + 80)
 * all share the check digits, and missing a real id costs more than the rare
 * false alarm on an unrelated 11-digit number.
 */

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** A run of exactly 11 digits (not part of a longer number), maybe "DDMMYY NNNNN" or "DDMMYY-NNNNN". */
const CANDIDATE = /(?<!\d)(\d{6})[ \u00a0-]?(\d{5})(?!\d)/g;

function checkDigit(digits: readonly number[], weights: readonly number[]): number | undefined {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits[i] ?? 0) * (weights[i] ?? 0);
  const k = 11 - (sum % 11);
  if (k === 11) return 0;
  if (k === 10) return undefined; // no valid number has this body
  return k;
}

/** True when the 11 digits carry valid fødselsnummer check digits k1 and k2. */
export function isValidNationalId(elevenDigits: string): boolean {
  if (!/^\d{11}$/.test(elevenDigits)) return false;
  const d = [...elevenDigits].map(Number);
  const k1 = checkDigit(d, K1_WEIGHTS);
  if (k1 === undefined || k1 !== d[9]) return false;
  const k2 = checkDigit(d, K2_WEIGHTS);
  return k2 !== undefined && k2 === d[10];
}

/** True when the text contains something shaped like a fødselsnummer / D-nummer. */
export function containsNationalId(text: string): boolean {
  for (const match of text.matchAll(CANDIDATE)) {
    if (isValidNationalId(`${match[1] ?? ""}${match[2] ?? ""}`)) return true;
  }
  return false;
}
