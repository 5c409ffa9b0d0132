/**
 * Follow-ups that run on a timer: the coordinator is reminded of papers not
 * sent by their deadline, and of decisions the applying HF has not acknowledged
 * after the configured number of working days. Both are idempotent (one
 * reminder per meeting, one follow-up per record), so overlapping or repeated
 * runs change nothing.
 */
import { remindPapersDue } from "./app/agenda-service.js";
import type { OfficeServices } from "./app/intake.js";
import { followUpsDue } from "./app/routing-service.js";
import { listCases } from "./app/case-store.js";
import { draftRecord } from "./app/record-service.js";
import { pruneActivities } from "./app/idempotency.js";
import type { Logger } from "./log.js";

export interface Timers {
  runOnce(): Promise<void>;
  stop(): void;
}

export function startTimers(deps: { office: OfficeServices; log: Logger; now: () => Date; intervalMs: number; ackFollowUpWorkingDays: number }): Timers {
  let running: Promise<void> | undefined;
  const runOnce = async () => {
    if (running) return running;
    running = (async () => {
      const now = deps.now().toISOString();
      try {
        // A decided case whose record was not drafted (the process stopped right after the conclusion) gets it now.
        for (const c of await listCases(deps.office.store)) {
          if ((c.status === "granted" || c.status === "rejected") && c.meetingId) {
            await draftRecord(deps.office, { caseId: c.id, meetingId: c.meetingId, actor: "system", op: { id: `recovery:${c.id}`, at: now } });
          }
        }
        await pruneActivities(deps.office.store, now);
        const papers = await remindPapersDue(deps.office, { now });
        const acks = await followUpsDue(deps.office, { now, workingDays: deps.ackFollowUpWorkingDays });
        if (papers.reminded.length || acks.alerted.length || papers.failed.length || acks.failed.length)
          deps.log.info({ papersReminded: papers.reminded.length, acksFollowedUp: acks.alerted.length, failed: papers.failed.length + acks.failed.length }, "follow-ups run");
      } catch (err) {
        deps.log.warn({ err: (err as Error)?.name }, "follow-ups failed; will try again");
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const handle = deps.intervalMs > 0 ? setInterval(() => void runOnce(), deps.intervalMs) : undefined;
  if (deps.intervalMs > 0) setTimeout(() => void runOnce(), 5_000).unref();
  handle?.unref();
  return { runOnce, stop: () => handle && clearInterval(handle) };
}
