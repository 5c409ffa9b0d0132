/**
 * A CosmosStore for tests, on the run's shared local server (test/global-setup.ts)
 * but in a database of its own, so test files running in parallel never see
 * each other's documents.
 *
 *   let t: TestStore;
 *   beforeAll(async () => { t = await makeTestStore(); });
 *   afterAll(() => t.dispose());
 *   ... t.store.create("cases", { id: "X-1", ... })
 */
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { CosmosStore, type CosmosStoreOptions } from "../../src/store/cosmos-store.js";

export interface TestStore {
  store: CosmosStore;
  database: string;
  /** Drops the database and closes the client. */
  dispose(): Promise<void>;
}

export async function makeTestStore(options: CosmosStoreOptions = {}): Promise<TestStore> {
  const { endpoint, key } = inject("cosmos");
  const database = `test-${randomUUID()}`;
  const store = await CosmosStore.connect({ endpoint, database, auth: { kind: "key", key } }, options);
  return {
    store,
    database,
    dispose: async () => {
      try {
        await store.dropDatabase();
      } finally {
        store.close();
      }
    },
  };
}
