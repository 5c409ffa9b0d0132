/**
 * What the three PDFs (the decision record, the minutes, the yearly report)
 * share: collecting the bytes, the accent rule under the header, and the
 * footer on every page (what this is, left; "page n of m", right). One place,
 * so a change of layout is made once.
 */
type Doc = PDFKit.PDFDocument;

/** The bytes of the PDF once `doc.end()` is called. Call before writing anything. */
export function collectPdf(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}

/** The accent rule under a document's header, with the space around it. */
export function headerRule(doc: Doc, x: number, width: number, color: string): void {
  doc.moveDown(0.6);
  doc
    .moveTo(x, doc.y)
    .lineTo(x + width, doc.y)
    .lineWidth(0.75)
    .strokeColor(color)
    .stroke();
  doc.moveDown(0.8);
}

export interface FooterStyle {
  x: number;
  width: number;
  /** From the page's bottom edge to the footer's baseline area. */
  fromBottom: number;
  fontSize: number;
  color: string;
  ruleColor: string;
  /** The share of the width the left text takes. */
  split: number;
}

/** The footer on every buffered page (the document needs `bufferPages: true`), written inside the bottom margin. */
export function pageFooters(doc: Doc, style: FooterStyle, left: string, page: (page: number, pages: number) => string): void {
  const { x, width } = style;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not start a new page
    const y = doc.page.height - style.fromBottom;
    doc
      .moveTo(x, y - 6)
      .lineTo(x + width, y - 6)
      .lineWidth(0.5)
      .strokeColor(style.ruleColor)
      .stroke();
    doc.font("Helvetica").fontSize(style.fontSize).fillColor(style.color);
    doc.text(left, x, y, { width: width * style.split, lineBreak: false });
    doc.text(page(i - range.start + 1, range.count), x + width * style.split, y, { width: width * (1 - style.split), align: "right", lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
