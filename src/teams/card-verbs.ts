/**
 * Every Action.Execute verb of every card, in one typed table: the meeting's
 * (src/teams/meeting/actions.ts) and the coordinator's
 * (src/teams/coordinator/actions.ts). The table is checked against the card
 * action contract (src/cards/actions.ts) with `satisfies`, so a verb without a
 * handler, or a handler without a verb, does not compile; the list of verbs
 * the bot listens for is derived from it.
 */
import type { Actor } from "../app/context.js";
import { parseCardAction, type CardAction, type Verb } from "../cards/actions.js";
import type { Person } from "../domain/roster.js";
import { hasMessage, t, type MessageKey } from "../i18n/index.js";
import type { TurnEnv } from "./context.js";
import { COORDINATOR_VERBS } from "./coordinator/actions.js";
import { MEETING_VERBS } from "./meeting/actions.js";
import { telemetry } from "../telemetry.js";

export type ActionOf<V extends Verb> = Extract<CardAction, { verb: V }>;

/** A turn whose sender is on the roster. */
export type VerbEnv = TurnEnv & { actor: Actor };

export interface VerbEntry<V extends Verb> {
  /**
   * Who may use the verb at all, checked before anything is read (cards with
   * case data must not answer others, even with a refusal that names the case).
   * The use case checks again.
   */
  allow?: { who: (person: Person) => boolean; refusal: MessageKey };
  handle(e: VerbEnv, action: ActionOf<V>): Promise<void>;
}

export type VerbTable<V extends Verb> = { [K in V]: VerbEntry<K> };

export const CARD_VERBS = { ...MEETING_VERBS, ...COORDINATOR_VERBS } satisfies VerbTable<Verb>;

export const VERB_LIST = Object.keys(CARD_VERBS) as Verb[];

/** An adaptiveCard/action invoke: validate the submit, check who, run the verb's handler. */
export async function handleCardAction(e: TurnEnv): Promise<void> {
  const { io, app } = e;
  const { locale } = io.turn;
  const action = (io.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
  const parsed = parseCardAction(action?.verb, action?.data ?? {});
  telemetry.invoke(parsed.ok ? parsed.action.verb : VERB_LIST.includes(action?.verb as Verb) ? String(action?.verb) : "unknown");
  if (!parsed.ok) {
    app.log.info({ problems: parsed.problems.length }, "card action refused: invalid input");
    const unknown = parsed.problems.some((p) => p.code === "error.unknownAction");
    telemetry.refusal(unknown ? "error.unknownAction" : "input.invalid");
    if (unknown) return io.answerMessage(t(locale, "error.unknownAction"));
    // Each problem in the user's words: the field's label, then what is wrong with it.
    const details = parsed.problems
      .map((p) => {
        const field = `field.${p.path}`;
        const label = hasMessage(field) ? t(locale, field) : t(locale, "field.other");
        const message = hasMessage(p.code) ? t(locale, p.code, p.params) : t(locale, "input.invalid");
        return `${label}: ${message}`;
      })
      .join(" ");
    return io.answerMessage(t(locale, "error.invalidInput", { details }));
  }
  const actor = io.turn.actor;
  if (!actor) {
    telemetry.refusal("error.notOnRoster");
    return io.answerMessage(t(locale, "error.notOnRoster"));
  }
  const entry = CARD_VERBS[parsed.action.verb] as VerbEntry<Verb>;
  if (entry.allow && !entry.allow.who(actor.person)) {
    telemetry.refusal(entry.allow.refusal);
    return io.answerMessage(t(locale, entry.allow.refusal));
  }
  return entry.handle({ ...e, actor }, parsed.action as ActionOf<Verb>);
}
