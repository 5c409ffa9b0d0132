/**
 * A case's documents through the use cases, on the real stores: Cosmos (the
 * run's local server) for the metadata and Azurite for the content.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { buffer } from "node:stream/consumers";
import { addDocument, caseDocuments, documentContent, replaceDocument, withdrawDocument } from "../../src/app/documents.js";
import type { AppServices } from "../../src/app/services.js";
import { seedDemo } from "../../src/demo/seed.js";
import type { BlobContentStore } from "../../src/store/blob-content.js";
import { makeTestContentStore } from "../support/blob.js";
import { TEST_START } from "../support/clock.js";
import { exeBytes, pdfOfSize, sampleDocx, samplePdf, samplePng } from "../support/documents.js";
import { storeSnapshot } from "../support/snapshot.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { actor, op, services } from "./fakes.js";

const Y = TEST_START.getFullYear();
const FONNA = `TO-${Y}-001`;
const INNLANDET = `TO-${Y}-002`;
const STAVANGER = `TO-${Y}-003`;
const AT = TEST_START.toISOString();
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

let t: TestStore;
let content: BlobContentStore;
let svc: AppServices;
const coord = () => actor(svc.roster, "coord");

beforeAll(async () => {
  t = await makeTestStore();
  content = await makeTestContentStore();
  svc = services(t.store, undefined, () => TEST_START, content);
  await seedDemo(svc, TEST_START);
});
afterAll(() => t.dispose());

/** Everything stored: every Cosmos document and every blob name. */
const everything = async () => ({ store: await storeSnapshot(t.store), blobs: await content.names() });

describe("adding a document", () => {
  it("stores the content, then its metadata, with the hash, the type by content and who added it, and audits it", async () => {
    const pdf = samplePdf("Søknadsskjema");
    const r = await addDocument(svc, { caseCode: FONNA, title: "Søknadsskjema", fileName: "soknad.pdf", content: pdf, addedBy: coord() }, op(AT));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      caseId: FONNA,
      documentId: "D1",
      version: 1,
      contentType: "application/pdf",
      size: pdf.length,
      sha256: sha(pdf),
      addedBy: "coord",
      addedAt: AT,
    });
    const read = await documentContent(svc, FONNA, "D1");
    expect(read.ok && read.value.content.contentType).toBe("application/pdf");
    if (read.ok) expect(sha(await buffer(read.value.content.stream))).toBe(sha(pdf));
    const entries = await svc.audit.list(FONNA);
    expect(entries.find((e) => e.action === "document.added")).toMatchObject({ caseId: FONNA, actor: { rosterId: "coord" }, summary: { after: "D1 v1 pdf" } });
  });

  it("numbers a case's documents D1, D2, … and lists them in that order", async () => {
    await addDocument(svc, { caseCode: FONNA, title: "Bilde", fileName: "bilde.png", content: samplePng(), addedBy: coord() }, op(AT));
    const listed = await caseDocuments(svc, FONNA);
    expect(listed.map((d) => [d.documentId, d.title])).toEqual([
      ["D1", "Søknadsskjema"],
      ["D2", "Bilde"],
    ]);
  });

  it("stores one document for a retried operation (the same op id)", async () => {
    const again = op(AT);
    const first = await addDocument(svc, { caseCode: INNLANDET, title: "Notat", fileName: "notat.docx", content: sampleDocx(), addedBy: coord() }, again);
    const second = await addDocument(svc, { caseCode: INNLANDET, title: "Notat", fileName: "notat.docx", content: sampleDocx(), addedBy: coord() }, again);
    expect(first.ok && second.ok && second.value.id === first.value.id).toBe(true);
    expect((await caseDocuments(svc, INNLANDET)).length).toBe(1);
    expect((await svc.audit.list(INNLANDET)).filter((e) => e.action === "document.added").length).toBe(1);
  });

  it("records an API client as the one who added it", async () => {
    const r = await addDocument(
      svc,
      { caseCode: STAVANGER, title: "Prisnotat", fileName: "pris.pdf", content: samplePdf(), addedBy: { api: "portal-app" } },
      op(AT),
    );
    expect(r.ok && r.value.addedBy).toBe("api:portal-app");
    expect((await svc.audit.list(STAVANGER)).find((e) => e.action === "document.added")?.actor).toEqual({ rosterId: "portal" });
  });
});

