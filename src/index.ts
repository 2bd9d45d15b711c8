/**
 * The public API of bugport as a library: everything in `bugport/core`
 * (domain, use cases, ports, in-memory adapters) plus the HTTP adapter, the
 * real adapters and `createBugport`, which wires them on a host's database.
 */
export * from './core.js';

// HTTP adapter
export { createHttpApp } from './adapters/http/create-http-app.js';
export type { HttpAppDeps } from './adapters/http/create-http-app.js';
export { SUPPORT_PREFIX, createSupportRouter } from './adapters/http/support-router.js';
export type { SupportRouterDeps } from './adapters/http/support-router.js';
export { bearerJwtAuthenticator } from './adapters/http/auth.js';
export type { Authenticate } from './adapters/http/auth.js';
export { STATUS_OF } from './adapters/http/error-status.js';
export type { HttpErrorCode } from './adapters/http/error-status.js';

// Real adapters, for hosts wiring their own composition
export { createSequelize } from './adapters/persistence/create-sequelize.js';
export { migrate, pendingMigrations, revertMigrations } from './adapters/persistence/migrate.js';
export type { MigrateOptions, SchemaOption } from './adapters/persistence/migrate.js';
export { SequelizeIssueReportRepository } from './adapters/persistence/sequelize-issue-report-repository.js';
export { PostgresTicketSequence } from './adapters/persistence/postgres-ticket-sequence.js';
export { SequelizeUploadRegistry } from './adapters/persistence/sequelize-upload-registry.js';
export { PostgresRateLimiter } from './adapters/persistence/postgres-rate-limiter.js';
export { PgBossJobQueue } from './adapters/queue/pg-boss-job-queue.js';
export { PostgresRequestPacer } from './adapters/queue/postgres-request-pacer.js';
export { OctokitIssueTracker } from './adapters/github/octokit-issue-tracker.js';
export { NodemailerMailer } from './adapters/email/nodemailer-mailer.js';
export { EmlFileMailer } from './adapters/email/eml-file-mailer.js';
export { NunjucksEmailRenderer } from './adapters/email/nunjucks-email-renderer.js';
export { SharpImageProcessor } from './adapters/storage/sharp-image-processor.js';
export { FsScreenshotStore } from './adapters/storage/fs-screenshot-store.js';

// Composition
export { createBugport } from './composition/embed.js';
export type { Bugport, BugportEnvironmentName, BugportOptions } from './composition/embed.js';
export { buildContainer, resolve } from './composition/container.js';
export type { BuildContainerOptions } from './composition/container.js';
export { loadConfig, readEnvironment } from './composition/config.js';
export type { Config, ConfigResult, EnvironmentName } from './composition/config.js';
export { TOKENS } from './composition/tokens.js';
export type { Overrides, ServiceName, Services } from './composition/services.js';
export { coreModule } from './composition/modules/core-module.js';
export { httpModule } from './composition/modules/http-module.js';
export { inMemoryModule } from './composition/modules/in-memory-module.js';
export { systemModule } from './composition/modules/system-module.js';
