/**
 * Issue 15: «rapport» with a period, its CSV and its yearly PDF, through the
 * whole app (the adapter, the command table, file consent), on a store holding
 * the demo data and a year of generated data (2025).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardAction, installationUpdate, personalMessage } from "../support/activities.js";
import { BotHarness, cardText } from "../support/bot-harness.js";
import { storeSnapshot } from "../support/snapshot.js";
import { seedYear, YEAR_PRICE, type YearPlan } from "../support/year-data.js";
import { pdfText } from "../support/pdf-text.js";

let h: BotHarness;
let plan: YearPlan;
const oneOnOne = (id: string) => `a:1on1-${h.who(id).aadObjectId}`;
const sentTo = (id: string) => h.connector.sent(oneOnOne(id));
const cardsTo = (id: string) => sentTo(id).flatMap((a) => (a.attachments ?? []).map((x: any) => x.content));
const textsTo = (id: string) => sentTo(id).flatMap((a) => (a.text ? [a.text as string] : []));
const consents = (id: string) =>
  sentTo(id)
    .flatMap((a) => a.attachments ?? [])
    .filter((x: any) => x.contentType === "application/vnd.microsoft.teams.card.file.consent") as any[];
const english = () => ({ ...h.who("coord"), locale: "en-GB" });

/** The coordinator accepts a file consent (or someone sends a forged one): Teams' fileConsent/invoke. */
async function accept(context: unknown, name: string) {
  const a = cardAction(h.url, h.who("coord"), "x", {}, { personal: true }) as any;
  a.name = "fileConsent/invoke";
  a.value = {
    type: "fileUpload",
    action: "accept",
    context,
    uploadInfo: { name, uploadUrl: `${h.url}upload/${name}`, contentUrl: `${h.url}files/${name}`, fileType: name.split(".").pop() },
  };
  return h.send(a);
}

beforeAll(async () => {
  h = await BotHarness.start();
  plan = await seedYear(h.svc, h.svc.roster);
  await h.send(installationUpdate(h.url, h.who("coord")));
}, 60_000);
afterAll(async () => h.stop());

describe("«rapport» for a period", () => {
  it("shows the year with charts by region, outcome and lead time, the per-100,000 figures and the equal-treatment flags", async () => {
    h.connector.reset();
    await h.send(personalMessage(h.url, h.who("coord"), "rapport 2025"));
    const card = cardsTo("coord").at(-1);
    const json = JSON.stringify(card);
    for (const chart of ["Chart.VerticalBar", "Chart.Donut", "Chart.HorizontalBar"]) expect(json).toContain(chart);
    const text = cardText(card);
    expect(text).toContain("1. januar 2025 – 31. desember 2025");
    expect(text).toContain(`${plan.cases.length}`);
    expect(text).toContain("Per 100 000");
    expect(text).toContain("Innbyggertall: SSB, befolkning 1. januar 2025");
    expect(text).toContain("Likebehandling");
    expect(text).toContain("ID2023_045");
    expect(json).not.toContain(String(YEAR_PRICE));
    expect(json).not.toMatch(/TO-2026-/); // the demo's 2026 cases are outside the period
  });

  it("takes from–to, and answers in English for an English client", async () => {
    h.connector.reset();
    await h.send(personalMessage(h.url, english(), "report 2025-01-01 2025-06-30"));
    const text = cardText(cardsTo("coord").at(-1));
    expect(text).toContain("1 January 2025 – 30 June 2025");
    expect(text).toContain("Cases by region");
  });

  it("refuses a period it cannot read with a clear message, in the user's language, and changes nothing", async () => {
    const before = await storeSnapshot(h.store, ["cases", "meetings", "records"]);
    h.connector.reset();
    await h.send(personalMessage(h.url, h.who("coord"), "rapport i fjor"));
    await h.send(personalMessage(h.url, h.who("coord"), "rapport 2025-02-30 2025-03-31"));
    await h.send(personalMessage(h.url, h.who("coord"), "rapport 2025-12-31 2025-01-01"));
    await h.send(personalMessage(h.url, english(), "report 1899"));
    expect(cardsTo("coord")).toEqual([]);
    expect(textsTo("coord")).toEqual([
      "Skriv perioden som et år (f.eks. «rapport 2026») eller fra–til med to datoer (f.eks. «rapport 2026-01-01 2026-06-30»).",
      "«2025-02-30» er ikke en gyldig dato. Skriv datoer som ÅÅÅÅ-MM-DD.",
      "Første dag (2025-12-31) er etter siste dag (2025-01-01).",
      "The report can cover the years 2020–2100.",
    ]);
    expect(await storeSnapshot(h.store, ["cases", "meetings", "records"])).toEqual(before);
  });

  it("refuses the register to anyone but the coordinator", async () => {
    h.connector.reset();
    await h.send(personalMessage(h.url, h.who("m-vest-1"), "rapport 2025"));
    const cards = h.connector.sent(oneOnOne("m-vest-1")).flatMap((a) => (a.attachments ?? []).map((x: any) => cardText(x.content)));
    expect(cards.some((c) => /Register og evaluering|Saker per region/.test(c))).toBe(false); // a welcome card at most
    expect(h.connector.sent(oneOnOne("m-vest-1")).at(-1)?.text).toMatch(/koordinator/i);
  });
});

