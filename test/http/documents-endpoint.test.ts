/**
 * POST /api/cases/{code}/documents on the running app (the whole host: HTTP
 * server, use cases, Cosmos, Azurite), with the local development key — the
 * same authentication as POST /api/cases. Every refusal stores nothing.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotHarness } from "../support/bot-harness.js";
import { TEST_START } from "../support/clock.js";
import { exeBytes, pdfOfSize, sampleDocx, samplePdf, samplePng } from "../support/documents.js";
import { storeSnapshot } from "../support/snapshot.js";

const KEY = "local-development-key-123";
const Y = TEST_START.getFullYear();
const FONNA = `TO-${Y}-001`;
const INNLANDET = `TO-${Y}-002`;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

let h: BotHarness;
beforeAll(async () => {
  // A cap of 1 MB keeps the over-the-cap upload small.
  // No follow-up timer: its first run (5 s after the start) keeps a papers reminder for the coordinator, which is not this test's doing.
  h = await BotHarness.start({ env: { INTAKE_LOCAL_KEY: KEY, DOCUMENT_MAX_MB: "1" }, timerIntervalMs: 0 });
});
afterAll(async () => h.stop());

function post(
  code: string,
  body: Buffer,
  query: Record<string, string>,
  opts: { key?: string | null; type?: string; lang?: string; idempotencyKey?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": opts.type ?? "application/pdf" };
  if (opts.key !== null) headers["x-komitebot-key"] = opts.key ?? KEY;
  if (opts.lang) headers["accept-language"] = opts.lang;
  if (opts.idempotencyKey) headers["idempotency-key"] = opts.idempotencyKey;
  return fetch(`${h.host.server.url}/api/cases/${encodeURIComponent(code)}/documents?${new URLSearchParams(query)}`, {
    method: "POST",
    headers,
    body: new Uint8Array(body),
  });
}
const everything = async () => ({ store: await storeSnapshot(h.store), blobs: await h.content.names() });

describe("POST /api/cases/{code}/documents", () => {
  it("stores a PDF and answers 201 with its metadata; the content's hash matches; the audit names the API", async () => {
    const pdf = samplePdf("Epikrise fra portalen");
    const res = await post(FONNA, pdf, { title: "Epikrise", fileName: "epikrise.pdf" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      caseId: FONNA,
      documentId: "D1",
      version: 1,
      title: "Epikrise",
      fileName: "epikrise.pdf",
      contentType: "application/pdf",
      size: pdf.length,
      sha256: sha(pdf),
    });
    expect(await h.svc.documents.get(FONNA, "D1")).toMatchObject({ addedBy: "api:local-key", sha256: sha(pdf) });
    expect(await h.content.names()).toContain(`${FONNA}/D1/v1`);
    expect((await h.svc.audit.list(FONNA)).find((e) => e.action === "document.added")).toMatchObject({
      actor: { rosterId: "portal" },
      summary: { after: "D1 v1 pdf" },
    });
  });

  it("stores a Word document sent as application/octet-stream (the type is decided by the content)", async () => {
    const res = await post(INNLANDET, sampleDocx(), { title: "Notat fra lege", fileName: "notat.docx" }, { type: "application/octet-stream" });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { contentType: string }).contentType).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  });

  it("stores one document for a retried POST with the same Idempotency-Key", async () => {
    const pdf = samplePdf("retry");
    const a = await post(INNLANDET, pdf, { title: "Prisnotat", fileName: "pris.pdf" }, { idempotencyKey: "upload-42" });
    const b = await post(INNLANDET, pdf, { title: "Prisnotat", fileName: "pris.pdf" }, { idempotencyKey: "upload-42" });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(((await b.json()) as { documentId: string }).documentId).toBe(((await a.json()) as { documentId: string }).documentId);
    expect((await h.svc.documents.latestForCase(INNLANDET)).length).toBe(2);
  });

  const refusals: [string, () => Promise<Response>, number, string[]][] = [
    ["no key (401)", () => post(FONNA, samplePdf(), { title: "T", fileName: "a.pdf" }, { key: null }), 401, []],
    ["a wrong key (401)", () => post(FONNA, samplePdf(), { title: "T", fileName: "a.pdf" }, { key: "wrong-key-wrong-key" }), 401, []],
    [
      "a program renamed to .pdf (400)",
      () => post(FONNA, exeBytes(), { title: "Epikrise", fileName: "epikrise.pdf" }),
      400,
      ["content:document.unknownContent"],
    ],
    [
      "a PNG sent as epikrise.pdf (400)",
      () => post(FONNA, samplePng(), { title: "Epikrise", fileName: "epikrise.pdf" }, { type: "image/png" }),
      400,
      ["content:document.typeMismatch"],
    ],
    [
      "a fødselsnummer in the title and the file name, both named (400)",
      () => post(FONNA, samplePdf(), { title: "Epikrise 15057543288", fileName: "120304 56716.pdf" }),
      400,
      ["title:privacy.nationalIdInText", "fileName:document.nationalIdInFileName"],
    ],
    ["no title and no file name (400)", () => post(FONNA, samplePdf(), {}), 400, ["title:document.titleRequired", "fileName:document.fileNameInvalid"]],
    ["an unknown case (404)", () => post(`TO-${Y}-999`, samplePdf(), { title: "T", fileName: "a.pdf" }), 404, []],
    ["a body over the cap (413)", () => post(FONNA, pdfOfSize(1024 * 1024 + 10), { title: "Stor", fileName: "stor.pdf" }), 413, []],
    ["a Content-Type that is no document (415)", () => post(FONNA, samplePdf(), { title: "T", fileName: "a.pdf" }, { type: "text/html" }), 415, []],
  ];
  it.each(refusals)("refuses %s and stores nothing", async (_name, send, status, problems) => {
    const before = await everything();
    const res = await send();
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: string; problems?: { path: string; code: string; message: string }[] };
    expect(body.error.length).toBeGreaterThan(5);
    if (problems.length > 0) {
      expect(body.problems?.map((p) => `${p.path}:${p.code}`)).toEqual(problems);
      for (const p of body.problems ?? []) expect(p.message).not.toMatch(/document\.|privacy\./);
    }
    expect(await everything()).toEqual(before);
  });

  it("refuses a decided case with 409, in English when asked, and stores nothing", async () => {
    await h.svc.cases.change(INNLANDET, (c) => ({ ...c, status: "rejected" }));
    const before = await everything();
    const res = await post(INNLANDET, samplePdf(), { title: "Sent", fileName: "sent.pdf" }, { lang: "en-GB,en;q=0.9" });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toBe(
      `Case ${INNLANDET} has already been decided. Documents cannot be added or replaced after the decision.`,
    );
    expect(await everything()).toEqual(before);
  });

  it("says what is wrong in bokmål by default", async () => {
    const res = await post(FONNA, exeBytes(), { title: "Epikrise", fileName: "epikrise.pdf" });
    const body = (await res.json()) as { error: string; problems: { message: string }[] };
    expect(body.error).toBe("Dokumentet kan ikke lagres. Ingenting er lagret.");
    expect(body.problems[0]?.message).toMatch(/ikke en PDF-, Word- \(\.docx\), PNG- eller JPEG-fil/);
  });
});

describe("POST /api/cases/{code}/documents: a caller adds documents to its own HF's cases only (issue 16)", () => {
  it("refuses (403) a token for another HF, names the HF, and stores nothing; its own HF's case is stored", async () => {
    const { documentsRoute } = await import("../../src/http/documents-endpoint.js");
    // The route as the app builds it, with an authenticator that has already validated a token for Helse Stavanger.
    const route = documentsRoute({
      svc: h.svc,
      authenticate: async () => ({ ok: true, principal: { kind: "token", id: "portal-oid", appId: "portal", tenantId: "t", hfs: ["helse-stavanger"] } }),
    });
    const call = (code: string, body: Buffer) =>
      route.handler({
        method: "POST",
        path: `/api/cases/${code}/documents`,
        headers: { "content-type": "application/pdf" },
        body: undefined,
        query: new URLSearchParams({ title: "Epikrise", fileName: "epikrise.pdf" }),
        params: [code],
        readRaw: async () => ({ ok: true, body }),
      });
    // (The whole store is not compared here: the other tests' background work may still be writing.)
    const fonna = async () => ({ docs: await h.svc.documents.latestForCase(FONNA), blobs: await h.content.names(), audit: await h.svc.audit.list(FONNA) });
    const before = await fonna();
    const refused = await call(FONNA, samplePdf("feil HF"));
    expect(refused.status).toBe(403);
    expect((refused.body as { error: string }).error).toMatch(/Helse Fonna/);
    expect(await fonna()).toEqual(before);

    const stored = await call(`TO-${Y}-003`, samplePdf("riktig HF"));
    expect(stored.status).toBe(201);
  });
});
