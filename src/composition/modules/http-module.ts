import { ContainerModule } from 'inversify';
import { createHmac } from 'node:crypto';
import { bearerJwtAuthenticator } from '../../adapters/http/auth.js';
import { createHttpApp } from '../../adapters/http/create-http-app.js';
import type { Config } from '../config.js';
import { provide } from './provide.js';

/**
 * The key that signs public screenshot links. Derived from AUTH_JWT_SECRET so
 * that there is no second secret to manage; rotating that secret revokes the
 * links too. The derivation keeps a link's signature from ever being a valid
 * JWT signature and vice versa.
 */
export const screenshotUrlSecret = (config: Config): Buffer =>
  createHmac('sha256', requireSecret(config)).update('bugport:screenshot-urls').digest();

function requireSecret(config: Config): string {
  // startServer mints a dev secret when none is set; reaching this without one is a wiring bug.
  if (!config.authJwtSecret) throw new Error('AUTH_JWT_SECRET is not set');
  return config.authJwtSecret;
}

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
      logger,
      ready,
      config,
    ) =>
      createHttpApp({
        submitIssueReport,
        listIssueReports,
        getIssueReport,
        authenticate,
        logger,
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
