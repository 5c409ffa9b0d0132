import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { containsNationalId, isValidNationalId } from "../../src/domain/fodselsnummer.js";

// Check digits computed independently (by hand/script) for made-up bodies.
const VALID_FNR = "15057543288";
const VALID_D_NUMBER = "41019012393"; // day + 40
const ANOTHER_VALID = "12030456716";

describe("fødselsnummer detection", () => {
  it("finds one written with a hyphen, a space or a no-break space between birth date and personal number", () => {
    for (const sep of ["-", " ", "\u00a0"]) expect(containsNationalId(`pasient 150575${sep}43288 henvist`)).toBe(true);
    expect(containsNationalId("tlf 150575-43289")).toBe(false); // wrong check digit
  });
  it("accepts an 11-digit number whose k1 and k2 check digits are right", () => {
    expect(isValidNationalId(VALID_FNR)).toBe(true);
    expect(isValidNationalId(ANOTHER_VALID)).toBe(true);
  });
  it("accepts a D-number (day plus 40) with valid check digits", () => {
    expect(isValidNationalId(VALID_D_NUMBER)).toBe(true);
  });
  it("rejects a number whose second check digit is wrong", () => {
    expect(isValidNationalId("15057543289")).toBe(false);
  });
  it("rejects a number whose first check digit is wrong", () => {
    expect(isValidNationalId("15057543298")).toBe(false);
  });
  it("finds a national id inside a sentence", () => {
    expect(containsNationalId(`Pasient ${VALID_FNR} har progresjon`)).toBe(true);
  });
  it("finds a national id written with a space between birth date and personal number", () => {
    expect(containsNationalId("fnr 150575 43288.")).toBe(true);
  });
  it("ignores eleven digits that are part of a longer number", () => {
    expect(containsNationalId(`ref 9${VALID_FNR}`)).toBe(false);
    expect(containsNationalId(`${VALID_FNR}7`)).toBe(false);
  });
  it("ignores ordinary numbers such as prices, dates and Nye metoder ids", () => {
    expect(containsNationalId("Pris 1 234 567 kr per år, ID2023_045, 2026-11-27, tlf 22334455")).toBe(false);
  });
  it("never flags text without an 11-digit run", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const withoutLongDigitRuns = s.replace(/\d{6,}/g, "");
        expect(containsNationalId(withoutLongDigitRuns)).toBe(false);
      }),
    );
  });
  it("catches about one in a hundred random 11-digit numbers, not all of them", () => {
    let hits = 0;
    for (let i = 0; i < 10000; i++) {
      if (isValidNationalId(String(10_000_000_000 + ((i * 7919 * 104729) % 89_999_999_999)))) hits++;
    }
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(300);
  });
});
