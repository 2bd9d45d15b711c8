/** At most `limit` requests in any rolling window of `perSeconds` seconds. */
export interface PaceRule {
  readonly limit: number;
  readonly perSeconds: number;
}

export type PaceDecision =
  { readonly granted: true } | { readonly granted: false; readonly retryAfterSeconds: number };

/**
 * Shares a budget of outgoing requests (GitHub's limits on filing issues)
 * between every worker that uses the same store, by booking slots.
 *
 * `take(key, holder, rules)`: when `holder` has no slot booked under `key`,
 * books the earliest slot that keeps every rule over its rolling window,
 * behind all slots already booked (first come, first served). When the
 * holder's slot is due, the answer is `granted` and the slot is spent: go
 * ahead now. Otherwise the answer is the wait until it is due: come back
 * then, and the same slot is waiting. So a backlog drains at the allowed
 * rate with each waiting job told its own time, not all of them the same
 * one. A slot that is never claimed is simply lost to the budget.
 */
export interface RequestPacer {
  take(key: string, holder: string, rules: readonly PaceRule[]): Promise<PaceDecision>;
}
