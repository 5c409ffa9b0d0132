/**
 * The leases container (pk = id = the lease name): one document per piece of
 * work that must run on one instance at a time, with its owner and expiry.
 * Claimed and renewed by read-modify-write under the document's ETag (IfMatch;
 * DocumentStore.update), so of two instances claiming at once exactly one wins.
 * Expiry is compared with the caller's instant, never the server's clock.
 */
import type { Lease, Leases } from "../../app/ports.js";
import type { DocumentStore } from "../document-store.js";

interface LeaseDoc {
  id: string;
  owner: string;
  expiresAt: string;
  claimedAt: string;
}

const expiry = (at: string, ttlMs: number) => new Date(Date.parse(at) + ttlMs).toISOString();
const held = (doc: LeaseDoc | undefined, at: string) => doc !== undefined && Date.parse(doc.expiresAt) > Date.parse(at);

export function leases(store: DocumentStore): Leases {
  return {
    async claim(name, owner, ttlMs, at) {
      let mine: Lease | undefined;
      await store.update<LeaseDoc>("leases", name, name, (current) => {
        mine = undefined; // the mutator runs again after a lost race: only its last run counts
        // Held is held, also by this owner: two runs of one job on one instance are as exclusive as on two.
        if (held(current, at)) return undefined;
        const doc = { id: name, owner, expiresAt: expiry(at, ttlMs), claimedAt: at };
        mine = { name, owner, expiresAt: doc.expiresAt };
        return doc;
      });
      return mine;
    },
    async renew(lease, ttlMs, at) {
      let mine: Lease | undefined;
      await store.update<LeaseDoc>("leases", lease.name, lease.name, (current) => {
        mine = undefined;
        // Still this owner's (even if it lapsed, nobody took it over meanwhile).
        if (!current || current.owner !== lease.owner) return undefined;
        const doc = { ...current, expiresAt: expiry(at, ttlMs) };
        mine = { name: lease.name, owner: lease.owner, expiresAt: doc.expiresAt };
        return doc;
      });
      return mine;
    },
    async release(lease, at) {
      await store.update<LeaseDoc>("leases", lease.name, lease.name, (current) =>
        current && current.owner === lease.owner && held(current, at) ? { ...current, expiresAt: at } : undefined,
      );
    },
  };
}
