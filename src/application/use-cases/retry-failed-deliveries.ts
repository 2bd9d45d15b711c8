import { type IssueReport } from '../../domain/issue-report.js';
import {
  markEmailFailed,
  markEmailPending,
  markGitHubSyncFailed,
  markGitHubSyncPending,
} from '../../domain/report-delivery.js';
import type { Clock } from '../ports/clock.js';
import type {
  IssueReportRepository,
  RefFilter,
  ReportRef,
} from '../ports/issue-report-repository.js';
import type { Job, JobName, JobQueue } from '../ports/job-queue.js';

export interface RetryFailedDeliveriesDeps {
  readonly reports: IssueReportRepository;
  readonly jobQueue: JobQueue;
  readonly clock: Clock;
}

export interface RetriedDeliveries {
  /** How many reports were queued again. */
  readonly requeued: number;
}

/** One kind of background delivery, as far as an operator's retry is concerned. */
export interface DeliveryKind {
  readonly job: JobName;
  readonly failed: RefFilter;
  /** The recorded reason when this delivery failed, else null. */
  failure(report: IssueReport): string | null;
  isPending(report: IssueReport): boolean;
  reopen(report: IssueReport, now: Date): IssueReport;
  fail(report: IssueReport, reason: string, now: Date): IssueReport;
}

export const GITHUB_SYNC: DeliveryKind = {
  job: 'github.sync',
  failed: { github: { syncStatus: 'failed' } },
  failure: (r) =>
    r.github.syncStatus === 'failed' ? (r.github.syncError ?? 'Unknown failure') : null,
  isPending: (r) => r.github.syncStatus === 'pending',
  reopen: markGitHubSyncPending,
  fail: markGitHubSyncFailed,
};

export const CONFIRMATION_EMAIL: DeliveryKind = {
  job: 'email.confirmation',
  failed: { email: { status: 'failed' } },
  failure: (r) => (r.email.status === 'failed' ? (r.email.error ?? 'Unknown failure') : null),
  isPending: (r) => r.email.status === 'pending',
  reopen: markEmailPending,
  fail: markEmailFailed,
};

/**
 * An operator's retry, run once the cause is fixed (a new token, the right
 * repository, SMTP credentials): every report whose delivery is `failed`
 * goes back to `pending` with a fresh job, and so a fresh 24-hour budget.
 *
 * The report is set `pending` before its job is queued, so that the job
 * always finds work to do. If queueing fails, the reports are put back to
 * `failed` with their old reason and the error is thrown: running the command
 * again is safe. Only a crash between the two steps can leave a report
 * `pending` without a job (`RequeuePendingGitHubSyncs` picks those up for
 * GitHub; an e-mail waits for the next retry).
 */
export class RetryFailedDeliveries {
  constructor(
    private readonly deps: RetryFailedDeliveriesDeps,
    private readonly kind: DeliveryKind,
  ) {}

  async execute(): Promise<RetriedDeliveries> {
    const { reports, jobQueue, clock } = this.deps;
    const kind = this.kind;
    const refs = await reports.findRefs(kind.failed);
    const now = clock.now();
    const reopened: { ref: ReportRef; reason: string }[] = [];
    for (const ref of refs) {
      // Re-checked inside the update: another operator run may have got there first.
      let reason: string | null = null;
      await reports.update(ref.companyId, ref.id, (report) => {
        reason = kind.failure(report);
        return reason === null ? report : kind.reopen(report, now);
      });
      if (reason !== null) reopened.push({ ref, reason });
    }
    if (reopened.length === 0) return { requeued: 0 };

    const jobs: Job[] = reopened.map(({ ref }) => ({
      name: kind.job,
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
        this.kind.isPending(report) ? this.kind.fail(report, reason, now) : report,
      );
    }
  }
}

/** `npm run github:retry-failed`. */
export class RetryFailedGitHubSyncs extends RetryFailedDeliveries {
  constructor(deps: RetryFailedDeliveriesDeps) {
    super(deps, GITHUB_SYNC);
  }
}

/** `npm run email:retry-failed`. */
export class RetryFailedEmails extends RetryFailedDeliveries {
  constructor(deps: RetryFailedDeliveriesDeps) {
    super(deps, CONFIRMATION_EMAIL);
  }
}
