import type { IssueComment } from '../../domain/issue-comment.js';
import type { IssueCommentRow } from './issue-comment-model.js';
import { storable } from './storable-text.js';

export const toIssueComment = (row: IssueCommentRow): IssueComment => ({
  id: row.id,
  issueId: row.issue_id,
  userId: row.user_id,
  companyId: row.company_id,
  comment: row.comment,
  isInternal: row.is_internal,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const toIssueCommentRow = (comment: IssueComment): IssueCommentRow => ({
  id: comment.id,
  issue_id: comment.issueId,
  user_id: comment.userId,
  company_id: comment.companyId,
  comment: storable(comment.comment),
  is_internal: comment.isInternal,
  created_at: comment.createdAt,
  updated_at: comment.updatedAt,
});
