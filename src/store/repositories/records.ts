/**
 * The records container (pk = case id): one document per version of a case's
 * decision record (id "<code>-v<n>"), and one routing document per version
 * (id "routing:<record id>") so a confirmed record is never touched again.
 */
import { criteriaOf, type DecisionRecord } from "../../domain/decision-record.js";
import type { RecordRepository, RecordSummary } from "../../app/ports.js";
import type { Routing } from "../../app/coordinator/routing-state.js";
import { withoutFields, type DocumentStore } from "../document-store.js";

type RecordDoc = DecisionRecord & { type: "record" };
type RoutingDoc = Routing & { id: string; type: "routing" };

const routingId = (recordId: string) => `routing:${recordId}`;
// A record stored before the committee's findings on the priority criteria were kept reads them as "not assessed".
const toRecord = (doc: RecordDoc): DecisionRecord => ({ ...withoutFields(doc, ["type"] as const), criteria: criteriaOf(doc) });
const toRouting = (doc: RoutingDoc): Routing => withoutFields(doc, ["id", "type"] as const);

export function recordRepository(store: DocumentStore): RecordRepository {
  return {
    async versions(caseId) {
      const docs = await store.query<RecordDoc>("records", caseId, "SELECT * FROM c WHERE c.caseId = @pk AND c.type = 'record'");
      return docs.map(toRecord).sort((a, b) => a.version - b.version);
    },
    async get(caseId, recordId) {
      const found = await store.get<RecordDoc>("records", caseId, recordId);
      return found && found.doc.type === "record" ? toRecord(found.doc) : undefined;
    },
    add(record) {
      return store.createIfAbsent<RecordDoc>("records", { ...record, type: "record" });
    },
    async change(caseId, recordId, mutate) {
      const stored = await store.update<RecordDoc>("records", caseId, recordId, (doc) => {
        if (!doc || doc.type !== "record") return undefined;
        const next = mutate(toRecord(doc));
        return next && { ...next, type: "record" };
      });
      return stored && stored.doc.type === "record" ? toRecord(stored.doc) : undefined;
    },
    summaries() {
      // Only what the register needs: never resourceUse (prices), never free text.
      return store.queryAll<RecordSummary>("records", "SELECT c.caseId, c.version, c.status, c.groupLevelProposal FROM c WHERE c.type = 'record'");
    },
    async routing(caseId, recordId) {
      const found = await store.get<RoutingDoc>("records", caseId, routingId(recordId));
      return found ? toRouting(found.doc) : undefined;
    },
    async changeRouting(caseId, recordId, mutate) {
      const id = routingId(recordId);
      const stored = await store.update<RoutingDoc>("records", caseId, id, (doc) => {
        const next = mutate(doc ? toRouting(doc) : undefined);
        return next && { ...next, id, type: "routing" };
      });
      return stored ? toRouting(stored.doc) : undefined;
    },
    async routings() {
      return (await store.queryAll<RoutingDoc>("records", "SELECT * FROM c WHERE c.type = 'routing'")).map(toRouting);
    },
  };
}
