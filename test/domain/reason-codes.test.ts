import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { REASON_CODES } from "../../src/domain/reason-codes.js";

const SRC = new URL("../../src/domain/", import.meta.url);
const PREFIXES = "privacy|text|caseCode|case|roster|completeness|lifecycle|consensus|record|calendar|timeBudget|minutes";
const CODE_LITERAL = new RegExp(`"((?:${PREFIXES})\\.[a-zA-Z]+)"`, "g");

function codesUsedInSources(): Set<string> {
  const used = new Set<string>();
  for (const file of readdirSync(SRC).filter((f) => f.endsWith(".ts") && f !== "reason-codes.ts")) {
    const text = readFileSync(new URL(file, SRC), "utf8");
    for (const m of text.matchAll(CODE_LITERAL)) used.add(m[1]!);
  }
  return used;
}

describe("reason codes", () => {
  it("lists every code the domain sources use", () => {
    const listed = new Set<string>(REASON_CODES);
    expect([...codesUsedInSources()].filter((c) => !listed.has(c))).toEqual([]);
  });
  it("has no duplicates", () => {
    expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length);
  });
});
