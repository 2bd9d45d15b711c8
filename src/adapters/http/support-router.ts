import { Router } from '@koa/router';
import type Koa from 'koa';
import { toDict, toSummaryDict } from './issue-report-presenter.js';
import type { Logger } from '../../application/ports/logger.js';
import type { RateLimiter } from '../../application/ports/rate-limiter.js';
import type { GetIssueReport } from '../../application/use-cases/get-issue-report.js';
import type { ListIssueReports } from '../../application/use-cases/list-issue-reports.js';
import type { SubmitIssueReport } from '../../application/use-cases/submit-issue-report.js';
import { refusalOf, type Authenticate } from './auth.js';
import { handleErrors } from './error-middleware.js';
import { readIdempotencyKey, requestHash } from './idempotency.js';
import { sendFailure } from './error-status.js';
import { jsonBody, type JsonBodyOptions } from './json-body.js';
import {
  inWireNames,
  parseListQuery,
  parseSubmission,
  SUBMISSION_FIELDS,
} from './request-schemas.js';
import { screenshotRoutes, type ScreenshotRoutesDeps } from './screenshot-routes.js';
import type { SupportState } from './support-state.js';
import { loggablePath } from './hardening.js';

export const SUPPORT_PREFIX = '/api/support';

/** What the support routes need: use cases (anything with their `execute`), auth and a logger. */
export interface SupportRouterDeps {
  readonly submitIssueReport: Pick<SubmitIssueReport, 'execute'>;
  readonly listIssueReports: Pick<ListIssueReports, 'execute'>;
  readonly getIssueReport: Pick<GetIssueReport, 'execute'>;
  readonly authenticate: Authenticate;
  readonly logger: Logger;
  readonly options: JsonBodyOptions;
  /**
   * Counts failed authentications per client address: past its limit a
   * failure is answered 429 instead of 401, which makes guessing tokens slow.
   * Valid tokens are never refused by it. Without it, nothing is counted.
   */
  readonly authFailures?: RateLimiter;
  /**
   * Log why a request was not authenticated (expired, bad signature, a claim
   * that does not fit), never the token: on outside production, where it
   * helps a developer; in production it would only be noise for attackers' tries.
   */
  readonly logAuthRefusals?: boolean;
  /** Upload and serve screenshots; without it those routes do not exist. */
  readonly screenshots?: ScreenshotRoutesDeps;
}

export type { SupportState };

/** Every route needs a principal; the router only runs this for requests that match a route. */
const requirePrincipal =
  ({
    authenticate,
    authFailures,
    logger,
    logAuthRefusals,
  }: SupportRouterDeps): Koa.Middleware<SupportState> =>
  async (ctx, next) => {
    const principal = await authenticate(ctx);
    if (!principal) {
      const refusal = refusalOf(ctx);
      if (logAuthRefusals) {
        logger.info(
          {
            method: ctx.method,
            path: loggablePath(ctx.path),
            reason: refusal?.reason ?? 'refused',
          },
          'sign-in refused',
        );
      }
      const decision = authFailures ? await authFailures.consume(`auth:${ctx.ip}`) : undefined;
      if (decision && !decision.allowed) {
        return sendFailure(ctx, {
          code: 'rate_limited',
          message: 'Too many failed sign-ins from this address; try again later',
          retryAfterSeconds: decision.retryAfterSeconds,
        });
      }
      ctx.set('WWW-Authenticate', 'Bearer');
      return sendFailure(ctx, {
        code: 'unauthorized',
        message: refusal?.message ?? 'Sign in to use this endpoint',
      });
    }
    ctx.state.principal = principal;
    // Reports are private to a company: no shared cache may keep them.
    ctx.set('Cache-Control', 'no-store');
    await next();
  };

/**
 * The support API's routes (report, reports, screenshots; docs/api.md),
 * under `prefix` (default `/api/support`).
 * A host mounts it with `app.use(router.routes())`; errors inside it are
 * answered in the API's error shape (`{ success: false, error }`) whatever
 * the host's own error handling.
 */
export function createSupportRouter(
  deps: SupportRouterDeps,
  { prefix = SUPPORT_PREFIX }: { prefix?: string } = {},
): Router<SupportState> {
  const router = new Router<SupportState>({ prefix });
  router.use(handleErrors(deps.logger), requirePrincipal(deps));

  router.post('/report', jsonBody(deps.options, { known: SUBMISSION_FIELDS }), async (ctx) => {
    const key = readIdempotencyKey(ctx);
    const input = parseSubmission(ctx.request.body);
    if (!key.ok || !input.ok) {
      // Every problem at once: the header's and the body's.
      const details = [key, input].flatMap((r) => (r.ok ? [] : (r.error.details ?? [])));
      return sendFailure(ctx, {
        code: 'validation_failed',
        message: 'The request does not fit the schema',
        details,
      });
    }
    const result = await deps.submitIssueReport.execute({
      principal: ctx.state.principal,
      report: input.value.report,
      ...input.value.screenshots,
      ...(key.value === undefined
        ? {}
        : { idempotency: { key: key.value, requestHash: requestHash(ctx.request.body) } }),
    });
    if (!result.ok) return sendFailure(ctx, inWireNames(result.error));
    if (result.value.replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.status = 201;
    ctx.body = {
      success: true,
      ticket_number: result.value.ticketNumber,
      message: 'Your issue has been reported successfully',
    };
  });

  router.get('/reports', async (ctx) => {
    const query = parseListQuery(ctx.query);
    if (!query.ok) return sendFailure(ctx, query.error);
    const result = await deps.listIssueReports.execute({
      principal: ctx.state.principal,
      ...query.value,
    });
    if (!result.ok) return sendFailure(ctx, result.error);
    const { reports, pagination } = result.value;
    ctx.body = {
      success: true,
      reports: reports.map(toSummaryDict),
      pagination: {
        page: pagination.page,
        per_page: pagination.perPage,
        total: pagination.total,
        pages: pagination.pages,
      },
    };
  });

  router.get('/report/:ticket_number', async (ctx) => {
    const result = await deps.getIssueReport.execute({
      principal: ctx.state.principal,
      ticketNumber: ctx.params.ticket_number ?? '',
    });
    if (!result.ok) return sendFailure(ctx, result.error);
    ctx.body = { success: true, report: toDict(result.value) };
  });

  if (deps.screenshots) router.use(screenshotRoutes(deps.screenshots).routes());
  return router;
}
