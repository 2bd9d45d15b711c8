import { ContainerModule } from 'inversify';
import { bearerJwtAuthenticator } from '../../adapters/http/auth.js';
import { createHttpApp } from '../../adapters/http/create-http-app.js';
import { requireSecret, screenshotUrlSecret } from '../secrets.js';
import { provide } from './provide.js';

/** Bearer JWT authentication and the Koa app. */
export const httpModule = new ContainerModule((options) => {
  provide(options, 'authenticate', ['config'], (config) =>
    bearerJwtAuthenticator(new TextEncoder().encode(requireSecret(config))),
  );
  provide(
    options,
    'httpApp',
    [
      'submitIssueReport',
      'listIssueReports',
      'getIssueReport',
      'uploadScreenshot',
      'getScreenshot',
      'getPublicScreenshot',
      'authenticate',
      'authFailures',
      'logger',
      'ready',
      'config',
    ],
    (
      submitIssueReport,
      listIssueReports,
      getIssueReport,
      uploadScreenshot,
      getScreenshot,
      getPublicScreenshot,
      authenticate,
      authFailures,
      logger,
      ready,
      config,
    ) =>
      createHttpApp({
        submitIssueReport,
        listIssueReports,
        getIssueReport,
        authenticate,
        authFailures,
        logger,
        logAuthRefusals: config.nodeEnv !== 'production',
        ready,
        screenshots: {
          uploadScreenshot,
          getScreenshot,
          maxScreenshotBytes: config.maxScreenshotBytes,
        },
        // Links to screenshots exist only when there is a public URL to put in them.
        ...(config.publicBaseUrl
          ? { publicScreenshots: { getPublicScreenshot, secret: screenshotUrlSecret(config) } }
          : {}),
        options: { maxBodyBytes: config.maxBodyBytes, corsOrigins: config.corsOrigins },
      }),
  );
});
