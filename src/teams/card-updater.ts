/**
 * Coalesces updates of the shared cards in a meeting chat. Sixty clicks in a
 * second must not become sixty updates (Teams allows 7 sends/s and 60 per 30 s
 * per conversation): each card key is updated at most once per window, with
 * the state as it is when the update runs.
 */
export class CardUpdater {
  private readonly pending = new Map<string, { timer?: NodeJS.Timeout; running?: Promise<void>; again: boolean; job: () => Promise<void> }>();

  constructor(
    private readonly windowMs: number,
    private readonly onError: (key: string, err: unknown) => void,
  ) {}

  schedule(key: string, job: () => Promise<void>): void {
    const entry = this.pending.get(key);
    if (entry) {
      entry.job = job;
      if (entry.running) entry.again = true;
      return;
    }
    const fresh = { again: false, job } as { timer?: NodeJS.Timeout; running?: Promise<void>; again: boolean; job: () => Promise<void> };
    fresh.timer = setTimeout(() => void this.run(key), this.windowMs);
    this.pending.set(key, fresh);
  }

  private run(key: string): Promise<void> {
    const entry = this.pending.get(key);
    if (!entry) return Promise.resolve();
    if (entry.running) return entry.running;
    if (entry.timer) clearTimeout(entry.timer);
    delete entry.timer;
    entry.running = (async () => {
      try {
        await entry.job();
      } catch (err) {
        this.onError(key, err);
      } finally {
        delete entry.running;
        if (entry.again) {
          entry.again = false;
          entry.timer = setTimeout(() => void this.run(key), this.windowMs);
        } else {
          this.pending.delete(key);
        }
      }
    })();
    return entry.running;
  }

  /** Runs every pending update now and waits for them (tests, shutdown). */
  async flush(): Promise<void> {
    for (let round = 0; round < 5 && this.pending.size > 0; round++) {
      await Promise.all([...this.pending.keys()].map((k) => this.run(k)));
    }
  }

  get size(): number {
    return this.pending.size;
  }
}
