import { createHash } from 'node:crypto';
import type Koa from 'koa';
import { ok, validationFailed, type Result } from '../../domain/errors.js';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../../application/ports/issue-report-repository.js';

/*
 * The HTTP side of `Idempotency-Key` on POST /report (a retried submission
 * answers as the first): reading the header
 * and digesting the request. The digest is made here because the
 * application may not hash, and because "the same request" is an HTTP
 * notion: the same JSON, however it was spaced or its keys ordered.
 */

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * The header's value; undefined when it was not sent. Empty or longer than
 * the limit is a 400 naming the header. A header sent twice reads as Node
 * joins it ("a, b"), which is then simply a different key.
 */
export function readIdempotencyKey(ctx: Koa.Context): Result<string | undefined> {
  const raw = ctx.headers[IDEMPOTENCY_HEADER.toLowerCase()];
  if (raw === undefined) return ok(undefined);
  const key = Array.isArray(raw) ? raw.join(', ') : raw;
  if (key.length === 0) {
    return validationFailed([{ path: IDEMPOTENCY_HEADER, message: 'Must not be empty' }]);
  }
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return validationFailed([
      {
        path: IDEMPOTENCY_HEADER,
        message: `At most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
      },
    ]);
  }
  return ok(key);
}

/**
 * JSON with every object's keys sorted, recursively. Built as text rather than
 * as a sorted copy, so that a `__proto__` key stays an ordinary key.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = value as Record<string, unknown>;
    const entries = Object.keys(fields)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonicalJson(fields[name])}`);
    return `{${entries.join(',')}}`;
  }
  // JSON.stringify gives undefined for what JSON cannot hold; a parsed body has none of it.
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of the parsed body's canonical JSON: equal for equal JSON, whatever its layout. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
