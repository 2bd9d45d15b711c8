import type { DeliveryError } from '../../application/errors/delivery-error.js';
import type {
  IssueDraft,
  IssueTracker,
  TrackedIssue,
} from '../../application/ports/issue-tracker.js';

export interface FiledDraft extends TrackedIssue {
  readonly draft: IssueDraft;
}

/** Files issues into an array. `failWith` makes the next calls throw, to test failure paths. */
export class InMemoryIssueTracker implements IssueTracker {
  readonly issues: FiledDraft[] = [];
  /** Errors thrown by the next calls, one per call, first in first out. */
  readonly failures: DeliveryError[] = [];

  failWith(...errors: DeliveryError[]): this {
    this.failures.push(...errors);
    return this;
  }

  async findByMarker(marker: string): Promise<TrackedIssue | null> {
    this.throwIfFailing();
    const found = this.issues.find((issue) => issue.draft.body.includes(marker));
    return found ? { id: found.id, number: found.number, url: found.url } : null;
  }

  async create(draft: IssueDraft): Promise<TrackedIssue> {
    this.throwIfFailing();
    const number = this.issues.length + 1;
    const issue = {
      id: 1000 + number,
      number,
      url: `https://github.test/acme/app/issues/${number}`,
    };
    this.issues.push({ ...issue, draft });
    return issue;
  }

  private throwIfFailing(): void {
    const failure = this.failures.shift();
    if (failure) throw failure;
  }
}
