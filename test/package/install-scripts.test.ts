/**
 * `npm ci` runs no dependency's install script unless package.json allows it
 * (npm 11's `allowScripts`), and prints a warning for every one it skipped
 * without a decision. Every package in the lockfile that has an install script
 * is decided here: none is needed (esbuild finds its platform binary through
 * its optional dependency; botbuilder-dialogs' postinstall only deletes nested
 * copies of its recognizers; protobufjs' only warns about version schemes), so
 * all are denied, and a fresh `npm ci` prints no such warning. Older npm
 * versions ignore the field (and run the scripts, as they always did).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../tools/package-app.js";

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, { hasInstallScript?: boolean; version?: string }>;
};

const withScripts = [
  ...new Set(
    Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([where]) => where.slice(where.lastIndexOf("node_modules/") + "node_modules/".length)),
  ),
].sort();

describe("install scripts", () => {
  it("has a decision in allowScripts for every locked package with an install script", () => {
    expect(withScripts.length).toBeGreaterThan(0);
    for (const name of withScripts) expect(pkg.allowScripts, name).toHaveProperty([name]);
  });

  it("runs none of them: the app and its tests need no dependency's install script", () => {
    expect(Object.entries(pkg.allowScripts ?? {}).filter(([, allowed]) => allowed !== false)).toEqual([]);
  });

  it("keeps no decision for a package that is no longer locked with a script", () => {
    for (const name of Object.keys(pkg.allowScripts ?? {})) expect(withScripts, name).toContain(name.replace(/@[^@/]+$/, ""));
  });
});
