/**
 * The activities container (pk = id): at-most-once handling of Teams
 * activities (and other operations that must run once) on top of
 * at-least-once delivery. Each is claimed before its effect runs and marked
 * done after; a claim that never finished (the process stopped) keeps others
 * out for CLAIM_STALE_MS, a failed one lets a redelivery try again. Marks are
 * kept ACTIVITY_RETENTION_DAYS and pruned by the app's timer (the local server
 * has no TTL, so the code does not rely on it).
 */
import { createHash } from "node:crypto";
import type { ActivityLedger } from "../../app/ports.js";
import type { DocumentStore } from "../document-store.js";

interface ActivityDoc {
  id: string;
  activityId: string;
  at: string;
  /** running: claimed, not finished; failed: the turn failed, a redelivery may run it again. Absent: done. */
  state?: "running" | "failed";
  claimedAt?: string;
}

/** How long a claim that never finished keeps others out. */
export const CLAIM_STALE_MS = 60_000;
/** How long processed activity ids are kept (Teams redelivers within minutes; a week is generous). */
export const ACTIVITY_RETENTION_DAYS = 7;

/** Document id for an activity id (Cosmos ids may not contain / \ ? # and are at most 255 characters). */
export function processedId(activityId: string): string {
  if (!activityId) throw new TypeError("Programming error: empty activity id");
  return /[/\\?#]/.test(activityId) || activityId.length > 200 ? `sha256:${createHash("sha256").update(activityId).digest("base64url")}` : activityId;
}

export function activityLedger(store: DocumentStore): ActivityLedger {
  return {
    async claim(activityId, at) {
      const id = processedId(activityId);
      let mine = false;
      await store.update<ActivityDoc>("activities", id, id, (current) => {
        mine = false; // the mutator runs again after a lost race: only its last run counts
        const stale = current?.state === "running" && Date.parse(at) - Date.parse(current.claimedAt ?? current.at) > CLAIM_STALE_MS;
        if (current && current.state !== "failed" && !stale) return undefined;
        mine = true;
        return { id, activityId, at, state: "running", claimedAt: at };
      });
      return mine;
    },
    async release(activityId, at, outcome) {
      const id = processedId(activityId);
      await store.update<ActivityDoc>("activities", id, id, (current) => {
        if (outcome === "done") return { id, activityId, at };
        return current ? { ...current, state: "failed" } : undefined;
      });
    },
    async prune(before, batch = 500) {
      const old = await store.queryAll<{ id: string }>("activities", `SELECT TOP ${Math.max(1, Math.min(batch, 1000))} c.id FROM c WHERE c.at < @before`, [
        { name: "@before", value: before },
      ]);
      let removed = 0;
      for (const { id } of old) if (await store.deleteIfExists("activities", id, id)) removed++;
      return removed;
    },
  };
}
