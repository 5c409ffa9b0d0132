/**
 * The audit trail (revisjonsspor): who did what, when, to which case or
 * meeting. Append-only: the app creates entries and never updates or deletes
 * them. An entry's id is derived by the caller from the Teams activity or
 * operation id, so a retried delivery finds its entry already there and writes
 * nothing twice.
 *
 * Entries carry ids, action names and short before/after values (a status, a
 * position, a date) only: never free text, health data or prices.
 */
import type { Doc, DocumentStore } from "./ports.js";

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
  /** Dotted verb, e.g. "position.recorded", "case.concluded". */
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

/** Appends an entry; returns false (writing nothing) when this id was already recorded. */
export async function appendAudit(store: DocumentStore, entry: AuditEntry): Promise<boolean> {
  check(entry);
  return store.createIfAbsent<AuditEntry & Doc>("audit", { ...entry });
}

/** A scope's entries, oldest first. */
export async function listAudit(store: DocumentStore, scope: string): Promise<AuditEntry[]> {
  const docs = await store.query<AuditEntry>("audit", scope, "SELECT * FROM c WHERE c.scope = @pk ORDER BY c.at");
  return docs;
}
