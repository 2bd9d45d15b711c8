import { ContainerModule } from 'inversify';
import type { Sequelize } from 'sequelize';
import { pendingMigrations } from '../../adapters/persistence/migrate.js';
import { PostgresTicketSequence } from '../../adapters/persistence/postgres-ticket-sequence.js';
import { SequelizeIssueReportRepository } from '../../adapters/persistence/sequelize-issue-report-repository.js';
import { SequelizeUploadRegistry } from '../../adapters/persistence/sequelize-upload-registry.js';
import type { PgBossJobQueue } from '../../adapters/queue/pg-boss-job-queue.js';
import type { PostgresRequestPacer } from '../../adapters/queue/postgres-request-pacer.js';
import type { RateLimiter } from '../../application/ports/rate-limiter.js';
import { TOKENS } from '../tokens.js';

export interface PostgresResources {
  readonly sequelize: Sequelize;
  /** The schema the tables were migrated into; unqualified names when omitted. */
  readonly schema?: string | undefined;
  readonly queue: PgBossJobQueue;
  readonly pacer: PostgresRequestPacer;
  readonly rateLimiter: RateLimiter;
  readonly authFailures: RateLimiter;
  /** Uploads per user, shared by every process like the report limit. */
  readonly uploadLimiter: RateLimiter;
}

/**
 * Everything durable on one PostgreSQL database: reports, ticket numbers,
 * uploads, the job queue and GitHub pacing. The resources are opened (and
 * migrated) before the container is built, because opening them is async.
 */
export const postgresModule = ({
  sequelize,
  schema,
  queue,
  pacer,
  rateLimiter,
  authFailures,
  uploadLimiter,
}: PostgresResources): ContainerModule =>
  new ContainerModule((options) => {
    const reports = new SequelizeIssueReportRepository(sequelize, {
      // A report's jobs are written in the report's own transaction.
      enqueueInTransaction: (jobs, executeSql) => queue.enqueueWithin(executeSql, jobs),
      schema,
    });
    options.bind(TOKENS.reports).toConstantValue(reports);
    options.bind(TOKENS.tickets).toConstantValue(new PostgresTicketSequence(sequelize, { schema }));
    options.bind(TOKENS.jobQueue).toConstantValue(queue);
    options
      .bind(TOKENS.uploads)
      .toConstantValue(new SequelizeUploadRegistry(sequelize, { schema }));
    options.bind(TOKENS.pacer).toConstantValue(pacer);
    options.bind(TOKENS.rateLimiter).toConstantValue(rateLimiter);
    options.bind(TOKENS.authFailures).toConstantValue(authFailures);
    options.bind(TOKENS.uploadLimiter).toConstantValue(uploadLimiter);
    options.bind(TOKENS.ready).toConstantValue(databaseReady(sequelize, schema));
  });

/** Ready when the database answers and every migration is applied. */
export const databaseReady =
  (sequelize: Sequelize, schema?: string) => async (): Promise<boolean> => {
    try {
      return (await pendingMigrations(sequelize, { schema })).length === 0;
    } catch {
      return false;
    }
  };
