/**
 * The yearly report (issue 15) as a PDF (A4): the register's figures for a
 * period with the same charts as the report card (cases by region, per
 * 100,000 inhabitants, outcomes, lead times), drawn as vector graphics, and
 * the same tables. Made from the ReportView the card shows, so what the card
 * and the PDF say cannot drift apart; the view has no field for a price, so
 * no price can appear. Both languages: every word comes from the catalogs.
 *
 * Fonts: the built-in Helvetica (WinAnsi; see winAnsi in record-pdf.ts).
 * Deterministic: the same view gives the same file (CreationDate from it).
 */
import { CHART_LEAD_TIMES, OUTCOME_KEYS, outcomeLabel, regionShort, type ReportView } from "../cards/report.js";
import { formatDate, hasMessage, t, type Locale, type MessageKey, type MessageParams } from "../i18n/index.js";
import { collectPdf, pageFooters } from "./pdf-frame.js";
import { winAnsi } from "./record-pdf.js";

const MARGIN = 50;
const FOOTER_HEIGHT = 26;
const INK = "#1a1a1a";
const MUTED = "#5f6368";
const ACCENT = "#0b4f8a";
const GRID = "#d0d4d9";
const WARN_BG = "#fff4e5";
const PALETTE = ["#0b4f8a", "#2e8540", "#c05621", "#6b46c1", "#b7791f", "#2c7a7b", "#9b2c2c"];

type Doc = PDFKit.PDFDocument;
interface Point {
  label: string;
  value: number;
  shown: string;
}

