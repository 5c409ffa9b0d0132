/**
 * At-most-once handling of Teams activities, on top of at-least-once delivery.
 *
 * Teams (and the Bot Framework connector) may deliver the same activity again
 * when our reply was slow or lost. runOnce records each processed activity id
 * in the `activities` container and skips an id it has seen.
 *
 * Order: effect first, then the mark. If the process dies between the two, the
 * next delivery runs the effect again; that is harmless because every effect's
 * writes are themselves idempotent (deterministic ids with createIfAbsent,
 * per-person fact documents keyed by person, audit ids derived from the
 * activity id). Marking first would be worse: a crash after the mark would
 * lose the effect for good. The mark is therefore an optimisation that spares
 * repeated work and repeated notifications, not the only guard.
 *
 * Two deliveries running at the same moment can both run the effect (neither
 * has marked yet); idempotent effects make that harmless too.
 */
import { createHash } from "node:crypto";
import type { DocumentStore } from "./ports.js";

export interface ProcessedActivity {
  id: string;
  /** The Teams activity id as received. */
  activityId: string;
  /** When it was processed (ISO 8601). */
  at: string;
}

export type RunOnceResult<T> = { duplicate: true } | { duplicate: false; result: T };

/** Document id for an activity id (Cosmos ids may not contain / \ ? #). */
export function processedId(activityId: string): string {
  if (!activityId) throw new TypeError("Programming error: empty activity id");
  return /[/\\?#]/.test(activityId) || activityId.length > 200
    ? `sha256:${createHash("sha256").update(activityId).digest("base64url")}`
    : activityId;
}

export async function alreadyProcessed(store: DocumentStore, activityId: string): Promise<boolean> {
  const id = processedId(activityId);
  return (await store.get<ProcessedActivity & { [k: string]: unknown }>("activities", id, id)) !== undefined;
}

/** Records the activity as processed; returns false when it already was. */
export async function markProcessed(store: DocumentStore, activityId: string, at: string): Promise<boolean> {
  return store.createIfAbsent<ProcessedActivity & { [k: string]: unknown }>("activities", { id: processedId(activityId), activityId, at });
}

/** Runs `effect` unless this activity was already processed, then marks it. */
export async function runOnce<T>(store: DocumentStore, activityId: string, at: string, effect: () => Promise<T>): Promise<RunOnceResult<T>> {
  if (await alreadyProcessed(store, activityId)) return { duplicate: true };
  const result = await effect();
  await markProcessed(store, activityId, at);
  return { duplicate: false, result };
}

/** A claim on an activity that is being processed, so that two deliveries at the same instant run it once. */
export interface ActivityClaim {
  id: string;
  activityId: string;
  at: string;
  /** running: claimed, not finished; failed: the turn failed, a redelivery may run it again. Absent: done. */
  state?: "running" | "failed";
  claimedAt?: string;
}

/** How long a claim that never finished (the process stopped) keeps others out. */
export const CLAIM_STALE_MS = 60_000;

/**
 * Claims an activity before its effect runs. True when this caller should run
 * it: no earlier delivery finished it, none is running it now (or that one
 * has been silent for CLAIM_STALE_MS), or the earlier run failed.
 */
export async function claimActivity(store: DocumentStore, activityId: string, at: string): Promise<boolean> {
  const id = processedId(activityId);
  let mine = false;
  await store.update<ActivityClaim>("activities", id, id, (current) => {
    mine = false; // the mutator runs again after a lost race: only its last run counts
    const stale = current?.state === "running" && Date.parse(at) - Date.parse(current.claimedAt ?? current.at) > CLAIM_STALE_MS;
    if (current && current.state !== "failed" && !stale) return undefined;
    mine = true;
    return { id, activityId, at, state: "running", claimedAt: at };
  });
  return mine;
}

/** Ends a claim: done (the activity is processed) or failed (a redelivery may try again). */
export async function releaseActivity(store: DocumentStore, activityId: string, at: string, outcome: "done" | "failed"): Promise<void> {
  const id = processedId(activityId);
  await store.update<ActivityClaim>("activities", id, id, (current) => {
    if (outcome === "done") return { id, activityId, at };
    return current ? { ...current, state: "failed" } : undefined;
  });
}

/** Processed-activity marks older than this are removed: Teams redelivers within minutes, not days. */
export const ACTIVITY_RETENTION_DAYS = 7;

/**
 * Removes processed-activity marks older than the retention, a batch at a
 * time (the local server has no TTL, so the app does it on its timer).
 * Returns how many were removed.
 */
export async function pruneActivities(store: DocumentStore, now: string, batch = 500): Promise<number> {
  const before = new Date(Date.parse(now) - ACTIVITY_RETENTION_DAYS * 24 * 3600_000).toISOString();
  const old = await store.queryAll<{ id: string }>("activities", `SELECT TOP ${Math.max(1, Math.min(batch, 1000))} c.id FROM c WHERE c.at < @before`, [
    { name: "@before", value: before },
  ]);
  let removed = 0;
  for (const { id } of old) if (await store.deleteIfExists("activities", id, id)) removed++;
  return removed;
}
