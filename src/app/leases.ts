/**
 * Work that must run on one instance at a time (a timer job, a papers run)
 * runs under a lease (ports.ts Leases): an instance that cannot claim it
 * leaves the work to the holder; a holder renews while it works; a holder that
 * died lets the lease expire, and the next instance takes the work over. The
 * lease prevents two runs at once; the work itself stays idempotent on its
 * stored facts (a reminder, a papers delivery), so a run cut short and run
 * again does nothing twice.
 */
import { randomUUID } from "node:crypto";
import type { Lease, Leases } from "./ports.js";

/** How long a lease lasts without renewal: long enough for a slow send round, short enough for a quick takeover. */
export const LEASE_TTL_MS = 2 * 60_000;

/** This process's owner id for leases: random per process (logged beside the host name / WEBSITE_INSTANCE_ID). */
export const INSTANCE_OWNER = `instance-${randomUUID()}`;

export interface LeaseContext {
  leases: Leases;
  /** Who claims (an app instance). */
  owner: string;
  now: () => Date;
  ttlMs?: number;
}

export type LeaseRun<T> = { ran: true; value: T } | { ran: false };

/** Claims the lease; undefined while another instance holds it. */
export async function claimLease(ctx: LeaseContext, name: string): Promise<Lease | undefined> {
  return ctx.leases.claim(name, ctx.owner, ctx.ttlMs ?? LEASE_TTL_MS, ctx.now().toISOString());
}

/** Runs `work` holding an already claimed lease: renews it every third of its lifetime, releases it when done. */
export async function holdingLease<T>(ctx: LeaseContext, lease: Lease, work: () => Promise<T>): Promise<T> {
  const ttl = ctx.ttlMs ?? LEASE_TTL_MS;
  let current = lease;
  const renewal = setInterval(
    () =>
      void ctx.leases
        .renew(current, ttl, ctx.now().toISOString())
        .then((l) => {
          if (l) current = l;
        })
        .catch(() => undefined),
    Math.max(1_000, Math.floor(ttl / 3)),
  );
  renewal.unref?.();
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await ctx.leases.release(current, ctx.now().toISOString()).catch(() => undefined);
  }
}

/** Claims the named lease and runs `work` under it; { ran: false } when another instance holds it. */
export async function underLease<T>(ctx: LeaseContext, name: string, work: () => Promise<T>): Promise<LeaseRun<T>> {
  const lease = await claimLease(ctx, name);
  if (!lease) return { ran: false };
  return { ran: true, value: await holdingLease(ctx, lease, work) };
}
