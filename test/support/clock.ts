/**
 * The tests' clock. The app never reads the wall clock for dates (startHost
 * takes `now`), so a test that depends on the date runs at a pinned instant:
 *
 *   TEST_NOW=2027-01-01T00:30:00+01:00 npx vitest run test/teams
 *
 * Without TEST_NOW the instant is a fixed weekday morning in Oslo (DEFAULT_TEST_NOW),
 * deliberately not "today", so that anything still reading the wall clock
 * disagrees with the pinned one and shows. test/tools/time-matrix.sh runs the
 * date-sensitive files at risky instants (DST nights, New Year, Fridays…).
 *
 * A TestClock starts at that instant and then runs at the speed of real time
 * (so two actions a few milliseconds apart are still ordered, as in
 * production); advance() and set() move it for tests about later days.
 */
import { DateTime, type DurationLike } from "luxon";

export const OSLO = "Europe/Oslo";

/** Monday 14 December 2026, 09:00 in Oslo (08:00Z): an ordinary working morning. */
export const DEFAULT_TEST_NOW = "2026-12-14T09:00:00+01:00";

function startInstant(): Date {
  const raw = process.env.TEST_NOW?.trim();
  if (!raw) return new Date(DEFAULT_TEST_NOW);
  // With an offset or Z: an instant. A bare date-time is read as Oslo time.
  const dt = DateTime.fromISO(raw, { zone: OSLO });
  if (!dt.isValid) throw new Error(`TEST_NOW is not an ISO date-time: ${raw}`);
  return dt.toJSDate();
}

/** The instant every test clock starts at (TEST_NOW, else DEFAULT_TEST_NOW). */
export const TEST_START: Date = startInstant();

/** The start instant seen in Oslo: `testToday.toISODate()` is the demo meeting's date, `testToday.year` the case codes' year. */
export const testToday: DateTime = DateTime.fromJSDate(TEST_START, { zone: OSLO });

export class TestClock {
  private readonly origin = performance.now();
  private offsetMs = 0;

  constructor(readonly start: Date = TEST_START) {}

  /** The current instant: the start plus the real time elapsed plus any advance. Pass as `now` to the app. */
  readonly now = (): Date => new Date(this.start.getTime() + (performance.now() - this.origin) + this.offsetMs);

  /** The current instant in Oslo. */
  oslo(): DateTime {
    return DateTime.fromJSDate(this.now(), { zone: OSLO });
  }

  /** Moves the clock forward; calendar units (days, weeks) count in Oslo, so "1 day" over a DST change is 23 or 25 hours. */
  advance(by: DurationLike): void {
    const from = this.oslo();
    this.offsetMs += from.plus(by).toMillis() - from.toMillis();
  }

  /** Moves the clock to an instant (ISO with offset, or a bare date-time read as Oslo time), from where it runs on. */
  set(to: string | Date | DateTime): void {
    const target = typeof to === "string" ? DateTime.fromISO(to, { zone: OSLO }) : DateTime.isDateTime(to) ? to : DateTime.fromJSDate(to);
    if (!target.isValid) throw new Error(`not an instant: ${String(to)}`);
    this.offsetMs += target.toMillis() - this.now().getTime();
  }
}
