import { NO_EMAIL_ADDRESS, type IssueReport } from './issue-report.js';

/*
 * What happened to a report's background deliveries (GitHub filing, the
 * confirmation e-mail). Each function returns a new report; the use cases
 * write it back under the repository's row lock.
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
  githubIssueId: issue.id,
  githubIssueNumber: issue.number,
  githubIssueUrl: issue.url,
  githubSyncStatus: 'synced',
  githubSyncError: null,
  githubSyncedAt: now,
  updatedAt: now,
});

export const markGitHubSyncFailed = (
  report: IssueReport,
  reason: string,
  now: Date,
): IssueReport => ({
  ...report,
  githubSyncStatus: 'failed',
  githubSyncError: reason,
  updatedAt: now,
});

/** An operator's retry: a failed sync goes back to `pending`. */
export const markGitHubSyncPending = (report: IssueReport, now: Date): IssueReport => ({
  ...report,
  githubSyncStatus: 'pending',
  githubSyncError: null,
  updatedAt: now,
});

export const markEmailSent = (report: IssueReport, now: Date): IssueReport => ({
  ...report,
  emailStatus: 'sent',
  emailSentAt: now,
  emailError: null,
  updatedAt: now,
});

export const markEmailFailed = (report: IssueReport, reason: string, now: Date): IssueReport => ({
  ...report,
  emailStatus: 'failed',
  emailError: reason,
  updatedAt: now,
});

export const markEmailPending = (report: IssueReport, now: Date): IssueReport => ({
  ...report,
  emailStatus: 'pending',
  emailError: null,
  updatedAt: now,
});

/** The reporter turned out to have no usable e-mail address: nothing will be sent. */
export const markEmailSkipped = (report: IssueReport, now: Date): IssueReport => ({
  ...report,
  emailStatus: 'skipped',
  emailError: NO_EMAIL_ADDRESS,
  updatedAt: now,
});

export const isEmailSent = (report: IssueReport): boolean => report.emailStatus === 'sent';

export const isGitHubSynced = (report: IssueReport): boolean =>
  report.githubSyncStatus === 'synced';
