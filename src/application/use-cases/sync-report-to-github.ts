import { formatGitHubIssue } from '../../domain/github-issue.js';
import { type IssueReport } from '../../domain/issue-report.js';
import { isGitHubSynced, markGitHubSynced } from '../../domain/report-delivery.js';
import {
  DEFAULT_RETRY,
  settleDeliveryError,
  type RetryPolicy,
} from '../services/delivery-retry.js';
import type { Clock } from '../ports/clock.js';
import { DeliveryError } from '../errors/delivery-error.js';
import type { IssueReportRepository } from '../ports/issue-report-repository.js';
import type { IssueTracker, TrackedIssue } from '../ports/issue-tracker.js';
import type { Job, JobContext, JobOutcome } from '../ports/job-queue.js';
import type { Logger } from '../ports/logger.js';
import type { PaceRule, RequestPacer } from '../ports/request-pacer.js';

/** Retries of a filing: GitHub's own waits are followed exactly. */
export const DEFAULT_GITHUB_RETRY: RetryPolicy = { ...DEFAULT_RETRY, serverDelay: 'exact' };

/**
 * One filing attempt makes at most one search, one page or two of recent
 * issues and one create. GitHub allows content-creating requests a second
 * apart, 80 a minute and 500 an hour, and issue searches 30 a minute
 * (docs/adr/0006-github-pacing.md): so, per token, one attempt every two
 * seconds and 500 an hour.
 */
export const GITHUB_FILING_PACE: readonly PaceRule[] = [
  { limit: 1, perSeconds: 2 },
  { limit: 30, perSeconds: 60 },
  { limit: 500, perSeconds: 3600 },
];

export interface SyncReportToGitHubDeps {
  readonly reports: IssueReportRepository;
  readonly tracker: IssueTracker;
  readonly clock: Clock;
  /** `GITHUB_ENABLED` and `GITHUB_LABELS`. */
  readonly github: { readonly enabled: boolean; readonly labels: readonly string[] };
  /** A public link to the report's screenshot, when the server has a public URL. */
  readonly publicScreenshotUrl?: (report: IssueReport) => string | null;
  readonly retry?: RetryPolicy;
  /** Shares GitHub's limits between every worker. Without it, nothing paces filings across processes. */
  readonly pacer?: RequestPacer;
  /** Overrides GITHUB_FILING_PACE (GitHub Enterprise may allow more); `key` names the budget. */
  readonly pace?: { readonly key?: string; readonly rules?: readonly PaceRule[] };
  /** One line per report filed, `filed BUG-2026-0001 as #12`: the ticket and the number, nothing else. */
  readonly logger?: Logger;
  /**
   * Where the issue that would be filed is written while GitHub is disabled
   * (the standalone server's `data/github/` outbox): a preview only. The
   * report stays `pending`, so it is filed on GitHub once GitHub is enabled.
   */
  readonly preview?: IssueTracker;
}

/**
 * Handles a `github.sync` job: files the report as a GitHub issue, once.
 *
 * Only a `pending` sync is worked on: `synced` is final and `failed` waits for
 * an operator (`RetryFailedGitHubSyncs`). With GitHub disabled the report stays
 * `pending` and the job ends, after writing the issue to `preview` when there
 * is one; `RequeuePendingGitHubSyncs` files those once GitHub is enabled.
 *
 * Exactly once: the issue carries a hidden marker with the ticket number,
 * and every attempt first asks the tracker for an issue with that marker,
 * adopting it instead of creating another. So a process that dies between
 * GitHub's answer and the database write leaves an issue that the next
 * attempt finds and records. (Two attempts for one report running at the
 * same instant could both create; the queue never runs them concurrently.)
 * A create whose answer was lost is thrown by the tracker as an `uncertain`
 * failure, retried no sooner than `RetryPolicy.uncertainDelaySeconds`.
 */
export class SyncReportToGitHub {
  private readonly retry: RetryPolicy;

  constructor(private readonly deps: SyncReportToGitHubDeps) {
    this.retry = deps.retry ?? DEFAULT_GITHUB_RETRY;
  }

  async execute(job: Job, context: JobContext): Promise<JobOutcome> {
    const { reports, tracker, github } = this.deps;
    const done: JobOutcome = { kind: 'done' };
    const report = await reports.findById(job.companyId, job.reportId);
    if (!report || report.github.syncStatus !== 'pending') return done;
    if (!github.enabled) {
      await this.writePreview(report);
      return done;
    }

    // Before any request: a job told to wait has cost GitHub nothing, and
    // comes back at its own booked time.
    const slot = await this.takeSlot(report);
    if (!slot.granted) {
      const afterSeconds = Math.max(slot.retryAfterSeconds, this.retry.minDelaySeconds);
      return {
        kind: 'retry',
        afterSeconds,
        reason: 'Waiting for a GitHub request slot',
        paced: true,
      };
    }

    const draft = this.draft(report);
    let issue: TrackedIssue;
    try {
      issue = (await tracker.findByMarker(draft.marker)) ?? (await tracker.create(draft));
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      return settleDeliveryError(this.deps, this.retry, 'github', report, error, context);
    }
    const now = this.deps.clock.now();
    let recorded = false;
    // Whatever else happened meanwhile, an issue exists now: record it.
    await reports.update(report.reporter.companyId, report.id, (current) => {
      recorded = !isGitHubSynced(current);
      return recorded ? markGitHubSynced(current, issue, now) : current;
    });
    if (recorded) {
      this.deps.logger?.info(
        { ticket: report.ticketNumber, issue: issue.number },
        `filed ${report.ticketNumber} as #${issue.number}`,
      );
    }
    return done;
  }

  private draft(report: IssueReport) {
    return formatGitHubIssue(report, {
      labels: this.deps.github.labels,
      screenshotUrl: this.deps.publicScreenshotUrl?.(report) ?? null,
    });
  }

  /** Best effort: a preview that cannot be written is logged, and changes nothing. */
  private async writePreview(report: IssueReport): Promise<void> {
    const { preview, logger } = this.deps;
    if (!preview) return;
    try {
      await preview.create(this.draft(report));
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      logger?.warn(
        { ticket: report.ticketNumber, reason: error.message },
        'could not write the GitHub preview',
      );
    }
  }

  private async takeSlot(report: IssueReport) {
    const { pacer, pace } = this.deps;
    if (!pacer) return { granted: true } as const;
    return pacer.take(pace?.key ?? 'github:filing', report.id, pace?.rules ?? GITHUB_FILING_PACE);
  }
}
