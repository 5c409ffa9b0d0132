/**
 * The text of a PDF as a reader's copy would give it (pdftotext from
 * poppler-utils, reading order), for tests that check what a PDF says.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function pdfText(pdf: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "pdf-text-"));
  try {
    writeFileSync(join(dir, "r.pdf"), pdf);
    return execFileSync("pdftotext", [join(dir, "r.pdf"), "-"], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
