/**
 * The committee's settings in the configuration: the quorum bounded by the
 * seats, the catchment-area recusal as a named policy, and the public https
 * address the chair's in-meeting notification points at.
 */
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

describe("committee settings", () => {
  it("bounds QUORUM_MINIMUM by the source's 4 and the 8 seats", () => {
    expect(loadAppEnv({}).QUORUM_MINIMUM).toBe(4);
    expect(loadAppEnv({ QUORUM_MINIMUM: "8" }).QUORUM_MINIMUM).toBe(8);
    expect(problems({ QUORUM_MINIMUM: "3" })).toContain("QUORUM_MINIMUM");
    expect(problems({ QUORUM_MINIMUM: "9" })).toContain("QUORUM_MINIMUM");
    expect(problems({ QUORUM_MINIMUM: "16" })).toContain("QUORUM_MINIMUM");
  });

  it("gives an agenda case 15 minutes by default (the two-hour limit, issue 13), configurable from 5 to 60 whole minutes", () => {
    expect(loadAppEnv({}).CASE_MINUTES_DEFAULT).toBe(15);
    expect(loadAppEnv({ CASE_MINUTES_DEFAULT: "20" }).CASE_MINUTES_DEFAULT).toBe(20);
    for (const bad of ["4", "61", "12.5", "abc"]) expect(problems({ CASE_MINUTES_DEFAULT: bad })).toContain("CASE_MINUTES_DEFAULT");
  });

  it("recuses the catchment-area HF by default, as a policy that can be turned off", () => {
    expect(loadAppEnv({}).RECUSE_CATCHMENT_HF).toBe(true);
    expect(loadAppEnv({ RECUSE_CATCHMENT_HF: "false" }).RECUSE_CATCHMENT_HF).toBe(false);
    expect(problems({ RECUSE_CATCHMENT_HF: "no" })).toContain("RECUSE_CATCHMENT_HF");
  });

  it("takes the public address only as https, and App Service's host name in azure mode", () => {
    expect(loadAppEnv({}).publicBaseUrl).toBeUndefined();
    expect(loadAppEnv({ PUBLIC_BASE_URL: "https://komitebot.example.org/" }).publicBaseUrl).toBe("https://komitebot.example.org");
    expect(problems({ PUBLIC_BASE_URL: "http://komitebot.example.org" })).toContain("PUBLIC_BASE_URL");
    // Locally App Service's variable means nothing; in Azure it is the app's own host.
    expect(loadAppEnv({ WEBSITE_HOSTNAME: "komitebot.azurewebsites.net" }).publicBaseUrl).toBeUndefined();
    const azure = {
      KOMITEBOT_MODE: "azure",
      BOT_ID: "6f1b9c1e-0000-4000-8000-00000000b07a",
      BOT_TENANT_ID: "8f3e0a0e-0000-4000-8000-00000000beef",
      ALLOWED_TENANT_IDS: "8f3e0a0e-0000-4000-8000-00000000beef",
      ROSTER_FILE: "roster.json",
      // Azure mode needs the documents' storage account too (issue 12).
      BLOB_ACCOUNT_URL: "https://stkomitebot.blob.core.windows.net/",
    };
    expect(loadAppEnv({ ...azure, WEBSITE_HOSTNAME: "komitebot.azurewebsites.net" }).publicBaseUrl).toBe("https://komitebot.azurewebsites.net");
  });
});
