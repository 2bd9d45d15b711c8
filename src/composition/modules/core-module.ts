import { ContainerModule } from 'inversify';
import { GetPublicScreenshot } from '../../application/use-cases/get-public-screenshot.js';
import { GetScreenshot } from '../../application/use-cases/get-screenshot.js';
import { UploadScreenshot } from '../../application/use-cases/upload-screenshot.js';
import { GetIssueReport } from '../../application/use-cases/get-issue-report.js';
import { ListIssueReports } from '../../application/use-cases/list-issue-reports.js';
import { SubmitIssueReport } from '../../application/use-cases/submit-issue-report.js';
import { provide } from './provide.js';

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
        images,
        screenshots,
        uploads,
        maxScreenshotBytes: config.maxScreenshotBytes,
      }),
  );
  provide(
    options,
    'uploadScreenshot',
    ['images', 'screenshots', 'uploads', 'ids', 'clock', 'config'],
    (images, screenshots, uploads, ids, clock, config) =>
      new UploadScreenshot({
        images,
        screenshots,
        uploads,
        ids,
        clock,
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
});
