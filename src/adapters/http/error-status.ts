import type Koa from 'koa';
import type { ErrorCode, FieldIssue } from '../../domain/errors.js';

/** Every code the HTTP API can answer with: the domain's, plus the one for bugs. */
export type HttpErrorCode = ErrorCode | 'internal_error';

/**
 * The one table from error code to HTTP status. Typed as a full record so
 * that a new `ErrorCode` without a status here does not compile.
 */
export const STATUS_OF: Readonly<Record<HttpErrorCode, number>> = {
  validation_failed: 400,
  unauthorized: 401,
  not_found: 404,
  // A status move the rules forbid: the request was understood but conflicts with the report's state.
  invalid_status_transition: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  unavailable: 503,
  internal_error: 500,
};

export interface ErrorBody {
  readonly success: false;
  readonly error: {
    readonly code: HttpErrorCode;
    readonly message: string;
    readonly details?: readonly FieldIssue[];
  };
}

export const errorBody = (
  code: HttpErrorCode,
  message: string,
  details?: readonly FieldIssue[],
): ErrorBody => ({
  success: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/** A failure from a use case (`Failure`) or from the edge itself (a bug: `internal_error`). */
export interface HttpFailure {
  readonly code: HttpErrorCode;
  readonly message: string;
  readonly details?: readonly FieldIssue[];
  readonly retryAfterSeconds?: number;
}

/** Answers a failure with its status and the API's error body. */
export function sendFailure(ctx: Koa.Context, failure: HttpFailure): void {
  ctx.status = STATUS_OF[failure.code];
  if (failure.retryAfterSeconds !== undefined) {
    // Whole seconds, at least 1: a client that waits 0 seconds would only be refused again.
    ctx.set('Retry-After', String(Math.max(1, Math.ceil(failure.retryAfterSeconds))));
  }
  ctx.body = errorBody(failure.code, failure.message, failure.details);
}
