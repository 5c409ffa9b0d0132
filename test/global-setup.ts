/**
 * Starts one in-memory Cosmos-protocol server and one Azurite (blob service,
 * in memory) for the whole test run. Tests get a store on the Cosmos server
 * with makeTestStore() from test/support/store.ts, each file in its own
 * database, and a documents' content store on Azurite with
 * makeTestContentStore() from test/support/blob.ts, each in its own container.
 */
import type { TestProject } from "vitest/node";
import { startLocalCosmos } from "../src/store/local-server.js";
import { startLocalAzurite } from "../src/store/local-blob.js";

declare module "vitest" {
  export interface ProvidedContext {
    cosmos: { endpoint: string; key: string };
    azurite: { connectionString: string; blobEndpoint: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [local, azurite] = await Promise.all([startLocalCosmos({ dataDir: null }), startLocalAzurite({ dataDir: null })]);
  project.provide("cosmos", { endpoint: local.endpoint, key: local.key });
  project.provide("azurite", { connectionString: azurite.connectionString, blobEndpoint: azurite.blobEndpoint });
  return async () => {
    await Promise.all([local.stop(), azurite.stop()]);
  };
}
