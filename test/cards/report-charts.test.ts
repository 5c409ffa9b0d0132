// @vitest-environment jsdom
/**
 * Issue 15: the report card's charts. Teams renders Chart.VerticalBar,
 * Chart.Donut and Chart.HorizontalBar; the official JS renderer
 * (adaptivecards 3.x) does not know them, so it renders each chart's
 * `fallback` — the test checks the card parses clean through the fallbacks
 * and checks each chart's JSON against the shape Microsoft documents
 * ("Charts in Adaptive Cards": bars take data [{x, y}], a donut [{legend, value}]).
 */
import { describe, expect, it } from "vitest";
import { cardByteSize, MAX_CARD_BYTES } from "../../src/cards/card.js";
import { renderReport, type ReportView } from "../../src/cards/report.js";
import { allText, checkCard } from "./ac-validate.js";
import { report } from "./workflow-fixtures.js";

const text = (card: unknown) => allText(card).join("\n");

const yearView = (o: Partial<ReportView> = {}): ReportView =>
  report({
    perCapita: [
      { name: "Helse Sør-Øst RHF", cases: 7, population: 3_167_000, per100k: 0.22 },
      { name: "Helse Vest RHF", cases: 4, population: 1_155_000, per100k: 0.35 },
      { name: "Helse Midt-Norge RHF", cases: 3, population: 759_000, per100k: 0.4 },
      { name: "Helse Nord RHF", cases: 2, population: 487_000, per100k: 0.41 },
    ],
    populationYear: 2025,
    byMethod: [
      { methodId: "ID2023_045", name: "Pembrolizumab (subgruppe)", cases: 5, granted: 2, rejected: 2, flagged: true },
      { methodId: "ID2024_019", name: "Tafamidis", cases: 3, granted: 3, rejected: 0, flagged: false },
    ],
    urgency: { urgent: 2, regular: 14 },
    returnsByReason: [
      { item: "completeness.attachmentMissing", count: 2 },
      { item: "completeness.priceCheckMissing", count: 1 },
    ],
    deferralsByReason: { notQuorate: 1, noConsensus: 2 },
    targets: [
      { key: "regularReadyToDecided", targetDays: 10, count: 12, within: 9 },
      { key: "urgentReceivedToAcknowledged", targetDays: 3, count: 2, within: 2 },
    ],
    equalTreatment: [
      {
        methodId: "ID2023_045",
        name: "Pembrolizumab (subgruppe)",
        regions: [
          { name: "Helse Vest RHF", granted: 2, rejected: 0 },
          { name: "Helse Nord RHF", granted: 0, rejected: 2 },
        ],
      },
    ],
    ...o,
  });

/** Every element of a card whose type starts with "Chart.". */
function chartsOf(node: unknown, out: Record<string, any>[] = []): Record<string, any>[] {
  if (Array.isArray(node)) for (const n of node) chartsOf(n, out);
  else if (node && typeof node === "object") {
    const o = node as Record<string, any>;
    if (typeof o.type === "string" && o.type.startsWith("Chart.")) out.push(o);
    for (const [k, v] of Object.entries(o)) if (k !== "fallback") chartsOf(v, out);
  }
  return out;
}

