/**
 * A small, real PDF for tests (pdfkit, as the record's PDF export uses): one
 * page with the given lines, so a browser's viewer can render it. `padTo`
 * makes it at least that many bytes (PDF comment lines after the end, which
 * readers skip), for timing a large document.
 */
import PDFDocument from "pdfkit";

export async function samplePdf(lines: string[], padTo = 0): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 56, compress: false, info: { Title: lines[0] ?? "Dokument" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  doc.fontSize(18).text(lines[0] ?? "Dokument");
  doc.moveDown();
  doc.fontSize(12);
  for (const l of lines.slice(1)) doc.text(l);
  doc.end();
  await done;
  const pdf = Buffer.concat(chunks);
  if (pdf.length >= padTo) return pdf;
  const line = `%${"x".repeat(98)}\n`;
  return Buffer.concat([pdf, Buffer.from(line.repeat(Math.ceil((padTo - pdf.length) / line.length)))]);
}
