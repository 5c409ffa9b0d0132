/**
 * `npm start` installs only when the lockfile changed
 * (scripts/install-if-changed.mjs): on a fresh clone (no node_modules/) it runs
 * `npm ci`; after a successful install it skips it until package-lock.json
 * changes; a failed install is not recorded. npm is replaced by a fake that
 * records its arguments (npm_execpath, as npm itself sets it for scripts).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureInstalled, installReason, STAMP } from "../../scripts/install-if-changed.mjs";

const SCRIPT = fileURLToPath(new URL("../../scripts/install-if-changed.mjs", import.meta.url));

/** A fake npm: appends its arguments to npm-calls.log; `ci` creates node_modules/ as npm does, or fails when FAKE_NPM_FAIL is set. */
const FAKE_NPM = `
const fs = require("node:fs");
const path = require("node:path");
fs.appendFileSync(path.join(process.cwd(), "npm-calls.log"), process.argv.slice(2).join(" ") + "\\n");
if (process.env.FAKE_NPM_FAIL) process.exit(7);
fs.rmSync(path.join(process.cwd(), "node_modules"), { recursive: true, force: true });
fs.mkdirSync(path.join(process.cwd(), "node_modules"));
fs.writeFileSync(path.join(process.cwd(), "node_modules", ".package-lock.json"), "{}");
`;

describe("npm start installs only when the lockfile changed", () => {
  let root: string;
  const saved = { execpath: process.env.npm_execpath, fail: process.env.FAKE_NPM_FAIL };
  const calls = () => (existsSync(path.join(root, "npm-calls.log")) ? readFileSync(path.join(root, "npm-calls.log"), "utf8").trim().split("\n") : []);
  const quiet: string[] = [];
  const log = (line: string) => void quiet.push(line);

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "komitebot-install-"));
    writeFileSync(
      path.join(root, "package-lock.json"),
      JSON.stringify({ name: "x", lockfileVersion: 3, packages: { "": {}, "node_modules/a": { version: "1.0.0" } } }),
    );
    writeFileSync(path.join(root, "fake-npm.cjs"), FAKE_NPM);
    process.env.npm_execpath = path.join(root, "fake-npm.cjs");
    delete process.env.FAKE_NPM_FAIL;
    quiet.length = 0;
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    if (saved.execpath === undefined) delete process.env.npm_execpath;
    else process.env.npm_execpath = saved.execpath;
    if (saved.fail === undefined) delete process.env.FAKE_NPM_FAIL;
    else process.env.FAKE_NPM_FAIL = saved.fail;
  });

  it("runs npm ci on a fresh clone, then skips it while package-lock.json is unchanged", () => {
    expect(installReason(root)).toBe("node_modules/ mangler");
    expect(ensureInstalled(root, log)).toBe(0);
    expect(calls()).toEqual(["ci --no-audit --no-fund"]);
    expect(existsSync(path.join(root, STAMP))).toBe(true);

    expect(installReason(root)).toBeUndefined();
    expect(ensureInstalled(root, log)).toBe(0);
    expect(ensureInstalled(root, log)).toBe(0);
    expect(calls()).toHaveLength(1);
    expect(quiet.at(-1)).toMatch(/hopper over npm ci/);
  });

  it("runs npm ci again when package-lock.json changed", () => {
    ensureInstalled(root, log);
    writeFileSync(
      path.join(root, "package-lock.json"),
      JSON.stringify({ name: "x", lockfileVersion: 3, packages: { "": {}, "node_modules/a": { version: "1.0.1" } } }),
    );
    expect(installReason(root)).toBe("package-lock.json er endret");
    ensureInstalled(root, log);
    expect(calls()).toHaveLength(2);
    expect(installReason(root)).toBeUndefined();
  });

  it("installs when node_modules/ came from an install it did not record (e.g. an npm ci run by hand before this script existed)", () => {
    mkdirSync(path.join(root, "node_modules"));
    writeFileSync(path.join(root, "node_modules", ".package-lock.json"), "{}");
    expect(installReason(root)).toBe("ingen registrert installasjon");
  });

  it("does not record a failed install, so the next start tries again", () => {
    process.env.FAKE_NPM_FAIL = "1";
    expect(ensureInstalled(root, log)).toBe(7);
    expect(existsSync(path.join(root, STAMP))).toBe(false);
    delete process.env.FAKE_NPM_FAIL;
    expect(ensureInstalled(root, log)).toBe(0);
    expect(calls()).toHaveLength(2);
  });

  it("runs as a plain Node script, before anything is installed (--check installs nothing)", () => {
    const r = spawnSync(process.execPath, [SCRIPT, "--check"], { encoding: "utf8" });
    // This checkout: either up to date or due (e.g. installed before the script existed); never an error.
    expect([0, 1]).toContain(r.status);
    expect(r.stdout).toMatch(/^(oppdatert|npm ci trengs: .+)\n$/);
  });

  it("is what npm start runs before the launcher", () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL("../../package.json", import.meta.url)), "utf8"));
    expect(pkg.scripts.start).toBe("node scripts/install-if-changed.mjs && tsx src/local.ts");
  });
});
