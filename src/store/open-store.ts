/**
 * One call for the composition root: configuration → a connected store. Without
 * COSMOS_ENDPOINT it starts the embedded local server (persisted under
 * KOMITEBOT_DATA_DIR) and wires the store's writes to its snapshot.
 */
import { EMULATOR_KEY, type StoreConfig } from "./cosmos-config.js";
import { CosmosStore, type CosmosStoreOptions } from "./cosmos-store.js";
import { startLocalCosmos, type LocalCosmos } from "./local-server.js";

export interface OpenedStore {
  store: CosmosStore;
  /** The embedded server, when one was started. */
  local?: LocalCosmos;
  /** Closes the client, then (if embedded) writes the final snapshot and stops the server. */
  close(): Promise<void>;
}

export async function openStore(config: StoreConfig, options: CosmosStoreOptions = {}): Promise<OpenedStore> {
  if (config.endpoint === undefined) {
    const local = await startLocalCosmos({ dataDir: config.dataDir });
    try {
      const store = await CosmosStore.connect(
        { endpoint: local.endpoint, database: config.database, auth: { kind: "key", key: local.key } },
        {
          ...options,
          onWrite: (c) => {
            local.markDirty();
            options.onWrite?.(c);
          },
        },
      );
      return {
        store,
        local,
        close: async () => {
          store.close();
          await local.stop();
        },
      };
    } catch (err) {
      await local.stop();
      throw err;
    }
  }
  const store = await CosmosStore.connect(
    {
      endpoint: config.endpoint,
      database: config.database,
      auth:
        config.auth === "key"
          ? { kind: "key", key: EMULATOR_KEY }
          : { kind: "managedIdentity", ...(config.azureClientId ? { clientId: config.azureClientId } : {}) },
    },
    options,
  );
  return { store, close: async () => store.close() };
}
