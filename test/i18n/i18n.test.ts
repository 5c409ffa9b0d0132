import { describe, expect, it } from "vitest";
import { catalogs, formatDate, formatNok, localeFrom, placeholdersOf, t } from "../../src/i18n/index.js";
import type { MessageKey } from "../../src/i18n/index.js";
import { nb } from "../../src/i18n/nb.js";
import { en } from "../../src/i18n/en.js";

describe("localeFrom", () => {
  it.each([
    ["en-US", "en"],
    ["en-GB", "en"],
    ["en", "en"],
    ["nb-NO", "nb"],
    ["nn-NO", "nb"],
    ["se-NO", "nb"],
    ["de-DE", "nb"],
    ["", "nb"],
    [undefined, "nb"],
  ] as const)("maps %s to %s", (tag, expected) => {
    expect(localeFrom(tag)).toBe(expected);
  });

  it("falls back to bokmål for non-string input", () => {
    expect(localeFrom(42 as unknown as string)).toBe("nb");
  });
});

describe("catalogs", () => {
  it("have exactly the same keys", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nb).sort());
  });

  it("have the same placeholders for every key", () => {
    for (const key of Object.keys(nb) as (keyof typeof nb)[]) {
      expect({ key, p: placeholdersOf(en[key]) }).toEqual({ key, p: placeholdersOf(nb[key]) });
    }
  });

  it("have no empty messages", () => {
    for (const [locale, catalog] of Object.entries(catalogs)) {
      for (const [key, message] of Object.entries(catalog)) {
        expect({ locale, key, empty: message.trim() === "" }).toEqual({ locale, key, empty: false });
      }
    }
  });

  it("carry the domain vocabulary in bokmål", () => {
    const words = Object.values(nb).join("\n").toLowerCase();
    for (const word of [
      "sak",
      "saksnummer",
      "møte",
      "sakliste",
      "oppmøte",
      "beslutningsdyktig",
      "inhabil",
      "vara",
      "standpunkt",
      "konsensus",
      "innvilget",
      "avslått",
      "utsatt",
      "metode",
      "beslutningsforum",
      "helseforetak",
      "rhf",
      "fagdirektør",
      "økt nytte",
      "høyere alvorlighet",
      "særskilte medisinske årsaker",
      "nytte",
      "alvorlighet",
      "ressursbruk",
      "hastesak",
      "konfidensiell pris",
    ]) {
      expect(words, word).toContain(word);
    }
  });

  it("has every app-level error", () => {
    for (const key of [
      "error.notOnRoster",
      "error.notEligible",
      "error.recused",
      "error.notChair",
      "error.notCoordinator",
      "error.invalidInput",
      "error.storeUnavailable",
      "error.meetingNotLinked",
      "error.caseNotInMeeting",
      "error.unknownAction",
    ]) {
      expect(t("nb", key as MessageKey)).not.toBe(key);
      expect(t("en", key as MessageKey)).not.toBe(key);
    }
    expect(t("nb", "error.invalidInput", { details: "x" })).toContain("x");
    expect(t("en", "error.storeUnavailable")).toMatch(/nothing was saved/i);
    expect(t("en", "error.notOnRoster")).toMatch(/coordinator/i);
  });
});

describe("t", () => {
  it("translates into the requested locale", () => {
    expect(t("nb", "term.agenda")).toBe("sakliste");
    expect(t("en", "term.agenda")).toBe("agenda");
  });

  it("interpolates {name} placeholders", () => {
    expect(t("nb", "caseBrief.title", { code: "TO-2026-014" })).toBe("Sak TO-2026-014");
    expect(t("en", "attendance.presentCount", { count: 5, seats: 8 })).toBe("5 of 8 members present");
  });

  it("leaves a placeholder whose param is missing", () => {
    expect(t("en", "caseBrief.title")).toBe("Case {code}");
    expect(t("en", "caseBrief.title", {})).toBe("Case {code}");
  });

  it("does not expand placeholders inside param values", () => {
    expect(t("en", "caseBrief.title", { code: "{code}" })).toBe("Case {code}");
    expect(t("en", "error.invalidInput", { details: "{details} $& $1" })).toBe("Invalid input: {details} $& $1");
  });

  it("returns the key for a missing key", () => {
    // A key the type system would refuse, as one could arrive at run time:
    expect(t("nb", "no.such.key" as MessageKey)).toBe("no.such.key");
    expect(t("en", "__proto__" as MessageKey)).toBe("__proto__");
    expect(t("en", "constructor" as MessageKey)).toBe("constructor");
  });
});

describe("formatting", () => {
  it("formats NOK with Norwegian thousands separators in bokmål", () => {
    expect(formatNok("nb", 1234567).replace(/\s/g, " ")).toBe("1 234 567 kr");
    expect(formatNok("en", 1234567).replace(/\s/g, " ")).toBe("NOK 1,234,567");
    expect(formatNok("nb", Number.NaN)).toBe("");
  });

  it("formats calendar dates without shifting the day", () => {
    expect(formatDate("nb", "2025-03-12")).toBe("12. mars 2025");
    expect(formatDate("en", "2025-03-12")).toBe("12 March 2025");
    expect(formatDate("en", "not a date")).toBe("not a date");
  });

  it("dates an instant by the day it is in Oslo, not by its UTC date", () => {
    // 00:30 in Oslo on 14 December is 23:30Z on the 13th; cards show when a decision was sent or acknowledged.
    expect(formatDate("nb", "2026-12-13T23:30:00.000Z")).toBe("14. desember 2026");
    expect(formatDate("en", "2026-12-14T00:30:00+01:00")).toBe("14 December 2026");
    expect(formatDate("nb", "2026-12-31T23:30:00.000Z")).toBe("1. januar 2027"); // New Year's night
    expect(formatDate("nb", "2026-12-31T22:30:00.000Z")).toBe("31. desember 2026");
    expect(formatDate("nb", "2027-03-27T23:30:00Z")).toBe("28. mars 2027"); // the night Oslo goes to summer time
    expect(formatDate("nb", "2026-10-24T22:30:00Z")).toBe("25. oktober 2026"); // summer time: UTC+2
  });
});
