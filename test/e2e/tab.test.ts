/**
 * End to end: the meeting book (Møtemappe) in headless chromium, in local
 * mode as `npm start` runs it (the Agents Playground has no tabs: the tab
 * opens in a plain browser on loopback as the launcher's current person).
 * `som <id>` switches the reader; the page shows who in its local-mode banner.
 * A member opens the Helse Fonna case and its PDF inside the page; the member
 * recused from that case (m-vest-2) sees its title and why, and no documents;
 * an observer (DMP) follows the meeting in the side panel's view and opens a
 * document too. Asserts on the page and on the audit trail.
 *
 * With SCREENSHOTS=1 it writes docs/screenshots/tab-*.png for the walkthrough
 * (npm: `tsx test/tools/screenshots.ts`).
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseDocument } from "../../src/app/ports.js";
import { startLocal, type LocalRun } from "../../src/local/launcher.js";
import { createLogger } from "../../src/log.js";
import { makeTestContentStore } from "../support/blob.js";
import { TestClock, testToday } from "../support/clock.js";
import { samplePdf } from "../support/pdf.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { openBrowser, type HeadlessBrowser } from "./browser.js";

const SHOTS = process.env.SCREENSHOTS === "1" ? fileURLToPath(new URL("../../docs/screenshots/", import.meta.url)) : undefined;
const Y = testToday.year;
const FONNA = `TO-${Y}-001`;
const INNLANDET = `TO-${Y}-002`;
const WAIT = { timeout: 15_000 };

let store: TestStore;
let run: LocalRun;
let b: HeadlessBrowser;
let page: Page;
let tmp: string;

async function addPdf(caseId: string, documentId: string, title: string, lines: string[]): Promise<void> {
  const content = await samplePdf(lines);
  const doc: CaseDocument = {
    id: `${caseId}:${documentId}:v1`,
    caseId,
    documentId,
    version: 1,
    title,
    fileName: `${title.toLowerCase().replace(/\s+/g, "-")}.pdf`,
    contentType: "application/pdf",
    size: content.length,
    sha256: createHash("sha256").update(content).digest("hex"),
    addedBy: "coord",
    addedAt: run.host.services.now().toISOString(),
  };
  await run.host.services.documentContent.put(doc, content);
  await run.host.services.documents.addVersion(doc);
}

async function shot(name: string, settleMs = 600): Promise<void> {
  if (!SHOTS) return;
  await page.waitForTimeout(settleMs);
  await page.screenshot({ path: path.join(SHOTS, `tab-${name}.png`), fullPage: false });
}

const nameOf = (id: string) => run.host.services.roster.people.find((p) => p.id === id)!.name;
const opened = async (caseId: string) => (await run.host.services.audit.list(caseId)).filter((e) => e.action === "document.opened");

describe("the meeting book in a browser (local mode, headless chromium)", () => {
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), "komitebot-tab-e2e-"));
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    store = await makeTestStore();
    run = await startLocal({
      store: store.store,
      documentContent: await makeTestContentStore(),
      // This test's own documents, not the demo's generated ones.
      demoDocuments: false,
      env: { KOMITEBOT_MODE: "local", DEMO_DATA: "true", LOG_LEVEL: "silent" },
      log: createLogger("silent"),
      botPort: 0,
      playgroundPort: 0,
      playgroundDir: tmp,
      cardUpdateWindowMs: 200,
      now: new TestClock().now,
    });
    await addPdf(FONNA, "D1", "Søknadsskjema", ["Søknad om individuell tilgang", `Saksnummer ${FONNA}`, "Helse Fonna HF"]);
    await addPdf(FONNA, "D2", "Legeerklæring", ["Legeerklæring", `Saksnummer ${FONNA}`]);
    await addPdf(INNLANDET, "D1", "Søknadsskjema", ["Søknad om individuell tilgang", `Saksnummer ${INNLANDET}`]);
    b = await openBrowser({ width: 1100, height: 820 });
    page = b.page;
  }, 60_000);

  afterAll(async () => {
    await page?.screenshot({ path: path.join(tmpdir(), "komitebot-tab-e2e-last.png") }).catch(() => undefined);
    await b?.close();
    await run?.close();
    await store?.dispose();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("shows a member the case with its documents, and opens the PDF inside the page", { timeout: 60_000 }, async () => {
    expect(await run.command("som m-sorost-1")).toContain(nameOf("m-sorost-1"));
    await page.goto(run.tabUrl);
    await page.getByText(`Lokal modus – du er ${nameOf("m-sorost-1")}`).waitFor(WAIT);
    await page.getByRole("heading", { name: "Mine møter og saker" }).waitFor(WAIT);
    await page.getByRole("button", { name: new RegExp(`^${FONNA} – `) }).click();
    await page.getByRole("heading", { name: "Søknaden" }).waitFor(WAIT);
    expect(await page.getByText("Søknadsskjema", { exact: true }).first().isVisible()).toBe(true);
    expect(await page.getByText("Legeerklæring", { exact: true }).first().isVisible()).toBe(true);

    await shot("1-medlem-sak");
    const before = (await opened(FONNA)).length;
    await page.locator('li[data-document="D1"] button').click();
    const frame = page.locator(".viewer iframe");
    await frame.waitFor(WAIT);
    // The PDF comes from an object URL of what the page fetched: no URL that carries access.
    expect(await frame.getAttribute("src")).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);
    const audit = (await opened(FONNA)).slice(before);
    expect(audit.map((e) => [e.actor.rosterId, e.summary.after])).toEqual([["m-sorost-1", "D1 v1"]]);
    await page.locator(".viewer").scrollIntoViewIfNeeded();
    // Chromium's own viewer renders the PDF a moment after the frame appears.
    await shot("2-medlem-pdf", 3_000);
  });

  it("shows the recused member the case's title and why, and no documents", { timeout: 60_000 }, async () => {
    await run.command("som m-vest-2");
    await page.goto(run.tabUrl);
    await page.getByText(`Lokal modus – du er ${nameOf("m-vest-2")}`).waitFor(WAIT);
    await page.locator(`li[data-case="${FONNA}"] .badge.recused`).waitFor(WAIT);
    expect(await page.locator(`li[data-case="${FONNA}"] .badge.recused`).textContent()).toBe("Inhabil");
    await shot("3-inhabil-oversikt");
    await page.getByRole("button", { name: new RegExp(`^${FONNA} – `) }).click();
    await page.getByText("Du er inhabil i denne saken: Saken gjelder eget helseforetak").waitFor(WAIT);
    expect(await page.getByText("Du leser ikke sakens søknad eller dokumenter.").first().isVisible()).toBe(true);
    expect(await page.locator("li[data-document]").count()).toBe(0);
    expect(await page.getByRole("heading", { name: "Søknaden" }).count()).toBe(0);
    await shot("4-inhabil-sak");
  });

  it("shows an observer the meeting as the side panel does, and every case with its documents", { timeout: 60_000 }, async () => {
    await run.command("som obs-dmp");
    await page.goto(`${run.tabUrl}?view=meeting`);
    await page.getByText(`Lokal modus – du er ${nameOf("obs-dmp")}`).waitFor(WAIT);
    await page.getByRole("heading", { name: "Til behandling nå" }).waitFor(WAIT);
    expect(await page.getByText("Lederen har ikke tatt opp noen sak ennå.").first().isVisible()).toBe(true);
    for (const code of [FONNA, INNLANDET]) expect(await page.locator(`li[data-case="${code}"]`).first().isVisible()).toBe(true);
    await shot("5-observator-mote");
    await page.getByRole("button", { name: new RegExp(`^${FONNA} – `) }).click();
    await page.locator('li[data-document="D2"] button').click();
    await page.locator('.viewer[data-document="D2"] iframe').waitFor(WAIT);
    expect((await opened(FONNA)).map((e) => e.actor.rosterId)).toContain("obs-dmp");
  });
});
