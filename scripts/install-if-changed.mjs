#!/usr/bin/env node
/**
 * `npm start` runs this first: `npm ci` only when the dependencies may have
 * changed since the last successful install — node_modules/ is missing, or
 * package-lock.json (or the Node version, platform or CPU it was installed
 * for) differs from what the last install recorded in
 * node_modules/.komitebot-install.json. Otherwise it says so and does
 * nothing, so a start takes seconds instead of a minute and a half. Plain Node,
 * no dependencies: it runs on a fresh clone, before anything is installed.
 *
 *   node scripts/install-if-changed.mjs          (what `npm start` does)
 *   node scripts/install-if-changed.mjs --check  (exit 1 if an install is due, 0 if not; installs nothing)
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where the last successful install is recorded (inside node_modules/: removing that folder forgets it). */
export const STAMP = path.join("node_modules", ".komitebot-install.json");

/** What an install depends on: the lockfile's exact bytes, and the Node ABI, platform and CPU it was installed for. */
export function installKey(root) {
  const lock = readFileSync(path.join(root, "package-lock.json"));
  const lockHash = createHash("sha256").update(lock).digest("hex");
  return { lockHash, node: process.versions.modules, platform: process.platform, arch: process.arch };
}

/** Why an install is due, or undefined when node_modules/ matches package-lock.json. */
export function installReason(root) {
  if (!existsSync(path.join(root, "node_modules", ".package-lock.json"))) return "node_modules/ mangler";
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(root, STAMP), "utf8"));
  } catch {
    return "ingen registrert installasjon";
  }
  const key = installKey(root);
  if (stamp?.lockHash !== key.lockHash) return "package-lock.json er endret";
  if (stamp.node !== key.node || stamp.platform !== key.platform || stamp.arch !== key.arch) return "ny Node-versjon eller plattform";
  return undefined;
}

/** Records a successful install of the current package-lock.json. */
export function recordInstall(root) {
  writeFileSync(path.join(root, STAMP), `${JSON.stringify({ ...installKey(root), at: new Date().toISOString() }, null, 2)}\n`);
}

/** npm itself: the one running this script (npm_execpath) when there is one, else `npm` on the PATH. */
function npmCommand() {
  const cli = process.env.npm_execpath;
  if (cli && /\.(c?js|mjs)$/.test(cli)) return { cmd: process.execPath, args: [cli] };
  return { cmd: process.platform === "win32" ? "npm.cmd" : "npm", args: [] };
}

/** Runs `npm ci` when due; returns the exit code (0: up to date or installed). */
export function ensureInstalled(root, log = (line) => process.stdout.write(`${line}\n`)) {
  const reason = installReason(root);
  if (!reason) {
    log("Avhengighetene er installert og package-lock.json er uendret: hopper over npm ci.");
    return 0;
  }
  log(`Installerer avhengighetene (${reason}): npm ci …`);
  const npm = npmCommand();
  const r = spawnSync(npm.cmd, [...npm.args, "ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) {
    log(`npm ci feilet (${r.error?.message ?? `exit ${r.status ?? r.signal}`}).`);
    return r.status || 1;
  }
  recordInstall(root);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  if (process.argv.includes("--check")) {
    const reason = installReason(root);
    process.stdout.write(`${reason ? `npm ci trengs: ${reason}` : "oppdatert"}\n`);
    process.exit(reason ? 1 : 0);
  }
  process.exit(ensureInstalled(root));
}
