import { DeliveryError } from '../../application/errors/delivery-error.js';
import type { IssueTracker, TrackedIssue } from '../../application/ports/issue-tracker.js';

/**
 * The issue tracker of a server with GITHUB_ENABLED=false or without a token
 * and repository. The GitHub sync does not call it then (it writes the
 * Markdown preview and leaves the report pending); anything else that does
 * gets a permanent failure, instead of an issue filed nowhere.
 */
export class DisabledIssueTracker implements IssueTracker {
  async findByMarker(): Promise<TrackedIssue | null> {
    throw disabled();
  }

  async create(): Promise<TrackedIssue> {
    throw disabled();
  }
}

const disabled = () =>
  new DeliveryError('GitHub filing is disabled (GITHUB_ENABLED=false)', 'permanent');
