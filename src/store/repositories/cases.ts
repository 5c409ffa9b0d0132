/** The cases container (pk = id = the case code): one document per application. */
import type { Case } from "../../domain/case.js";
import type { CaseRepository } from "../../app/ports.js";
import { withoutFields, type DocumentStore } from "../document-store.js";

/** A case as stored: the operation that registered it, to find it again on a retried submission. */
type CaseDoc = Case & { type: "case"; intakeOpId?: string };

const STORAGE_FIELDS = ["type", "intakeOpId"] as const;
export const toCase = (doc: CaseDoc): Case => withoutFields(doc, STORAGE_FIELDS);

export function caseRepository(store: DocumentStore): CaseRepository {
  return {
    async byCode(code) {
      const found = await store.get<CaseDoc>("cases", code, code);
      return found ? toCase(found.doc) : undefined;
    },
    async all() {
      return (await store.queryAll<CaseDoc>("cases", "SELECT * FROM c ORDER BY c.receivedAt")).map(toCase);
    },
    async codes() {
      return (await store.queryAll<{ code: string }>("cases", "SELECT c.code FROM c")).map((r) => r.code);
    },
    async byIntakeOperation(operationId) {
      const docs = await store.queryAll<CaseDoc>("cases", "SELECT * FROM c WHERE c.intakeOpId = @op", [{ name: "@op", value: operationId }]);
      return docs[0] ? toCase(docs[0]) : undefined;
    },
    add(theCase, intakeOperationId) {
      return store.createIfAbsent<CaseDoc>("cases", { ...theCase, type: "case", ...(intakeOperationId ? { intakeOpId: intakeOperationId } : {}) });
    },
    async change(code, mutate) {
      const stored = await store.update<CaseDoc>("cases", code, code, (doc) => {
        if (!doc) return undefined;
        const next = mutate(toCase(doc));
        // The storage fields ride along unchanged; a field the use case removed (e.g. meetingId) stays removed.
        return next && { ...next, type: "case", ...(doc.intakeOpId ? { intakeOpId: doc.intakeOpId } : {}) };
      });
      return stored ? toCase(stored.doc) : undefined;
    },
  };
}
