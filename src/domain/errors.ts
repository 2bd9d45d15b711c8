/**
 * Expected failures are values, not exceptions: every use case returns a
 * `Result`, and every failure carries a stable `code` that the HTTP adapter
 * maps to a status in one typed table (see `adapters/http/error-status.ts`).
 * The unexpected (a bug, a dead database) throws.
 */

/**
 * One problem with one input field. `path` names the field: the HTTP adapter
 * gives it as the client sent it; the domain names its own fields (`pageUrl`),
 * which the adapter translates.
 */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** Every code a caller of bugport can see. Adding one here forces a status in the HTTP table. */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'not_found'
  | 'invalid_status_transition'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'idempotency_key_reused'
  | 'rate_limited'
  | 'unavailable';

export interface Failure {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: readonly FieldIssue[];
  /** Set with `rate_limited`: seconds until the caller may try again. */
  readonly retryAfterSeconds?: number;
}

export type Result<T, E = Failure> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

export const fail = (
  code: ErrorCode,
  message: string,
  extra: Omit<Failure, 'code' | 'message'> = {},
): Result<never> => ({ ok: false, error: { code, message, ...extra } });

export const validationFailed = (details: readonly FieldIssue[]): Result<never> =>
  fail('validation_failed', 'The request does not fit the schema', { details });
