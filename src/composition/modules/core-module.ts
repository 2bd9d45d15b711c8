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
    ({ get, pick }) =>
      new SubmitIssueReport({
        ...pick('reports', 'tickets', 'rateLimiter', 'clock', 'ids'),
        screenshotSupport: {
          ...pick('images', 'uploads'),
          store: get('screenshots'),
          maxBytes: get('config').maxScreenshotBytes,
        },
      }),
  );
  provide(options, 'uploadScreenshot', ({ get, pick }) => {
    const config = get('config');
    return new UploadScreenshot({
      ...pick('images', 'screenshots', 'uploads', 'ids', 'clock'),
      rateLimiter: get('uploadLimiter'),
      maxBytes: config.maxScreenshotBytes,
      uploadDirLabel: config.uploadDir,
    });
  });
  provide(
    options,
    'getScreenshot',
    ({ pick }) => new GetScreenshot(pick('reports', 'screenshots')),
  );
  provide(
    options,
    'getPublicScreenshot',
    ({ pick }) => new GetPublicScreenshot(pick('screenshots')),
  );
  provide(options, 'listIssueReports', ({ pick }) => new ListIssueReports(pick('reports')));
  provide(options, 'getIssueReport', ({ pick }) => new GetIssueReport(pick('reports')));

  provide(options, 'syncReportToGitHub', ({ get, pick }) => {
    const config = get('config');
    const preview = get('githubPreview');
    return new SyncReportToGitHub({
      ...pick('reports', 'clock', 'pacer', 'logger'),
      tracker: get('issueTracker'),
      github: { enabled: config.githubEnabled, labels: config.githubLabels },
      publicScreenshotUrl: publicScreenshotUrl(config),
      ...(preview ? { preview } : {}),
    });
  });
  provide(
    options,
    'sendConfirmationEmail',
    ({ get, pick }) =>
      new SendConfirmationEmail({
        ...pick('reports', 'mailer', 'clock'),
        renderer: get('emailRenderer'),
        from: get('config').supportEmail,
      }),
  );
  provide(
    options,
    'retryFailedGitHubSyncs',
    ({ pick }) => new RetryFailedGitHubSyncs(pick('reports', 'jobQueue', 'clock')),
  );
  provide(
    options,
    'requeuePendingGitHubSyncs',
    ({ pick }) => new RequeuePendingGitHubSyncs(pick('reports', 'jobQueue')),
  );
  provide(
    options,
    'retryFailedEmails',
    ({ pick }) => new RetryFailedEmails(pick('reports', 'jobQueue', 'clock')),
  );
});
