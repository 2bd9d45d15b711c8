/**
 * `bugport`: what a host app needs to run bugport on its own database and
 * Koa app, and nothing else. Every export is listed in docs/embedding.md
 * ("Public API"); the domain and the use cases without npm dependencies are
 * `bugport/core`.
 */

// Embedding
export { createBugport } from './composition/embed.js';
export type {
  Bugport,
  BugportEnvironmentName,
  BugportOptions,
  BugportUseCaseName,
  BugportUseCases,
} from './composition/embed.js';

// What a host gives: its sign-in, and the ports it may implement itself
export type { Authenticate } from './adapters/http/auth.js';
export type { Principal } from './application/access/principal.js';
export type { MailMessage, Mailer } from './application/ports/mailer.js';
export type { IssueDraft, IssueTracker, TrackedIssue } from './application/ports/issue-tracker.js';
export type { ScreenshotStore } from './application/ports/screenshot-store.js';

// Errors a host's adapters throw, or a host catches
export { DeliveryError } from './application/errors/delivery-error.js';
export { DependencyUnavailableError } from './application/errors/dependency-unavailable-error.js';

// The database, for hosts that migrate ahead of the start (docs/persistence.md)
export { createSequelize } from './adapters/persistence/create-sequelize.js';
export { migrate, pendingMigrations, revertMigrations } from './adapters/persistence/migrate.js';
export type { MigrateOptions, SchemaOption } from './adapters/persistence/migrate.js';

export { version } from './version.js';
