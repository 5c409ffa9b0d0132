/**
 * A confirmed record's way to the applying HF (its routing), kept apart from
 * the record itself so a confirmed record is never touched again.
 */

import type { ConversationRef } from "../ports.js";

/** "sending": one attempt has claimed the send (a double click must not send the decision twice). */
export type RoutingState = "sending" | "sent" | "failed" | "acknowledged";

export interface Routing {
  caseId: string;
  recordId: string;
  recipientId?: string;
  /**
   * Issue 14: every decision recipient of the HF the record was sent to (the fagdirektør and deputies), with the
   * Teams activity that carried it (to update their card when one of them acknowledges) or why it did not arrive.
   */
  recipients?: { personId: string; ok: boolean; activityId?: string; reason?: string }[];
  state: RoutingState;
  /** When the record went out, and the Teams activity that carried it. */
  sentAt?: string;
  activityId?: string;
  failedAt?: string;
  failedReason?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  attempts: { at: string; ok: boolean; reason?: string }[];
  /** The follow-up reminder to the coordinator, once delivered. */
  followUpAt?: string;
  /** The operation that claimed the send, and when (a claim older than the claim's lifetime is taken over). */
  claimedBy?: string;
  claimedAt?: string;
  /** The coordinator's record card the send was asked from (the last one), to show "sent" and "received" on it in place. */
  card?: CardPlace;
}

/** Where a card is: its conversation (opaque here) and its activity id. */
export interface CardPlace {
  ref: ConversationRef;
  activityId: string;
}

/** The version number of a record id ("TO-2026-014-v2" → 2). */
export const versionOf = (recordId: string): number => Number(/-v(\d+)$/.exec(recordId)?.[1] ?? 0);
