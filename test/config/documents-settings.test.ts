/** Where documents live and how large they may be: validated at start like every setting. */
import { describe, expect, it } from "vitest";
import { ConfigError, loadAppEnv } from "../../src/config.js";

function problems(env: Record<string, string>): string {
  try {
    loadAppEnv(env);
    return "";
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
}

const AZURE = {
  KOMITEBOT_MODE: "azure",
  ROSTER_FILE: "/home/data/roster.json",
  BOT_ID: "4c2d1e0f-8a9b-4c3d-8e7f-6a5b4c3d2e1f",
  BOT_TENANT_ID: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
  ALLOWED_TENANT_IDS: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
};

describe("document settings", () => {
  it("caps documents at 25 MB by default, bounded 1–100 MB", () => {
    expect(loadAppEnv({}).DOCUMENT_MAX_MB).toBe(25);
    expect(loadAppEnv({ DOCUMENT_MAX_MB: "100" }).DOCUMENT_MAX_MB).toBe(100);
    for (const bad of ["0", "101", "2.5", "many"]) expect(problems({ DOCUMENT_MAX_MB: bad }), bad).toContain("DOCUMENT_MAX_MB");
  });

  it("refuses to start in azure mode without the storage account's blob endpoint, and takes it only as https", () => {
    expect(problems(AZURE)).toContain("BLOB_ACCOUNT_URL");
    expect(loadAppEnv({ ...AZURE, BLOB_ACCOUNT_URL: "https://stkomitebot.blob.core.windows.net/" }).BLOB_ACCOUNT_URL).toBe(
      "https://stkomitebot.blob.core.windows.net/",
    );
    expect(problems({ ...AZURE, BLOB_ACCOUNT_URL: "http://stkomitebot.blob.core.windows.net/" })).toContain("BLOB_ACCOUNT_URL");
  });

  it("needs no blob endpoint locally (Azurite starts with the app), and takes only a valid container name", () => {
    expect(loadAppEnv({}).BLOB_ACCOUNT_URL).toBeUndefined();
    expect(loadAppEnv({}).BLOB_CONTAINER).toBe("documents");
    expect(problems({ BLOB_CONTAINER: "Documents_1" })).toContain("BLOB_CONTAINER");
  });
});
