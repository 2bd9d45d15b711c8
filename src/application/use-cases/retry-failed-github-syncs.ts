import {
  markGitHubSyncFailed,
  markGitHubSyncPending,
  type IssueReport,
} from '../../domain/issue-report.js';
import type { Clock } from '../ports/clock.js';
import type { IssueReportRepository, ReportRef } from '../ports/issue-report-repository.js';
import type { Job, JobQueue } from '../ports/job-queue.js';

export interface RetryFailedGitHubSyncsDeps {
  readonly reports: IssueReportRepository;
  readonly jobQueue: JobQueue;
  readonly clock: Clock;
}

export interface RetriedGitHubSyncs {
  /** How many reports were queued for filing again. */
  readonly requeued: number;
}

/**
 * The operator's `github:retry-failed`, run once the cause is fixed (a new
 * token, the right repository): every report whose sync is `failed` goes
 * back to `pending` with a fresh job, and so a fresh 24-hour retry budget.
 *
 * The report is set `pending` before its job is queued, so that the job
 * always finds it to be filed. If queueing fails, the reports are put back
 * to `failed` with their old reason and the error is thrown: running the
 * command again is safe. Only a crash between the two steps can leave a
 * report `pending` without a job (`RequeuePendingGitHubSyncs` picks those up).
 */
export class RetryFailedGitHubSyncs {
  constructor(private readonly deps: RetryFailedGitHubSyncsDeps) {}

  async execute(): Promise<RetriedGitHubSyncs> {
    const { reports, jobQueue, clock } = this.deps;
    const refs = await reports.findRefs({ githubSyncStatus: 'failed' });
    const now = clock.now();
    const reopened: { ref: ReportRef; reason: string }[] = [];
    for (const ref of refs) {
      // Re-checked inside the update: another operator run may have got there first.
      const previous: { reason?: string } = {};
      await reports.update(ref.companyId, ref.id, (report: IssueReport) => {
        if (report.githubSyncStatus !== 'failed') return report;
        previous.reason = report.githubSyncError ?? 'Unknown failure';
        return markGitHubSyncPending(report, now);
      });
      if (previous.reason !== undefined) reopened.push({ ref, reason: previous.reason });
    }
    if (reopened.length === 0) return { requeued: 0 };

    const jobs: Job[] = reopened.map(({ ref }) => ({
      name: 'github.sync',
      reportId: ref.id,
      companyId: ref.companyId,
    }));
    try {
      await jobQueue.enqueue(jobs);
    } catch (error) {
      await this.restore(reopened);
      throw error;
    }
    return { requeued: jobs.length };
  }

  private async restore(reopened: readonly { ref: ReportRef; reason: string }[]): Promise<void> {
    const now = this.deps.clock.now();
    for (const { ref, reason } of reopened) {
      await this.deps.reports.update(ref.companyId, ref.id, (report) =>
        report.githubSyncStatus === 'pending' ? markGitHubSyncFailed(report, reason, now) : report,
      );
    }
  }
}
