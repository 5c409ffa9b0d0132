import { describe, expect, it } from "vitest";
import { checkDocument, detectDocumentKind, acceptsDocuments, zipEntryNames } from "../../src/domain/document.js";
import { exeBytes, otherZip, pdfOfSize, sampleDocx, sampleJpeg, samplePdf, samplePng } from "../support/documents.js";

const MB = 1024 * 1024;
const check = (title: string, fileName: string, content: Buffer, maxBytes = 25 * MB) => checkDocument({ title, fileName, content, maxBytes });
const codes = (r: ReturnType<typeof check>) => (r.ok ? [] : (r.problems ?? []).map((p) => `${p.path}:${p.code}`));

describe("a document's kind is recognised by its content", () => {
  it("knows PDF, DOCX (a zip whose central directory has word/document.xml), PNG and JPEG", () => {
    expect(detectDocumentKind(samplePdf())).toBe("pdf");
    expect(detectDocumentKind(sampleDocx())).toBe("docx");
    expect(detectDocumentKind(samplePng())).toBe("png");
    expect(detectDocumentKind(sampleJpeg())).toBe("jpeg");
    expect(zipEntryNames(sampleDocx())).toContain("word/document.xml");
  });

  it("refuses a program renamed to .pdf, and a zip that is not a Word document named .docx", () => {
    expect(detectDocumentKind(exeBytes())).toBeUndefined();
    expect(codes(check("Epikrise", "epikrise.pdf", exeBytes()))).toEqual(["content:document.unknownContent"]);
    expect(codes(check("Regneark", "tall.docx", otherZip()))).toEqual(["content:document.unknownContent"]);
  });

  it("refuses a name that does not match the content (a PNG named .pdf)", () => {
    expect(codes(check("Bilde", "bilde.pdf", samplePng()))).toEqual(["content:document.typeMismatch"]);
  });

  it("accepts each kind under its own names, .jpg and .jpeg alike, whatever the case of the extension", () => {
    for (const [name, content] of [
      ["a.pdf", samplePdf()],
      ["b.DOCX", sampleDocx()],
      ["c.png", samplePng()],
      ["d.jpg", sampleJpeg()],
      ["e.jpeg", sampleJpeg()],
    ] as const) {
      expect(check("Tittel", name, content).ok, name).toBe(true);
    }
  });
});

describe("a document's title, file name and size", () => {
  it("refuses a fødselsnummer in the title and in the file name, naming both at once", () => {
    expect(codes(check("Epikrise 15057543288 side 1", "epikrise 120304 56716.pdf", samplePdf()))).toEqual([
      "title:privacy.nationalIdInText",
      "fileName:document.nationalIdInFileName",
    ]);
  });

  it("refuses a file over the cap and an empty file", () => {
    expect(codes(check("Stor", "stor.pdf", pdfOfSize(2 * MB + 1), 2 * MB))).toEqual(["content:document.tooLarge"]);
    expect(codes(check("Tom", "tom.pdf", Buffer.alloc(0)))).toEqual(["content:document.empty"]);
  });

  it("refuses a missing title, a path in the file name and an extension not accepted", () => {
    expect(codes(check("  ", "a.pdf", samplePdf()))).toEqual(["title:document.titleRequired"]);
    expect(codes(check("T", "../../etc/a.pdf", samplePdf()))).toEqual(["fileName:document.fileNameInvalid"]);
    expect(codes(check("T", "program.exe", exeBytes()))).toEqual(["fileName:document.extensionNotAllowed", "content:document.unknownContent"]);
  });

  it("closes a case's papers once the committee has decided", () => {
    for (const s of ["received", "completenessCheck", "ready", "onAgenda", "inMeeting", "deferred"] as const) expect(acceptsDocuments(s), s).toBe(true);
    for (const s of ["granted", "rejected", "recordDrafted", "recordConfirmed", "routed", "acknowledged"] as const) expect(acceptsDocuments(s), s).toBe(false);
  });
});
