import type Koa from 'koa';
import parseBody from 'co-body';

declare module 'koa' {
  interface Request {
    /** The parsed JSON body, set by `jsonBody` (unknown until a schema has checked it). */
    body?: unknown;
  }
}
import { sendFailure } from './error-status.js';
import { MAX_JSON_DEPTH, tooDeepFields } from './json-depth.js';

export interface JsonBodyOptions {
  /** The largest body accepted, in bytes (standalone: ceil(4/3 × screenshot limit) + 1 MiB). */
  readonly maxBodyBytes: number;
}

export interface JsonFields {
  /**
   * The body's known top-level fields. Nested past the depth limit, a known
   * field is a 400 naming it; an unknown one is dropped, since unknown fields
   * are ignored. Absent: every field is known.
   */
  readonly known?: ReadonlySet<string>;
}

const statusOf = (error: unknown): number | undefined => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
};

/**
 * Reads a JSON body into `ctx.request.body`. Refuses before reading anything
 * what can be refused early: a body that is not JSON (415) and a declared
 * length over the limit (413); a chunked body is cut off at the limit while
 * it streams in, so an oversize body is never held in memory or parsed.
 */
export function jsonBody(
  { maxBodyBytes }: JsonBodyOptions,
  { known }: JsonFields = {},
): Koa.Middleware {
  // co-body is the engine of @koa/bodyparser, called directly for one option the wrapper does not
  // pass on: a `__proto__` key (valid JSON, e.g. in a storage snapshot) is dropped instead of
  // failing the whole report, and can never reach an object's prototype (docs/adr/0012).
  const options = {
    limit: maxBodyBytes,
    encoding: 'utf-8',
    strict: true,
    onProtoPoisoning: 'remove',
  } as parseBody.Options;
  return async (ctx, next) => {
    // `is` is null when there is no body at all: the schema then says what is missing.
    if (ctx.request.is('application/json') === false) {
      return sendFailure(ctx, {
        code: 'unsupported_media_type',
        message: 'Send the body as application/json',
      });
    }
    if (ctx.request.length !== undefined && ctx.request.length > maxBodyBytes) {
      return sendFailure(ctx, tooLarge(maxBodyBytes));
    }
    try {
      ctx.request.body = await parseBody.json(ctx, options);
    } catch (error) {
      const status = statusOf(error);
      if (status === 413) {
        // The parser stopped reading mid-stream; left paused, the connection would hang until a
        // timeout. Discard the rest (bounded by the server's request timeout) and do not reuse it.
        ctx.req.resume();
        ctx.set('Connection', 'close');
        return sendFailure(ctx, tooLarge(maxBodyBytes));
      }
      if (status === 415) {
        return sendFailure(ctx, {
          code: 'unsupported_media_type',
          message: 'Unsupported Content-Encoding; send identity, gzip, deflate or br',
        });
      }
      // Everything else here comes from the client's bytes (bad JSON, a corrupt gzip stream,
      // an aborted upload): the body could not be read, which is the client's to fix.
      return sendFailure(ctx, {
        code: 'validation_failed',
        message: 'The body is not valid JSON',
        details: [{ path: '', message: 'Malformed JSON' }],
      });
    }
    const body = ctx.request.body;
    let tooDeep = tooDeepFields(body);
    if (known && tooDeep.length > 0) {
      // Only an object has fields (tooDeepFields found some), and they are its own.
      for (const name of tooDeep.filter((field) => !known.has(field))) {
        delete (body as Record<string, unknown>)[name];
      }
      tooDeep = tooDeep.filter((field) => known.has(field));
    }
    if (tooDeep.length > 0) {
      return sendFailure(ctx, {
        code: 'validation_failed',
        message: 'The request does not fit the schema',
        details: tooDeep.map((path) => ({
          path,
          message: `Nested more than ${MAX_JSON_DEPTH} levels deep`,
        })),
      });
    }
    await next();
  };
}

const tooLarge = (maxBodyBytes: number) => ({
  code: 'payload_too_large' as const,
  message: `The body may be at most ${maxBodyBytes} bytes`,
});
