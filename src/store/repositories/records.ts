/**
 * The records container (pk = case id): one document per version of a case's
 * decision record (id "<code>-v<n>"), and one routing document per version
 * (id "routing:<record id>") so a confirmed record is never touched again.
 */
import { criteriaOf, type DecisionRecord } from "../../domain/decision-record.js";
import type { RecordOnMethod } from "../../domain/precedents.js";
import type { MemberComment } from "../../domain/record-comments.js";
import type { FollowUp } from "../../domain/follow-up.js";
import type { GroupProposal } from "../../domain/group-proposal.js";
import type { RecordRepository, RecordSummary } from "../../app/ports.js";
import type { Routing } from "../../app/coordinator/routing-state.js";
import { withoutFields, type DocumentStore } from "../document-store.js";

type RecordDoc = DecisionRecord & { type: "record" };
type RoutingDoc = Routing & { id: string; type: "routing" };

type MethodRow = { grounds?: DecisionRecord["grounds"]; applyingHf?: DecisionRecord["applyingHf"] };

type FollowUpDoc = FollowUp & { id: string; type: "followUp" };
type ProposalDoc = GroupProposal & { id: string; type: "proposal" };
const followUpId = (caseId: string) => `followUp:${caseId}`;
const proposalId = (caseId: string) => `proposal:${caseId}`;
const toFollowUp = (doc: FollowUpDoc): FollowUp => withoutFields(doc, ["id", "type"] as const);
const toProposal = (doc: ProposalDoc): GroupProposal => withoutFields(doc, ["id", "type"] as const);

const routingId = (recordId: string) => `routing:${recordId}`;
type CommentDoc = MemberComment & { id: string; type: "comment" };
const commentId = (recordId: string, personId: string) => `comment:${recordId}:${personId}`;
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
    async latestOfCases(caseIds) {
      if (caseIds.length === 0) return [];
      const docs = await store.queryAll<RecordDoc>("records", "SELECT * FROM c WHERE c.type = 'record' AND ARRAY_CONTAINS(@ids, c.caseId)", [
        { name: "@ids", value: [...new Set(caseIds)] },
      ]);
      const latest = new Map<string, RecordDoc>();
      for (const d of docs) if ((latest.get(d.caseId)?.version ?? 0) < d.version) latest.set(d.caseId, d);
      return [...latest.values()].map(toRecord);
    },
    async onMethod(nyeMetoderId) {
      // One cross-partition query per brief; only what a precedent shows (no resourceUse, no reasoning; the grounds' comments dropped below).
      const rows = await store.queryAll<Omit<RecordOnMethod, "grounds" | "regionId" | "regionName"> & MethodRow>(
        "records",
        "SELECT c.caseId, c.caseCode, c.version, c.status, c.meetingDate, c.outcome, c.grounds, c.applyingHf FROM c " +
          "WHERE c.type = 'record' AND c.status = 'confirmed' AND c.method.nyeMetoderId = @id",
        [{ name: "@id", value: nyeMetoderId }],
      );
      return rows.map(({ grounds, applyingHf, ...r }) => ({
        caseId: r.caseId,
        caseCode: r.caseCode,
        version: r.version,
        status: r.status,
        meetingDate: r.meetingDate,
        outcome: r.outcome,
        grounds: (grounds ?? []).map((g) => ({ ground: g.ground, finding: g.finding })),
        regionId: applyingHf?.regionId ?? "",
        regionName: applyingHf?.regionName ?? "",
      }));
    },
    async followUp(caseId) {
      const found = await store.get<FollowUpDoc>("records", caseId, followUpId(caseId));
      return found && found.doc.type === "followUp" ? toFollowUp(found.doc) : undefined;
    },
    addFollowUp(followUp) {
      return store.createIfAbsent<FollowUpDoc>("records", { ...followUp, id: followUpId(followUp.caseId), type: "followUp" });
    },
    async changeFollowUp(caseId, mutate) {
      const id = followUpId(caseId);
      const stored = await store.update<FollowUpDoc>("records", caseId, id, (doc) => {
        if (!doc || doc.type !== "followUp") return undefined;
        const next = mutate(toFollowUp(doc));
        return next && { ...next, id, type: "followUp" };
      });
      return stored && stored.doc.type === "followUp" ? toFollowUp(stored.doc) : undefined;
    },
    async followUps() {
      return (await store.queryAll<FollowUpDoc>("records", "SELECT * FROM c WHERE c.type = 'followUp'")).map(toFollowUp);
    },
    async proposal(caseId) {
      const found = await store.get<ProposalDoc>("records", caseId, proposalId(caseId));
      return found && found.doc.type === "proposal" ? toProposal(found.doc) : undefined;
    },
    async changeProposal(caseId, mutate) {
      const id = proposalId(caseId);
      const stored = await store.update<ProposalDoc>("records", caseId, id, (doc) => {
        const next = mutate(doc && doc.type === "proposal" ? toProposal(doc) : undefined);
        return next && { ...next, id, type: "proposal" };
      });
      return stored && stored.doc.type === "proposal" ? toProposal(stored.doc) : undefined;
    },
    async proposals() {
      return (await store.queryAll<ProposalDoc>("records", "SELECT * FROM c WHERE c.type = 'proposal'")).map(toProposal);
    },
    addComment(comment) {
      return store.createIfAbsent<CommentDoc>("records", { ...comment, id: commentId(comment.recordId, comment.personId), type: "comment" });
    },
    async comments(caseId, recordId) {
      const docs = await store.query<CommentDoc>("records", caseId, "SELECT * FROM c WHERE c.caseId = @pk AND c.type = 'comment' AND c.recordId = @recordId", [
        { name: "@recordId", value: recordId },
      ]);
      return docs.map((d) => withoutFields(d, ["id", "type"] as const)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
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
