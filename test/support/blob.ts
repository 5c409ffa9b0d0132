/**
 * A documents' content store for tests, on the run's shared Azurite
 * (test/global-setup.ts) but in a container of its own, so test files running
 * in parallel never see each other's blobs.
 *
 *   const content = await makeTestContentStore();
 *   ... content.put(doc, bytes); await content.names() // every blob name
 */
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { BlobContentStore } from "../../src/store/blob-content.js";

export async function makeTestContentStore(): Promise<BlobContentStore> {
  const { connectionString } = inject("azurite");
  return BlobContentStore.connect({ kind: "connectionString", connectionString, container: `test-${randomUUID()}` }, { create: true });
}
