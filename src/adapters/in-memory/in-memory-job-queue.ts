import {
  nextJobContext,
  type Job,
  type JobHandler,
  type JobName,
  type JobQueue,
} from '../../application/ports/job-queue.js';
import type { Clock } from '../../application/ports/clock.js';

interface QueuedJob {
  readonly job: Job;
  readonly attempt: number;
  readonly firstQueuedAt: Date;
  readonly runAfter: Date;
}

/**
 * A queue in memory. Nothing runs by itself: tests call `drain()` to run
 * every due job (retries land back in `pending` with their delay), and read
 * `pending` and `completed` to assert outcomes.
 */
export class InMemoryJobQueue implements JobQueue {
  readonly pending: QueuedJob[] = [];
  readonly completed: Job[] = [];
  private readonly handlers = new Map<JobName, JobHandler>();

  constructor(private readonly clock: Clock) {}

  async enqueue(jobs: readonly Job[]): Promise<void> {
    const now = this.clock.now();
    for (const job of jobs)
      this.pending.push({ job, attempt: 1, firstQueuedAt: now, runAfter: now });
  }

  async process(name: JobName, handler: JobHandler): Promise<void> {
    this.handlers.set(name, handler);
  }

  async stop(): Promise<void> {
    this.handlers.clear();
  }

  /** Runs every job that is due and has a handler, until none is left. Returns how many ran. */
  async drain(): Promise<number> {
    let ran = 0;
    for (;;) {
      const now = this.clock.now().getTime();
      const index = this.pending.findIndex(
        (entry) => entry.runAfter.getTime() <= now && this.handlers.has(entry.job.name),
      );
      if (index < 0) return ran;
      const [entry] = this.pending.splice(index, 1);
      if (!entry) return ran;
      const handler = this.handlers.get(entry.job.name);
      if (!handler) return ran;
      ran += 1;
      let outcome;
      try {
        outcome = await handler(entry.job, entry);
      } catch (error) {
        outcome = { kind: 'retry' as const, afterSeconds: 60, reason: String(error) };
      }
      if (outcome.kind === 'done') this.completed.push(entry.job);
      else {
        this.pending.push({
          ...entry,
          ...nextJobContext(entry, outcome),
          runAfter: new Date(now + outcome.afterSeconds * 1000),
        });
      }
    }
  }
}
