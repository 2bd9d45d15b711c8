import { NO_EMAIL_ADDRESS, type IssueReport } from './issue-report.js';

/*
 * What happened to a report's background deliveries (GitHub filing, the
 * confirmation e-mail). Each function returns a new report, changing only its
 * `github` or its `email` slice (and `updatedAt`); the use cases write it
 * back under the repository's row lock.
 */

export interface FiledIssue {
  readonly id: number;
  readonly number: number;
  readonly url: string;
}

export const markGitHubSynced = (
  report: IssueReport,
  issue: FiledIssue,
  now: Date,
): IssueReport => ({
  ...report,
  github: {
    syncStatus: 'synced',
    syncError: null,
    syncedAt: now,
    issueId: issue.id,
    issueNumber: issue.number,
    issueUrl: issue.url,
  },
  updatedAt: now,
});

export const markGitHubSyncFailed = (
  report: IssueReport,
  reason: string,
  now: Date,
): IssueReport => ({
  ...report,
  github: { ...report.github, syncStatus: 'failed', syncError: reason },
  updatedAt: now,
});

/** An operator's retry: a failed sync goes back to `pending`. */
export const markGitHubSyncPending = (report: IssueReport, now: Date): IssueReport => ({
  ...report,
  github: { ...report.github, syncStatus: 'pending', syncError: null },
  updatedAt: now,
});

export const markEmailSent = (report: IssueReport, now: Date): IssueReport => ({
  ...report,
  email: { status: 'sent', sentAt: now, error: null },
  updatedAt: now,
});

export const markEmailFailed = (report: IssueReport, reason: string, now: Date): IssueReport => ({
  ...report,
  email: { ...report.email, status: 'failed', error: reason },
  updatedAt: now,
});

export const markEmailPending = (report: IssueReport, now: Date): IssueReport => ({
  ...report,
  email: { ...report.email, status: 'pending', error: null },
  updatedAt: now,
});

/** The reporter turned out to have no usable e-mail address: nothing will be sent. */
export const markEmailSkipped = (report: IssueReport, now: Date): IssueReport => ({
  ...report,
  email: { ...report.email, status: 'skipped', error: NO_EMAIL_ADDRESS },
  updatedAt: now,
});

export const isEmailSent = (report: IssueReport): boolean => report.email.status === 'sent';

export const isGitHubSynced = (report: IssueReport): boolean =>
  report.github.syncStatus === 'synced';
