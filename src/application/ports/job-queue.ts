/** The background work a report sets off. Both run after the HTTP answer, never inline. */
export const JOB_NAMES = ['github.sync', 'email.confirmation'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** A job names its report by id and tenant; the handler reads the report fresh. */
export interface Job {
  readonly name: JobName;
  readonly reportId: string;
  readonly companyId: number;
}

export interface JobContext {
  /** 1 for the first run of a job, 2 for its first retry, … */
  readonly attempt: number;
  /** When the job was first queued: handlers give up on transient failures after a budget. */
  readonly firstQueuedAt: Date;
}

/**
 * What a handler decided. `done` covers success and a failure recorded on the
 * report (nothing more to do); `retry` asks the queue to run the same job
 * again after at least `afterSeconds`.
 *
 * A `paced` retry is a wait for a booked request slot, not a failed attempt:
 * the next run has the same `attempt`, and its `firstQueuedAt` moves forward
 * by `afterSeconds`, so the wait counts neither towards the backoff nor
 * against the retry budget (docs/adr/0006-github-pacing.md).
 */
export type JobOutcome =
  | { readonly kind: 'done' }
  | {
      readonly kind: 'retry';
      readonly afterSeconds: number;
      readonly reason: string;
      readonly paced?: boolean;
    };

/** The context of the run that follows a `retry` outcome. */
export function nextJobContext(
  context: JobContext,
  outcome: Extract<JobOutcome, { kind: 'retry' }>,
): JobContext {
  if (outcome.paced !== true) return { ...context, attempt: context.attempt + 1 };
  return {
    attempt: context.attempt,
    firstQueuedAt: new Date(context.firstQueuedAt.getTime() + outcome.afterSeconds * 1000),
  };
}

export type JobHandler = (job: Job, context: JobContext) => Promise<JobOutcome>;

/**
 * A durable queue of jobs.
 *
 * - `enqueue` is for jobs outside a report write (an operator's retry). Jobs
 *   that follow a new report are written with it by
 *   `IssueReportRepository.add`, atomically.
 * - A job is delivered at least once; handlers are idempotent (they read the
 *   report and skip work already recorded). No job runs twice concurrently,
 *   across any number of workers.
 * - A handler that throws is retried as `retry` with the queue's own backoff.
 */
export interface JobQueue {
  enqueue(jobs: readonly Job[]): Promise<void>;
  /** Starts delivering jobs of `name` to `handler` until `stop()`. */
  process(name: JobName, handler: JobHandler): Promise<void>;
  /** Stops taking jobs and waits for the running ones to finish. */
  stop(): Promise<void>;
}
