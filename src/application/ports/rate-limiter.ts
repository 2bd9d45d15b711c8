export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Counts events per key in a rolling window (e.g. reports per user per hour).
 * `consume` counts one event and says whether it still fits in the window.
 * Holds across processes when the adapter's store is shared.
 */
export interface RateLimiter {
  consume(key: string): Promise<RateDecision>;
}
