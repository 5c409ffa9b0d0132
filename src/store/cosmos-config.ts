/**
 * Store configuration from the environment. Without COSMOS_ENDPOINT the app
 * starts an embedded Cosmos-protocol server (src/store/local-server.ts) that
 * keeps its data in KOMITEBOT_DATA_DIR — in local mode only: in Azure mode
 * (KOMITEBOT_MODE=azure) a missing COSMOS_ENDPOINT is a configuration error,
 * since the instance's own disk is lost on a restart and not shared by a
 * second instance; in Azure it talks to Cosmos DB with a
 * managed identity (the account has local/key auth disabled).
 * KOMITEBOT_STORE_JOURNAL=off turns the embedded server's write-ahead journal
 * off (the benchmark compares; without it a hard kill loses the last writes).
 */
import { z } from "zod";

/**
 * The Cosmos DB emulator's published, well-known key. It is not a secret: it is
 * only ever sent to a server on this machine (loopback), never to Azure.
 */
export const EMULATOR_KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

export type StoreAuth = "managedIdentity" | "key";

export interface StoreConfig {
  /** Absent: start the embedded local server. */
  endpoint?: string;
  database: string;
  auth: StoreAuth;
  /** Client id of a user-assigned managed identity (AZURE_CLIENT_ID); absent = system-assigned / developer login. */
  azureClientId?: string;
  /** Where the embedded server keeps its snapshot and journal. */
  dataDir: string;
  /** The embedded server's write-ahead journal (KOMITEBOT_STORE_JOURNAL); absent = on. */
  journal?: boolean;
}

export class StoreConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid store configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "StoreConfigError";
  }
}

export function isLoopbackEndpoint(endpoint: string): boolean {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return false;
  }
  return host === "localhost" || host === "[::1]" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const StoreEnvSchema = z
  .object({
    COSMOS_ENDPOINT: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .url("must be a URL such as https://<account>.documents.azure.com:443/")
        .refine((u) => /^https?:\/\//.test(u), "must start with https:// (or http:// for a loopback server)")
        .optional(),
    ),
    COSMOS_DATABASE: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/, "must be letters, digits, '_' or '-' (at most 255)")
        .default("komitebot"),
    ),
    COSMOS_AUTH: z.preprocess(
      emptyAsUndefined,
      z.enum(["managedIdentity", "key"], { errorMap: () => ({ message: 'must be "managedIdentity" or "key"' }) }).optional(),
    ),
    AZURE_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().uuid("must be a GUID (the user-assigned identity's client id)").optional()),
    KOMITEBOT_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data")),
    KOMITEBOT_STORE_JOURNAL: z.preprocess(emptyAsUndefined, z.enum(["on", "off"], { errorMap: () => ({ message: 'must be "on" or "off"' }) }).optional()),
    KOMITEBOT_MODE: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    const endpoint = env.COSMOS_ENDPOINT;
    if (endpoint === undefined) {
      if (env.KOMITEBOT_MODE === "azure")
        ctx.addIssue({
          code: "custom",
          path: ["COSMOS_ENDPOINT"],
          message:
            "is required in azure mode (the Cosmos DB account's endpoint): the embedded local store would keep the data on this instance's own disk, lost on a restart and not shared with other instances",
        });
      if (env.COSMOS_AUTH === "managedIdentity")
        ctx.addIssue({
          code: "custom",
          path: ["COSMOS_ENDPOINT"],
          message: "is required when COSMOS_AUTH=managedIdentity (without it the embedded local server is used)",
        });
      return;
    }
    const loopback = isLoopbackEndpoint(endpoint);
    const auth = env.COSMOS_AUTH ?? (loopback ? "key" : "managedIdentity");
    if (auth === "key" && !loopback)
      ctx.addIssue({
        code: "custom",
        path: ["COSMOS_AUTH"],
        message: `"key" is only allowed for a loopback endpoint (localhost/127.0.0.1); use "managedIdentity" for ${endpoint}`,
      });
    if (!loopback && endpoint.startsWith("http://"))
      ctx.addIssue({ code: "custom", path: ["COSMOS_ENDPOINT"], message: "must use https:// unless it is a loopback address" });
  });

/**
 * `storeGiven`: the composition root was handed a store (tests): the
 * configuration is read for the rest (data folder, identity), and Azure mode
 * does not ask for the endpoint of a store it will not open.
 */
export function loadStoreConfig(env: NodeJS.ProcessEnv, options: { storeGiven?: boolean } = {}): StoreConfig {
  const parsed = StoreEnvSchema.safeParse(options.storeGiven && env.KOMITEBOT_MODE === "azure" ? { ...env, KOMITEBOT_MODE: "azure-with-given-store" } : env);
  if (!parsed.success) {
    throw new StoreConfigError(parsed.error.issues.map((i) => `${i.path.join(".") || "(environment)"}: ${i.message}`));
  }
  const e = parsed.data;
  const auth: StoreAuth = e.COSMOS_AUTH ?? (e.COSMOS_ENDPOINT === undefined || isLoopbackEndpoint(e.COSMOS_ENDPOINT) ? "key" : "managedIdentity");
  return {
    ...(e.COSMOS_ENDPOINT !== undefined ? { endpoint: e.COSMOS_ENDPOINT } : {}),
    database: e.COSMOS_DATABASE,
    auth,
    ...(e.AZURE_CLIENT_ID !== undefined ? { azureClientId: e.AZURE_CLIENT_ID } : {}),
    dataDir: e.KOMITEBOT_DATA_DIR,
    ...(e.KOMITEBOT_STORE_JOURNAL !== undefined ? { journal: e.KOMITEBOT_STORE_JOURNAL === "on" } : {}),
  };
}
