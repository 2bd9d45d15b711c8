import { type IssueReport } from '../../domain/issue-report.js';
import { isEmailSent } from '../../domain/report-delivery.js';
import type { JsonObject } from '../../domain/json.js';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** One row of GET /reports. */
export const toSummaryDict = (report: IssueReport): JsonObject => ({
  id: report.id,
  ticket_number: report.ticketNumber,
  category: report.category,
  severity: report.severity,
  status: report.status,
  title: report.title,
  created_at: iso(report.createdAt),
  github_issue_url: report.githubIssueUrl,
});

/**
 * What any user of the reporter's company may read (GET /report/:ticket).
 * Debug data (storage snapshots, console errors, API history, user actions)
 * and internal notes are for support staff only and never appear here.
 */
export const toDict = (report: IssueReport): JsonObject => ({
  ...toSummaryDict(report),
  description: report.description,
  steps_to_reproduce: report.stepsToReproduce,
  expected_behavior: report.expectedBehavior,
  actual_behavior: report.actualBehavior,
  user_name: report.reporterName,
  has_screenshot: report.screenshotPath !== null,
  updated_at: iso(report.updatedAt),
  resolved_at: iso(report.resolvedAt),
});

/** Everything, for support staff and operators. */
export const toStaffDict = (report: IssueReport): JsonObject => ({
  ...toDict(report),
  user_id: report.userId,
  company_id: report.companyId,
  user_email: report.reporterEmail,
  browser_info: report.browserInfo,
  page_url: report.pageUrl,
  page_title: report.pageTitle,
  viewport_size: report.viewportSize,
  screen_resolution: report.screenResolution,
  console_errors: [...report.consoleErrors],
  api_history: [...report.apiHistory],
  user_actions: [...report.userActions],
  local_storage_data: report.localStorageData,
  session_storage_data: report.sessionStorageData,
  screenshot_path: report.screenshotPath,
  screenshot_annotations: report.screenshotAnnotations ? [...report.screenshotAnnotations] : null,
  attachments: [...report.attachments],
  github_issue_id: report.githubIssueId,
  github_issue_number: report.githubIssueNumber,
  github_sync_status: report.githubSyncStatus,
  github_sync_error: report.githubSyncError,
  github_synced_at: iso(report.githubSyncedAt),
  internal_notes: report.internalNotes,
  assigned_to: report.assignedTo,
  resolution_notes: report.resolutionNotes,
  email_sent: isEmailSent(report),
  email_sent_at: iso(report.emailSentAt),
  email_status: report.emailStatus,
  email_error: report.emailError,
});
