import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from '../../application/ports/logger.js';

/** An id a client or a proxy may send; anything else is replaced by ours. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * One JSON log line per request, with a request id that is also sent back as
 * `X-Request-Id` so a user's complaint can be matched to the log. The query
 * string is not logged (it may carry tokens), nor are headers or bodies.
 */
export function requestLog(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    const offered = ctx.get('X-Request-Id');
    const requestId = SAFE_REQUEST_ID.test(offered) ? offered : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const fields = {
        requestId,
        method: ctx.method,
        path: ctx.path.slice(0, 300),
        status: ctx.status,
        ms: Math.round(ms * 10) / 10,
      };
      if (ctx.status >= 500) logger.error(fields, 'request failed');
      else logger.info(fields, 'request');
    }
  };
}

/**
 * Headers for an API that serves JSON and images and is never framed:
 * nothing may sniff a JSON body into HTML, embed a response, or leak the
 * URL (which may hold a ticket number) to another site.
 */
export function securityHeaders(): Koa.Middleware {
  return async (ctx, next) => {
    ctx.set({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    await next();
  };
}
