/**
 * The documents container (pk = case id): a case's documents, their content
 * in the blob store (src/store/blob-content.ts).
 *
 * - one document per version, id "<case>:<document id>:v<n>" (CaseDocument.id),
 *   created once and never changed (a replacement is a new version);
 * - one withdrawal per document, id "<case>:<document id>:withdrawn", created
 *   once: every version of that document reads as withdrawn;
 * - pending chat uploads (files a coordinator sent, waiting for the case to be
 *   picked) in a partition of their own per person, "pending:<roster id>".
 */
import { idPart } from "../../app/context.js";
import type { CaseDocument, DocumentRepository, DocumentWithdrawal, PendingUpload } from "../../app/ports.js";
import { withoutFields, type DocumentStore } from "../document-store.js";

type VersionDoc = CaseDocument & { type: "version"; operationId?: string };
type WithdrawalDoc = DocumentWithdrawal & { id: string; type: "withdrawal" };
type PendingDoc = PendingUpload & { caseId: string; type: "pending" };

const withdrawalId = (caseId: string, documentId: string) => `${caseId}:${documentId}:withdrawn`;
const pendingPartition = (personId: string) => `pending:${idPart(personId)}`;
const pendingId = (uploadId: string) => `pending:${idPart(uploadId)}`;

/** "D12" → 12, for ordering documents the way they were first added. */
const ordinal = (documentId: string) => Number(/^D(\d+)$/.exec(documentId)?.[1] ?? Number.MAX_SAFE_INTEGER);

function toDocument(doc: VersionDoc, withdrawal: WithdrawalDoc | undefined): CaseDocument {
  const plain = withoutFields(doc, ["type", "operationId"] as const);
  return withdrawal ? { ...plain, withdrawn: { by: withdrawal.by, at: withdrawal.at } } : plain;
}

/** How many cases' lists one instance keeps for readers that accept a recent one (the case brief cards). */
const RECENT_LISTS = 200;

export function documentRepository(store: DocumentStore, monotonicMs: () => number = () => performance.now()): DocumentRepository {
  // The case brief lists its documents' titles on every refresh and position reply; a list read moments ago is as good
  // for that, and saves the invoke a round trip. Writes through this repository drop the case's entry (a second
  // instance's writes are seen when the entry is older than the reader accepts).
  const recent = new Map<string, { at: number; docs: CaseDocument[] }>();
  const remember = (caseId: string, docs: CaseDocument[]) => {
    recent.delete(caseId);
    recent.set(caseId, { at: monotonicMs(), docs });
    if (recent.size > RECENT_LISTS) recent.delete(recent.keys().next().value!);
  };
  // A write's generation: a read that began before a write must not put its (older) list back afterwards.
  const generations = new Map<string, number>();
  const forget = (caseId: string) => {
    recent.delete(caseId);
    generations.set(caseId, (generations.get(caseId) ?? 0) + 1);
  };
  const withdrawalOf = async (caseId: string, documentId: string) =>
    (await store.get<WithdrawalDoc>("documents", caseId, withdrawalId(caseId, documentId)))?.doc;

  const repo: DocumentRepository = {
    async latestForCase(caseId, options) {
      const known = recent.get(caseId);
      if (known && options?.maxAgeMs !== undefined && monotonicMs() - known.at <= options.maxAgeMs) return known.docs;
      // Taken before the read: a write by this instance during the read drops the entry again (see forget).
      const generation = generations.get(caseId) ?? 0;
      // One round trip for the versions and the withdrawals (the case brief card lists them on every refresh).
      const rows = await store.query<VersionDoc | WithdrawalDoc>(
        "documents",
        caseId,
        "SELECT * FROM c WHERE c.caseId = @pk AND (c.type = 'version' OR c.type = 'withdrawal')",
      );
      const docs = rows.filter((r): r is VersionDoc => r.type === "version");
      const withdrawn = new Map(rows.filter((r): r is WithdrawalDoc => r.type === "withdrawal").map((w) => [w.documentId, w]));
      const latest = new Map<string, VersionDoc>();
      for (const d of docs) if ((latest.get(d.documentId)?.version ?? 0) < d.version) latest.set(d.documentId, d);
      const list = [...latest.values()].sort((a, b) => ordinal(a.documentId) - ordinal(b.documentId)).map((d) => toDocument(d, withdrawn.get(d.documentId)));
      if ((generations.get(caseId) ?? 0) === generation) remember(caseId, list);
      return list;
    },
    async get(caseId, documentId, version) {
      if (version !== undefined) {
        const found = await store.get<VersionDoc>("documents", caseId, `${caseId}:${documentId}:v${version}`);
        return found && found.doc.type === "version" ? toDocument(found.doc, await withdrawalOf(caseId, documentId)) : undefined;
      }
      const all = await repo.versions(caseId, documentId);
      return all.at(-1);
    },
    async versions(caseId, documentId) {
      const [docs, withdrawal] = await Promise.all([
        store.query<VersionDoc>("documents", caseId, "SELECT * FROM c WHERE c.caseId = @pk AND c.type = 'version' AND c.documentId = @doc", [
          { name: "@doc", value: documentId },
        ]),
        withdrawalOf(caseId, documentId),
      ]);
      return docs.sort((a, b) => a.version - b.version).map((d) => toDocument(d, withdrawal));
    },
    async documentIds(caseId) {
      const rows = await store.query<{ documentId: string }>("documents", caseId, "SELECT c.documentId FROM c WHERE c.caseId = @pk AND c.type = 'version'");
      return [...new Set(rows.map((r) => r.documentId))];
    },
    async addVersion(doc, operationId) {
      const { withdrawn: _never, ...version } = doc;
      forget(doc.caseId);
      try {
        return await store.createIfAbsent<VersionDoc>("documents", { ...version, type: "version", ...(operationId ? { operationId } : {}) });
      } finally {
        forget(doc.caseId);
      }
    },
    async addedByOperation(caseId, operationId) {
      const [found] = await store.query<VersionDoc>(
        "documents",
        caseId,
        "SELECT * FROM c WHERE c.caseId = @pk AND c.type = 'version' AND c.operationId = @op",
        [{ name: "@op", value: operationId }],
      );
      return found ? toDocument(found, await withdrawalOf(caseId, found.documentId)) : undefined;
    },
    async withdraw(w) {
      forget(w.caseId);
      try {
        return await store.createIfAbsent<WithdrawalDoc>("documents", { ...w, id: withdrawalId(w.caseId, w.documentId), type: "withdrawal" });
      } finally {
        forget(w.caseId);
      }
    },
    async putPending(upload) {
      await store.upsert<PendingDoc>("documents", { ...upload, id: pendingId(upload.id), caseId: pendingPartition(upload.personId), type: "pending" });
    },
    async pending(personId, uploadId) {
      const found = await store.get<PendingDoc>("documents", pendingPartition(personId), pendingId(uploadId));
      if (!found || found.doc.type !== "pending") return undefined;
      return { ...withoutFields(found.doc, ["caseId", "type"] as const), id: uploadId };
    },
  };
  return repo;
}