describe("the register's files for a period", () => {
  it("gives the CSV of the period's rows by file consent", async () => {
    h.connector.reset();
    await h.send(personalMessage(h.url, h.who("coord"), "rapport csv 2025-01-01 2025-06-30"));
    const consent = consents("coord").at(-1);
    expect(consent.name).toBe("tilgangsordningen-register-2025-01-01_2025-06-30.csv");
    expect(consent.content.acceptContext).toEqual({ kind: "reportCsv", from: "2025-01-01", to: "2025-06-30" });
    expect((await accept(consent.content.acceptContext, consent.name))?.status).toBe(200);
    const csv = h.connector.uploads.at(-1)!.body.toString("utf8");
    const codes = [...csv.matchAll(/^TO-\d{4}-\d{3}/gm)].map((m) => m[0]);
    expect(codes).toEqual(plan.cases.filter((c) => c.receivedAt.slice(0, 10) <= "2025-06-30").map((c) => c.code));
    expect(csv).not.toContain(String(YEAR_PRICE));
  });

  it("gives the yearly report as a PDF with the charts, by file consent", async () => {
    h.connector.reset();
    await h.send(personalMessage(h.url, h.who("coord"), "rapport pdf 2025"));
    const consent = consents("coord").at(-1);
    expect(consent.name).toBe("tilgangsordningen-arsrapport-2025-01-01_2025-12-31.pdf");
    expect((await accept(consent.content.acceptContext, consent.name))?.status).toBe(200);
    const pdf = h.connector.uploads.at(-1)!.body;
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await pdfText(pdf);
    expect(text).toContain("Saker per region");
    expect(text).toContain("Utfall");
    expect(text).not.toContain(String(YEAR_PRICE));
  });

  it("refuses a file request with a bad period, in the chat or in a forged consent, and uploads nothing", async () => {
    h.connector.reset();
    await h.send(personalMessage(h.url, h.who("coord"), "rapport csv 2025-13-01 2025-12-31"));
    expect(consents("coord")).toEqual([]);
    expect(textsTo("coord").at(-1)).toBe("«2025-13-01» er ikke en gyldig dato. Skriv datoer som ÅÅÅÅ-MM-DD.");
    const uploads = h.connector.uploads.length;
    for (const context of [
      { kind: "reportPdf", from: "2025-12-31", to: "2025-01-01" },
      { kind: "reportCsv", from: "2025-01-01" },
      { kind: "reportPdf", from: "'; DROP", to: "2025-01-01" },
    ])
      await accept(context, "x.pdf");
    expect(h.connector.uploads.length).toBe(uploads);
    expect(
      textsTo("coord")
        .slice(-3)
        .every((t) => /Ugyldig innhold/.test(t)),
    ).toBe(true);
  });
});