export async function renderReportPdf(view: ReportView): Promise<Buffer> {
  const L: Locale = view.locale === "en" ? "en" : "nb";
  const tr = (key: MessageKey, params?: MessageParams) => t(L, key, params);
  const text = (s: string) => winAnsi(s.replace(/→/g, "–").replace(/⚠\s?/g, "(!) "));
  const num = (n: unknown) => (typeof n === "number" && Number.isFinite(n) ? Math.max(0, n) : 0);
  const fmt = (n: number, decimals = 2) => (Math.round(n * 10 ** decimals) / 10 ** decimals).toLocaleString(L === "nb" ? "nb-NO" : "en-GB");

  const { default: PDFDocument } = await import("pdfkit");
  const doc: Doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_HEIGHT, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: text(tr("reportPdf.title")),
      Author: "Komitébot",
      Subject: text(`${view.period.from} – ${view.period.to}`),
      CreationDate: new Date(Date.parse(view.generatedAt) || 0),
    },
    lang: L === "nb" ? "nb-NO" : "en-GB",
  });
  const done = collectPdf(doc);
  const width = doc.page.width - MARGIN * 2;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const room = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const heading = (s: string) => {
    room(100); // a heading never ends a page: it keeps a few rows of its table with it
    doc.moveDown(0.6);
    doc.font("Helvetica-Bold").fontSize(13).fillColor(ACCENT).text(text(s), MARGIN, doc.y, { width });
    doc.moveDown(0.25);
    doc.font("Helvetica").fontSize(10).fillColor(INK);
  };
  const line = (s: string, options: { muted?: boolean; size?: number } = {}) => {
    doc
      .font("Helvetica")
      .fontSize(options.size ?? 10)
      .fillColor(options.muted ? MUTED : INK)
      .text(text(s), MARGIN, doc.y, { width });
  };

  // ── title ──
  doc
    .font("Helvetica-Bold")
    .fontSize(18)
    .fillColor(ACCENT)
    .text(text(tr("reportPdf.title")), { width });
  doc.moveDown(0.2);
  line(
    `${tr("report.period", { from: formatDate(L, view.period.from), to: formatDate(L, view.period.to) })} · ${tr("report.generated", { date: formatDate(L, view.generatedAt) })}`,
    {
      muted: true,
    },
  );

  // ── key figures, as the card's headline ──
  const decided = num(view.outcomes?.granted) + num(view.outcomes?.rejected);
  const tiles = [
    [String(num(view.cases)), tr("report.headline.cases")],
    [String(decided), tr("report.headline.decided")],
    [String(num(view.meetings?.held)), tr("report.headline.meetings")],
    [String(num(view.groupLevelProposals)), tr("report.headline.groupLevel")],
  ] as const;
  doc.moveDown(0.8);
  const tileY = doc.y;
  const tileW = width / tiles.length;
  tiles.forEach(([value, label], i) => {
    const x = MARGIN + i * tileW;
    doc.roundedRect(x + 3, tileY, tileW - 6, 52, 4).fill("#eef3f8");
    doc
      .font("Helvetica-Bold")
      .fontSize(20)
      .fillColor(ACCENT)
      .text(value, x + 3, tileY + 8, { width: tileW - 6, align: "center" });
    doc
      .font("Helvetica")
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(text(label), x + 3, tileY + 33, { width: tileW - 6, align: "center" });
  });
  doc.y = tileY + 64;
  doc.x = MARGIN;

  // ── charts: two by two, as on the card ──
  const regions = (view.byRegion ?? []).map((r) => ({ label: regionShort(r.name), value: num(r.cases), shown: String(num(r.cases)) }));
  const perCapita = (view.perCapita ?? [])
    .filter((r) => typeof r.per100k === "number")
    .map((r) => ({ label: regionShort(r.name), value: num(r.per100k), shown: fmt(num(r.per100k)) }));
  const outcomes = OUTCOME_KEYS.map((k) => ({ label: outcomeLabel(tr, k), value: num(view.outcomes?.[k]), shown: String(num(view.outcomes?.[k])) })).filter(
    (o) => o.value > 0,
  );
  const leads = CHART_LEAD_TIMES.flatMap((lt) => {
    const v = view.leadTimes?.[lt];
    return typeof v === "number" && Number.isFinite(v)
      ? [{ label: tr(`report.lead.${lt}`), value: Math.max(0, v), shown: tr("report.days", { days: fmt(v, 1) }) }]
      : [];
  });
  if (regions.length || outcomes.length) {
    heading(tr("report.charts.heading"));
    const chartW = (width - 20) / 2;
    const chartH = 170;
    room(chartH * 2 + 30);
    const top = doc.y;
    verticalBars(doc, text(tr("report.charts.byRegion")), regions, MARGIN, top, chartW, chartH, text);
    donut(doc, text(tr("report.charts.outcomes")), outcomes, MARGIN + chartW + 20, top, chartW, chartH, text);
    const second = top + chartH + 16;
    verticalBars(doc, text(tr("report.charts.perCapita")), perCapita, MARGIN, second, chartW, chartH, text);
    horizontalBars(doc, text(tr("report.charts.leadTimes")), leads, MARGIN + chartW + 20, second, chartW, chartH, text);
    doc.x = MARGIN;
    doc.y = second + chartH + 6;
    if (view.populationYear) line(tr("report.populationNote", { year: view.populationYear }), { muted: true, size: 8 });
  }

  // ── tables ──
  const counts = tr("reportPdf.countsColumns").split("|");
  const table = (headers: string[], rows: string[][], widths: number[], options: { warn?: (i: number) => boolean } = {}) => {
    const rowH = 15;
    const drawHeader = () => {
      const y = doc.y;
      let x = MARGIN;
      doc.font("Helvetica-Bold").fontSize(8.5).fillColor(MUTED);
      headers.forEach((h, i) => {
        doc.text(text(h), x + 2, y + 3, { width: widths[i]! - 4, align: i === 0 ? "left" : "right", lineBreak: false });
        x += widths[i]!;
      });
      doc
        .moveTo(MARGIN, y + rowH)
        .lineTo(MARGIN + width, y + rowH)
        .lineWidth(0.6)
        .strokeColor(GRID)
        .stroke();
      doc.y = y + rowH + 1;
    };
    room(rowH * Math.min(rows.length + 1, 4));
    drawHeader();
    rows.forEach((cells, r) => {
      if (doc.y + rowH > bottom()) {
        doc.addPage();
        drawHeader();
      }
      const y = doc.y;
      if (options.warn?.(r)) doc.rect(MARGIN, y, width, rowH).fill(WARN_BG);
      let x = MARGIN;
      doc.font("Helvetica").fontSize(9).fillColor(INK);
      cells.forEach((c, i) => {
        doc.text(text(c), x + 2, y + 3, { width: widths[i]! - 4, align: i === 0 ? "left" : "right", lineBreak: false, ellipsis: true });
        x += widths[i]!;
      });
      doc.y = y + rowH;
    });
    doc.x = MARGIN;
    doc.moveDown(0.4);
  };
  const countWidths = [width - 3 * 70, 70, 70, 70];
  const countRows = (list: { name: string; cases: number; granted: number; rejected: number }[] | undefined) =>
    (list ?? []).map((r) => [r.name, String(num(r.cases)), String(num(r.granted)), String(num(r.rejected))]);

  heading(tr("report.byRegion"));
  table([tr("report.charts.region"), ...counts.slice(1)], countRows(view.byRegion), countWidths);
  if (view.perCapita?.length) {
    heading(tr("report.perCapita", { year: num(view.populationYear) }));
    table(
      tr("reportPdf.perCapitaColumns").split("|"),
      view.perCapita.map((r) => [
        r.name,
        String(num(r.cases)),
        typeof r.population === "number" ? fmt(r.population, 0) : "–",
        typeof r.per100k === "number" ? fmt(r.per100k) : "–",
      ]),
      [width - 3 * 80, 80, 80, 80],
    );
  }
  heading(tr("report.byHf"));
  table(counts, countRows(view.byHf), countWidths);
  if (view.byMethod?.length) {
    heading(tr("report.byMethod"));
    const methods = view.byMethod;
    table(
      counts,
      methods.map((m) => [`${m.flagged ? "⚠ " : ""}${m.methodId} ${m.name}`, String(num(m.cases)), String(num(m.granted)), String(num(m.rejected))]),
      countWidths,
      { warn: (i) => methods[i]!.flagged },
    );
  }
  if (view.equalTreatment?.length) {
    heading(tr("report.flags.heading"));
    for (const f of view.equalTreatment) {
      room(30);
      line(
        tr("report.flags.line", {
          method: `${f.methodId} ${f.name}`,
          regions: f.regions.map((r) => tr("report.flags.region", { region: r.name, granted: num(r.granted), rejected: num(r.rejected) })).join("; "),
        }),
      );
      doc.moveDown(0.2);
    }
  }

  const facts = (title: string, rows: [string, string][]) => {
    if (!rows.length) return;
    heading(title);
    table(["", ""], rows, [width - 150, 150]);
  };
  facts(
    tr("report.outcomes"),
    OUTCOME_KEYS.map((k) => [outcomeLabel(tr, k), String(num(view.outcomes?.[k]))]),
  );
  facts(
    tr("report.grounds"),
    (view.grounds ?? []).map((g) => [tr(`ground.${g.ground}`), tr("report.groundRow", { claimed: num(g.claimed), met: num(g.met) })]),
  );
  if (view.urgency)
    facts(tr("report.urgency.heading"), [
      [tr("report.urgency.urgent"), String(num(view.urgency.urgent))],
      [tr("report.urgency.regular"), String(num(view.urgency.regular))],
    ]);
  facts(
    tr("report.returns.heading"),
    (view.returnsByReason ?? []).map((r) => {
      const words = hasMessage(r.item) ? tr(r.item as MessageKey) : "";
      return [words && !words.includes("{") ? words.replace(/\.$/, "") : tr("report.returns.other"), String(num(r.count))];
    }),
  );
  if (view.deferralsByReason)
    facts(tr("report.deferrals.heading"), [
      [tr("report.deferrals.noConsensus"), String(num(view.deferralsByReason.noConsensus))],
      [tr("report.deferrals.notQuorate"), String(num(view.deferralsByReason.notQuorate))],
    ]);
  facts(
    tr("report.leadTimes"),
    CHART_LEAD_TIMES.map((lt) => {
      const v = view.leadTimes?.[lt];
      return [tr(`report.lead.${lt}`), typeof v === "number" && Number.isFinite(v) ? tr("report.days", { days: fmt(v, 1) }) : tr("report.noData")];
    }),
  );
  facts(
    tr("report.targets.heading"),
    (view.targets ?? []).map((x) => [
      tr(`report.targets.${x.key}`, { days: num(x.targetDays) }),
      num(x.count)
        ? tr("report.targets.value", { within: num(x.within), count: num(x.count), percent: Math.round((num(x.within) / num(x.count)) * 100) })
        : tr("report.noData"),
    ]),
  );
  for (const section of view.extraSections ?? [])
    facts(
      section.heading,
      (section.rows ?? []).map((r) => [r.label, r.value]),
    );

  heading(tr("report.meetings"));
  const members = num(view.attendance?.members);
  const average = num(view.attendance?.averagePresent);
  line(tr("report.meetingsHeld", { count: num(view.meetings?.held), extra: num(view.meetings?.extra) }));
  line(tr("report.attendance", { average: fmt(average, 1), members, percent: members ? Math.round((average / members) * 100) : 0 }));
  if (view.meetingMinutes) line(tr("report.meetingLength", { average: num(view.meetingMinutes.average), longest: num(view.meetingMinutes.longest) }));
  line(tr("report.noQuorum", { count: num(view.notDecidedForWantOfQuorum) }));
  line(tr("report.groupLevel", { count: num(view.groupLevelProposals) }));
  doc.moveDown(0.8);
  line(tr("report.privacyNote"), { muted: true, size: 8.5 });

  // Footer on every page.
  pageFooters(
    doc,
    { x: MARGIN, width, fromBottom: MARGIN + 8, fontSize: 8, color: MUTED, ruleColor: GRID, split: 0.75 },
    text(`${tr("reportPdf.title")} · ${tr("report.period", { from: formatDate(L, view.period.from), to: formatDate(L, view.period.to) })}`),
    (page, pages) => text(tr("reportPdf.page", { page, pages })),
  );
  doc.end();
  return done;
}

