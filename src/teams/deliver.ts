/**
 * Proactive delivery of a card to one roster person's 1:1 chat with the bot.
 * It needs the conversation reference stored when the app was installed for
 * them (installationUpdate) or when they last wrote to the bot; without one,
 * or when Teams answers 403 (the user blocked the bot), the caller is told so
 * that the coordinator can send the document another way.
 */
import type { Delivery } from "../app/delivery.js";
import { personById } from "../app/people.js";
import type { Directory } from "../app/ports.js";
import type { Person, Roster } from "../domain/roster.js";
import type { Locale } from "../i18n/index.js";
import type { Logger } from "../log.js";
import type { Sender } from "./proactive.js";

export interface DeliveryDeps {
  roster: Roster;
  directory: Directory;
  sender: Sender;
  /** Where an undelivered notification is logged (roster id, what, why: ids and reasons only). */
  log?: Logger;
}

/**
 * `what` names the notification in the log (e.g. "recordDrafted") when it
 * cannot be delivered; the use case decides what happens then (src/app/kept-notices.ts).
 */
export async function deliverCard(
  deps: DeliveryDeps,
  rosterId: string,
  render: (person: Person, locale: Locale) => object,
  text?: string,
  what = "card",
): Promise<Delivery> {
  const delivery = await deliver(deps, rosterId, render, text);
  if (!delivery.ok)
    deps.log?.warn({ to: rosterId, what, failure: delivery.reason, ...(delivery.status ? { status: delivery.status } : {}) }, "notification not delivered");
  return delivery;
}

async function deliver(deps: DeliveryDeps, rosterId: string, render: (person: Person, locale: Locale) => object, text?: string): Promise<Delivery> {
  const person = personById(deps.roster, rosterId);
  if (!person?.aadObjectId) return { ok: false, reason: "notOnRoster" };
  const user = await deps.directory.user(person.aadObjectId);
  if (!user?.personalRef) return { ok: false, reason: "noConversation" };
  const locale = user.locale === "en" || person.locale === "en" ? "en" : "nb";
  const sent = await deps.sender.sendCard(user.personalRef, render(person, locale), text);
  if (sent.ok) return sent.activityId ? { ok: true, activityId: sent.activityId } : { ok: true };
  if (sent.status === 403) return { ok: false, reason: "blocked", status: 403 };
  return { ok: false, reason: "failed", ...(sent.status ? { status: sent.status } : {}) };
}
