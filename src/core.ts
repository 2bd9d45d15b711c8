/**
 * `bugport/core`: the domain and the use cases behind their ports, with no
 * HTTP, no database and no npm dependency loaded. A host brings its own
 * adapters (or the in-memory ones below). The delivery transitions
 * (`markGitHubSynced`, …) are not here: only the use cases move a report's
 * GitHub and e-mail state. Every export is listed in docs/embedding.md.
 */

// Domain
export {
  CATEGORIES,
  SEVERITIES,
  STATUSES,
  GITHUB_SYNC_STATUSES,
  EMAIL_STATUSES,
  LIMITS,
  checkNewIssueReport,
  createIssueReport,
} from './domain/issue-report.js';
export { STATUS_MOVES, canMove, changeStatus } from './domain/workflow.js';
export type {
  Category,
  Severity,
  Status,
  GitHubSyncStatus,
  EmailStatus,
  IssueReport,
  NewIssueReport,
  Reporter,
} from './domain/issue-report.js';
export { toDict, toStaffDict, toSummaryDict } from './adapters/http/issue-report-presenter.js';
export { formatTicketNumber, parseTicketNumber } from './domain/ticket-number.js';
export type { TicketNumber } from './domain/ticket-number.js';
export { fail, ok } from './domain/errors.js';
export type { ErrorCode, Failure, FieldIssue, Result } from './domain/errors.js';
export type { JsonObject, JsonValue } from './domain/json.js';
export { formatGitHubIssue, issueMarker } from './domain/github-issue.js';
export { REDACTED, redactJson, redactText } from './domain/redaction.js';

// Application: ports, errors, use cases
export type { Principal } from './application/access/principal.js';
export { DependencyUnavailableError } from './application/errors/dependency-unavailable-error.js';
export { DeliveryError } from './application/errors/delivery-error.js';
export type { Clock } from './application/ports/clock.js';
export type { IdGenerator } from './application/ports/id-generator.js';
export type {
  IssueReportRepository,
  ListQuery,
  Page,
  ReportRef,
} from './application/ports/issue-report-repository.js';
export type { IssueDraft, IssueTracker, TrackedIssue } from './application/ports/issue-tracker.js';
export { JOB_NAMES } from './application/ports/job-queue.js';
export type {
  Job,
  JobContext,
  JobHandler,
  JobName,
  JobOutcome,
  JobQueue,
} from './application/ports/job-queue.js';
export type { Logger } from './application/ports/logger.js';
export type { MailMessage, Mailer } from './application/ports/mailer.js';
export type { RateDecision, RateLimiter } from './application/ports/rate-limiter.js';
export type { ScreenshotStore } from './application/ports/screenshot-store.js';
export type { TicketSequence } from './application/ports/ticket-sequence.js';
export type { EmailRenderer } from './application/ports/email-renderer.js';
export type { ImageProcessor, ProcessedImage } from './application/ports/image-processor.js';
export type { UploadRegistry, UploadRecord } from './application/ports/upload-registry.js';
export type { RequestPacer } from './application/ports/request-pacer.js';
export { IdempotencyKeyTaken } from './application/ports/issue-report-repository.js';
export { SyncReportToGitHub } from './application/use-cases/sync-report-to-github.js';
export { SendConfirmationEmail } from './application/use-cases/send-confirmation-email.js';
export { RequeuePendingGitHubSyncs } from './application/use-cases/requeue-pending-github-syncs.js';
export {
  RetryFailedDeliveries,
  RetryFailedEmails,
  RetryFailedGitHubSyncs,
} from './application/use-cases/retry-failed-deliveries.js';
export { UploadScreenshot } from './application/use-cases/upload-screenshot.js';
export { GetScreenshot } from './application/use-cases/get-screenshot.js';
export { GetPublicScreenshot } from './application/use-cases/get-public-screenshot.js';
export { SubmitIssueReport } from './application/use-cases/submit-issue-report.js';
export type {
  SubmitIssueReportCommand,
  SubmitIssueReportDeps,
  SubmittedIssueReport,
} from './application/use-cases/submit-issue-report.js';
export { ListIssueReports } from './application/use-cases/list-issue-reports.js';
export type {
  IssueReportList,
  ListIssueReportsQuery,
  Pagination,
} from './application/use-cases/list-issue-reports.js';
export { GetIssueReport } from './application/use-cases/get-issue-report.js';
export type { GetIssueReportQuery } from './application/use-cases/get-issue-report.js';

// In-memory adapters: fakes with inspectable state, for tests, demos and single-process hosts
export { InMemoryIssueReportRepository } from './adapters/in-memory/in-memory-issue-report-repository.js';
export { InMemoryIssueTracker } from './adapters/in-memory/in-memory-issue-tracker.js';
export { InMemoryJobQueue } from './adapters/in-memory/in-memory-job-queue.js';
export { InMemoryMailer } from './adapters/in-memory/in-memory-mailer.js';
export { InMemoryRateLimiter } from './adapters/in-memory/in-memory-rate-limiter.js';
export { InMemoryScreenshotStore } from './adapters/in-memory/in-memory-screenshot-store.js';
export { InMemoryTicketSequence } from './adapters/in-memory/in-memory-ticket-sequence.js';
export { ManualClock } from './adapters/in-memory/manual-clock.js';
export { SequentialIdGenerator } from './adapters/in-memory/sequential-id-generator.js';
export { SystemClock } from './adapters/system/system-clock.js';
export { RandomIdGenerator } from './adapters/system/random-id-generator.js';
