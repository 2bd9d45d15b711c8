/** The current instant. Injected so that years, timestamps and backoff are testable. */
export interface Clock {
  now(): Date;
}
