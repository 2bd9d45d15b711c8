import { ContainerModule } from 'inversify';
import { bearerJwtAuthenticator } from '../../adapters/http/auth.js';
import { createHttpApp } from '../../adapters/http/create-http-app.js';
import { provide } from './provide.js';

/** Bearer JWT authentication and the Koa app. */
export const httpModule = new ContainerModule((options) => {
  provide(options, 'authenticate', ['config'], (config) => {
    // startServer mints a dev secret when none is set; reaching this without one is a wiring bug.
    if (!config.authJwtSecret) throw new Error('AUTH_JWT_SECRET is not set');
    return bearerJwtAuthenticator(new TextEncoder().encode(config.authJwtSecret));
  });
  provide(
    options,
    'httpApp',
    [
      'submitIssueReport',
      'listIssueReports',
      'getIssueReport',
      'authenticate',
      'logger',
      'ready',
      'config',
    ],
    (submitIssueReport, listIssueReports, getIssueReport, authenticate, logger, ready, config) =>
      createHttpApp({
        submitIssueReport,
        listIssueReports,
        getIssueReport,
        authenticate,
        logger,
        ready,
        options: { maxBodyBytes: config.maxBodyBytes, corsOrigins: config.corsOrigins },
      }),
  );
});
