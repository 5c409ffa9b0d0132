/**
 * The audit trail (revisjonsspor): who did what, when, to which case or
 * meeting. Append-only: the app creates entries and never updates or deletes
 * them. An entry's id is derived from the operation id, so a retried delivery
 * finds its entry already there and writes nothing twice.
 *
 * Entries carry ids, action names and short before/after values (a status, a
 * position, a date) only: never free text, health data or prices.
 */
import type { AuditLog } from "./ports.js";
import type { Doer, Op } from "./context.js";

export interface AuditActor {
  rosterId?: string;
  aadObjectId?: string;
}

export interface AuditEntry {
  /** Deterministic: see auditId(). */
  id: string;
  /** Partition: the case id, the meeting id, or "system". */
  scope: string;
  /** ISO 8601 timestamp. */
  at: string;
  actor: AuditActor;
  /** Dotted verb, e.g. "position.stated", "case.concluded". */
  action: string;
  caseId?: string;
  meetingId?: string;
  summary: { before?: string; after?: string };
}

/** Longest before/after value: enough for a status or a date, too short for prose. */
export const AUDIT_SUMMARY_MAX = 80;

/**
 * The entry id for one action of one operation. The same activity delivered
 * twice yields the same id; two actions of one activity get two ids.
 */
export function auditId(operationId: string, action: string): string {
  // Cosmos ids may not contain / \ ? #; Teams ids can hold odd characters.
  return `${action}:${operationId}`.replace(/[/\\?#]/g, "_");
}

export class AuditEntryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuditEntryError";
  }
}

export function auditActor(doer: Doer | undefined): AuditActor {
  if (doer === undefined || doer === "system") return { rosterId: "system" };
  if (doer === "portal") return { rosterId: "portal" };
  return doer.aadObjectId ? { rosterId: doer.person.id, aadObjectId: doer.aadObjectId } : { rosterId: doer.person.id };
}

function check(entry: AuditEntry): void {
  if (!entry.id || !entry.scope || !entry.action || Number.isNaN(Date.parse(entry.at))) {
    throw new AuditEntryError(`Audit entry needs id, scope, action and an ISO timestamp: ${JSON.stringify({ id: entry.id, action: entry.action })}`);
  }
  for (const key of ["before", "after"] as const) {
    const v = entry.summary[key];
    if (v !== undefined && (v.length > AUDIT_SUMMARY_MAX || /[\r\n]/.test(v))) {
      throw new AuditEntryError(`Audit summary.${key} of ${entry.action} must be one short line (≤ ${AUDIT_SUMMARY_MAX} characters), not free text`);
    }
  }
}

/** Appends an entry; false (writing nothing) when this id was already recorded. */
export async function appendAudit(log: AuditLog, entry: AuditEntry): Promise<boolean> {
  check(entry);
  return log.append({ ...entry });
}

/**
 * The usual entry: one action of one operation by one doer, on a case and/or a
 * meeting (the scope is the case when there is one). `key` replaces the
 * operation in the id when an action must be audited once per something else
 * (e.g. once per meeting).
 */
export function audit(
  log: AuditLog,
  input: { op: Op; doer: Doer | undefined; action: string; caseId?: string; meetingId?: string; before?: string; after?: string; key?: string; at?: string },
): Promise<boolean> {
  const scope = input.caseId ?? input.meetingId ?? "system";
  return appendAudit(log, {
    id: auditId(input.key ?? input.op.id, input.action),
    scope,
    at: input.at ?? input.op.at,
    actor: auditActor(input.doer),
    action: input.action,
    ...(input.caseId ? { caseId: input.caseId } : {}),
    ...(input.meetingId ? { meetingId: input.meetingId } : {}),
    summary: { ...(input.before !== undefined ? { before: input.before } : {}), ...(input.after !== undefined ? { after: input.after } : {}) },
  });
}
