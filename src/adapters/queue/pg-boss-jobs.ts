import type PgBoss from 'pg-boss';
import type { Job, JobContext } from '../../application/ports/job-queue.js';

/** What a job row carries. `attempt` and `firstQueuedAt` are set only on re-sent retries. */
export interface JobData {
  readonly reportId: string;
  readonly companyId: number;
  readonly attempt?: number;
  readonly firstQueuedAt?: string;
}

export interface Successor {
  readonly attempt: number;
  readonly firstQueuedAt: Date;
  readonly afterSeconds: number;
}

/**
 * A pg-boss row for `job`. The report id is the singleton key: with the
 * `short` policy, a second row for the same report collapses into one still
 * waiting. A successor (a retry) starts `afterSeconds` after the database's
 * own clock, not this process's.
 */
export function toJobInsert(job: Job, successor?: Successor): PgBoss.JobInsert<JobData> {
  const data: JobData = { reportId: job.reportId, companyId: job.companyId };
  if (!successor) return { name: job.name, data, singletonKey: job.reportId };
  return {
    name: job.name,
    data: {
      ...data,
      attempt: successor.attempt,
      firstQueuedAt: successor.firstQueuedAt.toISOString(),
    },
    singletonKey: job.reportId,
    startAfter: String(Math.max(0, successor.afterSeconds)),
  };
}

/** Attempts count re-sent retries (in the data) plus pg-boss's own retries of this row. */
export const contextOf = (job: PgBoss.JobWithMetadata<JobData>): JobContext => ({
  attempt: (job.data.attempt ?? 1) + job.retryCount,
  firstQueuedAt: job.data.firstQueuedAt ? new Date(job.data.firstQueuedAt) : job.createdOn,
});
