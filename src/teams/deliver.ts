/**
 * Proactive delivery of a card to one roster person's 1:1 chat with the bot.
 * It needs the conversation reference stored when the app was installed for
 * them (installationUpdate) or when they last wrote to the bot; without one,
 * or when Teams answers 403 (the user blocked the bot), the caller is told so
 * that the coordinator can send the document another way.
 */
import type { Delivery } from "../app/delivery.js";
import { personById } from "../app/people.js";
import type { AppInstaller, Directory } from "../app/ports.js";
import type { Person, Roster } from "../domain/roster.js";
import type { ConversationRef } from "../app/ports.js";
import type { Locale } from "../i18n/index.js";
import type { Logger } from "../log.js";
import type { Sender } from "./proactive.js";

export interface DeliveryDeps {
  roster: Roster;
  directory: Directory;
  sender: Sender;
  /** Where an undelivered notification is logged (roster id, what, why: ids and reasons only). */
  log?: Logger;
  /** Issue 14: installs the app for a person who never did (Microsoft Graph); absent when not configured (then: noConversation). */
  installer?: AppInstaller;
  /** The clock, for the directory entry of a chat the bot opened. */
  now?: () => Date;
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
  let personalRef = user?.personalRef;
  if (!personalRef) {
    const opened = await installAndOpen(deps, person);
    if (!opened.ok) return opened;
    personalRef = opened.ref;
  }
  const locale = user?.locale === "en" || person.locale === "en" ? "en" : "nb";
  const sent = await deps.sender.sendCard(personalRef, render(person, locale), text);
  if (sent.ok) return sent.activityId ? { ok: true, activityId: sent.activityId } : { ok: true };
  if (sent.status === 403) return { ok: false, reason: "blocked", status: 403 };
  return { ok: false, reason: "failed", ...(sent.status ? { status: sent.status } : {}) };
}

/**
 * Issue 14: the person never installed the app: install it for them
 * (Microsoft Graph), open the 1:1 chat (the Bot Connector) and remember it,
 * as an installationUpdate would. Without an installer: noConversation, as before.
 */
async function installAndOpen(deps: DeliveryDeps, person: Person): Promise<{ ok: true; ref: ConversationRef } | Extract<Delivery, { ok: false }>> {
  const aad = person.aadObjectId!;
  if (!deps.installer || !deps.sender.openPersonalChat) return { ok: false, reason: "noConversation" };
  const installed = await deps.installer.install(aad);
  if (!installed.ok) {
    deps.log?.warn({ to: person.id, install: installed.reason, ...(installed.status ? { status: installed.status } : {}) }, "app not installed for the person");
    if (installed.reason === "noConsent") return { ok: false, reason: "noConsent", status: 403 };
    if (installed.reason === "unknownUser") return { ok: false, reason: "unknownUser", status: 404 };
    return { ok: false, reason: "failed", ...(installed.status ? { status: installed.status } : {}) };
  }
  const ref = await deps.sender.openPersonalChat(aad);
  if (!ref) return { ok: false, reason: "noConversation" };
  const at = (deps.now?.() ?? new Date()).toISOString();
  // No "29:" id here (the install gives none): the directory keeps whatever it knows of the person.
  await deps.directory.rememberUser({ aadObjectId: aad, rosterId: person.id, personalRef: ref, at });
  deps.log?.info({ to: person.id, alreadyInstalled: installed.alreadyInstalled }, "app installed for the person; 1:1 chat opened");
  return { ok: true, ref };
}
