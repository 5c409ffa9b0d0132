/**
 * Entry point: start the host from the environment; stop cleanly on SIGINT/SIGTERM
 * (the embedded store writes its final snapshot on the way out).
 */
import { exitWithStartupError, startHost } from "./host.js";

async function main(): Promise<void> {
  const host = await startHost();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    host.log.info({ signal }, "stopping");
    await host.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch(exitWithStartupError);
