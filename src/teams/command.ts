/**
 * What a chat command is (src/teams/commands.ts holds the table of them all):
 * its words (in the i18n catalogs, bokmål and English alike are understood
 * whatever the user's language), where it may be typed, who may use it, what
 * follows the words, and its handler. Kept apart from the table so the
 * halves that declare commands do not import the table that lists them.
 */
import type { Actor } from "../app/context.js";
import type { Role } from "../domain/roster.js";
import type { MessageKey } from "../i18n/index.js";
import type { TurnEnv } from "./context.js";

/** The catalog keys that hold a command's words ("ny sak|ny søknad"). */
export type CommandWords = Extract<MessageKey, `command.${string}`>;

export type CommandEnv = TurnEnv & { actor: Actor };

export interface CommandEntry<A> {
  words: CommandWords;
  /** personal: the 1:1 chat with the bot; chat: a group or meeting chat; any: both. */
  scope: "personal" | "chat" | "any";
  /** What follows the words; undefined when it does not fit (then the command does not match). Absent: nothing may follow. */
  args?: (rest: string) => A | undefined;
  /** Who may use it (others are told why); absent: anyone on the roster. */
  who?: { roles: readonly Role[]; refusal: MessageKey };
  /** Anyone, on the roster or not (help): the handler reads e.io.turn.actor itself. */
  open?: true;
  handle(e: CommandEnv, args: A): Promise<void>;
}

/** An entry whose argument type is checked where it is written (see command()). */
export type AnyCommand = CommandEntry<never> & { parse(rest: string): unknown; run(e: CommandEnv, args: unknown): Promise<void> };

/** Declares a command with its argument parser and handler, checked together. */
export function command<A = undefined>(entry: CommandEntry<A>): AnyCommand {
  return {
    ...(entry as unknown as CommandEntry<never>),
    // A parser's undefined means the text after the words does not fit: the command does not match (the person is
    // told the message was not understood, with the closest commands), and its handler never sees undefined.
    parse: (rest) => (entry.args ? (entry.args(rest) ?? NO_MATCH) : rest === "" ? undefined : NO_MATCH),
    run: (e, args) => entry.handle(e, args as A),
  };
}

/** What a parser answers when the text after the words does not fit. */
export const NO_MATCH = Symbol("no match");
