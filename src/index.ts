/**
 * The public API of bugport as a library. Everything a host needs and
 * nothing else: the domain core and use cases work on their own, with no
 * HTTP and no database; the HTTP adapter and the container are optional.
 */

// Domain
export {
  CATEGORIES,
  SEVERITIES,
  STATUSES,
  GITHUB_SYNC_STATUSES,
  EMAIL_STATUSES,
  LIMITS,
  STATUS_MOVES,
  canMove,
  changeStatus,
  checkNewIssueReport,
  createIssueReport,
} from './domain/issue-report.js';
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
export { toDict, toStaffDict, toSummaryDict } from './domain/issue-report-views.js';
export { createIssueComment } from './domain/issue-comment.js';
export type { IssueComment, NewIssueComment } from './domain/issue-comment.js';
export { formatTicketNumber, parseTicketNumber } from './domain/ticket-number.js';
export type { TicketNumber } from './domain/ticket-number.js';
export { fail, ok } from './domain/errors.js';
export type { ErrorCode, Failure, FieldIssue, Result } from './domain/errors.js';
export type { JsonObject, JsonValue } from './domain/json.js';

// Application: ports, errors, use cases
export type { Principal } from './application/principal.js';
export { DependencyUnavailableError } from './application/errors.js';
export { DeliveryError } from './application/ports/delivery-error.js';
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

// HTTP adapter
export { createHttpApp } from './adapters/http/create-http-app.js';
export type { HttpAppDeps } from './adapters/http/create-http-app.js';
export { SUPPORT_PREFIX, createSupportRouter } from './adapters/http/support-router.js';
export type { SupportRouterDeps } from './adapters/http/support-router.js';
export { bearerJwtAuthenticator } from './adapters/http/auth.js';
export type { Authenticate } from './adapters/http/auth.js';
export { STATUS_OF } from './adapters/http/error-status.js';
export type { HttpErrorCode } from './adapters/http/error-status.js';

// In-memory and system adapters
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

// Composition
export { buildContainer, resolve } from './composition/container.js';
export type { BuildContainerOptions } from './composition/container.js';
export { loadConfig, readEnvironment } from './composition/config.js';
export type { Config, ConfigResult } from './composition/config.js';
export { TOKENS } from './composition/tokens.js';
export type { Overrides, ServiceName, Services } from './composition/services.js';
export { coreModule } from './composition/modules/core-module.js';
export { httpModule } from './composition/modules/http-module.js';
export { inMemoryModule } from './composition/modules/in-memory-module.js';
export { systemModule } from './composition/modules/system-module.js';