describe("refusing a document stores nothing", () => {
  const refusals: [string, () => Parameters<typeof addDocument>[1], string][] = [
    [
      "a program renamed to .pdf",
      () => ({ caseCode: FONNA, title: "Epikrise", fileName: "epikrise.pdf", content: exeBytes(), addedBy: coord() }),
      "document.invalid",
    ],
    ["a PNG named .pdf", () => ({ caseCode: FONNA, title: "Epikrise", fileName: "epikrise.pdf", content: samplePng(), addedBy: coord() }), "document.invalid"],
    [
      "a file over the cap",
      () => ({ caseCode: FONNA, title: "Stor", fileName: "stor.pdf", content: pdfOfSize(26 * 1024 * 1024), addedBy: coord() }),
      "document.invalid",
    ],
    [
      "a fødselsnummer in the title",
      () => ({ caseCode: FONNA, title: "Pasient 15057543288", fileName: "a.pdf", content: samplePdf(), addedBy: coord() }),
      "document.invalid",
    ],
    [
      "a fødselsnummer in the file name",
      () => ({ caseCode: FONNA, title: "Epikrise", fileName: "15057543288.pdf", content: samplePdf(), addedBy: coord() }),
      "document.invalid",
    ],
    [
      "an unknown case",
      () => ({ caseCode: `TO-${Y}-999`, title: "Epikrise", fileName: "a.pdf", content: samplePdf(), addedBy: coord() }),
      "error.caseNotFound",
    ],
    [
      "someone who is not the coordinator",
      () => ({ caseCode: FONNA, title: "Epikrise", fileName: "a.pdf", content: samplePdf(), addedBy: actor(svc.roster, "chair") }),
      "error.notCoordinator",
    ],
  ];
  it.each(refusals)("refuses %s", async (_name, input, code) => {
    const before = await everything();
    const r = await addDocument(svc, input(), op(AT));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.code).toBe(code);
    expect(await everything()).toEqual(before);
  });

  it("refuses a case the committee has decided (its papers are closed)", async () => {
    await svc.cases.change(STAVANGER, (c) => ({ ...c, status: "granted" }));
    const before = await everything();
    const r = await addDocument(svc, { caseCode: STAVANGER, title: "Sent notat", fileName: "sent.pdf", content: samplePdf(), addedBy: coord() }, op(AT));
    expect(!r.ok && r.reason).toEqual({ code: "document.caseDecided", params: { caseId: STAVANGER } });
    const replaced = await replaceDocument(
      svc,
      { caseCode: STAVANGER, documentId: "D1", fileName: "ny.pdf", content: samplePdf("ny"), addedBy: coord() },
      op(AT),
    );
    expect(!replaced.ok && replaced.reason.code).toBe("document.caseDecided");
    expect(await everything()).toEqual(before);
    await svc.cases.change(STAVANGER, (c) => ({ ...c, status: "onAgenda" }));
  });
});

describe("replacing and withdrawing", () => {
  it("stores a replacement as version 2 of the same document, keeping version 1 and its content", async () => {
    const v2 = samplePdf("Søknadsskjema, rettet");
    const r = await replaceDocument(svc, { caseCode: FONNA, documentId: "D1", fileName: "soknad-rettet.pdf", content: v2, addedBy: coord() }, op(AT));
    expect(r.ok && r.value).toMatchObject({ documentId: "D1", version: 2, title: "Søknadsskjema", fileName: "soknad-rettet.pdf", sha256: sha(v2) });
    expect((await svc.documents.versions(FONNA, "D1")).map((d) => d.version)).toEqual([1, 2]);
    expect((await caseDocuments(svc, FONNA)).find((d) => d.documentId === "D1")?.version).toBe(2);
    const v1 = await documentContent(svc, FONNA, "D1", 1);
    expect(v1.ok && v1.value.doc.version).toBe(1);
    expect((await svc.audit.list(FONNA)).find((e) => e.action === "document.replaced")?.summary).toEqual({ before: "D1 v1", after: "D1 v2 pdf" });
  });

  it("records a withdrawal (who, when), keeps the content for the record, and refuses to replace a withdrawn document", async () => {
    const blobsBefore = await content.names();
    const r = await withdrawDocument(svc, { caseCode: FONNA, documentId: "D2", actor: coord() }, op(AT));
    expect(r.ok && r.value.withdrawn).toEqual({ by: "coord", at: AT });
    expect((await caseDocuments(svc, FONNA)).find((d) => d.documentId === "D2")?.withdrawn).toEqual({ by: "coord", at: AT });
    expect(await content.names()).toEqual(blobsBefore);
    expect((await documentContent(svc, FONNA, "D2")).ok).toBe(true);
    expect((await svc.audit.list(FONNA)).filter((e) => e.action === "document.withdrawn").map((e) => e.summary)).toEqual([
      { before: "D2 v1", after: "withdrawn" },
    ]);
    const again = await replaceDocument(svc, { caseCode: FONNA, documentId: "D2", fileName: "bilde2.png", content: samplePng(), addedBy: coord() }, op(AT));
    expect(!again.ok && again.reason.code).toBe("document.withdrawn");
  });

  it("lets only the coordinator withdraw", async () => {
    const r = await withdrawDocument(svc, { caseCode: FONNA, documentId: "D1", actor: actor(svc.roster, "chair") }, op(AT));
    expect(!r.ok && r.reason.code).toBe("error.notCoordinator");
  });
});
