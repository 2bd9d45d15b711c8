import { ok, validationFailed, type FieldIssue, type Result } from './errors.js';
import type { JsonObject, JsonValue } from './json.js';
import type { FormattedTicketNumber } from './ticket-number.js';

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

/** A new report's GitHub slice: waiting to be filed, nothing filed yet. */
export const NOT_YET_FILED: GitHubDelivery = {
  syncStatus: 'pending',
  syncError: null,
  syncedAt: null,
  issueId: null,
  issueNumber: null,
  issueUrl: null,
};

/** A new report's e-mail slice: a confirmation to send, or none without an address. */
export const firstEmailState = (email: string | null): EmailDelivery =>
  email
    ? { status: 'pending', sentAt: null, error: null }
    : { status: 'skipped', sentAt: null, error: NO_EMAIL_ADDRESS };

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

/** What the reporter says went wrong, checked and trimmed. */
export interface ProblemStatement {
  readonly category: Category;
  readonly severity: Severity;
  readonly title: string;
  readonly description: string;
  readonly stepsToReproduce: string | null;
  readonly expectedBehavior: string | null;
  readonly actualBehavior: string | null;
}

/** Where the reporter was: the page and the browser showing it. */
export interface PageContext {
  readonly pageUrl: string | null;
  readonly pageTitle: string | null;
  readonly viewportSize: string | null;
  readonly screenResolution: string | null;
  readonly browserInfo: JsonObject | null;
}

/** What the browser recorded before the report: for support staff, never public. */
export interface DebugData {
  readonly consoleErrors: readonly JsonValue[];
  readonly apiHistory: readonly JsonValue[];
  readonly userActions: readonly JsonValue[];
  readonly localStorageData: JsonObject | null;
  readonly sessionStorageData: JsonObject | null;
}

/** The report's screenshot (a stored file name) and the uploads attached to it. */
export interface ScreenshotRefs {
  readonly path: string | null;
  readonly annotations: readonly JsonValue[] | null;
  readonly attachments: readonly string[];
}

/** Filing the report as a GitHub issue (transitions in `report-delivery.ts`). */
export interface GitHubDelivery {
  readonly syncStatus: GitHubSyncStatus;
  readonly syncError: string | null;
  readonly syncedAt: Date | null;
  readonly issueId: number | null;
  readonly issueNumber: number | null;
  readonly issueUrl: string | null;
}

/** The reporter's confirmation e-mail (transitions in `report-delivery.ts`). */
export interface EmailDelivery {
  readonly status: EmailStatus;
  readonly sentAt: Date | null;
  readonly error: string | null;
}

/** What support staff do with the report (transitions in `workflow.ts`). */
export interface Workflow {
  readonly status: Status;
  readonly assignedTo: string | null;
  readonly internalNotes: string | null;
  readonly resolutionNotes: string | null;
  readonly resolvedAt: Date | null;
}

/**
 * The aggregate. Plain immutable data: every change goes through a function
 * of the domain that returns a new report, so that its rules hold everywhere.
 * Each change touches one slice (a delivery its own, the staff workflow
 * `workflow`) and `updatedAt`.
 */
export interface IssueReport {
  readonly id: string;
  readonly ticketNumber: FormattedTicketNumber;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly reporter: Reporter;
  readonly problem: ProblemStatement;
  readonly context: PageContext;
  readonly debug: DebugData;
  readonly screenshot: ScreenshotRefs;
  readonly github: GitHubDelivery;
  readonly email: EmailDelivery;
  readonly workflow: Workflow;
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
  readonly ticketNumber: FormattedTicketNumber;
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

/** What `checkNewIssueReport` checked: the reporter's texts, trimmed where required. */
type CheckedText = Pick<ProblemStatement, TextField> & Pick<PageContext, PageField>;
type TextField =
  'title' | 'description' | 'stepsToReproduce' | 'expectedBehavior' | 'actualBehavior';
type PageField = 'pageUrl' | 'pageTitle' | 'viewportSize' | 'screenResolution';

/**
 * The aggregate's own guard on what a reporter typed (title and description
 * required after trimming, every text within its limit). The HTTP schema
 * checks the same limits first; this keeps library callers honest too.
 * Each issue's `path` is the `NewIssueReport` field; adapters name it as their callers do.
 */
export function checkNewIssueReport(input: NewIssueReport): Result<CheckedText> {
  const issues: FieldIssue[] = [];
  const title = checkText(issues, 'title', input.title, { min: 1, max: LIMITS.title });
  const description = checkText(issues, 'description', input.description, {
    min: 1,
    max: LIMITS.longText,
  });
  const optional = (path: TextField | PageField, max: number) =>
    checkText(issues, path, input[path], { min: 0, max });
  const checked = {
    stepsToReproduce: optional('stepsToReproduce', LIMITS.longText),
    expectedBehavior: optional('expectedBehavior', LIMITS.longText),
    actualBehavior: optional('actualBehavior', LIMITS.longText),
    pageUrl: optional('pageUrl', LIMITS.pageUrl),
    pageTitle: optional('pageTitle', LIMITS.pageTitle),
    viewportSize: optional('viewportSize', LIMITS.dimension),
    screenResolution: optional('screenResolution', LIMITS.dimension),
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
  const { pageUrl, pageTitle, viewportSize, screenResolution, ...texts } = checked.value;

  return ok({
    id,
    ticketNumber,
    createdAt: now,
    updatedAt: now,
    reporter: {
      userId: reporter.userId,
      companyId: reporter.companyId,
      name: reporter.name,
      email: reporter.email,
    },
    problem: { category: input.category, severity: input.severity, ...texts },
    context: {
      pageUrl,
      pageTitle,
      viewportSize,
      screenResolution,
      browserInfo: input.browserInfo ?? null,
    },
    debug: {
      consoleErrors: newest(input.consoleErrors),
      apiHistory: newest(input.apiHistory),
      userActions: newest(input.userActions),
      localStorageData: input.localStorageData ?? null,
      sessionStorageData: input.sessionStorageData ?? null,
    },
    screenshot: {
      path: input.screenshotPath ?? null,
      annotations: input.screenshotAnnotations ?? null,
      attachments: [...(input.attachments ?? [])],
    },
    github: NOT_YET_FILED,
    email: firstEmailState(reporter.email),
    workflow: {
      status: 'new',
      assignedTo: null,
      internalNotes: null,
      resolutionNotes: null,
      resolvedAt: null,
    },
  });
}
