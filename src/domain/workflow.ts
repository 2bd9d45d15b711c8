import { fail, ok, type Result } from './errors.js';
import type { IssueReport, Status } from './issue-report.js';

/*
 * The staff workflow of a report: its status and what support staff record
 * about it. Each function returns a new report, changing only its `workflow`
 * slice (and `updatedAt`).
 */

/**
 * Status moves. Work goes forward; nothing returns to `new` (it means "nobody
 * has looked yet"), and a resolved or closed report is reopened to
 * `in_review` or `in_progress`, never straight to `new`.
 */
export const STATUS_MOVES: Readonly<Record<Status, readonly Status[]>> = {
  new: ['in_review', 'assigned', 'in_progress', 'resolved', 'closed'],
  in_review: ['assigned', 'in_progress', 'resolved', 'closed'],
  assigned: ['in_review', 'in_progress', 'resolved', 'closed'],
  in_progress: ['in_review', 'assigned', 'resolved', 'closed'],
  resolved: ['in_review', 'in_progress', 'closed'],
  closed: ['in_review', 'in_progress'],
};

export const canMove = (from: Status, to: Status): boolean => STATUS_MOVES[from].includes(to);

export function changeStatus(report: IssueReport, to: Status, now: Date): Result<IssueReport> {
  const { workflow } = report;
  if (!canMove(workflow.status, to)) {
    return fail('invalid_status_transition', `A ${workflow.status} report cannot become ${to}`);
  }
  const resolvedAt = to === 'resolved' || to === 'closed' ? (workflow.resolvedAt ?? now) : null;
  return ok({ ...report, workflow: { ...workflow, status: to, resolvedAt }, updatedAt: now });
}
