/**
 * Entry point: start telemetry (only when configured, see telemetry-setup.ts)
 * before the app is loaded, as OpenTelemetry requires; then start the host;
 * stop cleanly on SIGINT/SIGTERM (the embedded store writes its final snapshot
 * on the way out, telemetry flushes).
 */
import { startTelemetry, TelemetryConfigError } from "./telemetry-setup.js";

async function main(): Promise<void> {
  let telemetry;
  try {
    telemetry = await startTelemetry(process.env);
  } catch (err) {
    if (err instanceof TelemetryConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const { exitWithStartupError, startHost } = await import("./host.js");
  const host = await startHost().catch(exitWithStartupError);
  host.log.info({ telemetry: telemetry.mode }, "telemetry");
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    host.log.info({ signal }, "stopping");
    await host.close();
    await telemetry.shutdown().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
