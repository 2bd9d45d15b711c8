import type { IssueReportRepository } from '../ports/issue-report-repository.js';
import type { Job, JobQueue } from '../ports/job-queue.js';

export interface RequeuePendingGitHubSyncsDeps {
  readonly reports: IssueReportRepository;
  readonly jobQueue: JobQueue;
}

/** Jobs per enqueue call: one statement each, and bounded memory. */
const BATCH = 500;

/**
 * Queues a `github.sync` job for every report still `pending`: those stored
 * while GitHub was disabled (their jobs ended without filing), and any left
 * without a job by a crash. Run it when GitHub becomes enabled, at worker
 * start when it is, or as an operator command.
 *
 * Safe to repeat: the durable queue folds a job into one still waiting for
 * the same report, and a job for a report filed meanwhile finds it `synced`
 * (or finds its marker issue) and files nothing twice.
 */
export class RequeuePendingGitHubSyncs {
  constructor(private readonly deps: RequeuePendingGitHubSyncsDeps) {}

  async execute(): Promise<{ readonly requeued: number }> {
    const refs = await this.deps.reports.findRefs({ github: { syncStatus: 'pending' } });
    const jobs: Job[] = refs.map((ref) => ({
      name: 'github.sync',
      reportId: ref.id,
      companyId: ref.companyId,
    }));
    for (let start = 0; start < jobs.length; start += BATCH) {
      await this.deps.jobQueue.enqueue(jobs.slice(start, start + BATCH));
    }
    return { requeued: jobs.length };
  }
}
