/**
 * Renders sample cards with the official Adaptive Cards renderer in headless
 * Chromium, with a Teams-like light host config, and writes PNG screenshots to
 * docs/screenshots/. Run: npx tsx test/tools/render-cards.ts
 * Needs Debian's chromium at /usr/bin/chromium (or CHROMIUM=/path).
 */
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { renderAgenda } from "../../src/cards/agenda.js";
import { renderAttendance } from "../../src/cards/attendance.js";
import type { AdaptiveCard } from "../../src/cards/card.js";
import { renderCaseBrief } from "../../src/cards/case-brief.js";
import { renderNotice } from "../../src/cards/notice.js";
import { renderCoordinatorAlert, renderRoutingStatus } from "../../src/cards/alerts.js";
import { renderCaseList, renderChecklist } from "../../src/cards/checklist.js";
import { renderRoutedDecision } from "../../src/cards/decision.js";
import { renderCaseReceived, renderCaseReturned } from "../../src/cards/hf-notices.js";
import { renderIntakeForm } from "../../src/cards/intake.js";
import { renderPapers } from "../../src/cards/papers.js";
import { renderRecordCard } from "../../src/cards/record.js";
import { renderReport } from "../../src/cards/report.js";
import { t } from "../../src/i18n/index.js";
import { caseBrief, largestCase, MEETING_ID, refreshIds } from "../cards/fixtures.js";
import { caseList, checklist, confirmedRecord, papers, record, report, routingStatus } from "../cards/workflow-fixtures.js";

