/**
 * Who is acting, and the operation they are doing: every use case takes these.
 * The operation id comes from the Teams activity (or the HTTP request, or a
 * timer run), so a retried delivery writes nothing twice; its time is when
 * Teams stamped it.
 */
import { createHash } from "node:crypto";
import type { Person } from "../domain/roster.js";

/** The roster person behind a Teams identity. */
export interface Actor {
  person: Person;
  aadObjectId?: string;
}

/** An operation: the delivery id (for idempotent writes and audit ids) and its time (ISO). */
export interface Op {
  id: string;
  at: string;
}

/** Who did something, for the audit trail and the lifecycle: a person, the intake portal, or the bot itself. */
export type Doer = Actor | "portal" | "system";

export const isCoordinator = (actor: Actor | undefined): actor is Actor => actor?.person.role === "coordinator";
export const isChair = (actor: Actor | undefined): actor is Actor => actor?.person.role === "chair";
export const leadsMeeting = (actor: Actor | undefined): actor is Actor => isChair(actor) || isCoordinator(actor);

/**
 * An id built from outside strings (Teams conversation and activity ids), safe
 * as (part of) a stored document id: Cosmos DB forbids / \ ? # in ids and caps
 * them at 255 characters, so it is encoded, and hashed when long.
 */
export function idPart(raw: string): string {
  const encoded = encodeURIComponent(raw);
  return encoded.length <= 120 ? encoded : `h-${createHash("sha256").update(raw).digest("hex").slice(0, 40)}`;
}
