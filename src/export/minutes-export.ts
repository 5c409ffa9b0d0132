/**
 * The minutes (møteprotokoll) as Markdown and as a PDF (A4), from the same
 * words as the card (minutes-text.ts): the meeting, attendance, each case,
 * the coordinator's notes, and who confirmed and approved. The minutes hold
 * no price and no clinical text, so neither file can show one.
 */
import type { Minutes } from "../domain/minutes.js";
import type { Roster } from "../domain/roster.js";
import { t, type Locale } from "../i18n/index.js";
import { minutesText } from "./minutes-text.js";
import { escapeMarkdown } from "./record-markdown.js";
import { collectPdf, headerRule, pageFooters } from "./pdf-frame.js";
import { winAnsi } from "./record-pdf.js";

const MARGIN = 56;
const FOOTER_HEIGHT = 28;
const INK = "#1a1a1a";
const MUTED = "#5f6368";
const ACCENT = "#0b4f8a";
const WARN = "#b3261e";

const namesOf = (roster: Roster) => (id: string) => roster.people.find((p) => p.id === id)?.name ?? id;

export function minutesToMarkdown(minutes: Minutes, roster: Roster, locale: Locale = "nb"): string {
  const words = minutesText(minutes, locale, namesOf(roster));
  const out: string[] = [`# ${escapeMarkdown(words.title)}`, "", `**${escapeMarkdown(words.subtitle)}**`, ""];
  for (const s of words.sections) {
    out.push(`## ${escapeMarkdown(s.heading)}`, "");
    for (const line of s.lines) out.push(`- ${escapeMarkdown(line)}`);
    out.push("");
  }
  for (const line of words.signOff) out.push(`*${escapeMarkdown(line)}*`, "");
  return out.join("\n").trimEnd() + "\n";
}

export async function renderMinutesPdf(minutes: Minutes, roster: Roster, options: { locale?: Locale } = {}): Promise<Buffer> {
  const locale = options.locale ?? "nb";
  const words = minutesText(minutes, locale, namesOf(roster));
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_HEIGHT, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: winAnsi(words.title),
      Author: "Komitébot",
      Subject: winAnsi(t(locale, "minutesPdf.subject")),
      // Fixed from the minutes, so the same version always gives the same file.
      CreationDate: new Date(Date.parse(minutes.approvedAt ?? minutes.confirmedAt ?? minutes.draftedAt) || 0),
    },
    lang: locale === "nb" ? "nb-NO" : "en-GB",
  });
  const done = collectPdf(doc);
  const width = doc.page.width - MARGIN * 2;
  const text = (s: string) => winAnsi(s);

  doc.font("Helvetica-Bold").fontSize(20).fillColor(ACCENT).text(text(words.title), { width });
  doc.moveDown(0.2);
  doc
    .font("Helvetica")
    .fontSize(10)
    .fillColor(MUTED)
    .text(text(t(locale, "minutesPdf.subject")), { width });
  doc.moveDown(0.5);
  doc
    .font("Helvetica-Bold")
    .fontSize(11)
    .fillColor(minutes.status === "approved" ? INK : WARN)
    .text(text(words.subtitle), { width });
  headerRule(doc, MARGIN, width, ACCENT);

  for (const s of words.sections) {
    if (doc.y + 60 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.font("Helvetica-Bold").fontSize(11.5).fillColor(ACCENT).text(text(s.heading), MARGIN, doc.y, { width });
    doc.moveDown(0.25);
    doc.font("Helvetica").fontSize(10.5).fillColor(INK);
    for (const line of s.lines) doc.text(text(line), MARGIN, doc.y, { width, lineGap: 1.5 });
    doc.moveDown(0.8);
  }
  if (words.signOff.length > 0) {
    doc.moveDown(0.4).font("Helvetica-Oblique").fontSize(10).fillColor(MUTED);
    for (const line of words.signOff) doc.text(text(line), MARGIN, doc.y, { width });
  }

  pageFooters(
    doc,
    { x: MARGIN, width, fromBottom: MARGIN + 10, fontSize: 8.5, color: MUTED, ruleColor: "#c4c7c5", split: 0.7 },
    text(`${words.title} · ${t(locale, "recordPdf.version")} ${minutes.version}`),
    (page, pages) => text(t(locale, "recordPdf.page", { page, pages })),
  );
  doc.end();
  return done;
}
