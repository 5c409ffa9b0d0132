/**
 * Renders the sample minutes (møteprotokoll) to PDF and its first page to
 * docs/minutes-example.png and docs/minutes-example-en.png (pdftoppm from poppler-utils), to look at the layout.
 *   npx tsx test/tools/minutes-to-png.ts
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderMinutesPdf } from "../../src/export/minutes-export.js";
import { demoRoster } from "../domain/fixtures.js";
import { sampleMinutes } from "../export/sample-minutes.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const roster = demoRoster();
for (const [locale, name] of [
  ["nb", "minutes-example.png"],
  ["en", "minutes-example-en.png"],
] as const) {
  const pdf = await renderMinutesPdf(sampleMinutes(roster), roster, { locale });
  const dir = mkdtempSync(join(tmpdir(), "minutes-png-"));
  try {
    const pdfPath = join(dir, "minutes.pdf");
    writeFileSync(pdfPath, pdf);
    execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdfPath, join(dir, "page")]);
    mkdirSync(join(root, "docs"), { recursive: true });
    renameSync(join(dir, "page.png"), join(root, "docs", name));
    console.log(`docs/${name} written (${pdf.length} byte PDF)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
