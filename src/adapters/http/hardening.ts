import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from '../../application/ports/logger.js';

/** An id a client or a proxy may send; anything else is replaced by ours. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * One JSON log line per request, with a request id that is also sent back as
 * `X-Request-Id` so a user's complaint can be matched to the log. The query
 * string is not logged (it may carry tokens), nor are headers or bodies, and
 * the path only as `loggablePath` leaves it.
 */
/** The words of bugport's routes, now and planned; any other word in a path is the client's. */
const ROUTE_WORDS: ReadonlySet<string> = new Set([
  'api',
  'support',
  'report',
  'reports',
  'upload-screenshot',
  'screenshot',
  'screenshots',
  'public',
  'healthz',
  'readyz',
  'comments',
  'events',
  'github',
  'webhook',
  'status',
  'openapi.json',
  'docs',
  'metrics',
  'reporters',
  'erase',
  'demo',
]);
/** Ticket numbers and the names bugport gives stored screenshots. */
const OWN_NAME =
  /^(?:BUG-\d{4}-\d{4,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(?:png|jpg|gif))$/;

/**
 * The path as the log may carry it: every segment that is not one of
 * bugport's route words, a ticket number or a stored file's name is replaced
 * by `…`, since a client may put anything there (an e-mail address, a token
 * pasted where a ticket goes). A line still says which route was asked for.
 */
export function loggablePath(path: string): string {
  return path
    .slice(0, 300)
    .split('/')
    .map((segment) =>
      segment === '' || ROUTE_WORDS.has(segment) || OWN_NAME.test(segment) ? segment : '…',
    )
    .join('/');
}

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
        path: loggablePath(ctx.path),
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
