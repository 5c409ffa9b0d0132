import { describe, expect, it } from "vitest";
import { EMULATOR_KEY, loadStoreConfig } from "../../src/store/cosmos-config.js";

describe("loadStoreConfig", () => {
  it("uses the embedded local server with defaults when nothing is set", () => {
    expect(loadStoreConfig({})).toEqual({ database: "komitebot", auth: "key", dataDir: ".data" });
  });

  it("uses managed identity for an Azure endpoint, with a user-assigned client id", () => {
    expect(
      loadStoreConfig({
        COSMOS_ENDPOINT: "https://komitebot.documents.azure.com:443/",
        AZURE_CLIENT_ID: "11111111-2222-3333-4444-555555555555",
        COSMOS_DATABASE: "komite",
      }),
    ).toEqual({
      endpoint: "https://komitebot.documents.azure.com:443/",
      database: "komite",
      auth: "managedIdentity",
      azureClientId: "11111111-2222-3333-4444-555555555555",
      dataDir: ".data",
    });
  });

  it("refuses azure mode without COSMOS_ENDPOINT instead of running the embedded store on the instance's disk", () => {
    expect(() => loadStoreConfig({ KOMITEBOT_MODE: "azure" })).toThrow(/COSMOS_ENDPOINT: is required in azure mode/);
    expect(() => loadStoreConfig({ KOMITEBOT_MODE: "azure", COSMOS_ENDPOINT: "" })).toThrow(/COSMOS_ENDPOINT: is required in azure mode/);
    expect(loadStoreConfig({ KOMITEBOT_MODE: "azure", COSMOS_ENDPOINT: "https://x.documents.azure.com:443/" }).endpoint).toBe(
      "https://x.documents.azure.com:443/",
    );
    expect(loadStoreConfig({ KOMITEBOT_MODE: "local" }).endpoint).toBeUndefined();
  });

  it("allows key auth for a loopback endpoint", () => {
    expect(loadStoreConfig({ COSMOS_ENDPOINT: "http://127.0.0.1:8081", COSMOS_AUTH: "key" }).auth).toBe("key");
    expect(loadStoreConfig({ COSMOS_ENDPOINT: "https://localhost:8081" }).auth).toBe("key");
  });

  it("refuses key auth against a remote endpoint, naming the variable", () => {
    expect(() => loadStoreConfig({ COSMOS_ENDPOINT: "https://x.documents.azure.com:443/", COSMOS_AUTH: "key" })).toThrow(
      /COSMOS_AUTH: "key" is only allowed for a loopback endpoint/,
    );
  });

  it("names each malformed variable", () => {
    expect(() => loadStoreConfig({ COSMOS_ENDPOINT: "not a url" })).toThrow(/COSMOS_ENDPOINT: must be a URL/);
    expect(() => loadStoreConfig({ COSMOS_AUTH: "password" })).toThrow(/COSMOS_AUTH: must be "managedIdentity" or "key"/);
    expect(() => loadStoreConfig({ COSMOS_ENDPOINT: "http://x.documents.azure.com" })).toThrow(/COSMOS_ENDPOINT: must use https/);
    expect(() => loadStoreConfig({ AZURE_CLIENT_ID: "me" })).toThrow(/AZURE_CLIENT_ID: must be a GUID/);
    expect(() => loadStoreConfig({ COSMOS_AUTH: "managedIdentity" })).toThrow(/COSMOS_ENDPOINT: is required when COSMOS_AUTH=managedIdentity/);
  });

  it("switches the embedded store's journal with KOMITEBOT_STORE_JOURNAL (absent = on)", () => {
    expect(loadStoreConfig({}).journal).toBeUndefined();
    expect(loadStoreConfig({ KOMITEBOT_STORE_JOURNAL: "off" }).journal).toBe(false);
    expect(loadStoreConfig({ KOMITEBOT_STORE_JOURNAL: "on" }).journal).toBe(true);
    expect(() => loadStoreConfig({ KOMITEBOT_STORE_JOURNAL: "no" })).toThrow(/KOMITEBOT_STORE_JOURNAL: must be "on" or "off"/);
  });

  it("keeps the emulator's well-known key", () => {
    expect(EMULATOR_KEY).toHaveLength(88);
  });
});
