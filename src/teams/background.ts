/**
 * Work that may outlast a Teams turn (about 15 s) runs here, after the turn has
 * answered: sending a decision to the HF or papers to sixteen people can meet a
 * throttling or failing Teams, whose retries take time. Each task reports its
 * result to the user proactively. flush() waits for all (tests, shutdown).
 */
import type { Logger } from "../log.js";

export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();
  private readonly keys = new Set<string>();

  constructor(private readonly log: Logger) {}

  run(name: string, task: () => Promise<void>): void {
    const p = (async () => {
      try {
        await task();
      } catch (err) {
        this.log.error({ task: name, err: (err as Error)?.name }, "background task failed");
      }
    })();
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  /** Runs the task unless one with the same key is still running here; false when it was not started. */
  runExclusive(key: string, name: string, task: () => Promise<void>): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    this.run(name, async () => {
      try {
        await task();
      } finally {
        this.keys.delete(key);
      }
    });
    return true;
  }

  async flush(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
