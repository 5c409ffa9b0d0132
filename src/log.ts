/**
 * Structured logging (pino). Log lines carry ids, codes and counts — never free
 * text from users, health data, names or prices. `redact` is a second line of
 * defence for fields that must never appear even if passed by mistake.
 */
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

export const REDACTED_PATHS = [
  "*.text",
  "*.reasoning",
  "*.reason",
  "*.conflictReason",
  "*.deferReason",
  "*.price",
  "*.treatmentCost",
  "*.cost",
  "*.body",
  "*.value",
  "*.name",
  "req.headers.authorization",
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: "komitebot" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
