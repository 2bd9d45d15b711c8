import { createIssueReports } from './0001-create-issue-reports.js';
import { createIssueComments } from './0002-create-issue-comments.js';
import { createTicketCounters } from './0003-create-ticket-counters.js';
import { createScreenshotUploads } from './0004-create-screenshot-uploads.js';
import { createIdempotencyKeys } from './0005-create-idempotency-keys.js';
import type { Migration } from './migration.js';

/**
 * Every migration, in order. An explicit list rather than a glob: it works the
 * same under tsx (`.ts`) and compiled (`.js`), and a bundler cannot drop a file.
 * Append only; never edit or reorder an entry that has shipped.
 */
export const MIGRATIONS: readonly Migration[] = [
  createIssueReports,
  createIssueComments,
  createTicketCounters,
  createScreenshotUploads,
  createIdempotencyKeys,
];
