/**
 * Follow-ups that run on a timer: a decided case whose record was not drafted
 * (the process stopped right after the conclusion) gets it; old processed
 * activity marks are pruned; the coordinator is reminded of papers not sent by
 * their deadline, and of decisions the applying HF has not acknowledged after
 * the configured number of working days. Each job is idempotent (one reminder
 * per meeting, one follow-up per record), so overlapping or repeated runs
 * change nothing. Jobs can be run one at a time (tests, operations).
 */
import { remindPapersDue } from "./app/coordinator/papers.js";
import { draftRecord } from "./app/coordinator/records.js";
import { followUpsDue } from "./app/coordinator/routing.js";
import type { AppServices } from "./app/services.js";
import { ACTIVITY_RETENTION_DAYS } from "./store/repositories/activities.js";
import { warnForecastAtDeadline } from "./app/meeting/preparation.js";
import type { Logger } from "./log.js";

export const TIMER_JOBS = {
  async redraftRecords(svc: AppServices, now: string) {
    let drafted = 0;
    for (const c of await svc.cases.all()) {
      if ((c.status === "granted" || c.status === "rejected") && c.meetingId) {
        const r = await draftRecord(svc, { caseId: c.id, meetingId: c.meetingId, actor: "system", op: { id: `recovery:${c.id}`, at: now } });
        if (r.ok && !r.value.duplicate) drafted++;
      }
    }
    return { drafted };
  },
  async pruneActivities(svc: AppServices, now: string) {
    return { pruned: await svc.activities.prune(new Date(Date.parse(now) - ACTIVITY_RETENTION_DAYS * 24 * 3600_000).toISOString()) };
  },
  async papersReminders(svc: AppServices, now: string) {
    return remindPapersDue(svc, { now });
  },
  async ackFollowUps(svc: AppServices, now: string) {
    return followUpsDue(svc, { now });
  },
  /** Issue 13: at the papers deadline, the coordinator is warned once per meeting of cases forecast below the quorum. */
  async forecastWarnings(svc: AppServices, now: string) {
    return warnForecastAtDeadline(svc, { now });
  },
} as const;

export type TimerJob = keyof typeof TIMER_JOBS;

export interface Timers {
  /** Runs every job once, in order (what the interval does). */
  runOnce(): Promise<void>;
  /** Runs one job now. */
  run<J extends TimerJob>(job: J): Promise<Awaited<ReturnType<(typeof TIMER_JOBS)[J]>>>;
  stop(): void;
}

export function startTimers(deps: { svc: AppServices; log: Logger; intervalMs: number }): Timers {
  const { svc, log } = deps;
  let running: Promise<void> | undefined;
  const run = <J extends TimerJob>(job: J) => TIMER_JOBS[job](svc, svc.now().toISOString()) as Promise<Awaited<ReturnType<(typeof TIMER_JOBS)[J]>>>;
  const runOnce = async () => {
    if (running) return running;
    running = (async () => {
      try {
        for (const job of Object.keys(TIMER_JOBS) as TimerJob[]) {
          const result = await run(job);
          log.debug({ job, result }, "timer job run");
        }
      } catch (err) {
        log.warn({ err: (err as Error)?.name }, "follow-ups failed; will try again");
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const handle = deps.intervalMs > 0 ? setInterval(() => void runOnce(), deps.intervalMs) : undefined;
  if (deps.intervalMs > 0) setTimeout(() => void runOnce(), 5_000).unref();
  handle?.unref();
  return { runOnce, run, stop: () => handle && clearInterval(handle) };
}
