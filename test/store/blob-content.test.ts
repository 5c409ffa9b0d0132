/**
 * Documents' content in Blob Storage, driven through @azure/storage-blob against
 * Azurite: the blob name from the ids, the content type and the hash on the
 * blob, written once, read as a stream, and kept across an Azurite restart.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { BlobServiceClient } from "@azure/storage-blob";
import { ContentConflictError, type CaseDocument } from "../../src/app/ports.js";
import { BlobContentStore, blobName } from "../../src/store/blob-content.js";
import { startLocalAzurite } from "../../src/store/local-blob.js";
import { inject } from "vitest";
import { makeTestContentStore } from "../support/blob.js";
import { samplePdf } from "../support/documents.js";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const docFor = (content: Buffer, over: Partial<CaseDocument> = {}): CaseDocument => ({
  id: "TO-2026-001:D1:v1",
  caseId: "TO-2026-001",
  documentId: "D1",
  version: 1,
  title: "Søknadsskjema",
  fileName: "søknad med navn.pdf",
  contentType: "application/pdf",
  size: content.length,
  sha256: sha(content),
  addedBy: "coord",
  addedAt: "2026-12-14T08:00:00.000Z",
  ...over,
});

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("documents' content in Blob Storage (Azurite)", () => {
  it("names the blob from the document's ids, never its file name, and sets its content type and SHA-256", async () => {
    const store = await makeTestContentStore();
    const pdf = samplePdf();
    const doc = docFor(pdf);
    await store.put(doc, pdf);
    expect(await store.names()).toEqual([blobName(doc)]);
    expect(blobName(doc)).toBe("TO-2026-001/D1/v1");
    const props = await (await store.containerClient()).getBlockBlobClient(blobName(doc)).getProperties();
    expect(props.contentType).toBe("application/pdf");
    expect(props.metadata?.sha256).toBe(doc.sha256);
    const opened = await store.open(doc);
    expect(opened?.size).toBe(pdf.length);
    expect(sha(await buffer(opened!.stream))).toBe(doc.sha256);
  });

  it("writes a version once: the same content again is a no-op, other content under that id is refused", async () => {
    const store = await makeTestContentStore();
    const pdf = samplePdf();
    await store.put(docFor(pdf), pdf);
    await expect(store.put(docFor(pdf), pdf)).resolves.toBeUndefined();
    const other = samplePdf("annet");
    await expect(store.put(docFor(other), other)).rejects.toBeInstanceOf(ContentConflictError);
    expect(sha(await buffer((await store.open(docFor(pdf)))!.stream))).toBe(sha(pdf));
  });

  it("answers undefined for content that is not there", async () => {
    const store = await makeTestContentStore();
    expect(await store.open(docFor(samplePdf(), { documentId: "D9" }))).toBeUndefined();
  });

  it("runs the test's Azurite on loopback with the development account", () => {
    expect(inject("azurite").blobEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
  });

  it("keeps the blobs when Azurite restarts on the same data folder (persisted under <data>/azurite)", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "komitebot-azurite-"));
    dirs.push(dataDir);
    const pdf = samplePdf("vedvarer");
    const first = await startLocalAzurite({ dataDir });
    try {
      expect(first.location).toBe(path.join(dataDir, "azurite"));
      const store = await BlobContentStore.connect(
        { kind: "connectionString", connectionString: first.connectionString, container: "documents" },
        { create: true },
      );
      await store.put(docFor(pdf), pdf);
    } finally {
      await first.stop();
    }
    const second = await startLocalAzurite({ dataDir });
    try {
      const store = await BlobContentStore.connect(
        { kind: "connectionString", connectionString: second.connectionString, container: "documents" },
        { create: true },
      );
      expect(sha(await buffer((await store.open(docFor(pdf)))!.stream))).toBe(sha(pdf));
      // Read through the SDK alone too: nothing but the SDK and Azurite is involved.
      const raw = BlobServiceClient.fromConnectionString(second.connectionString).getContainerClient("documents").getBlockBlobClient("TO-2026-001/D1/v1");
      expect((await raw.getProperties()).metadata?.sha256).toBe(sha(pdf));
    } finally {
      await second.stop();
    }
  });
});
