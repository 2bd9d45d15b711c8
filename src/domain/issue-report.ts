import { ok, validationFailed, type FieldIssue, type Result } from './errors.js';
import type { JsonObject, JsonValue } from './json.js';

export const CATEGORIES = ['bug', 'feature_request', 'help', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = [
  'new',
  'in_review',
  'assigned',
  'in_progress',
  'resolved',
  'closed',
] as const;
export type Status = (typeof STATUSES)[number];

export const GITHUB_SYNC_STATUSES = ['pending', 'synced', 'failed'] as const;
export type GitHubSyncStatus = (typeof GITHUB_SYNC_STATUSES)[number];

/** `skipped`: the reporter has no e-mail address; nothing will be sent. */
export const EMAIL_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** The recorded reason of a `skipped` confirmation e-mail. */
export const NO_EMAIL_ADDRESS = 'The reporter has no e-mail address';

/** Limits on what a reporter submits (POST /report). The HTTP schema and the aggregate share them. */
export const LIMITS = {
  title: 255,
  longText: 50_000,
  pageUrl: 500,
  pageTitle: 255,
  dimension: 50,
  /** Debug arrays keep only their newest entries beyond this. */
  debugEntries: 500,
  screenshotPath: 500,
} as const;

/** Who submitted a report: taken from the authenticated principal, never from the body. */
export interface Reporter {
  readonly userId: number;
  readonly companyId: number;
  readonly name: string;
  readonly email: string | null;
}

/**
 * The aggregate. Plain immutable data: every change goes through a function
 * of this module that returns a new report, so that its rules hold everywhere.
 */
export interface IssueReport {
  readonly id: string;
  readonly ticketNumber: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly status: Status;
  readonly title: string;
  readonly description: string;
  readonly stepsToReproduce: string | null;
  readonly expectedBehavior: string | null;
  readonly actualBehavior: string | null;
  readonly userId: number;
  readonly companyId: number;
  readonly reporterName: string;
  readonly reporterEmail: string | null;
  readonly browserInfo: JsonObject | null;
  readonly pageUrl: string | null;
  readonly pageTitle: string | null;
  readonly viewportSize: string | null;
  readonly screenResolution: string | null;
  readonly consoleErrors: readonly JsonValue[];
  readonly apiHistory: readonly JsonValue[];
  readonly userActions: readonly JsonValue[];
  readonly localStorageData: JsonObject | null;
  readonly sessionStorageData: JsonObject | null;
  readonly screenshotPath: string | null;
  readonly screenshotAnnotations: readonly JsonValue[] | null;
  readonly attachments: readonly string[];
  readonly githubIssueId: number | null;
  readonly githubIssueUrl: string | null;
  readonly githubIssueNumber: number | null;
  readonly githubSyncStatus: GitHubSyncStatus;
  readonly githubSyncError: string | null;
  readonly githubSyncedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly resolvedAt: Date | null;
  readonly internalNotes: string | null;
  readonly assignedTo: string | null;
  readonly resolutionNotes: string | null;
  readonly emailStatus: EmailStatus;
  readonly emailSentAt: Date | null;
  readonly emailError: string | null;
}

/** What a reporter may say about a problem: the validated body of POST /report. */
export interface NewIssueReport {
  readonly category: Category;
  readonly severity: Severity;
  readonly title: string;
  readonly description: string;
  readonly stepsToReproduce?: string | null;
  readonly expectedBehavior?: string | null;
  readonly actualBehavior?: string | null;
  readonly browserInfo?: JsonObject | null;
  readonly pageUrl?: string | null;
  readonly pageTitle?: string | null;
  readonly viewportSize?: string | null;
  readonly screenResolution?: string | null;
  readonly consoleErrors?: readonly JsonValue[];
  readonly apiHistory?: readonly JsonValue[];
  readonly userActions?: readonly JsonValue[];
  readonly localStorageData?: JsonObject | null;
  readonly sessionStorageData?: JsonObject | null;
  readonly screenshotPath?: string | null;
  readonly screenshotAnnotations?: readonly JsonValue[] | null;
  readonly attachments?: readonly string[];
}

export interface Minted {
  readonly id: string;
  readonly ticketNumber: string;
  readonly now: Date;
}

/** Arrays of browser events are in the order they happened; keep the newest. */
export const newest = <T>(
  items: readonly T[] | undefined,
  max: number = LIMITS.debugEntries,
): T[] => (items ? items.slice(Math.max(0, items.length - max)) : []);

function checkText(
  issues: FieldIssue[],
  path: string,
  value: string | null | undefined,
  { min, max }: { min: number; max: number },
): string | null {
  if (value === null || value === undefined) {
    if (min > 0) issues.push({ path, message: 'Required' });
    return null;
  }
  const text = min > 0 ? value.trim() : value;
  if (text.length < min) issues.push({ path, message: 'Required' });
  else if (text.length > max) issues.push({ path, message: `At most ${max} characters` });
  return text;
}

interface CheckedText {
  readonly title: string;
  readonly description: string;
  readonly stepsToReproduce: string | null;
  readonly expectedBehavior: string | null;
  readonly actualBehavior: string | null;
  readonly pageUrl: string | null;
  readonly pageTitle: string | null;
  readonly viewportSize: string | null;
  readonly screenResolution: string | null;
}

/**
 * The aggregate's own guard on what a reporter typed (title and description
 * required after trimming, every text within its limit). The HTTP schema
 * checks the same limits first; this keeps library callers honest too.
 */
export function checkNewIssueReport(input: NewIssueReport): Result<CheckedText> {
  const issues: FieldIssue[] = [];
  const title = checkText(issues, 'title', input.title, { min: 1, max: LIMITS.title });
  const description = checkText(issues, 'description', input.description, {
    min: 1,
    max: LIMITS.longText,
  });
  const optional = (path: string, value: string | null | undefined, max: number) =>
    checkText(issues, path, value, { min: 0, max });
  const checked = {
    stepsToReproduce: optional('steps_to_reproduce', input.stepsToReproduce, LIMITS.longText),
    expectedBehavior: optional('expected_behavior', input.expectedBehavior, LIMITS.longText),
    actualBehavior: optional('actual_behavior', input.actualBehavior, LIMITS.longText),
    pageUrl: optional('page_url', input.pageUrl, LIMITS.pageUrl),
    pageTitle: optional('page_title', input.pageTitle, LIMITS.pageTitle),
    viewportSize: optional('viewport_size', input.viewportSize, LIMITS.dimension),
    screenResolution: optional('screen_resolution', input.screenResolution, LIMITS.dimension),
  };
  if (issues.length > 0 || title === null || description === null) return validationFailed(issues);
  return ok({ title, description, ...checked });
}

/** Creates a report in status `new`, awaiting GitHub sync and its confirmation e-mail. */
export function createIssueReport(
  input: NewIssueReport,
  reporter: Reporter,
  { id, ticketNumber, now }: Minted,
): Result<IssueReport> {
  const checked = checkNewIssueReport(input);
  if (!checked.ok) return checked;
  const {
    title,
    description,
    stepsToReproduce,
    expectedBehavior,
    actualBehavior,
    pageUrl,
    pageTitle,
    viewportSize,
    screenResolution,
  } = checked.value;

  return ok({
    id,
    ticketNumber,
    category: input.category,
    severity: input.severity,
    status: 'new',
    title,
    description,
    stepsToReproduce,
    expectedBehavior,
    actualBehavior,
    userId: reporter.userId,
    companyId: reporter.companyId,
    reporterName: reporter.name,
    reporterEmail: reporter.email,
    browserInfo: input.browserInfo ?? null,
    pageUrl,
    pageTitle,
    viewportSize,
    screenResolution,
    consoleErrors: newest(input.consoleErrors),
    apiHistory: newest(input.apiHistory),
    userActions: newest(input.userActions),
    localStorageData: input.localStorageData ?? null,
    sessionStorageData: input.sessionStorageData ?? null,
    screenshotPath: input.screenshotPath ?? null,
    screenshotAnnotations: input.screenshotAnnotations ?? null,
    attachments: [...(input.attachments ?? [])],
    githubIssueId: null,
    githubIssueUrl: null,
    githubIssueNumber: null,
    githubSyncStatus: 'pending',
    githubSyncError: null,
    githubSyncedAt: null,
    createdAt: now,
    updatedAt: now,
    resolvedAt: null,
    internalNotes: null,
    assignedTo: null,
    resolutionNotes: null,
    emailStatus: reporter.email ? 'pending' : 'skipped',
    emailSentAt: null,
    emailError: reporter.email ? null : NO_EMAIL_ADDRESS,
  });
}
