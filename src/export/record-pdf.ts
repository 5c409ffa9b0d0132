/**
 * The decision record as a PDF (A4), for the coordinator to archive or to send
 * the applying HF another way when Teams cannot deliver it. Same sections and
 * wording as the standard text (recordSections), with a header naming the
 * case, the version and who confirmed it, and page numbers in the footer.
 *
 * Fonts: the built-in Helvetica, so nothing is embedded or downloaded. Its
 * encoding is WinAnsi (Windows-1252), which has æ ø å Æ Ø Å, §, – and “ ”;
 * any character outside it (e.g. some Sami letters) is written as its base
 * letter, or "?" when it has none, rather than as garbage.
 */
import type { DecisionRecord } from "../domain/decision-record.js";
import type { Roster } from "../domain/roster.js";
import { formatDate, t, type Locale } from "../i18n/index.js";
import { collectPdf, headerRule, pageFooters } from "./pdf-frame.js";
import { recordSections } from "./record-markdown.js";

const MARGIN = 56; // 2 cm
const FOOTER_HEIGHT = 28;
const INK = "#1a1a1a";
const MUTED = "#5f6368";
const ACCENT = "#0b4f8a";
const WARN = "#b3261e";

export interface RecordPdfOptions {
  locale?: Locale;
}

export async function renderRecordPdf(record: DecisionRecord, roster: Roster, options: RecordPdfOptions = {}): Promise<Buffer> {
  const locale = options.locale ?? "nb";
  const w = {
    title: t(locale, "recordPdf.title"),
    caseCode: t(locale, "recordPdf.caseCode"),
    version: t(locale, "recordPdf.version"),
    draft: t(locale, "recordText.draft"),
    confirmedBy: (name: string, date: string) => t(locale, "recordPdf.confirmedBy", { name, date }),
    page: (page: number, pages: number) => t(locale, "recordPdf.page", { page, pages }),
  };
  const layout = recordSections(record, roster, locale);
  const nameOf = (id: string) => roster.people.find((p) => p.id === id)?.name ?? id;
  const date = (iso: string) => formatDate(locale, iso);
  const stamp = record.confirmedAt ?? record.draftedAt;

  // Loaded on first use: most processes never make a PDF, and pdfkit with its fonts costs ~8 MB of memory.
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_HEIGHT, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: winAnsi(`${w.title} ${record.caseCode}`),
      Author: "Komitébot",
      Subject: winAnsi(layout.title),
      // Fixed from the record, so the same record always gives the same file.
      CreationDate: new Date(Date.parse(stamp) || 0),
    },
    lang: locale === "nb" ? "nb-NO" : "en-GB",
  });
  const done = collectPdf(doc);
  const width = doc.page.width - MARGIN * 2;
  const text = (s: string) => winAnsi(s);

  // Header
  doc.font("Helvetica-Bold").fontSize(20).fillColor(ACCENT).text(text(w.title), { width });
  doc.moveDown(0.2);
  doc.font("Helvetica").fontSize(10).fillColor(MUTED).text(text(layout.title), { width });
  doc.moveDown(0.8);
  doc
    .font("Helvetica-Bold")
    .fontSize(13)
    .fillColor(INK)
    .text(text(`${w.caseCode} ${record.caseCode}`), { width });
  const status =
    record.status === "confirmed" && record.confirmedBy && record.confirmedAt ? w.confirmedBy(nameOf(record.confirmedBy), date(record.confirmedAt)) : w.draft;
  doc
    .font("Helvetica")
    .fontSize(10)
    .fillColor(record.status === "confirmed" ? INK : WARN)
    .text(text(`${w.version} ${record.version} · ${status}`), { width });
  for (const p of layout.preamble.filter((l) => l !== w.draft && !/^(UTKAST|DRAFT) – /.test(l))) {
    doc.moveDown(0.3).font("Helvetica-Oblique").fontSize(10).fillColor(MUTED).text(text(p), { width });
  }
  headerRule(doc, MARGIN, width, ACCENT);

  // Sections
  for (const s of layout.sections) {
    // Keep a heading with at least two lines of its body.
    if (doc.y + 60 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.font("Helvetica-Bold").fontSize(11.5).fillColor(ACCENT).text(text(s.heading), MARGIN, doc.y, { width });
    doc.moveDown(0.25);
    doc.font("Helvetica").fontSize(10.5).fillColor(INK);
    for (const line of s.lines) {
      if (!line.trim()) {
        doc.moveDown(0.4);
        continue;
      }
      if (line.startsWith("- ")) {
        const y = doc.y;
        doc.text("•", MARGIN + 4, y, { width: 10, continued: false });
        doc.text(text(line.slice(2)), MARGIN + 16, y, { width: width - 16, lineGap: 1.5 });
      } else {
        doc.text(text(line), MARGIN, doc.y, { width, lineGap: 1.5 });
      }
    }
    doc.moveDown(0.9);
  }

  // Footer on every page: what this is, and where in it we are.
  pageFooters(
    doc,
    { x: MARGIN, width, fromBottom: MARGIN + 10, fontSize: 8.5, color: MUTED, ruleColor: "#c4c7c5", split: 0.7 },
    text(`${w.title} · ${record.caseCode} · ${w.version} ${record.version}`),
    (page, pages) => text(w.page(page, pages)),
  );
  doc.end();
  return done;
}

/** Characters Windows-1252 has in 0x80–0x9F (beyond Latin-1). */
const CP1252_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Text the standard fonts can show: WinAnsi characters as they are, others as their base letter or "?". */
export function winAnsi(text: string): string {
  let out = "";
  for (const ch of text.replace(/[\u202f\u2007]/g, "\u00a0")) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === "\n" || ch === "\t" || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || CP1252_EXTRA.has(ch)) {
      out += ch;
      continue;
    }
    const base = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    out += base && [...base].every((c) => (c.codePointAt(0) ?? 0) <= 0xff) ? base : "?";
  }
  return out;
}
