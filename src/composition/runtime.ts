import type { ContainerModule } from 'inversify';
import { join } from 'node:path';
import type { Logger as PinoLogger } from 'pino';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../adapters/persistence/create-sequelize.js';
import { startEmbeddedPostgres } from '../adapters/persistence/embedded-database.js';
import { migrate } from '../adapters/persistence/migrate.js';
import { PostgresRateLimiter } from '../adapters/persistence/postgres-rate-limiter.js';
import { PgBossJobQueue } from '../adapters/queue/pg-boss-job-queue.js';
import { PostgresRequestPacer } from '../adapters/queue/postgres-request-pacer.js';
import { SystemClock } from '../adapters/system/system-clock.js';
import type { Config } from './config.js';
import {
  AUTH_FAILURE_LIMIT,
  REPORT_RATE_WINDOW_SECONDS,
  UPLOAD_RATE_WINDOW_SECONDS,
} from './limits.js';
import { deliveryModule } from './modules/delivery-module.js';
import { postgresModule } from './modules/postgres-module.js';
import { storageModule } from './modules/storage-module.js';

/** Where `npm start` keeps its own PostgreSQL when DATABASE_URL is unset. */
export const EMBEDDED_DATA_DIR = join('data', 'postgres');

/** The durable, real-world wiring of the standalone server and the worker. */
export interface Runtime {
  readonly databaseUrl: string;
  /**
   * The `ports` of `buildContainer`: PostgreSQL, the filesystem, GitHub and
   * SMTP (or their outboxes) bind every outside port; nothing in memory.
   */
  readonly modules: readonly ContainerModule[];
  /** Closes the queue, the pools and the embedded database, in that order. */
  close(): Promise<void>;
}

/**
 * Opens the database (starting the embedded one when DATABASE_URL is unset),
 * applies pending migrations, installs the job queue, and returns the
 * modules that bind them. Every step is undone by `close()`, also when a
 * later step fails.
 */
export interface RuntimeOptions {
  /** A host's own Sequelize instance on `config.databaseUrl`'s database; the host keeps closing it. */
  readonly sequelize?: Sequelize;
  /**
   * Without DATABASE_URL, connect to the embedded PostgreSQL when another
   * process (a running `npm start`) already runs it, instead of failing on
   * its lock. For operator commands; a server owns its database.
   */
  readonly attachEmbedded?: boolean;
}

export async function openRuntime(
  config: Config,
  logger: PinoLogger,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const undo: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const step of undo.reverse()) {
      await step().catch((error: unknown) =>
        logger.warn({ err: String(error) }, 'shutdown step failed'),
      );
    }
    undo.length = 0;
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      logger.info(`DATABASE_URL is not set: using the embedded PostgreSQL in ${EMBEDDED_DATA_DIR}`);
      const embedded = await startEmbeddedPostgres({
        dataDir: EMBEDDED_DATA_DIR,
        logger,
        attach: options.attachEmbedded ?? false,
      });
      undo.push(() => embedded.stop());
      databaseUrl = embedded.url;
    }
    let sequelize = options.sequelize;
    if (!sequelize) {
      const own = createSequelize(databaseUrl);
      undo.push(() => own.close());
      sequelize = own;
    }
    const schema = config.databaseSchema ?? undefined;
    await migrate(sequelize, logger, { schema });

    const queue = new PgBossJobQueue({
      connectionString: databaseUrl,
      schema: config.jobQueueSchema,
      logger,
    });
    undo.push(() => queue.stop());
    await queue.start();
    const pacer = new PostgresRequestPacer({
      connectionString: databaseUrl,
      clock: new SystemClock(),
      schema,
    });
    undo.push(() => pacer.close());

    const rateLimiter = await PostgresRateLimiter.open(sequelize, {
      keyPrefix: 'reports',
      points: config.issueReportRateLimit,
      windowSeconds: REPORT_RATE_WINDOW_SECONDS,
      schema,
    });
    const authFailures = await PostgresRateLimiter.open(sequelize, {
      keyPrefix: 'auth-failures',
      ...AUTH_FAILURE_LIMIT,
      schema,
    });
    const uploadLimiter = await PostgresRateLimiter.open(sequelize, {
      keyPrefix: 'uploads',
      points: config.uploadRateLimit,
      windowSeconds: UPLOAD_RATE_WINDOW_SECONDS,
      schema,
    });

    return {
      databaseUrl,
      modules: [
        storageModule,
        deliveryModule(config),
        postgresModule({
          sequelize,
          schema,
          queue,
          pacer,
          rateLimiter,
          authFailures,
          uploadLimiter,
        }),
      ],
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
