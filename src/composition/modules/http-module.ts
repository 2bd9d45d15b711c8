import { ContainerModule } from 'inversify';
import { bearerJwtAuthenticator } from '../../adapters/http/auth.js';
import { createHttpApp } from '../../adapters/http/create-http-app.js';
import type { SupportRouterDeps } from '../../adapters/http/support-router.js';
import { requireSecret, screenshotUrlSecret } from '../secrets.js';
import { provide, type Dependencies } from './provide.js';

/**
 * What the support router needs, from the container: the standalone app and
 * `createBugport`'s router are built from this one list.
 */
export function supportRouterDeps({ get, pick }: Dependencies): SupportRouterDeps {
  const config = get('config');
  return {
    ...pick('submitIssueReport', 'listIssueReports', 'getIssueReport'),
    ...pick('authenticate', 'authFailures', 'logger'),
    options: { maxBodyBytes: config.maxBodyBytes },
    screenshots: {
      ...pick('uploadScreenshot', 'getScreenshot'),
      maxScreenshotBytes: config.maxScreenshotBytes,
    },
  };
}

/** Bearer JWT authentication and the Koa app. */
export const httpModule = new ContainerModule((options) => {
  provide(options, 'authenticate', ({ get }) =>
    bearerJwtAuthenticator(new TextEncoder().encode(requireSecret(get('config')))),
  );
  provide(options, 'httpApp', (deps) => {
    const config = deps.get('config');
    const router = supportRouterDeps(deps);
    return createHttpApp({
      ...router,
      logAuthRefusals: config.nodeEnv !== 'production',
      ready: deps.get('ready'),
      // Links to screenshots exist only when there is a public URL to put in them.
      ...(config.publicBaseUrl
        ? {
            publicScreenshots: {
              getPublicScreenshot: deps.get('getPublicScreenshot'),
              secret: screenshotUrlSecret(config),
            },
          }
        : {}),
      options: { ...router.options, corsOrigins: config.corsOrigins },
    });
  });
});
