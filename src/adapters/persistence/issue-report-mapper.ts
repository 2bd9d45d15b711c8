import {
  CATEGORIES,
  EMAIL_STATUSES,
  GITHUB_SYNC_STATUSES,
  SEVERITIES,
  STATUSES,
  type IssueReport,
} from '../../domain/issue-report.js';
import type { JsonValue } from '../../domain/json.js';
import type { IssueReportRow, WritableIssueReportRow } from './issue-report-model.js';
import { storable } from './storable-text.js';

/** PostgreSQL enforces the enums; this catches a schema and code that drifted apart. */
function member<T extends string>(allowed: readonly T[], value: string, column: string): T {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined)
    throw new Error(`issue_reports.${column} holds an unknown value: ${value}`);
  return found;
}

const toNumber = (value: string | number | null): number | null =>
  value === null ? null : Number(value);

export function toIssueReport(row: IssueReportRow): IssueReport {
  return {
    id: row.id,
    ticketNumber: row.ticket_number,
    category: member(CATEGORIES, row.category, 'category'),
    severity: member(SEVERITIES, row.severity, 'severity'),
    status: member(STATUSES, row.status, 'status'),
    title: row.title,
    description: row.description,
    stepsToReproduce: row.steps_to_reproduce,
    expectedBehavior: row.expected_behavior,
    actualBehavior: row.actual_behavior,
    userId: row.user_id,
    companyId: row.company_id,
    reporterName: row.reporter_name,
    reporterEmail: row.reporter_email,
    browserInfo: row.browser_info,
    pageUrl: row.page_url,
    pageTitle: row.page_title,
    viewportSize: row.viewport_size,
    screenResolution: row.screen_resolution,
    consoleErrors: row.console_errors,
    apiHistory: row.api_history,
    userActions: row.user_actions,
    localStorageData: row.local_storage_data,
    sessionStorageData: row.session_storage_data,
    screenshotPath: row.screenshot_path,
    screenshotAnnotations: row.screenshot_annotations,
    attachments: row.attachments,
    githubIssueId: toNumber(row.github_issue_id),
    githubIssueUrl: row.github_issue_url,
    githubIssueNumber: row.github_issue_number,
    githubSyncStatus: member(GITHUB_SYNC_STATUSES, row.github_sync_status, 'github_sync_status'),
    githubSyncError: row.github_sync_error,
    githubSyncedAt: row.github_synced_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    internalNotes: row.internal_notes,
    assignedTo: row.assigned_to,
    resolutionNotes: row.resolution_notes,
    emailStatus: member(EMAIL_STATUSES, row.email_status, 'email_status'),
    emailSentAt: row.email_sent_at,
    emailError: row.email_error,
  };
}

/** Strings anywhere in a JSON value, keys included, made storable. */
function cleanJson<T extends JsonValue>(value: T): T;
function cleanJson(value: JsonValue): JsonValue {
  if (typeof value === 'string') return storable(value);
  if (Array.isArray(value)) return value.map(cleanJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), cleanJson(v)]));
  }
  return value;
}

const cleanArray = <T extends JsonValue>(items: readonly T[]): T[] => items.map(cleanJson);
const cleanOptional = <T extends JsonValue>(value: T | null): T | null =>
  value === null ? null : cleanJson(value);

export function toIssueReportRow(report: IssueReport): WritableIssueReportRow {
  return {
    id: report.id,
    ticket_number: report.ticketNumber,
    category: report.category,
    severity: report.severity,
    status: report.status,
    title: storable(report.title),
    description: storable(report.description),
    steps_to_reproduce: storable(report.stepsToReproduce),
    expected_behavior: storable(report.expectedBehavior),
    actual_behavior: storable(report.actualBehavior),
    user_id: report.userId,
    company_id: report.companyId,
    reporter_name: storable(report.reporterName),
    reporter_email: storable(report.reporterEmail),
    browser_info: cleanOptional(report.browserInfo),
    page_url: storable(report.pageUrl),
    page_title: storable(report.pageTitle),
    viewport_size: storable(report.viewportSize),
    screen_resolution: storable(report.screenResolution),
    console_errors: cleanArray(report.consoleErrors),
    api_history: cleanArray(report.apiHistory),
    user_actions: cleanArray(report.userActions),
    local_storage_data: cleanOptional(report.localStorageData),
    session_storage_data: cleanOptional(report.sessionStorageData),
    screenshot_path: report.screenshotPath,
    screenshot_annotations: report.screenshotAnnotations
      ? cleanArray(report.screenshotAnnotations)
      : null,
    attachments: cleanArray(report.attachments),
    github_issue_id: report.githubIssueId,
    github_issue_url: report.githubIssueUrl,
    github_issue_number: report.githubIssueNumber,
    github_sync_status: report.githubSyncStatus,
    github_sync_error: storable(report.githubSyncError),
    github_synced_at: report.githubSyncedAt,
    created_at: report.createdAt,
    updated_at: report.updatedAt,
    resolved_at: report.resolvedAt,
    internal_notes: storable(report.internalNotes),
    assigned_to: storable(report.assignedTo),
    resolution_notes: storable(report.resolutionNotes),
    email_status: report.emailStatus,
    email_sent_at: report.emailSentAt,
    email_error: storable(report.emailError),
  };
}
