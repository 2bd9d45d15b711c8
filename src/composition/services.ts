import type Koa from 'koa';
import type { Authenticate } from '../adapters/http/auth.js';
import type { Clock } from '../application/ports/clock.js';
import type { IdGenerator } from '../application/ports/id-generator.js';
import type { IssueReportRepository } from '../application/ports/issue-report-repository.js';
import type { EmailRenderer } from '../application/ports/email-renderer.js';
import type { ImageProcessor } from '../application/ports/image-processor.js';
import type { IssueTracker } from '../application/ports/issue-tracker.js';
import type { JobQueue } from '../application/ports/job-queue.js';
import type { Logger } from '../application/ports/logger.js';
import type { Mailer } from '../application/ports/mailer.js';
import type { RequestPacer } from '../application/ports/request-pacer.js';
import type { RateLimiter } from '../application/ports/rate-limiter.js';
import type { ScreenshotStore } from '../application/ports/screenshot-store.js';
import type { TicketSequence } from '../application/ports/ticket-sequence.js';
import type { UploadRegistry } from '../application/ports/upload-registry.js';
import type { GetPublicScreenshot } from '../application/use-cases/get-public-screenshot.js';
import type { GetScreenshot } from '../application/use-cases/get-screenshot.js';
import type { UploadScreenshot } from '../application/use-cases/upload-screenshot.js';
import type { GetIssueReport } from '../application/use-cases/get-issue-report.js';
import type { ListIssueReports } from '../application/use-cases/list-issue-reports.js';
import type { RequeuePendingGitHubSyncs } from '../application/use-cases/requeue-pending-github-syncs.js';
import type {
  RetryFailedEmails,
  RetryFailedGitHubSyncs,
} from '../application/use-cases/retry-failed-deliveries.js';
import type { SendConfirmationEmail } from '../application/use-cases/send-confirmation-email.js';
import type { SyncReportToGitHub } from '../application/use-cases/sync-report-to-github.js';
import type { SubmitIssueReport } from '../application/use-cases/submit-issue-report.js';
import type { Config } from './config.js';
import { TOKENS } from './tokens.js';

/**
 * What each token of the container holds. Keys are the names in `TOKENS`,
 * so `overrides` and the typed `resolve` below cannot disagree with them.
 */
export interface Services {
  config: Config;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  reports: IssueReportRepository;
  tickets: TicketSequence;
  jobQueue: JobQueue;
  issueTracker: IssueTracker;
  /**
   * Where the GitHub sync writes the issue it would file while GitHub is
   * disabled (the standalone server's Markdown outbox); null: nowhere.
   */
  githubPreview: IssueTracker | null;
  mailer: Mailer;
  screenshots: ScreenshotStore;
  rateLimiter: RateLimiter;
  /** Failed sign-ins per client address (see the support router). */
  authFailures: RateLimiter;
  /** Screenshot uploads per user (`UPLOAD_RATE_LIMIT`), counted in this process. */
  uploadLimiter: RateLimiter;
  images: ImageProcessor;
  emailRenderer: EmailRenderer;
  pacer: RequestPacer;
  uploads: UploadRegistry;
  submitIssueReport: SubmitIssueReport;
  listIssueReports: ListIssueReports;
  getIssueReport: GetIssueReport;
  uploadScreenshot: UploadScreenshot;
  getScreenshot: GetScreenshot;
  getPublicScreenshot: GetPublicScreenshot;
  syncReportToGitHub: SyncReportToGitHub;
  sendConfirmationEmail: SendConfirmationEmail;
  retryFailedGitHubSyncs: RetryFailedGitHubSyncs;
  requeuePendingGitHubSyncs: RequeuePendingGitHubSyncs;
  retryFailedEmails: RetryFailedEmails;
  authenticate: Authenticate;
  /** Whether the app can serve: the readiness probe asks it. */
  ready: () => Promise<boolean>;
  httpApp: Koa;
}

export type ServiceName = keyof Services & keyof typeof TOKENS;

/** Instances that replace the bindings of the modules (tests, a host's own adapters). */
export type Overrides = { readonly [K in ServiceName]?: Services[K] };

// Fails to compile when a service has no token.
const _everyServiceHasAToken: Record<keyof Services, symbol> = TOKENS;
