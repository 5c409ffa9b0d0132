/** Issue 14: the plain-language summary for the patient, with each routed decision. */
import { describe, expect, it } from "vitest";
import { patientSummary } from "../../src/export/patient-summary.js";
import { recordSections, recordToMarkdown } from "../../src/export/record-markdown.js";
import { renderRecordPdf } from "../../src/export/record-pdf.js";
import { demoRoster } from "../domain/fixtures.js";
import { sampleRecord } from "./sample-record.js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const roster = demoRoster();
const granted = sampleRecord(roster);
const rejected = { ...granted, outcome: "rejected" as const };

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "pdf-"));
  try {
    writeFileSync(join(dir, "r.pdf"), pdf);
    return execFileSync("pdftotext", [join(dir, "r.pdf"), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the summary for the patient", () => {
  it("says a grant means the HF pays and the doctor decides with the patient, and names the complaint route", () => {
    const s = patientSummary(granted, "nb");
    const text = s.paragraphs.join("\n");
    expect(s.heading).toBe("Til pasienten – avgjørelsen forklart");
    expect(text).toMatch(/er innvilget/);
    expect(text).toMatch(/helseforetaket ditt betaler/);
    expect(text).toMatch(/Legen din avgjør sammen med deg/);
    expect(text).toMatch(/Statsforvalteren etter pasient- og brukerrettighetsloven § 7-2/);
    expect(s.paragraphs).toHaveLength(4);
  });

  it("says a rejection means no funding through this arrangement, and what happens next", () => {
    const text = patientSummary(rejected, "nb").paragraphs.join("\n");
    expect(text).toMatch(/er avslått/);
    expect(text).toMatch(/ikke blir finansiert gjennom denne ordningen/);
    expect(text).toMatch(/andre behandlinger/);
    expect(text).toMatch(/§ 7-2/);
  });

  it("is in English where the record is read in English", () => {
    const s = patientSummary(granted, "en");
    expect(s.heading).toBe("For the patient – the decision explained");
    expect(s.paragraphs.join("\n")).toMatch(/your health trust pays for it/);
    expect(s.paragraphs.join("\n")).toMatch(/Statsforvalteren .* § 7-2/);
  });

  it("names the case by its code only, never the patient", () => {
    const s = patientSummary(granted, "nb");
    expect(s.intro).toContain(granted.caseCode);
    expect(JSON.stringify(s)).not.toMatch(/\d{11}/);
  });

  it("ends the record's Markdown and PDF with the summary, in both languages", async () => {
    expect(recordSections(granted, roster, "nb").sections.at(-1)?.heading).toBe("Til pasienten – avgjørelsen forklart");
    const md = recordToMarkdown(granted, roster, "nb");
    expect(md).toContain("\n## Til pasienten – avgjørelsen forklart\n");
    expect(md).toMatch(/pasient- og brukerrettighetsloven § 7-2/);
    expect(recordToMarkdown(granted, roster, "en")).toContain("\n## For the patient – the decision explained\n");
    const nb = pdfText(await renderRecordPdf(granted, roster, { locale: "nb" }));
    expect(nb).toContain("Til pasienten – avgjørelsen forklart");
    expect(nb).toContain("helseforetaket ditt betaler");
    const en = pdfText(await renderRecordPdf(granted, roster, { locale: "en" }));
    expect(en).toContain("For the patient – the decision explained");
  });
});
