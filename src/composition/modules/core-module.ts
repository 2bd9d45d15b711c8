import { ContainerModule } from 'inversify';
import { GetPublicScreenshot } from '../../application/use-cases/get-public-screenshot.js';
import { GetScreenshot } from '../../application/use-cases/get-screenshot.js';
import { UploadScreenshot } from '../../application/use-cases/upload-screenshot.js';
import { GetIssueReport } from '../../application/use-cases/get-issue-report.js';
import { ListIssueReports } from '../../application/use-cases/list-issue-reports.js';
import { SubmitIssueReport } from '../../application/use-cases/submit-issue-report.js';
import { screenshotUrlSigner } from '../../adapters/http/signed-screenshot-url.js';
import { RequeuePendingGitHubSyncs } from '../../application/use-cases/requeue-pending-github-syncs.js';
import {
  RetryFailedEmails,
  RetryFailedGitHubSyncs,
} from '../../application/use-cases/retry-failed-deliveries.js';
import { SendConfirmationEmail } from '../../application/use-cases/send-confirmation-email.js';
import { SyncReportToGitHub } from '../../application/use-cases/sync-report-to-github.js';
import type { Config } from '../config.js';
import { screenshotUrlSecret } from '../secrets.js';
import { provide } from './provide.js';

/** Links to screenshots in GitHub issues exist only when the server has a public URL. */
export function publicScreenshotUrl(config: Config) {
  if (!config.publicBaseUrl) return () => null;
  const sign = screenshotUrlSigner(config.publicBaseUrl, screenshotUrlSecret(config));
  return (report: { readonly screenshot: { readonly path: string | null } }) =>
    report.screenshot.path ? sign(report.screenshot.path) : null;
}

/** The use cases, built from whatever adapters the other modules bound to the ports. */
export const coreModule = new ContainerModule((options) => {
  provide(
    options,
    'submitIssueReport',
    [
      'reports',
      'tickets',
      'rateLimiter',
      'clock',
      'ids',
      'images',
      'screenshots',
      'uploads',
      'config',
    ],
    (reports, tickets, rateLimiter, clock, ids, images, screenshots, uploads, config) =>
      new SubmitIssueReport({
        reports,
        tickets,
        rateLimiter,
        clock,
        ids,
        screenshotSupport: {
          images,
          store: screenshots,
          uploads,
          maxBytes: config.maxScreenshotBytes,
        },
      }),
  );
  provide(
    options,
    'uploadScreenshot',
    ['images', 'screenshots', 'uploads', 'ids', 'clock', 'uploadLimiter', 'config'],
    (images, screenshots, uploads, ids, clock, uploadLimiter, config) =>
      new UploadScreenshot({
        images,
        screenshots,
        uploads,
        ids,
        clock,
        rateLimiter: uploadLimiter,
        maxBytes: config.maxScreenshotBytes,
        uploadDirLabel: config.uploadDir,
      }),
  );
  provide(
    options,
    'getScreenshot',
    ['reports', 'screenshots'],
    (reports, screenshots) => new GetScreenshot({ reports, screenshots }),
  );
  provide(
    options,
    'getPublicScreenshot',
    ['screenshots'],
    (screenshots) => new GetPublicScreenshot({ screenshots }),
  );
  provide(options, 'listIssueReports', ['reports'], (reports) => new ListIssueReports({ reports }));
  provide(options, 'getIssueReport', ['reports'], (reports) => new GetIssueReport({ reports }));

  provide(
    options,
    'syncReportToGitHub',
    ['reports', 'issueTracker', 'clock', 'pacer', 'logger', 'config'],
    (reports, tracker, clock, pacer, logger, config) =>
      new SyncReportToGitHub({
        reports,
        tracker,
        clock,
        pacer,
        logger,
        github: { enabled: config.githubEnabled, labels: config.githubLabels },
        publicScreenshotUrl: publicScreenshotUrl(config),
      }),
  );
  provide(
    options,
    'sendConfirmationEmail',
    ['reports', 'mailer', 'emailRenderer', 'clock', 'config'],
    (reports, mailer, renderer, clock, config) =>
      new SendConfirmationEmail({ reports, mailer, renderer, clock, from: config.supportEmail }),
  );
  provide(
    options,
    'retryFailedGitHubSyncs',
    ['reports', 'jobQueue', 'clock'],
    (reports, jobQueue, clock) => new RetryFailedGitHubSyncs({ reports, jobQueue, clock }),
  );
  provide(
    options,
    'requeuePendingGitHubSyncs',
    ['reports', 'jobQueue'],
    (reports, jobQueue) => new RequeuePendingGitHubSyncs({ reports, jobQueue }),
  );
  provide(
    options,
    'retryFailedEmails',
    ['reports', 'jobQueue', 'clock'],
    (reports, jobQueue, clock) => new RetryFailedEmails({ reports, jobQueue, clock }),
  );
});
