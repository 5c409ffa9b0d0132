import { describe, expect, it } from "vitest";
import { loadTelemetryEnv, TelemetryConfigError } from "../../src/telemetry-setup.js";

describe("telemetry configuration", () => {
  it("is off unless asked: no connection string and no console flag", () => {
    expect(loadTelemetryEnv({}).mode).toBe("off");
    expect(loadTelemetryEnv({ APPLICATIONINSIGHTS_CONNECTION_STRING: "" }).mode).toBe("off");
  });

  it("exports to Application Insights when the connection string is set, and to the console locally on request", () => {
    const cs = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://norwayeast-0.in.applicationinsights.azure.com/";
    expect(loadTelemetryEnv({ APPLICATIONINSIGHTS_CONNECTION_STRING: cs }).mode).toBe("azureMonitor");
    expect(loadTelemetryEnv({ APPLICATIONINSIGHTS_CONNECTION_STRING: cs, OTEL_CONSOLE: "true" }).mode).toBe("azureMonitor");
    expect(loadTelemetryEnv({ OTEL_CONSOLE: "true" }).mode).toBe("console");
  });

  it("names a malformed setting", () => {
    expect(() => loadTelemetryEnv({ APPLICATIONINSIGHTS_CONNECTION_STRING: "https://example.org" })).toThrow(TelemetryConfigError);
    expect(() => loadTelemetryEnv({ APPLICATIONINSIGHTS_CONNECTION_STRING: "https://example.org" })).toThrow(/APPLICATIONINSIGHTS_CONNECTION_STRING/);
    expect(() => loadTelemetryEnv({ OTEL_CONSOLE: "yes" })).toThrow(/OTEL_CONSOLE/);
  });
});
