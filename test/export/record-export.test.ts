import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderRecordPdf, winAnsi } from "../../src/export/record-pdf.js";
import { escapeMarkdown, recordSections, recordToMarkdown } from "../../src/export/record-markdown.js";
import { correct } from "../../src/domain/decision-record.js";
import { demoRoster } from "../domain/fixtures.js";
import { sampleRecord } from "./sample-record.js";

const roster = demoRoster();

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "pdf-"));
  try {
    writeFileSync(join(dir, "r.pdf"), pdf);
    return execFileSync("pdftotext", ["-layout", join(dir, "r.pdf"), "-"], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the decision record as sections and Markdown", () => {
  it("has every section of the standard text, in order", () => {
    const layout = recordSections(sampleRecord(roster), roster, "nb");
    expect(layout.title).toBe("Avgjørelse fra interregional vurderingskomité – Tilgangsordningen");
    expect(layout.preamble).toEqual([]);
    expect(layout.sections.map((s) => s.heading)).toEqual([
      "Sak",
      "Metode",
      "Søkende helseforetak",
      "Grunnlag for klinisk eksepsjonalitet og komiteens vurdering",
      "Prioriteringskriteriene", // issue 14: the finding on nytte, alvorlighet, ressursbruk
      "Ressursbruk",
      "Konklusjon",
      "Hva innvilgelsen betyr", // issue 14: a grant says what it means
      "Begrunnelse",
      "Vilkår",
      "Forslag om vurdering på gruppenivå i Nye metoder",
      "Deltakende medlemmer",
      "Inhabilitet",
      "Beslutningsdyktighet og konsensus",
      "Avgjørelsens karakter og klageadgang",
      "Dokumentert av",
      "Til pasienten – avgjørelsen forklart", // issue 14: the plain-language summary for the patient
    ]);
    expect(layout.sections.find((s) => s.heading === "Konklusjon")?.lines).toEqual(["Innvilget"]);
  });

  it("writes Markdown with headings, lists and escaped text", () => {
    const md = recordToMarkdown(sampleRecord(roster), roster, "nb");
    expect(md.startsWith("# Avgjørelse fra interregional vurderingskomité – Tilgangsordningen\n")).toBe(true);
    expect(md).toContain("\n## Konklusjon\n\nInnvilget\n");
    expect(md).toContain("Metode X (ID2023\\_045)");
    expect(md).toContain("- Astrid Fjellvang, Oslo universitetssykehus HF\n");
    expect(md).toContain("Bekreftet av Maren Ødegård Lie, 27. november 2026");
    // Issue 14: the criteria and what a grant means, in the Markdown too.
    expect(md).toContain("\n## Prioriteringskriteriene\n\n- Nytte: oppfylt. Stor forventet klinisk nytte for denne pasienten.\n");
    expect(md).toContain("\n## Hva innvilgelsen betyr\n\nMetoden gjøres tilgjengelig for denne ene pasienten, og helseforetaket finansierer den.");
    expect(escapeMarkdown("*fet* <b> [lenke](x)")).toBe("\\*fet\\* \\<b\\> \\[lenke\\](x)");
    expect(escapeMarkdown("- ikke liste")).toBe("\\- ikke liste");
  });

  it("marks a correction as a new version and names what it supersedes", () => {
    const v2 = correct(sampleRecord(roster), { conditions: ["Ny vurdering etter seks måneder."] }, "Vilkår falt ut", "coord", "2026-11-30T09:00:00+01:00");
    if (!v2.ok) throw new Error(v2.reason.code);
    const layout = recordSections(v2.value, roster, "en");
    expect(layout.preamble).toEqual(["DRAFT – not confirmed", "Version 2. Supersedes TO-2026-014-v1. Reason for correction: Vilkår falt ut"]);
  });
});

describe("the decision record as PDF", () => {
  it("is an A4 PDF with the title, case code, version, confirmer, every section and page numbers, æøå intact", async () => {
    const pdf = await renderRecordPdf(sampleRecord(roster), roster, { locale: "nb" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(pdf);
    expect(text).toContain("Avgjørelse – Tilgangsordningen");
    expect(text).toContain("Saksnummer TO-2026-014");
    expect(text).toMatch(/Versjon 1 · Bekreftet av Maren Ødegård Lie, 27\. november 2026/);
    expect(text).toContain("Behandlingsansvarlig lege avgjør om den skal tas i bruk."); // issue 14: what a grant means
    for (const heading of [
      "Grunnlag for klinisk eksepsjonalitet",
      "Prioriteringskriteriene",
      "Hva innvilgelsen betyr",
      "Begrunnelse",
      "Vilkår",
      "Inhabilitet",
      "Avgjørelsens karakter og klageadgang",
    ])
      expect(text).toContain(heading);
    expect(text).toContain("æ ø å Æ Ø Å – § “sitat”");
    expect(text).toMatch(/Side 1 av 2[\s\S]*Side 2 av 2/);
    const info = execFileSync("pdfinfo", ["-"], { input: pdf, encoding: "utf8" });
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  });

  it("renders a draft in English with the draft mark", async () => {
    const { confirmedBy: _b, confirmedAt: _a, ...draft } = sampleRecord(roster);
    const text = pdfText(await renderRecordPdf({ ...draft, status: "draft" }, roster, { locale: "en" }));
    expect(text).toContain("Decision – Tilgangsordningen");
    expect(text).toContain("Version 1 · DRAFT – not confirmed");
    expect(text).toContain("Page 1 of");
  });

  it("keeps characters the built-in font can show and replaces the rest", () => {
    expect(winAnsi("Ødegård – § “x” €")).toBe("Ødegård – § “x” €");
    expect(winAnsi("Áltá ŋ đ 1\u202f000")).toBe("Áltá ? ? 1\u00a0000");
    expect(winAnsi("Čáhcesuolu")).toBe("Cáhcesuolu");
  });
});
