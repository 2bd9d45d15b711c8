import type Koa from 'koa';
import { DependencyUnavailableError } from '../../application/errors/dependency-unavailable-error.js';
import type { Logger } from '../../application/ports/logger.js';
import { STATUS_OF, sendFailure, type HttpErrorCode } from './error-status.js';
import { loggableError } from './loggable-error.js';

/** Client errors that Koa or a host middleware may throw (`ctx.throw(401)`), by status. */
const CLIENT_CODES = new Map<number, HttpErrorCode>(
  (Object.entries(STATUS_OF) as [HttpErrorCode, number][])
    .filter(([code, status]) => status < 500 && code !== 'invalid_status_transition')
    .map(([code, status]) => [status, code]),
);

const exposedStatus = (error: unknown): number | undefined => {
  const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status < 500 && expose === true ? status : undefined;
};

/**
 * Turns whatever was thrown into the API's error body (`{ success: false, error }`). The unexpected
 * is logged (class, code, message and stack; never a statement or its
 * values, see `loggableError`) and answered with a message that says nothing
 * of internals.
 */
export function handleErrors(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const where = { method: ctx.method, path: ctx.path };
      if (error instanceof DependencyUnavailableError) {
        logger.warn({ ...where, err: loggableError(error) }, 'dependency unavailable');
        return sendFailure(ctx, {
          code: 'unavailable',
          message: 'The service is temporarily unavailable; try again later',
        });
      }
      const status = exposedStatus(error);
      const code = status === undefined ? undefined : CLIENT_CODES.get(status);
      if (code) return sendFailure(ctx, { code, message: (error as Error).message });
      logger.error({ ...where, err: loggableError(error) }, 'unexpected error');
      sendFailure(ctx, { code: 'internal_error', message: 'Something went wrong on our side' });
    }
  };
}

/** The last middleware: nothing answered, so the route does not exist. */
export const notFound: Koa.Middleware = async (ctx) => {
  sendFailure(ctx, {
    code: 'not_found',
    message: `No route ${ctx.method} ${ctx.path.slice(0, 200)}`,
  });
};