describe("the report card's charts", () => {
  it("draws cases by region, per 100,000, outcomes and lead times as Teams charts", () => {
    const card = renderReport(yearView());
    const charts = chartsOf(card);
    expect(charts.map((c) => [c.type, c.title])).toEqual([
      ["Chart.VerticalBar", "Saker per region"],
      ["Chart.Donut", "Utfall"],
      ["Chart.VerticalBar", "Saker per 100 000 innbyggere"],
      ["Chart.HorizontalBar", "Saksbehandlingstid (median)"],
    ]);
    const [regions, outcomes, perCapita, leads] = charts as [any, any, any, any];
    expect(regions.data).toEqual([
      { x: "Helse Sør-Øst", y: 7 },
      { x: "Helse Vest", y: 4 },
      { x: "Helse Midt-Norge", y: 3 },
      { x: "Helse Nord", y: 2 },
    ]);
    expect(outcomes.data).toEqual([
      { legend: "Innvilget", value: 7 },
      { legend: "Avslått", value: 4 },
      { legend: "Utsatt", value: 2 },
      { legend: "Returnert for supplerende opplysninger", value: 3 },
      { legend: "Under behandling", value: 2 },
    ]);
    expect(perCapita.data.map((d: any) => d.y)).toEqual([0.22, 0.35, 0.4, 0.41]);
    expect(leads.data).toEqual([
      { x: "Mottatt → klar for komiteen", y: 3 },
      { x: "Klar → avgjort", y: 8.5 },
      { x: "Mottatt → avgjort", y: 12 },
    ]);
  });

  it("gives each chart the documented shape and a fallback for clients that do not draw charts", () => {
    for (const chart of chartsOf(renderReport(yearView()))) {
      expect(typeof chart.title).toBe("string");
      expect(Array.isArray(chart.data) && chart.data.length > 0).toBe(true);
      if (chart.type === "Chart.Donut") for (const d of chart.data) expect(Object.keys(d).sort()).toEqual(["legend", "value"]);
      else for (const d of chart.data) expect([typeof d.x, typeof d.y]).toEqual(["string", "number"]);
      expect(chart.fallback.type).toBe("Container");
      expect(text(chart.fallback)).toContain(chart.title);
    }
  });

  it("parses clean in the official renderer (through the fallbacks), stays under 28 KB, and reads the figures in the fallback", () => {
    const card = renderReport(yearView());
    expect(checkCard(card)).toEqual({ parseEvents: [], validationFailures: [] });
    expect(JSON.stringify(card)).not.toContain("${");
    expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const t = text(card);
    expect(t).toContain("Helse Nord: 0,41");
    expect(t).toContain("Innvilget: 7");
  });

  it("shows per 100,000, methods, the equal-treatment flag, returns, deferrals and targets in words", () => {
    const t = text(renderReport(yearView()));
    expect(t).toContain("Innbyggertall: SSB, befolkning 1. januar 2025 (tabell 07459)");
    expect(t).toMatch(/Helse Nord RHF\n2\n1\n0\n0,41/); // per 100,000 as the regions' fourth column
    expect(t).toContain("⚠ ID2023_045 Pembrolizumab (subgruppe)");
    expect(t).toContain("ID2023_045 Pembrolizumab (subgruppe): Helse Vest RHF 2 innvilget, 0 avslått; Helse Nord RHF 0 innvilget, 2 avslått");
    expect(t).toContain("Det er ikke lagt ved dokumentasjon: ");
    expect(t).toContain("Komiteen var ikke beslutningsdyktig");
    expect(t).toContain("9 av 12 (75 %)");
    expect(t).not.toMatch(/completeness\.|regularReadyToDecided|noConsensus|ID2023_045 ID/);
  });

  it("says it in English too", () => {
    const t = text(renderReport(yearView({ locale: "en" })));
    expect(t).toContain("Cases per 100,000 inhabitants");
    expect(t).toContain("Per 100,000");
    expect(t).toContain("Equal treatment");
    expect(t).toContain("9 of 12 (75 %)");
  });

  it("renders the slot's extra sections (follow-up outcomes, proposals by status) when given", () => {
    const t = text(
      renderReport(yearView({ extraSections: [{ heading: "Oppfølging per metode", rows: [{ label: "ID2023_045", value: "3 startet, 1 stoppet" }] }] })),
    );
    expect(t).toContain("Oppfølging per metode");
    expect(t).toContain("3 startet, 1 stoppet");
  });

  it("leaves the charts out when there is nothing to draw, and still validates", () => {
    const empty = renderReport(
      report({ byRegion: [], byHf: [], outcomes: { granted: 0, rejected: 0, deferred: 0, returned: 0, pending: 0 }, cases: 0, leadTimes: {} }),
    );
    expect(chartsOf(empty)).toEqual([]);
    expect(checkCard(empty)).toEqual({ parseEvents: [], validationFailures: [] });
  });

  it("stays under 28 KB with forty methods and every HF", () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      methodId: `ID2024_${String(i).padStart(3, "0")}`,
      name: `Metode med et langt navn ${i}`,
      cases: 1,
      granted: 1,
      rejected: 0,
      flagged: i % 3 === 0,
    }));
    const hfs = Array.from({ length: 25 }, (_, i) => ({ name: `Helseforetak nummer ${i} HF`, cases: i, granted: 1, rejected: 1 }));
    const card = renderReport(yearView({ byMethod: many, byHf: hfs }));
    expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(checkCard(card)).toEqual({ parseEvents: [], validationFailures: [] });
  });
});
