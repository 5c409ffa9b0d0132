/** The demo cases' documents: generated one-page PDFs, fictional, seeded once per data folder. */
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/demo/seed.js";
import { seedDemoDocuments } from "../../src/demo/seed-documents.js";
import { detectDocumentKind } from "../../src/domain/document.js";
import { containsNationalId } from "../../src/domain/fodselsnummer.js";
import type { AppServices } from "../../src/app/services.js";
import { makeTestContentStore } from "../support/blob.js";
import { TEST_START } from "../support/clock.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { services } from "../app/fakes.js";

let t: TestStore;
let svc: AppServices;
beforeAll(async () => {
  t = await makeTestStore();
  svc = services(t.store, undefined, () => TEST_START, await makeTestContentStore());
  await seedDemo(svc, TEST_START);
});
afterAll(() => t.dispose());

describe("demo documents", () => {
  it("gives each demo case one or two real PDFs named after its listed attachments, added by the coordinator, without audit entries", async () => {
    expect((await seedDemoDocuments(svc, TEST_START)).documents).toBeGreaterThanOrEqual(3);
    for (const c of await svc.cases.all()) {
      const docs = await svc.documents.latestForCase(c.code);
      expect(docs.length, c.code).toBeGreaterThanOrEqual(1);
      expect(docs.length, c.code).toBeLessThanOrEqual(2);
      expect(docs.map((d) => d.title)).toEqual(c.attachments.slice(0, docs.length).map((a) => a.title));
      for (const d of docs) {
        expect(d).toMatchObject({ contentType: "application/pdf", addedBy: "coord", version: 1 });
        const opened = await svc.documentContent.open(d);
        const bytes = await buffer(opened!.stream);
        expect(detectDocumentKind(bytes)).toBe("pdf");
        expect(bytes.length).toBe(d.size);
        expect(containsNationalId(d.title) || containsNationalId(d.fileName)).toBe(false);
      }
      expect((await svc.audit.list(c.code)).filter((e) => e.action.startsWith("document."))).toEqual([]);
    }
  });

  it("adds nothing the second time (once per data folder)", async () => {
    expect(await seedDemoDocuments(svc, TEST_START)).toEqual({ documents: 0 });
  });
});
