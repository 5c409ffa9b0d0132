/**
 * A canonical dump of every container's documents, for before/after
 * comparisons ("this hostile input changed nothing"): each container queried
 * in full (SELECT * FROM c), system properties stripped, documents sorted by
 * id (then by their JSON, for equal ids in different partitions) and keys
 * sorted, so two snapshots of the same state are deep-equal.
 */
import type { DocumentStore } from "../../src/store/document-store.js";
import { CONTAINERS, type ContainerKey } from "../../src/store/containers.js";

export type StoreSnapshot = Record<ContainerKey, Record<string, unknown>[]>;

const SYSTEM = new Set(["_rid", "_self", "_etag", "_attachments", "_ts", "_lsn"]);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) if (!SYSTEM.has(k)) out[k] = canonical((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

export async function storeSnapshot(
  store: DocumentStore,
  containers: readonly ContainerKey[] = Object.keys(CONTAINERS) as ContainerKey[],
): Promise<StoreSnapshot> {
  const out = {} as StoreSnapshot;
  for (const c of containers) {
    const docs = (await store.queryAll<Record<string, unknown>>(c, "SELECT * FROM c")).map((d) => canonical(d) as Record<string, unknown>);
    docs.sort((a, b) => {
      const ia = String(a.id);
      const ib = String(b.id);
      if (ia !== ib) return ia < ib ? -1 : 1;
      const ja = JSON.stringify(a);
      const jb = JSON.stringify(b);
      return ja < jb ? -1 : ja > jb ? 1 : 0;
    });
    out[c] = docs;
  }
  return out;
}

/** The state that decisions rest on: cases, meetings (positions, attendance, conflicts, conclusions, cards), records, audit. */
export const DECISION_STATE: readonly ContainerKey[] = ["cases", "meetings", "records", "audit"];

/** Count of documents per container (for compact assertion messages). */
export function snapshotCounts(s: StoreSnapshot): Record<string, number> {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.length]));
}
