/**
 * Structured logging: fields first, then a message (pino's order, so a pino
 * logger fits as is). Callers never put secrets, e-mail addresses, report
 * content or request headers in `fields` or the message; the standalone
 * logger redacts authorization headers anyway. The one logging port of
 * bugport: use cases and adapters alike take it.
 */
export interface Logger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
  /** Detail only worth reading while debugging (the embedded PostgreSQL's own output); optional. */
  debug?(fields: object, message?: string): void;
}

/** Says nothing: the default of adapters given no logger. */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