function chartFrame(doc: Doc, title: string, x: number, y: number, w: number): number {
  doc.font("Helvetica-Bold").fontSize(10).fillColor(INK).text(title, x, y, { width: w, lineBreak: false, ellipsis: true });
  return y + 18;
}

function noData(doc: Doc, x: number, y: number, w: number, h: number): void {
  doc
    .font("Helvetica")
    .fontSize(9)
    .fillColor(MUTED)
    .text("–", x, y + h / 2 - 5, { width: w, align: "center" });
}

/** Bars standing on a baseline, each with its value above and its label below. */
function verticalBars(doc: Doc, title: string, points: Point[], x: number, y: number, w: number, h: number, text: (s: string) => string): void {
  const top = chartFrame(doc, title, x, y, w);
  const labelH = 24;
  const plotH = h - (top - y) - labelH - 12;
  const base = top + 12 + plotH;
  if (!points.length) return noData(doc, x, top, w, plotH);
  const max = Math.max(...points.map((p) => p.value), 1e-9);
  const slot = w / points.length;
  const barW = Math.min(42, slot * 0.6);
  doc
    .moveTo(x, base)
    .lineTo(x + w, base)
    .lineWidth(0.6)
    .strokeColor(GRID)
    .stroke();
  points.forEach((p, i) => {
    const bh = (p.value / max) * plotH;
    const bx = x + i * slot + (slot - barW) / 2;
    doc.rect(bx, base - bh, barW, bh).fill(PALETTE[i % PALETTE.length]!);
    doc
      .font("Helvetica-Bold")
      .fontSize(8.5)
      .fillColor(INK)
      .text(text(p.shown), x + i * slot, base - bh - 11, { width: slot, align: "center", lineBreak: false });
    doc
      .font("Helvetica")
      .fontSize(8)
      .fillColor(MUTED)
      .text(text(p.label), x + i * slot + 1, base + 3, { width: slot - 2, align: "center", height: labelH, ellipsis: true });
  });
}

