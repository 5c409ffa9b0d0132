/**
 * Starts OpenTelemetry before the app is loaded (src/index.ts imports the app
 * after this has run, as the SDK requires):
 *
 *   - APPLICATIONINSIGHTS_CONNECTION_STRING set (Azure): @azure/monitor-opentelemetry
 *     exports the app's own spans and metrics (src/telemetry.ts) to Application
 *     Insights. Its automatic instrumentations (HTTP, Azure SDK, databases,
 *     loggers) are switched off: they would record URLs, queries and log text
 *     the app does not control; the app's own spans cover the same ground with
 *     ids and codes only.
 *   - OTEL_CONSOLE=true (locally, on request): the same spans and metrics to
 *     the console.
 *   - neither: nothing is started, and every telemetry call is a no-op.
 */
import { z } from "zod";

const TelemetryEnvSchema = z.object({
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .refine((s) => /(^|;)\s*(InstrumentationKey|IngestionEndpoint)=/i.test(s), "must be an Application Insights connection string (InstrumentationKey=…)")
      .optional(),
  ),
  OTEL_CONSOLE: z.enum(["true", "false"]).default("false"),
  /** How often metrics are exported (ms). */
  OTEL_METRIC_EXPORT_INTERVAL: z.coerce.number().int().min(1_000).default(60_000),
});

export type TelemetryEnv = z.infer<typeof TelemetryEnvSchema>;

export type TelemetryMode = "azureMonitor" | "console" | "off";

export class TelemetryConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid telemetry configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "TelemetryConfigError";
  }
}

export function loadTelemetryEnv(env: NodeJS.ProcessEnv): TelemetryEnv & { mode: TelemetryMode } {
  const parsed = TelemetryEnvSchema.safeParse(env);
  if (!parsed.success) throw new TelemetryConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  const mode: TelemetryMode = parsed.data.APPLICATIONINSIGHTS_CONNECTION_STRING ? "azureMonitor" : parsed.data.OTEL_CONSOLE === "true" ? "console" : "off";
  return { ...parsed.data, mode };
}

export interface StartedTelemetry {
  mode: TelemetryMode;
  /** Flushes and stops the exporters (on shutdown). */
  shutdown(): Promise<void>;
}

export async function startTelemetry(env: NodeJS.ProcessEnv): Promise<StartedTelemetry> {
  const config = loadTelemetryEnv(env);
  if (config.mode === "azureMonitor") {
    const { useAzureMonitor, shutdownAzureMonitor } = await import("@azure/monitor-opentelemetry");
    const off = { enabled: false };
    useAzureMonitor({
      azureMonitorExporterOptions: { connectionString: config.APPLICATIONINSIGHTS_CONNECTION_STRING! },
      instrumentationOptions: { http: off, azureSdk: off, mongoDb: off, mySql: off, postgreSql: off, redis: off, redis4: off, bunyan: off, winston: off },
      enableLiveMetrics: false,
    });
    return { mode: config.mode, shutdown: () => shutdownAzureMonitor() };
  }
  if (config.mode === "console") {
    const { metrics } = await import("@opentelemetry/api");
    const { NodeTracerProvider } = await import("@opentelemetry/sdk-trace-node");
    const { ConsoleSpanExporter, SimpleSpanProcessor } = await import("@opentelemetry/sdk-trace-base");
    const { ConsoleMetricExporter, MeterProvider, PeriodicExportingMetricReader } = await import("@opentelemetry/sdk-metrics");
    const tracerProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())] });
    tracerProvider.register();
    const meterProvider = new MeterProvider({
      readers: [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), exportIntervalMillis: config.OTEL_METRIC_EXPORT_INTERVAL })],
    });
    metrics.setGlobalMeterProvider(meterProvider);
    return {
      mode: config.mode,
      shutdown: async () => {
        await tracerProvider.shutdown();
        await meterProvider.shutdown();
      },
    };
  }
  return { mode: "off", shutdown: async () => undefined };
}
