/**
 * Entry point: start the host from the environment; stop cleanly on SIGINT/SIGTERM
 * (the embedded store writes its final snapshot on the way out).
 */
import { ConfigError } from "./config.js";
import { startHost } from "./host.js";
import { StoreConfigError } from "./store/cosmos-config.js";

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

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof StoreConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
