/**
 * Cosmos DB containers and their partition keys. infra/azure.bicep declares the
 * same names and keys; test/infra checks that the two agree.
 */
export const CONTAINERS = {
  /** applications; pk = case id (= case code). Queries: by status (cross-partition, small). */
  cases: { name: "cases", partitionKey: "/id" },
  /** meeting doc + attendance, position, conflict, conclusion docs; pk = meeting id. */
  meetings: { name: "meetings", partitionKey: "/meetingId" },
  /** decision records, one doc per version; pk = case id. */
  records: { name: "records", partitionKey: "/caseId" },
  /** append-only audit log; pk = scope (case id, meeting id or "system"). */
  audit: { name: "audit", partitionKey: "/scope" },
  /** conversation references and Teams user mappings; pk = id. */
  conversations: { name: "conversations", partitionKey: "/id" },
  /** processed Teams activity ids (idempotency); pk = id. */
  activities: { name: "activities", partitionKey: "/id" },
  /** leases on work that must run on one instance at a time (timer jobs, papers runs); pk = id (the lease name). */
  leases: { name: "leases", partitionKey: "/id" },
  /** a case's documents: one doc per version, one per withdrawal; pending chat uploads under "pending:<roster id>"; pk = case id. */
  documents: { name: "documents", partitionKey: "/caseId" },
} as const;

export type ContainerKey = keyof typeof CONTAINERS;
