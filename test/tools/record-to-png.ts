/**
 * Renders the sample decision record to PDF and its first page to
 * docs/record-example.png and docs/record-example-en.png (pdftoppm from poppler-utils), to look at the layout;
 * when the record runs over more than one page, its last page too (…-last.png).
 *   npx tsx test/tools/record-to-png.ts
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderRecordPdf } from "../../src/export/record-pdf.js";
import { demoRoster } from "../domain/fixtures.js";
import { sampleRecord } from "../export/sample-record.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const roster = demoRoster();
// Both languages (issue 14: the criteria and what a grant means read correctly in each): bokmål as before, English beside it.
for (const [locale, name] of [
  ["nb", "record-example.png"],
  ["en", "record-example-en.png"],
] as const) {
  const pdf = await renderRecordPdf(sampleRecord(roster), roster, { locale });
  const dir = mkdtempSync(join(tmpdir(), "record-png-"));
  try {
    const pdfPath = join(dir, "record.pdf");
    writeFileSync(pdfPath, pdf);
    execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdfPath, join(dir, "page")]);
    mkdirSync(join(root, "docs"), { recursive: true });
    renameSync(join(dir, "page.png"), join(root, "docs", name));
    console.log(`docs/${name} written (${pdf.length} byte PDF)`);
    // The last page too: where the plain-language summary for the patient ends the record (issue 14).
    const pages = Number(/\/Type\s*\/Pages[^>]*\/Count\s+(\d+)/.exec(pdf.toString("latin1"))?.[1] ?? 1);
    if (pages > 1) {
      const last = name.replace(".png", "-last.png");
      execFileSync("pdftoppm", ["-png", "-r", "80", "-f", String(pages), "-l", String(pages), "-singlefile", pdfPath, join(dir, "last")]);
      renameSync(join(dir, "last.png"), join(root, "docs", last));
      console.log(`docs/${last} written (page ${pages})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
