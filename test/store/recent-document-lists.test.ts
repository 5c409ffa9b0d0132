/**
 * The case brief lists its documents' titles on every refresh; a list this
 * instance read moments ago will do for that (issue 11: a position invoke makes
 * at most 3 store calls). What must hold: this instance's own additions and
 * withdrawals are seen at once, a reader that asks for a fresh list always gets
 * one, and another instance's addition shows once the list is older than the
 * reader accepts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseDocument } from "../../src/app/ports.js";
import type { DocumentStore } from "../../src/store/document-store.js";
import { documentRepository } from "../../src/store/repositories/documents.js";
import { makeTestStore, type TestStore } from "../support/store.js";

let t: TestStore;
beforeAll(async () => {
  t = await makeTestStore();
});
afterAll(() => t.dispose());

/** The store with its queries counted. */
function counted(store: DocumentStore): { store: DocumentStore; queries: () => number } {
  let queries = 0;
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === "query" && typeof value === "function") {
        return (...args: unknown[]) => {
          queries++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { store: wrapped, queries: () => queries };
}

const version = (caseId: string, documentId: string, title: string): CaseDocument => ({
  id: `${caseId}:${documentId}:v1`,
  caseId,
  documentId,
  version: 1,
  title,
  fileName: `${documentId}.pdf`,
  contentType: "application/pdf",
  size: 10,
  sha256: "0".repeat(64),
  addedBy: "coord-1",
  addedAt: "2026-11-20T10:00:00.000Z",
});

describe("a case's document list read by a card", () => {
  it("answers a reader that accepts a recent list without a round trip, and a fresh reader with one", async () => {
    let now = 0;
    const { store, queries } = counted(t.store);
    const repo = documentRepository(store, () => now);
    await repo.addVersion(version("C-A", "D1", "Søknad"));
    expect((await repo.latestForCase("C-A")).map((d) => d.title)).toEqual(["Søknad"]);
    const before = queries();
    now += 5_000;
    expect((await repo.latestForCase("C-A", { maxAgeMs: 10_000 })).map((d) => d.title)).toEqual(["Søknad"]);
    expect(queries()).toBe(before);
    await repo.latestForCase("C-A");
    expect(queries()).toBe(before + 1);
  });

  it("sees this instance's own addition and withdrawal at once", async () => {
    const now = 0;
    const repo = documentRepository(t.store, () => now);
    await repo.addVersion(version("C-B", "D1", "Søknad"));
    expect(await repo.latestForCase("C-B", { maxAgeMs: 60_000 })).toHaveLength(1);
    await repo.addVersion(version("C-B", "D2", "Epikrise"));
    expect((await repo.latestForCase("C-B", { maxAgeMs: 60_000 })).map((d) => d.title)).toEqual(["Søknad", "Epikrise"]);
    await repo.withdraw({ caseId: "C-B", documentId: "D1", by: "coord-1", at: "2026-11-20T11:00:00.000Z" });
    const after = await repo.latestForCase("C-B", { maxAgeMs: 60_000 });
    expect(after.find((d) => d.documentId === "D1")?.withdrawn).toBeDefined();
  });

  it("shows another instance's addition once the list is older than the reader accepts", async () => {
    let now = 0;
    const first = documentRepository(t.store, () => now);
    const second = documentRepository(t.store, () => now);
    await first.addVersion(version("C-C", "D1", "Søknad"));
    expect(await second.latestForCase("C-C", { maxAgeMs: 10_000 })).toHaveLength(1);
    await first.addVersion(version("C-C", "D2", "Epikrise"));
    now += 9_000;
    expect(await second.latestForCase("C-C", { maxAgeMs: 10_000 })).toHaveLength(1); // within the accepted age
    now += 2_000;
    expect(await second.latestForCase("C-C", { maxAgeMs: 10_000 })).toHaveLength(2);
  });

  it("never puts back a list read before this instance's own write finished", async () => {
    const now = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let answered!: () => void;
    const readAnswered = new Promise<void>((r) => (answered = r));
    let holdNextQuery = false;
    const slow = new Proxy(t.store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop === "query" && typeof value === "function") {
          return async (...args: unknown[]) => {
            const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            if (holdNextQuery) {
              holdNextQuery = false;
              answered();
              await gate; // the read's answer arrives after the write below
            }
            return result;
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const repo = documentRepository(slow, () => now);
    await repo.addVersion(version("C-D", "D1", "Søknad"));
    holdNextQuery = true;
    const staleRead = repo.latestForCase("C-D");
    await readAnswered; // the store has answered the read with one document …
    await repo.addVersion(version("C-D", "D2", "Epikrise"));
    release();
    expect(await staleRead).toHaveLength(1); // it began before the write
    expect(await repo.latestForCase("C-D", { maxAgeMs: 60_000 })).toHaveLength(2);
  });
});
