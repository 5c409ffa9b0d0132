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

/** The jobs a timer run does, in this order. */
export const TIMER_JOBS = ["recordRecovery", "pruneActivities", "papersReminders", "ackFollowUps"] as const;
export type TimerJob = (typeof TIMER_JOBS)[number];

export interface Timers {
  /** Every job, in order (what the interval runs); a call while a run is under way joins that run. */
  runOnce(): Promise<void>;
  /** One job alone (after any run under way), e.g. for a test about that job. */
  run(job: TimerJob): Promise<void>;
  stop(): void;
}

interface JobResult {
  papersReminded?: number;
  acksFollowedUp?: number;
  failed?: number;
}

export function startTimers(deps: { office: OfficeServices; log: Logger; now: () => Date; intervalMs: number; ackFollowUpWorkingDays: number }): Timers {
  const jobs: Record<TimerJob, (now: string) => Promise<JobResult>> = {
    // A decided case whose record was not drafted (the process stopped right after the conclusion) gets it now.
    recordRecovery: async (now) => {
      for (const c of await listCases(deps.office.store)) {
        if ((c.status === "granted" || c.status === "rejected") && c.meetingId) {
          await draftRecord(deps.office, { caseId: c.id, meetingId: c.meetingId, actor: "system", op: { id: `recovery:${c.id}`, at: now } });
        }
      }
      return {};
    },
    pruneActivities: async (now) => {
      await pruneActivities(deps.office.store, now);
      return {};
    },
    papersReminders: async (now) => {
      const papers = await remindPapersDue(deps.office, { now });
      return { papersReminded: papers.reminded.length, failed: papers.failed.length };
    },
    ackFollowUps: async (now) => {
      const acks = await followUpsDue(deps.office, { now, workingDays: deps.ackFollowUpWorkingDays });
      return { acksFollowedUp: acks.alerted.length, failed: acks.failed.length };
    },
  };

  let running: Promise<void> | undefined;
  const start = (names: readonly TimerJob[]): Promise<void> => {
    running = (async () => {
      const now = deps.now().toISOString();
      const total = { papersReminded: 0, acksFollowedUp: 0, failed: 0 };
      try {
        for (const name of names) {
          const r = await jobs[name](now);
          total.papersReminded += r.papersReminded ?? 0;
          total.acksFollowedUp += r.acksFollowedUp ?? 0;
          total.failed += r.failed ?? 0;
        }
        if (total.papersReminded || total.acksFollowedUp || total.failed) deps.log.info(total, "follow-ups run");
      } catch (err) {
        deps.log.warn({ err: (err as Error)?.name }, "follow-ups failed; will try again");
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const runOnce = () => running ?? start(TIMER_JOBS);
  const run = async (job: TimerJob) => {
    while (running) await running;
    return start([job]);
  };
  const handle = deps.intervalMs > 0 ? setInterval(() => void runOnce(), deps.intervalMs) : undefined;
  if (deps.intervalMs > 0) setTimeout(() => void runOnce(), 5_000).unref();
  handle?.unref();
  return { runOnce, run, stop: () => handle && clearInterval(handle) };
}
