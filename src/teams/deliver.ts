/**
 * Proactive delivery of a card to one roster person's 1:1 chat with the bot.
 * It needs the conversation reference stored when the app was installed for
 * them (installationUpdate) or when they last wrote to the bot; without one,
 * or when Teams answers 403 (the user blocked the bot), the caller is told so
 * that the coordinator can send the document another way.
 */
import type { ConversationReference } from "botbuilder";
import { getUser } from "../app/conversations.js";
import type { Delivery } from "../app/notifier.js";
import type { Person } from "../domain/roster.js";
import type { Bot } from "./bot.js";

export async function deliverCard(bot: Bot, rosterId: string, render: (person: Person, locale: "nb" | "en") => object, text?: string): Promise<Delivery> {
  const person = bot.deps.roster.people.find((p) => p.id === rosterId);
  if (!person?.aadObjectId) return { ok: false, reason: "notOnRoster" };
  const user = await getUser(bot.deps.store, person.aadObjectId);
  if (!user?.personalRef) return { ok: false, reason: "noConversation" };
  const locale = user.locale === "en" || person.locale === "en" ? "en" : "nb";
  const sent = await bot.proactive.sendCard(user.personalRef as Partial<ConversationReference>, render(person, locale), text);
  if (sent.ok) return sent.activityId ? { ok: true, activityId: sent.activityId } : { ok: true };
  if (sent.status === 403) return { ok: false, reason: "blocked", status: 403 };
  return { ok: false, reason: "failed", ...(sent.status ? { status: sent.status } : {}) };
}