/** Bars from a left axis, the label on the left and the value at the bar's end. */
function horizontalBars(doc: Doc, title: string, points: Point[], x: number, y: number, w: number, h: number, text: (s: string) => string): void {
  const top = chartFrame(doc, title, x, y, w);
  const plotH = h - (top - y) - 6;
  if (!points.length) return noData(doc, x, top, w, plotH);
  const labelW = w * 0.42;
  const valueW = 62;
  const barMax = w - labelW - valueW;
  const max = Math.max(...points.map((p) => p.value), 1e-9);
  const rowH = Math.min(34, plotH / points.length);
  points.forEach((p, i) => {
    const ry = top + 4 + i * rowH;
    const bw = Math.max(1, (p.value / max) * barMax);
    doc
      .font("Helvetica")
      .fontSize(8)
      .fillColor(MUTED)
      .text(text(p.label), x, ry + 2, { width: labelW - 6, height: rowH - 2, ellipsis: true });
    doc.rect(x + labelW, ry + 2, bw, Math.min(16, rowH - 8)).fill(PALETTE[i % PALETTE.length]!);
    doc
      .font("Helvetica-Bold")
      .fontSize(8.5)
      .fillColor(INK)
      .text(text(p.shown), x + labelW + bw + 4, ry + 5, { width: valueW, lineBreak: false });
  });
}

