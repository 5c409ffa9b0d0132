/**
 * Azurite's blob service (npm azurite, the Azure Storage emulator) in a child
 * process of its own, forked by startLocalAzurite (local-blob.ts). The
 * arguments are Azurite's own (--blobHost, --blobPort, --location, …); it
 * reports its address on stdout ("… successfully listens on http://…").
 *
 * Stops gracefully (Azurite's own SIGTERM handling: it closes its metadata
 * database, so what it acknowledged is on disk) when the parent says "stop"
 * or goes away (the IPC channel disconnects: the parent exited or crashed).
 */
import { createRequire } from "node:module";

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  // Azurite closes its server and databases on SIGTERM, then the process ends by itself.
  process.kill(process.pid, "SIGTERM");
  if (process.connected) process.disconnect();
  setTimeout(() => process.exit(0), 10_000).unref();
};
process.on("disconnect", stop);
process.on("message", (msg) => {
  if (msg === "stop") stop();
});

createRequire(import.meta.url)("azurite/dist/src/blob/main.js");
