/**
 * What every handler needs to know about the current turn: who is acting (the
 * roster person behind the Teams identity, or nobody), in which language, and
 * the operation id and time used for idempotent writes and audit entries.
 */
import type { TurnContext } from "botbuilder";
import { randomUUID } from "node:crypto";
import { idPart } from "../app/ids.js";
import type { Actor } from "../app/actor.js";
import { findByAadObjectId } from "../app/actor.js";
import type { Op } from "../app/meeting-service.js";
import type { Roster } from "../domain/roster.js";
import { localeFrom, type Locale } from "../i18n/index.js";

export interface Turn {
  actor?: Actor;
  aadObjectId?: string;
  teamsUserId?: string;
  locale: Locale;
  op: Op;
  conversationId: string;
  isPersonal: boolean;
}

/** Teams stamps activities in UTC; a missing, malformed or far-off stamp is replaced by the server's clock. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export function readTurn(context: TurnContext, roster: Roster, now: Date): Turn {
  const a = context.activity;
  const aadObjectId = typeof a.from?.aadObjectId === "string" && a.from.aadObjectId.length <= 64 ? a.from.aadObjectId : undefined;
  const person = findByAadObjectId(roster, aadObjectId);
  const stamped = a.timestamp ? new Date(a.timestamp as unknown as string).getTime() : NaN;
  const at = Number.isFinite(stamped) && Math.abs(stamped - now.getTime()) < MAX_CLOCK_SKEW_MS ? new Date(stamped) : now;
  const clientLocale = a.locale ?? (a.entities?.find((e) => e.type === "clientInfo") as { locale?: string } | undefined)?.locale;
  const id = typeof a.id === "string" && a.id.length > 0 && a.id.length <= 256 ? a.id : randomUUID();
  return {
    ...(person ? { actor: { person, ...(aadObjectId ? { aadObjectId } : {}) } } : {}),
    ...(aadObjectId ? { aadObjectId } : {}),
    ...(typeof a.from?.id === "string" ? { teamsUserId: a.from.id } : {}),
    locale: localeFrom(typeof clientLocale === "string" ? clientLocale : person?.locale),
    op: { id: idPart(`${a.conversation?.id ?? "?"}|${id}`), at: at.toISOString() },
    conversationId: String(a.conversation?.id ?? ""),
    isPersonal: a.conversation?.conversationType === "personal",
  };
}
