/**
 * Regenerates docs/screenshots/playground-*.png and tab-*.png: runs the Agents
 * Playground e2e test (test/e2e/playground.test.ts) and the meeting book's
 * (test/e2e/tab.test.ts) with SCREENSHOTS=1, so the README's images always
 * come from the real flow in a real browser.
 *
 *   npx tsx test/tools/screenshots.ts
 */
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = path.join(root, "docs", "screenshots");
for (const f of readdirSync(dir, { withFileTypes: true })) {
  if (f.isFile() && /^(playground|tab)-.*\.png$/.test(f.name)) rmSync(path.join(dir, f.name));
}
const vitest = path.join(root, "node_modules", ".bin", "vitest");
const r = spawnSync(vitest, ["run", "test/e2e/playground.test.ts", "test/e2e/tab.test.ts"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, SCREENSHOTS: "1" },
});
if (r.status !== 0) {
  console.error("The e2e run failed; screenshots are incomplete.");
  process.exit(r.status ?? 1);
}
const written = readdirSync(dir)
  .filter((f) => /^(playground|tab)-.*\.png$/.test(f))
  .sort();
console.log(`Wrote ${written.length} screenshots to ${path.relative(root, dir)}/:\n${written.map((f) => `  ${f}`).join("\n")}`);
