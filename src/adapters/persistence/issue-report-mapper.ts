import {
  CATEGORIES,
  EMAIL_STATUSES,
  GITHUB_SYNC_STATUSES,
  SEVERITIES,
  STATUSES,
  type IssueReport,
} from '../../domain/issue-report.js';
import type { JsonValue } from '../../domain/json.js';
import { toFormattedTicketNumber, type FormattedTicketNumber } from '../../domain/ticket-number.js';
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

/** The ticket number of a row, checked like an enum: the column holds nothing else. */
function ticketNumberOf(value: string): FormattedTicketNumber {
  const ticket = toFormattedTicketNumber(value);
  if (ticket === null)
    throw new Error(`issue_reports.ticket_number holds an unknown value: ${value}`);
  return ticket;
}

export function toIssueReport(row: IssueReportRow): IssueReport {
  return {
    id: row.id,
    ticketNumber: ticketNumberOf(row.ticket_number),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    reporter: {
      userId: row.user_id,
      companyId: row.company_id,
      name: row.reporter_name,
      email: row.reporter_email,
    },
    problem: {
      category: member(CATEGORIES, row.category, 'category'),
      severity: member(SEVERITIES, row.severity, 'severity'),
      title: row.title,
      description: row.description,
      stepsToReproduce: row.steps_to_reproduce,
      expectedBehavior: row.expected_behavior,
      actualBehavior: row.actual_behavior,
    },
    context: {
      pageUrl: row.page_url,
      pageTitle: row.page_title,
      viewportSize: row.viewport_size,
      screenResolution: row.screen_resolution,
      browserInfo: row.browser_info,
    },
    debug: {
      consoleErrors: row.console_errors,
      apiHistory: row.api_history,
      userActions: row.user_actions,
      localStorageData: row.local_storage_data,
      sessionStorageData: row.session_storage_data,
    },
    screenshot: {
      path: row.screenshot_path,
      annotations: row.screenshot_annotations,
      attachments: row.attachments,
    },
    github: {
      syncStatus: member(GITHUB_SYNC_STATUSES, row.github_sync_status, 'github_sync_status'),
      syncError: row.github_sync_error,
      syncedAt: row.github_synced_at,
      issueId: toNumber(row.github_issue_id),
      issueNumber: row.github_issue_number,
      issueUrl: row.github_issue_url,
    },
    email: {
      status: member(EMAIL_STATUSES, row.email_status, 'email_status'),
      sentAt: row.email_sent_at,
      error: row.email_error,
    },
    workflow: {
      status: member(STATUSES, row.status, 'status'),
      assignedTo: row.assigned_to,
      internalNotes: row.internal_notes,
      resolutionNotes: row.resolution_notes,
      resolvedAt: row.resolved_at,
    },
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
  const { reporter, problem, context, debug, screenshot, github, email, workflow } = report;
  return {
    id: report.id,
    ticket_number: report.ticketNumber,
    category: problem.category,
    severity: problem.severity,
    status: workflow.status,
    title: storable(problem.title),
    description: storable(problem.description),
    steps_to_reproduce: storable(problem.stepsToReproduce),
    expected_behavior: storable(problem.expectedBehavior),
    actual_behavior: storable(problem.actualBehavior),
    user_id: reporter.userId,
    company_id: reporter.companyId,
    reporter_name: storable(reporter.name),
    reporter_email: storable(reporter.email),
    browser_info: cleanOptional(context.browserInfo),
    page_url: storable(context.pageUrl),
    page_title: storable(context.pageTitle),
    viewport_size: storable(context.viewportSize),
    screen_resolution: storable(context.screenResolution),
    console_errors: cleanArray(debug.consoleErrors),
    api_history: cleanArray(debug.apiHistory),
    user_actions: cleanArray(debug.userActions),
    local_storage_data: cleanOptional(debug.localStorageData),
    session_storage_data: cleanOptional(debug.sessionStorageData),
    screenshot_path: screenshot.path,
    screenshot_annotations: screenshot.annotations ? cleanArray(screenshot.annotations) : null,
    attachments: cleanArray(screenshot.attachments),
    github_issue_id: github.issueId,
    github_issue_url: github.issueUrl,
    github_issue_number: github.issueNumber,
    github_sync_status: github.syncStatus,
    github_sync_error: storable(github.syncError),
    github_synced_at: github.syncedAt,
    created_at: report.createdAt,
    updated_at: report.updatedAt,
    resolved_at: workflow.resolvedAt,
    internal_notes: storable(workflow.internalNotes),
    assigned_to: storable(workflow.assignedTo),
    resolution_notes: storable(workflow.resolutionNotes),
    email_status: email.status,
    email_sent_at: email.sentAt,
    email_error: storable(email.error),
  };
}
