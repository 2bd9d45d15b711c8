/**
 * Structured logging: fields first, then a message (pino's order, so a pino
 * logger fits as is). Callers never put secrets or request headers in
 * `fields`; the standalone logger redacts authorization headers anyway.
 */
export interface Logger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}
