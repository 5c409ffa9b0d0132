/** The audit container (pk = scope: a case id, a meeting id or "system"): append-only entries. */
import type { AuditEntry } from "../../app/audit.js";
import type { AuditLog } from "../../app/ports.js";
import type { DocumentStore } from "../document-store.js";

export function auditLog(store: DocumentStore): AuditLog {
  return {
    append(entry) {
      return store.createIfAbsent<AuditEntry>("audit", entry);
    },
    list(scope) {
      return store.query<AuditEntry>("audit", scope, "SELECT * FROM c WHERE c.scope = @pk ORDER BY c.at");
    },
  };
}
