/**
 * Demo documents for the local run: each demo case (the ones seedDemo made,
 * recognised by their demo attachment references "doc-00N") gets one small
 * one-page PDF per listed attachment, at most two, generated here with pdfkit —
 * fictional content about the method and the grounds, no patient, no name, no
 * national id — so the meeting book has something to show. Seeded once per
 * data folder: a case that has any document (even a withdrawn one) gets
 * nothing, and a decided case gets nothing. Like the rest of the demo data it
 * is written straight to the stores (content first, then metadata), without
 * audit entries: nobody added it.
 */
import { createHash } from "node:crypto";
import { acceptsDocuments } from "../domain/document.js";
import type { Case } from "../domain/case.js";
import { ContentConflictError, type CaseDocument, type DocumentContentStore, type Repositories } from "../app/ports.js";

const DEMO_REF = /^doc-\d{3}$/;

/** A one-page PDF with fictional content (WinAnsi text: Helvetica, nothing embedded). */
export async function demoPdf(title: string, theCase: Case, at: string): Promise<Buffer> {
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({ size: "A4", margin: 56, info: { Title: title, Author: "Komitébot (demo)", CreationDate: new Date(Date.parse(at) || 0) } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.font("Helvetica-Bold").fontSize(18).fillColor("#0b4f8a").text(title);
  doc.moveDown(0.3).font("Helvetica").fontSize(10).fillColor("#5f6368").text(`Sak ${theCase.code} – fiktivt demodokument, ingen pasientopplysninger`);
  doc.moveDown(1).font("Helvetica-Bold").fontSize(12).fillColor("#1a1a1a").text("Metode");
  doc.font("Helvetica").fontSize(11).text(`${theCase.method.name} (${theCase.method.nyeMetoderId})`);
  doc.moveDown(0.8).font("Helvetica-Bold").fontSize(12).text("Begrunnelse for klinisk eksepsjonalitet");
  for (const g of theCase.grounds) doc.font("Helvetica").fontSize(11).text(g.reasoning, { paragraphGap: 6 });
  doc.moveDown(0.8).font("Helvetica-Bold").fontSize(12).text("Prioriteringskriteriene");
  doc
    .font("Helvetica")
    .fontSize(11)
    .text(`Nytte: ${theCase.priority.benefit}`)
    .text(`Alvorlighet: ${theCase.priority.severity}`)
    .text(`Ressursbruk: ${theCase.priority.resourceUse}`);
  doc.moveDown(2).fontSize(9).fillColor("#5f6368").text("Dette dokumentet er laget for demonstrasjon av Komitébot og gjelder ingen virkelig pasient.");
  doc.end();
  return done;
}

/** Adds the demo documents to the demo cases that have none; how many were added. */
export async function seedDemoDocuments(
  svc: Pick<Repositories, "cases" | "documents"> & { documentContent: DocumentContentStore; roster: { people: { id: string; role: string }[] } },
  now: Date,
): Promise<{ documents: number }> {
  const coordinator = svc.roster.people.find((p) => p.role === "coordinator")?.id ?? "system";
  let added = 0;
  for (const c of await svc.cases.all()) {
    const demo = c.attachments.filter((a) => DEMO_REF.test(a.ref)).slice(0, 2);
    if (demo.length === 0 || !acceptsDocuments(c.status)) continue;
    if ((await svc.documents.documentIds(c.code)).length > 0) continue;
    for (const [i, attachment] of demo.entries()) {
      const at = new Date(Date.parse(c.receivedAt) || now.getTime()).toISOString();
      const content = await demoPdf(attachment.title, c, at);
      const documentId = `D${i + 1}`;
      const doc: CaseDocument = {
        id: `${c.code}:${documentId}:v1`,
        caseId: c.code,
        documentId,
        version: 1,
        title: attachment.title,
        fileName: `${
          attachment.title
            .toLowerCase()
            .replace(/[^a-z0-9æøå]+/g, "-")
            .replace(/^-|-$/g, "") || "dokument"
        }.pdf`,
        contentType: "application/pdf",
        size: content.length,
        sha256: createHash("sha256").update(content).digest("hex"),
        addedBy: coordinator,
        addedAt: at,
      };
      try {
        await svc.documentContent.put(doc, content);
      } catch (err) {
        // Blobs left from an earlier seed whose case data is gone (a new store on an old Azurite folder): leave them be.
        if (err instanceof ContentConflictError) continue;
        throw err;
      }
      if (await svc.documents.addVersion(doc, `demo-document:${doc.id}`)) added++;
    }
  }
  return { documents: added };
}