/** A donut of the shares, with a legend beside it (label and count). */
function donut(doc: Doc, title: string, points: Point[], x: number, y: number, w: number, h: number, text: (s: string) => string): void {
  const top = chartFrame(doc, title, x, y, w);
  const plotH = h - (top - y) - 4;
  const total = points.reduce((s, p) => s + p.value, 0);
  if (!points.length || total <= 0) return noData(doc, x, top, w, plotH);
  const r = Math.min(plotH / 2 - 4, w * 0.19);
  const inner = r * 0.55;
  const cx = x + r + 6;
  const cy = top + plotH / 2;
  let angle = -Math.PI / 2;
  points.forEach((p, i) => {
    const sweep = (p.value / total) * Math.PI * 2;
    const steps = Math.max(2, Math.ceil(sweep / 0.05));
    const outerPts: [number, number][] = [];
    const innerPts: [number, number][] = [];
    for (let k = 0; k <= steps; k++) {
      const a = angle + (sweep * k) / steps;
      outerPts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
      innerPts.push([cx + inner * Math.cos(a), cy + inner * Math.sin(a)]);
    }
    const [first, ...rest] = [...outerPts, ...innerPts.reverse()];
    doc.moveTo(first![0], first![1]);
    for (const [px, py] of rest) doc.lineTo(px, py);
    doc.closePath().fill(PALETTE[i % PALETTE.length]!);
    angle += sweep;
  });
  doc
    .font("Helvetica-Bold")
    .fontSize(14)
    .fillColor(INK)
    .text(String(total), cx - inner, cy - 8, { width: inner * 2, align: "center", lineBreak: false });
  const lx = cx + r + 14;
  const lw = x + w - lx;
  points.forEach((p, i) => {
    const ly = top + 6 + i * 24;
    doc.rect(lx, ly + 1, 8, 8).fill(PALETTE[i % PALETTE.length]!);
    doc
      .font("Helvetica")
      .fontSize(8)
      .fillColor(INK)
      .text(text(`${p.label}: ${p.shown}`), lx + 12, ly, { width: lw - 12, height: 22, ellipsis: true });
  });
}
