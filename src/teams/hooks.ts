/** Extension points for flows outside the meeting (intake, records, routing), wired in index.ts. */
import type { TurnEnv } from "./bot.js";

/** Handles a message if it is one of its commands; returns true when it did. */
export type CommandExtension = (e: TurnEnv) => Promise<boolean>;

export interface AppHooks {
  commands?: CommandExtension[];
}
