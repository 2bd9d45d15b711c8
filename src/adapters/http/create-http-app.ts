import cors from '@koa/cors';
import Koa from 'koa';
import { handleErrors, notFound } from './error-middleware.js';
import { requestLog, securityHeaders } from './hardening.js';
import { publicScreenshotRoutes } from './screenshot-routes.js';
import { createSupportRouter, type SupportRouterDeps } from './support-router.js';

export interface HttpAppDeps extends SupportRouterDeps {
  /** Whether the app can serve (database reachable, migrations applied). Default: always. */
  readonly ready?: () => Promise<boolean>;
  /** Signed, unauthenticated screenshot links for GitHub issues (`PUBLIC_BASE_URL`). */
  readonly publicScreenshots?: Parameters<typeof publicScreenshotRoutes>[0];
  readonly options: SupportRouterDeps['options'] & {
    /** Browser origins allowed to call the API; empty or absent: no CORS headers at all. */
    readonly corsOrigins?: readonly string[];
  };
}

/** The standalone app: probes at the root, the support routes under `/api/support`. */
export function createHttpApp(deps: HttpAppDeps): Koa {
  const app = new Koa();
  const ready = deps.ready ?? (async () => true);
  app.use(requestLog(deps.logger));
  app.use(securityHeaders());
  app.use(handleErrors(deps.logger));

  const origins = deps.options.corsOrigins ?? [];
  if (origins.length > 0) {
    app.use(
      cors({
        // An empty answer means "no CORS headers": the browser then blocks the call.
        origin: (ctx) => {
          const origin = ctx.get('Origin');
          return origins.includes('*') || origins.includes(origin) ? origin : '';
        },
        allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
        exposeHeaders: ['Retry-After', 'X-Request-Id', 'Idempotent-Replayed'],
        maxAge: 600,
      }),
    );
  }

  app.use(async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === '/healthz') {
      ctx.body = { status: 'ok' };
      return;
    }
    if (ctx.path === '/readyz') {
      const isReady = await ready().catch(() => false);
      ctx.status = isReady ? 200 : 503;
      ctx.body = { status: isReady ? 'ready' : 'unavailable' };
      return;
    }
    await next();
  });

  if (deps.publicScreenshots) app.use(publicScreenshotRoutes(deps.publicScreenshots).routes());
  app.use(createSupportRouter(deps).routes());
  app.use(notFound);
  return app;
}
