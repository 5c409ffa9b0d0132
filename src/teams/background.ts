/**
 * Work that may outlast a Teams turn (about 15 s) runs here, after the turn has
 * answered: sending a decision to the HF or papers to sixteen people can meet a
 * throttling or failing Teams, whose retries take time. Each task reports its
 * result to the user proactively. flush() waits for all (tests, shutdown).
 * Work that must not run twice at once holds a lease (src/app/leases.ts), which
 * holds across instances too.
 */
import type { Logger } from "../log.js";

export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

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

  async flush(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