const HFS = [
  { id: "helse-bergen", name: "Helse Bergen HF", region: "Helse Vest RHF" },
  { id: "helse-stavanger", name: "Helse Stavanger HF", region: "Helse Vest RHF" },
  { id: "ous", name: "Oslo universitetssykehus HF", region: "Helse Sør-Øst RHF" },
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const outDir = join(root, "docs/screenshots");
const bundle = join(root, "node_modules/adaptivecards/dist/adaptivecards.min.js");

/** Teams' light theme, approximately: Segoe UI, Teams purple accent, soft container tints. */
const hostConfig = {
  fontFamily: "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', sans-serif",
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#E0E0E0" },
  fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  containerStyles: {
    default: {
      backgroundColor: "#FFFFFF",
      foregroundColors: {
        default: { default: "#242424", subtle: "#616161" },
        accent: { default: "#5B5FC7", subtle: "#7F85F5" },
        good: { default: "#0E700E", subtle: "#13A10E" },
        warning: { default: "#835B00", subtle: "#A67300" },
        attention: { default: "#C4314B", subtle: "#D13438" },
        dark: { default: "#242424", subtle: "#424242" },
        light: { default: "#FFFFFF", subtle: "#F5F5F5" },
      },
    },
    emphasis: { backgroundColor: "#F5F5F5" },
    accent: { backgroundColor: "#E8EBFA" },
    good: { backgroundColor: "#E7F2DA" },
    attention: { backgroundColor: "#FDE7E9" },
    warning: { backgroundColor: "#FFF4CE" },
  },
  actions: {
    maxActions: 6,
    spacing: "default",
    buttonSpacing: 8,
    showCard: { actionMode: "inline", inlineTopMargin: 12 },
    actionsOrientation: "horizontal",
    actionAlignment: "left",
  },
  factSet: {
    title: { weight: "bolder", size: "default", color: "default", wrap: true, maxWidth: 180 },
    value: { weight: "default", size: "default", color: "default", wrap: true },
    spacing: 8,
  },
};

// Fill the foreground colours of the tinted styles from the default style.
for (const style of Object.values(hostConfig.containerStyles)) {
  (style as { foregroundColors?: unknown }).foregroundColors ??= hostConfig.containerStyles.default.foregroundColors;
}

const css = `
  body { margin: 0; background: #EBEBEB; font-family: ${hostConfig.fontFamily}; }
  .frame { width: 640px; margin: 16px; background: #FFFFFF; border-radius: 6px;
           box-shadow: 0 1px 3px rgba(0,0,0,.15); overflow: hidden; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; padding: 5px 12px; min-height: 32px;
                   border-radius: 4px; border: 1px solid #D1D1D1; background: #FFFFFF; color: #242424; cursor: pointer;
                   overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .ac-pushButton.style-positive, .ac-pushButton.primary { background: #5B5FC7; border-color: #5B5FC7; color: #FFFFFF; }
  .ac-pushButton.style-destructive { color: #C4314B; border-color: #C4314B; }
  .ac-pushButton.expanded { background: #E8EBFA; border-color: #5B5FC7; }
  .ac-input, .ac-textInput, textarea { font-family: inherit; font-size: 14px; border: 1px solid #D1D1D1; border-radius: 4px;
                   padding: 6px 8px; box-sizing: border-box; width: 100%; }
  .ac-textInput.ac-multiline { min-height: 64px; }
`;

const samples: { file: string; card: AdaptiveCard; expandFirstShowCard?: boolean; maxHeight?: number }[] = [
  { file: "case-brief.png", card: renderCaseBrief(caseBrief({ viewer: { kind: "eligible", name: "Kari Nordmann", ownPosition: "grant" } })) },
  {
    file: "case-brief-chair.png",
    card: renderCaseBrief(
      caseBrief({
        viewer: { kind: "chair" },
        urgent: false,
        positions: (caseBrief().positions ?? []).map((p) => ({ ...p, position: "grant" as const })),
        consensus: { state: "consensus", position: "grant", outstandingCount: 0 },
      }),
    ),
  },
  { file: "case-brief-recused.png", card: renderCaseBrief(caseBrief({ viewer: { kind: "recused", recusedReason: "ownHf" } })) },
  {
    file: "case-brief-declare-conflict-en.png",
    card: renderCaseBrief(caseBrief({ locale: "en", viewer: { kind: "eligible" } })),
    expandFirstShowCard: true,
  },
  {
    file: "case-brief-concluded.png",
    card: renderCaseBrief(
      caseBrief({
        viewer: { kind: "observer" },
        status: "granted",
        conclusion: { result: "granted" },
        consensus: { state: "consensus", position: "grant", outstandingCount: 0 },
      }),
    ),
  },
  // Only the top: enough to show the shortened texts and their notes.
  { file: "case-brief-largest.png", card: renderCaseBrief(largestCase({ viewer: { kind: "eligible" } })), maxHeight: 900 },
  {
    file: "agenda.png",
    card: renderAgenda({
      locale: "nb",
      meetingId: MEETING_ID,
      date: "2026-11-27",
      viewerIsChair: true,
      items: [
        {
          caseId: "TO-2026-012",
          code: "TO-2026-012",
          methodName: "Nivolumab ved melanom",
          applyingHfName: "Oslo universitetssykehus HF",
          urgent: false,
          status: "granted",
          isCurrent: false,
        },
        {
          caseId: "TO-2026-014",
          code: "TO-2026-014",
          methodName: "Atezolizumab (Tecentriq) ved hepatocellulært karsinom",
          applyingHfName: "Helse Bergen HF",
          urgent: true,
          status: "inMeeting",
          isCurrent: true,
        },
        {
          caseId: "TO-2026-015",
          code: "TO-2026-015",
          methodName: "Onasemnogene abeparvovec (Zolgensma)",
          applyingHfName: "Helse Nord-Trøndelag HF",
          urgent: false,
          status: "onAgenda",
          isCurrent: false,
        },
        {
          caseId: "TO-2026-016",
          code: "TO-2026-016",
          methodName: "Lutetium-177 vipivotidtetraksetan (Pluvicto)",
          applyingHfName: "Universitetssykehuset Nord-Norge HF",
          urgent: false,
          status: "onAgenda",
          isCurrent: false,
        },
      ],
      refreshUserIds: refreshIds(10),
    }),
  },
  {
    file: "attendance.png",
    card: renderAttendance({
      locale: "nb",
      meetingId: MEETING_ID,
      members: [
        { name: "Kari Nordmann", role: "member", hfName: "Helse Bergen HF", present: true, source: "event" },
        { name: "Per Hansen", role: "member", hfName: "Helse Stavanger HF", present: true, source: "checkin" },
        { name: "Lise Berg", role: "member", hfName: "St. Olavs hospital HF", present: false },
        { name: "Anne Midt", role: "member", hfName: "Helse Møre og Romsdal HF", present: false },
        { name: "Jon Midt", role: "substitute", hfName: "Helse Møre og Romsdal HF", present: true, source: "coordinator" },
        { name: "Eva Nord", role: "member", hfName: "Universitetssykehuset Nord-Norge HF", present: true, source: "event" },
      ],
      membersPresent: 3,
      seats: 8,
      substitutesPresent: 1,
      viewer: { canCheckIn: true, present: false },
      refreshUserIds: refreshIds(10),
    }),
  },
  {
    file: "notice.png",
    card: renderNotice({
      locale: "nb",
      title: t("nb", "notice.rosterTitle"),
      lines: [t("nb", "roster.membersCount", { count: 7, expected: 8 }), t("nb", "roster.fagdirektorCount", { count: 3, minimum: 4 })],
      tone: "warning",
    }),
  },
  // The coordinator's workflow outside the meeting and the decision's way back to the HF.
  { file: "intake.png", card: renderIntakeForm({ locale: "nb", hfs: HFS, values: { receivedDate: "2026-03-02" } }) },
  {
    file: "intake-errors.png",
    card: renderIntakeForm({
      locale: "nb",
      hfs: HFS,
      values: {
        methodName: "Atezolizumab (Tecentriq) ved hepatocellulært karsinom",
        nyeMetoderId: "ID2023_045",
        beslutningsforumDate: "2025-03-12",
        applyingHfId: "helse-bergen",
        ground_increasedBenefit: "true",
        reasoning_increasedBenefit: "Publisert studie viser vesentlig bedre respons i undergruppen.",
        price: "123456",
        confidential: "true",
        attachments: "Søknadsskjema | DOK-2026-0412\nPublisert studie",
        receivedDate: "2026-03-02",
      },
      errors: [
        { field: "attachments", message: t("nb", "intake.attachmentsFormat") },
        { field: "grounds", message: t("nb", "case.groundsDuplicate") },
      ],
    }),
    maxHeight: 1400,
  },
  { file: "checklist.png", card: renderChecklist(checklist()) },
  { file: "checklist-complete.png", card: renderChecklist(checklist({ missing: [] })) },
  { file: "case-list.png", card: renderCaseList(caseList()) },
  {
    file: "case-returned.png",
    card: renderCaseReturned({
      locale: "nb",
      code: "TO-2026-014",
      methodName: "Atezolizumab (Tecentriq) ved hepatocellulært karsinom",
      applyingHfName: "Helse Bergen HF",
      returnedAt: "2026-03-03",
      missing: checklist().missing,
    }),
  },
  {
    file: "case-received.png",
    card: renderCaseReceived({
      locale: "nb",
      code: "TO-2026-014",
      methodName: "Atezolizumab (Tecentriq) ved hepatocellulært karsinom",
      applyingHfName: "Helse Bergen HF",
      receivedAt: "2026-03-02",
      urgent: true,
    }),
  },
  { file: "papers.png", card: renderPapers(papers()) },
  { file: "record-draft.png", card: renderRecordCard({ locale: "nb", record: record() }) },
  {
    file: "record-confirmed.png",
    card: renderRecordCard({ locale: "nb", record: confirmedRecord(), confirmedByName: "Koordinator Kari" }),
    expandFirstShowCard: true,
  },
  { file: "decision-routed.png", card: renderRoutedDecision({ locale: "nb", record: confirmedRecord() }) },
  {
    file: "decision-acknowledged-en.png",
    card: renderRoutedDecision({ locale: "en", record: confirmedRecord(), acknowledged: { at: "2026-12-01", byName: "Ola Vestland" } }),
  },
  {
    file: "alert-routing-failed.png",
    card: renderCoordinatorAlert({
      locale: "nb",
      alert: { kind: "routingFailed", caseId: "TO-2026-014", recordId: "TO-2026-014-v1", recipientId: "m-vest-1", reason: "noConversation" },
      recipientName: "Ola Vestland",
    }),
  },
  { file: "routing-status.png", card: renderRoutingStatus(routingStatus()) },
  { file: "report.png", card: renderReport(report()) },
];

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 700, height: 800 }, deviceScaleFactor: 1 });
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body><div class="frame" id="frame"></div></body></html>`,
    );
    await page.addScriptTag({ path: bundle });
    for (const sample of samples) {
      const errors = await page.evaluate(
        ({ card, hostConfig, expand }) => {
          const AC = (globalThis as unknown as { AdaptiveCards: typeof import("adaptivecards") }).AdaptiveCards;
          // As Teams shows it: the text is run through Markdown, so the cards' escapes (src/cards/card.ts plainMarkdown)
          // are not seen. A CommonMark subset is enough here: the cards use no Markdown of their own.
          AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
            const html = text
              .replace(/&/g, "&amp;")
              .replace(/</g, "&lt;")
              .replace(/>/g, "&gt;")
              .replace(/\\([\\*_[\]`])/g, "$1")
              .replace(/\n/g, "<br>");
            result.outputHtml = html;
            result.didProcess = true;
          };
          const frame = document.getElementById("frame")!;
          frame.innerHTML = "";
          const adaptiveCard = new AC.AdaptiveCard();
          adaptiveCard.hostConfig = new AC.HostConfig(hostConfig);
          const context = new AC.SerializationContext(AC.Versions.v1_5);
          adaptiveCard.parse(card, context);
          const problems: string[] = [];
          for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
          const element = adaptiveCard.render();
          if (element) frame.appendChild(element);
          if (expand) (frame.querySelector("button[aria-expanded]") as HTMLButtonElement | null)?.click();
          return problems;
        },
        { card: sample.card as unknown, hostConfig, expand: sample.expandFirstShowCard ?? false },
      );
      if (errors.length > 0) throw new Error(`${sample.file}: ${errors.join("; ")}`);
      const path = join(outDir, sample.file);
      const box = await page.locator("#frame").boundingBox();
      if (!box) throw new Error(`${sample.file}: nothing rendered`);
      const height = Math.min(box.height, sample.maxHeight ?? Infinity);
      await page.screenshot({ path, fullPage: true, clip: { x: box.x, y: box.y, width: box.width, height } });
      console.log(`wrote ${path}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
