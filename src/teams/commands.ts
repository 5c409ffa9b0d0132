/**
 * Every chat command, in one typed table: its words (in the i18n catalogs,
 * bokmål and English alike are understood whatever the user's language),
 * where it may be typed, who may use it, what follows the words, and its
 * handler — the meeting's (src/teams/meeting/commands.ts) and the
 * coordinator's (src/teams/coordinator/commands.ts).
 */
import { catalogs, t } from "../i18n/index.js";
import { NO_MATCH, type AnyCommand, type CommandEnv, type CommandWords } from "./command.js";
import type { TurnEnv } from "./context.js";
import { COORDINATOR_COMMANDS } from "./coordinator/commands.js";
import { MEETING_COMMANDS } from "./meeting/commands.js";
import { helpText } from "./replies.js";

export const COMMANDS: readonly AnyCommand[] = [...MEETING_COMMANDS, ...COORDINATOR_COMMANDS];

/** The text as typed, tidied: one line, single spaces, no closing punctuation. */
export function normalise(raw: string | undefined): string {
  return (raw ?? "").slice(0, 500).trim().replace(/\s+/g, " ").replace(/[.!?]+$/, "");
}

/** Every word form of a command, in every catalog, longest first. */
export function wordsOf(key: CommandWords): string[] {
  const all = Object.values(catalogs).flatMap((c) => c[key].split("|").map((w) => w.trim().toLowerCase()));
  return [...new Set(all)].filter(Boolean).sort((a, b) => b.length - a.length);
}

export interface Matched {
  entry: AnyCommand;
  args: unknown;
}

/** The command the text is, in this kind of conversation: a scope of its own wins over "any". */
export function matchCommand(raw: string | undefined, personal: boolean): Matched | undefined {
  const text = normalise(raw);
  const lower = text.toLowerCase();
  const fits = (c: AnyCommand) => c.scope === "any" || (c.scope === "personal") === personal;
  const candidates = [...COMMANDS.filter((c) => fits(c) && c.scope !== "any"), ...COMMANDS.filter((c) => c.scope === "any")];
  for (const entry of candidates) {
    for (const word of wordsOf(entry.words)) {
      if (lower !== word && !lower.startsWith(`${word} `)) continue;
      const args = entry.parse(text.slice(word.length).trim());
      if (args !== NO_MATCH) return { entry, args };
    }
  }
  return undefined;
}

/** A message: the command it is, run; anything not understood gets help, never silence. */
export async function handleCommand(e: TurnEnv): Promise<void> {
  const { io } = e;
  const { locale, actor } = io.turn;
  const matched = matchCommand(io.text, io.turn.isPersonal);
  if (!matched) {
    await io.say(helpText(locale, actor?.person.role));
    return;
  }
  const { entry, args } = matched;
  if (entry.open) return entry.run(e as CommandEnv, args);
  if (!actor) {
    await io.say(t(locale, "error.notOnRoster"));
    return;
  }
  if (entry.who && !entry.who.roles.includes(actor.person.role)) {
    await io.say(t(locale, entry.who.refusal));
    return;
  }
  await entry.run({ ...e, actor }, args);
}
