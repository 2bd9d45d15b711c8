/**
 * `npm run migrate`: applies the pending migrations to DATABASE_URL (or to
 * the embedded PostgreSQL in `data/postgres` when it is unset) and exits.
 * The server and the worker also migrate at start; this is for deployments
 * that prefer a separate step before rolling out new code.
 */
import { createSequelize } from '../../adapters/persistence/create-sequelize.js';
import { startEmbeddedPostgres } from '../../adapters/persistence/embedded-database.js';
import { migrate } from '../../adapters/persistence/migrate.js';
import { runEntry } from '../run-entry.js';
import { createLogger } from '../logger.js';
import { EMBEDDED_DATA_DIR } from '../runtime.js';

runEntry('migrate', async (config) => {
  const logger = createLogger(config);
  const embedded = config.databaseUrl
    ? null
    : // Beside a running `npm start`, its embedded database is migrated, not a second one.
      await startEmbeddedPostgres({ dataDir: EMBEDDED_DATA_DIR, logger, attach: true });
  const sequelize = createSequelize(config.databaseUrl ?? embedded?.url ?? '');
  try {
    await migrate(sequelize, logger, { schema: config.databaseSchema ?? undefined });
  } finally {
    await sequelize.close();
    await embedded?.stop();
  }
});
