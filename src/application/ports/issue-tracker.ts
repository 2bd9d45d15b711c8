/** An issue as bugport asks the tracker to file it: already formatted and redacted. */
export interface IssueDraft {
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  /** A hidden, unique line that `body` contains, e.g. `<!-- bugport:BUG-2026-0001 -->`. */
  readonly marker: string;
}

export interface TrackedIssue {
  readonly id: number;
  readonly number: number;
  readonly url: string;
}

/**
 * Where engineering tracks work (GitHub). Throws `DeliveryError` on failure.
 * `create` is not idempotent by itself: callers look for an issue carrying the
 * marker first (`findByMarker`), which makes a retried filing adopt the issue
 * an earlier, interrupted attempt created.
 */
export interface IssueTracker {
  findByMarker(marker: string): Promise<TrackedIssue | null>;
  create(draft: IssueDraft): Promise<TrackedIssue>;
}
