import { describe, expect, it } from "vitest";
import { minutesToMarkdown, renderMinutesPdf } from "../../src/export/minutes-export.js";
import { formatNok } from "../../src/i18n/index.js";
import { demoRoster } from "../domain/fixtures.js";
import { pdfText } from "../support/pdf-text.js";
import { SAMPLE_CONFIDENTIAL_PRICE, sampleMinutes } from "./sample-minutes.js";

const roster = demoRoster();
const minutes = sampleMinutes(roster);
const flat = (s: string) => s.replace(/\s+/g, " ");

describe("the minutes as PDF and Markdown", () => {
  it("says the meeting, attendance, each case and who approved, in bokmål", async () => {
    const text = flat(await pdfText(await renderMinutesPdf(minutes, roster, { locale: "nb" })));
    for (const want of [
      "Møteprotokoll 27. november 2026",
      "Godkjent av leder (versjon 1)",
      "Start 13:02, slutt 14:10",
      "Møtet brukte 68 minutter. Saklisten hadde satt av 50 minutter, grensen er 120 minutter.",
      "Marit Skjelbred, vararepresentant fra Helse Førde HF for Odd Arne Brekkestø, til stede fra 13:03",
      "Dr. Samuel Okafor-Berg, ekstern fagekspert i sak TO-2026-001, gikk 13:25",
      "Sak TO-2026-001",
      "Innvilget.",
      "Odd Arne Brekkestø (eget HF)",
      "Begrunnelse for utsettelsen: Komiteen venter på oppdaterte data fra studien.",
      "Astrid Fjellvang (meldt inhabilitet)",
      "Sak TO-2026-003 (hastesak)",
      "Avslått.",
      "5 medlemmer deltok (minst 4 kreves).",
      "Tid: 20 av 20 minutter.",
      "Møtet startet to minutter forsinket.",
      "Godkjent av leder Gunnhild Tveitereid",
    ])
      expect(text).toContain(want);
  });

  it("reads correctly in English", async () => {
    const text = flat(await pdfText(await renderMinutesPdf(minutes, roster, { locale: "en" })));
    for (const want of [
      "Minutes of the meeting on 27 November 2026",
      "Approved by the chair (version 1)",
      "Marit Skjelbred, substitute from Helse Førde HF for Odd Arne Brekkestø",
      "Case TO-2026-003 (urgent)",
      "Reason for the deferral:",
      "Decided by consensus.",
      "Approved by the chair Gunnhild Tveitereid",
    ])
      expect(text).toContain(want);
    // The coordinator's notes stay in their own words; everything the bot writes is English.
    expect(text).not.toMatch(/Innvilget|Avslått|medlemmer deltok|Oppmøte/);
  });

  it("never shows a confidential price, in either file or language", async () => {
    for (const locale of ["nb", "en"] as const) {
      const pdf = flat(await pdfText(await renderMinutesPdf(minutes, roster, { locale })));
      const md = minutesToMarkdown(minutes, roster, locale);
      for (const out of [pdf, md]) {
        expect(out).not.toContain(String(SAMPLE_CONFIDENTIAL_PRICE));
        expect(flat(out)).not.toContain(flat(formatNok(locale, SAMPLE_CONFIDENTIAL_PRICE)));
        expect(out).not.toMatch(/987[\s\u00a0.,]?654/);
      }
    }
    expect(JSON.stringify(minutes)).not.toMatch(/price|confidential|987654/);
  });

  it("writes Markdown with a heading per section and names, never roster ids or codes", () => {
    const md = minutesToMarkdown(minutes, roster, "nb");
    expect(md.startsWith("# Møteprotokoll 27. november 2026\n")).toBe(true);
    expect(md).toContain("## Oppmøte");
    expect(md).toContain("## Sak TO-2026-002");
    expect(md).toContain("- Utsatt.");
    expect(md).not.toMatch(/m-vest-2|s-vest-2|\bgranted\b|\bdeferred\b|ownHf|notConcluded/);
  });
});
