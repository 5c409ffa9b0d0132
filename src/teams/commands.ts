/**
 * Every chat command, in one typed table: its words (in the i18n catalogs,
 * bokmål and English alike are understood whatever the user's language),
 * where it may be typed, who may use it, what follows the words, and its
 * handler — help and the 1:1 chat's own (src/teams/help.ts,
 * src/teams/personal-chat.ts), the meeting's (src/teams/meeting/commands.ts)
 * and the coordinator's (src/teams/coordinator/commands.ts).
 */
import type { Actor } from "../app/context.js";
import { catalogs, t } from "../i18n/index.js";
import { NO_MATCH, type AnyCommand, type CommandEnv, type CommandWords } from "./command.js";
import type { TurnEnv } from "./context.js";
import { COORDINATOR_COMMANDS } from "./coordinator/commands.js";
import { closestWords, helpCard, HELP_COMMAND, notUnderstood } from "./help.js";
import { MEETING_COMMANDS } from "./meeting/commands.js";
import { PERSONAL_COMMANDS } from "./personal-chat.js";

export const COMMANDS: readonly AnyCommand[] = [HELP_COMMAND, ...PERSONAL_COMMANDS, ...MEETING_COMMANDS, ...COORDINATOR_COMMANDS];

const fitsChat = (c: AnyCommand, personal: boolean) => c.scope === "any" || (c.scope === "personal") === personal;

/** The commands this person may use in this kind of chat (for suggestions: a refusal is no help). */
export function usableCommands(actor: Actor | undefined, personal: boolean): AnyCommand[] {
  return COMMANDS.filter((c) => fitsChat(c, personal) && (c.open === true || (actor !== undefined && (!c.who || c.who.roles.includes(actor.person.role)))));
}

/** The text as typed, tidied: one line, single spaces, no closing punctuation. */
export function normalise(raw: string | undefined): string {
  return (raw ?? "")
    .slice(0, 500)
    .trim()
    .replace(/\s+/g, " ")
    .replace(/[.!?]+$/, "");
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
  const candidates = [...COMMANDS.filter((c) => fitsChat(c, personal) && c.scope !== "any"), ...COMMANDS.filter((c) => c.scope === "any")];
  for (const entry of candidates) {
    for (const word of wordsOf(entry.words)) {
      if (lower !== word && !lower.startsWith(`${word} `)) continue;
      const args = entry.parse(text.slice(word.length).trim());
      if (args !== NO_MATCH) return { entry, args };
    }
  }
  return undefined;
}

/**
 * A message: the command it is, run. Anything else is never met with
 * silence: a message with no words gets the help card; words that are no
 * command are said to be not understood, with the closest command words this
 * person may use here. `welcomed`: the welcome card (which is the help) was
 * just shown, so «hjelp» is not answered twice.
 */
export async function handleCommand(e: TurnEnv, options: { welcomed?: boolean } = {}): Promise<void> {
  const { io } = e;
  const { locale, actor } = io.turn;
  const text = normalise(io.text);
  const matched = matchCommand(text, io.turn.isPersonal);
  if (!matched) {
    if (text === "") {
      if (!options.welcomed) await io.sendCard(helpCard(e.app.svc.roster, actor?.person, locale, io.turn.isPersonal ? "personal" : "chat"));
      return;
    }
    await io.say(notUnderstood(locale, closestWords(text, usableCommands(actor, io.turn.isPersonal), locale)));
    return;
  }
  const { entry, args } = matched;
  if (options.welcomed && entry === HELP_COMMAND) return;
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
