import { type IssueReport } from '../../domain/issue-report.js';
import { isEmailSent } from '../../domain/report-delivery.js';
import type { JsonObject } from '../../domain/json.js';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** One row of GET /reports. */
export const toSummaryDict = (report: IssueReport): JsonObject => ({
  id: report.id,
  ticket_number: report.ticketNumber,
  category: report.problem.category,
  severity: report.problem.severity,
  status: report.workflow.status,
  title: report.problem.title,
  created_at: iso(report.createdAt),
  github_issue_url: report.github.issueUrl,
});

/**
 * What any user of the reporter's company may read (GET /report/:ticket).
 * Debug data (storage snapshots, console errors, API history, user actions)
 * and internal notes are for support staff only and never appear here.
 */
export const toDict = (report: IssueReport): JsonObject => ({
  ...toSummaryDict(report),
  description: report.problem.description,
  steps_to_reproduce: report.problem.stepsToReproduce,
  expected_behavior: report.problem.expectedBehavior,
  actual_behavior: report.problem.actualBehavior,
  user_name: report.reporter.name,
  has_screenshot: report.screenshot.path !== null,
  updated_at: iso(report.updatedAt),
  resolved_at: iso(report.workflow.resolvedAt),
});

/** Everything, for support staff and operators. */
export const toStaffDict = (report: IssueReport): JsonObject => ({
  ...toDict(report),
  user_id: report.reporter.userId,
  company_id: report.reporter.companyId,
  user_email: report.reporter.email,
  browser_info: report.context.browserInfo,
  page_url: report.context.pageUrl,
  page_title: report.context.pageTitle,
  viewport_size: report.context.viewportSize,
  screen_resolution: report.context.screenResolution,
  console_errors: [...report.debug.consoleErrors],
  api_history: [...report.debug.apiHistory],
  user_actions: [...report.debug.userActions],
  local_storage_data: report.debug.localStorageData,
  session_storage_data: report.debug.sessionStorageData,
  screenshot_path: report.screenshot.path,
  screenshot_annotations: report.screenshot.annotations ? [...report.screenshot.annotations] : null,
  attachments: [...report.screenshot.attachments],
  github_issue_id: report.github.issueId,
  github_issue_number: report.github.issueNumber,
  github_sync_status: report.github.syncStatus,
  github_sync_error: report.github.syncError,
  github_synced_at: iso(report.github.syncedAt),
  internal_notes: report.workflow.internalNotes,
  assigned_to: report.workflow.assignedTo,
  resolution_notes: report.workflow.resolutionNotes,
  email_sent: isEmailSent(report),
  email_sent_at: iso(report.email.sentAt),
  email_status: report.email.status,
  email_error: report.email.error,
});
