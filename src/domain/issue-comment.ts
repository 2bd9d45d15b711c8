import { ok, validationFailed, type Result } from './errors.js';
import { LIMITS } from './issue-report.js';

/** A comment on a report (requirements 1.2). `isInternal` comments are for support staff only. */
export interface IssueComment {
  readonly id: string;
  readonly issueId: string;
  readonly userId: number;
  readonly companyId: number;
  readonly comment: string;
  readonly isInternal: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewIssueComment {
  readonly issueId: string;
  readonly userId: number;
  readonly companyId: number;
  readonly comment: string;
  readonly isInternal?: boolean;
}

export function createIssueComment(
  input: NewIssueComment,
  { id, now }: { id: string; now: Date },
): Result<IssueComment> {
  const comment = input.comment.trim();
  if (comment.length === 0) return validationFailed([{ path: 'comment', message: 'Required' }]);
  if (comment.length > LIMITS.longText) {
    return validationFailed([
      { path: 'comment', message: `At most ${LIMITS.longText} characters` },
    ]);
  }
  return ok({
    id,
    issueId: input.issueId,
    userId: input.userId,
    companyId: input.companyId,
    comment,
    isInternal: input.isInternal ?? false,
    createdAt: now,
    updatedAt: now,
  });
}
