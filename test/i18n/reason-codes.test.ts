import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REASON_CODES } from "../../src/domain/reason-codes.js";
import { catalogs, hasMessage, t } from "../../src/i18n/index.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Message codes the rest of the app uses as literals: fail("x"), code: "x", t(locale, "x"), item: "x". */
function codesUsedIn(dirs: string[]): Set<string> {
  const found = new Set<string>();
  const patterns = [
    /\bfail\(\s*"([a-zA-Z]+\.[a-zA-Z.]+)"/g,
    /\bcode:\s*"([a-zA-Z]+\.[a-zA-Z.]+)"/g,
    /\bitem:\s*"([a-zA-Z]+\.[a-zA-Z.]+)"/g,
    /\bt\(\s*[\w.]+,\s*"([a-zA-Z]+\.[a-zA-Z.]+)"/g,
  ];
  for (const file of dirs.flatMap((d) => sourceFiles(d))) {
    const text = readFileSync(file, "utf8");
    for (const p of patterns) for (const m of text.matchAll(p)) if (m[1]) found.add(m[1]);
  }
  return found;
}

describe("reason codes", () => {
  it.each(REASON_CODES)("%s has a translation in both catalogs", (code) => {
    expect(hasMessage(code)).toBe(true);
    expect(t("nb", code)).not.toBe(code);
    expect(t("en", code)).not.toBe(code);
    expect(catalogs.en[code as keyof typeof catalogs.en]).toBeTruthy();
  });

  it("every message code used in src/ has a translation", () => {
    const dirs = ["src/domain", "src/app", "src/teams"].filter((d) => {
      try {
        return statSync(d).isDirectory();
      } catch {
        return false;
      }
    });
    const missing = [...codesUsedIn(dirs)].filter((code) => !hasMessage(code)).sort();
    expect(missing).toEqual([]);
  });
});
