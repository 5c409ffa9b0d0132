/**
 * Follow-ups that run on a timer: a decided case whose record was not drafted
 * (the process stopped right after the conclusion) gets it; old processed
 * activity marks are pruned; the coordinator is reminded of papers not sent by
 * their deadline, and of decisions the applying HF has not acknowledged after
 * the configured number of working days. Each job is idempotent (one reminder
 * per meeting, one follow-up per record), so overlapping or repeated runs
 * change nothing. Jobs can be run one at a time (tests, operations).
 *
 * With several instances each job runs under a lease of its own
 * (src/app/leases.ts, "timer:<job>"): the instance that claims it runs the job,
 * the others skip it; the stored facts keep a repeated run from doing anything
 * twice, and an instance that died holding a lease gives it up by expiry.
 */
import { remindPapersDue } from "./app/coordinator/papers.js";
import { draftRecord } from "./app/coordinator/records.js";
import { applyRetention } from "./app/coordinator/retention.js";
import { followUpsDue } from "./app/coordinator/routing.js";
import { underLease, type LeaseRun } from "./app/leases.js";
import type { AppServices } from "./app/services.js";
import { ACTIVITY_RETENTION_DAYS } from "./store/repositories/activities.js";
import { warnForecastAtDeadline } from "./app/meeting/preparation.js";
import { warnMeetingsDue } from "./app/meeting/time-warning.js";
import type { Logger } from "./log.js";
import { runFollowUps } from "./app/coordinator/follow-up.js";
import { remindProposals } from "./app/coordinator/proposals.js";

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
  async retention(svc: AppServices, now: string) {
    return applyRetention(svc, { now });
  },
  /** Issue 13: at the papers deadline, the coordinator is warned once per meeting of cases forecast below the quorum. */
  async forecastWarnings(svc: AppServices, now: string) {
    return warnForecastAtDeadline(svc, { now });
  },
  /** Issue 13, the two-hour limit: the chair of a meeting under way is told once when it has run 105 minutes. */
  async timeWarnings(svc: AppServices, now: string) {
    return warnMeetingsDue(svc, { now });
  },
  /** Issue 15: a grant's follow-up card on its review date, one reminder, then overdue; each once. */
  async grantFollowUps(svc: AppServices, now: string) {
    return runFollowUps(svc, { now });
  },
  /** Issue 15: a group-level proposal still to be sent after N working days reminds the coordinators once. */
  async proposalReminders(svc: AppServices, now: string) {
    return remindProposals(svc, { now });
  },
} as const;

export type TimerJob = keyof typeof TIMER_JOBS;

export type TimerResult<J extends TimerJob> = Awaited<ReturnType<(typeof TIMER_JOBS)[J]>>;

export interface Timers {
  /** Runs every job once, in order (what the interval does). */
  runOnce(): Promise<void>;
  /** Runs one job now, under its lease; { ran: false } when another instance holds it. */
  run<J extends TimerJob>(job: J): Promise<LeaseRun<TimerResult<J>>>;
  stop(): void;
}

/** The lease a timer job runs under. */
export const timerLease = (job: TimerJob) => `timer:${job}`;

export function startTimers(deps: {
  svc: AppServices;
  log: Logger;
  intervalMs: number;
  owner: string;
  onRun?: (job: TimerJob, outcome: "ran" | "skipped" | "failed") => void;
}): Timers {
  const { svc, log } = deps;
  let running: Promise<void> | undefined;
  const run = async <J extends TimerJob>(job: J): Promise<LeaseRun<TimerResult<J>>> => {
    try {
      // The job's instant is taken once it holds the lease.
      const r = await underLease<TimerResult<J>>({ leases: svc.leases, owner: deps.owner, now: svc.now }, timerLease(job), () =>
        (TIMER_JOBS[job] as (svc: AppServices, now: string) => Promise<TimerResult<J>>)(svc, svc.now().toISOString()),
      );
      deps.onRun?.(job, r.ran ? "ran" : "skipped");
      return r;
    } catch (err) {
      deps.onRun?.(job, "failed");
      throw err;
    }
  };
  const runOnce = async () => {
    if (running) return running;
    running = (async () => {
      try {
        for (const job of Object.keys(TIMER_JOBS) as TimerJob[]) {
          const result = await run(job);
          log.debug({ job, result, owner: deps.owner }, result.ran ? "timer job run" : "timer job left to the instance holding its lease");
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
