/**
 * Starts one in-memory Cosmos-protocol server for the whole test run. Tests get
 * a store on it with makeTestStore() from test/support/store.ts, each file in
 * its own database.
 */
import type { TestProject } from "vitest/node";
import { startLocalCosmos } from "../src/store/local-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    cosmos: { endpoint: string; key: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const local = await startLocalCosmos({ dataDir: null });
  project.provide("cosmos", { endpoint: local.endpoint, key: local.key });
  return () => local.stop();
}
