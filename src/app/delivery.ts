/**
 * Messages to people: the result of one delivery, and the two ways the use
 * cases send (to one person, safely; to every coordinator). A notifier that
 * throws is a failed delivery, never a failed use case: the state change it
 * reports already happened.
 */
import type { Roster } from "../domain/roster.js";
import { coordinators } from "./people.js";

/** Issue 14: noConsent / unknownUser — the app could not be installed for the person (Microsoft Graph answered 403 / 404). */
export type DeliveryFailure = "noConversation" | "blocked" | "failed" | "notOnRoster" | "noConsent" | "unknownUser";

export type Delivery =
  | { ok: true; activityId?: string }
  /**
   * noConversation: the app is not installed for the person (no stored reference); blocked: Teams said 403.
   * kept: the notification waits for the person and is delivered when they next open the chat (src/app/kept-notices.ts).
   */
  | { ok: false; reason: DeliveryFailure; status?: number; kept?: boolean };

export interface RecipientDelivery {
  personId: string;
  delivery: Delivery;
}

/** A delivery to nobody: the roster names no one to send to. */
export const NOBODY: { personId?: undefined; delivery: Delivery } = { delivery: { ok: false, reason: "notOnRoster" } };

export async function safeSend(send: () => Promise<Delivery>): Promise<Delivery> {
  try {
    return await send();
  } catch {
    return { ok: false, reason: "failed" };
  }
}

/** What reached the coordinators: delivered when at least one got it; kept when it waits for at least one of them. */
export interface Told {
  delivered: boolean;
  kept: boolean;
  deliveries: RecipientDelivery[];
}

/** Sends to every coordinator on the roster; delivered when at least one got it. */
export async function toCoordinators(roster: Roster, send: (to: string) => Promise<Delivery>): Promise<Told> {
  const deliveries = await Promise.all(coordinators(roster).map(async (p) => ({ personId: p.id, delivery: await safeSend(() => send(p.id)) })));
  return { delivered: deliveries.some((d) => d.delivery.ok), kept: deliveries.some((d) => !d.delivery.ok && d.delivery.kept === true), deliveries };
}
