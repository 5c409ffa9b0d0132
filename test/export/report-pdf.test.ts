/**
 * Issue 15: the yearly report PDF over a year of generated data: the charts'
 * labels and values are in it (drawn with the same words as the card's
 * charts), the tables too, in both languages, and no price.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerReport } from "../../src/app/coordinator/report.js";
import type { AppServices } from "../../src/app/services.js";
import { renderReportPdf } from "../../src/export/report-pdf.js";
import { repositories } from "../../src/store/repositories/index.js";
import { reportView } from "../../src/teams/coordinator/views.js";
import { demoRoster } from "../domain/fixtures.js";
import { pdfText } from "../support/pdf-text.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { seedYear, YEAR_PRICE, YEAR_TREATMENT_COST } from "../support/year-data.js";

let t: TestStore;
const texts: Record<"nb" | "en", string> = { nb: "", en: "" };
const pdfs: Record<"nb" | "en", Buffer> = { nb: Buffer.alloc(0), en: Buffer.alloc(0) };

beforeAll(async () => {
  t = await makeTestStore();
  const roster = demoRoster();
  const repos = repositories(t.store);
  await seedYear(repos, roster);
  const svc = { ...repos, roster, settings: { quorumMinimum: 4 } } as unknown as AppServices;
  const { report, records } = await registerReport(svc, { from: "2025-01-01", to: "2025-12-31" });
  for (const locale of ["nb", "en"] as const) {
    pdfs[locale] = await renderReportPdf(reportView(report, records, locale, new Date("2026-01-05T09:00:00+01:00")));
    texts[locale] = await pdfText(pdfs[locale]);
  }
}, 60_000);
afterAll(() => t.dispose());

describe("the yearly report PDF", () => {
  it("is a PDF with the charts' titles, axis labels and values", () => {
    expect(pdfs.nb.subarray(0, 5).toString()).toBe("%PDF-");
    const s = texts.nb;
    for (const label of ["Oversikt i diagrammer", "Saker per region", "Saker per 100 000 innbyggere", "Utfall", "Saksbehandlingstid (median)"])
      expect(s).toContain(label);
    for (const region of ["Helse Sør-Øst", "Helse Vest", "Helse Midt-Norge", "Helse Nord"]) expect(s).toContain(region);
    expect(s).toMatch(/Innvilget: \d+/);
    expect(s).toContain("1,03"); // Helse Nord per 100,000: 5 / 487 000
    expect(s).toContain("Mottatt – klar for komiteen");
  });

  it("has the tables: per region and HF, per method with the equal-treatment flags, returns, deferrals and targets", () => {
    const s = texts.nb;
    expect(s).toContain("Saker per helseforetak");
    expect(s).toContain("Saker per metode (ID i Nye metoder)");
    expect(s).toContain("(!) ID2023_045 Pembrolizumab (subgruppe)");
    expect(s).toContain("Likebehandling: samme metode, ulikt utfall i ulike regioner");
    expect(s).toContain("Utsatte saker, etter årsak");
    expect(s).toContain("Saksbehandlingstid mot målene");
    expect(s).toContain("487 000");
    expect(s).toMatch(/Side 1 av \d/);
  });

  it("speaks English when asked", () => {
    const s = texts.en;
    expect(s).toContain("Annual report");
    expect(s).toContain("Cases per 100,000 inhabitants");
    expect(s).toContain("Equal treatment");
    expect(s).toMatch(/Page 1 of \d/);
  });

  it("never shows a price", () => {
    for (const s of [texts.nb, texts.en]) {
      for (const price of [YEAR_PRICE, YEAR_TREATMENT_COST]) {
        expect(s.replace(/\s/g, "")).not.toContain(String(price));
        expect(s).not.toContain(price.toLocaleString("nb-NO"));
      }
      expect(s).not.toMatch(/\bkr\b|NOK/);
    }
  });
});
