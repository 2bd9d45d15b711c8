/** `UPLOAD_RATE_LIMIT` counts uploads per user in this window. */
export const UPLOAD_RATE_WINDOW_SECONDS = 3600;

/** `ISSUE_REPORT_RATE_LIMIT` counts reports per user in this window. */
export const REPORT_RATE_WINDOW_SECONDS = 3600;

/**
 * Failed sign-ins allowed per client address before they are answered 429:
 * generous for a user mistyping, ruinous for anyone guessing tokens.
 */
export const AUTH_FAILURE_LIMIT = { points: 30, windowSeconds: 15 * 60 } as const;
