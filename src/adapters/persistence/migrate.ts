import type { Sequelize, Transaction } from 'sequelize';
import { Umzug, type UmzugStorage } from 'umzug';
import { translatingConnectionErrors } from './connection-errors.js';
import { ensureHostForeignKeys, type HostForeignKeys } from './host-foreign-keys.js';
import { silentLogger, type Logger as FullLogger } from '../../application/ports/logger.js';
import { MIGRATIONS } from './migrations/index.js';
import type { MigrationContext } from './migrations/migration.js';
import { checkedSchema, qualified } from './schema-name.js';
import { sqlOf, type Sql } from './sql.js';

/** What it says: progress (`info`) and trouble (`warn`); `debug` for PostgreSQL's output. */
type Logger = Pick<FullLogger, 'info' | 'warn' | 'debug'>;

export interface SchemaOption {
  /**
   * The PostgreSQL schema of bugport's tables (created when missing), the
   * bookkeeping table included. Unqualified (the connection's search_path,
   * normally `public`) when omitted.
   */
  readonly schema?: string;
}

export interface MigrateOptions extends SchemaOption {
  /** Optional foreign keys to the host's own tables; none by default. */
  readonly foreignKeys?: HostForeignKeys;
}

/**
 * Our own bookkeeping table, not Sequelize's `SequelizeMeta`, so that bugport
 * can share a database with a host that keeps its own migrations there.
 */
const CREATE_BOOKKEEPING = `CREATE TABLE IF NOT EXISTS bugport_migrations (
  name text PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

function storageOf(sql: Sql): UmzugStorage<MigrationContext> {
  return {
    async executed() {
      const rows = await sql.select<{ name: string }>(
        'SELECT name FROM bugport_migrations ORDER BY name',
      );
      return rows.map((row) => row.name);
    },
    async logMigration({ name }) {
      await sql.run('INSERT INTO bugport_migrations (name) VALUES ($1)', [name]);
    },
    async unlogMigration({ name }) {
      await sql.run('DELETE FROM bugport_migrations WHERE name = $1', [name]);
    },
  };
}

/**
 * Runs `work` in one transaction holding an advisory lock: two processes
 * starting together migrate one after the other, and a migration that fails
 * leaves the schema exactly as it was (PostgreSQL's DDL is transactional).
 * The price: no `CREATE INDEX CONCURRENTLY` in a migration.
 */
async function withMigrator<T>(
  sequelize: Sequelize,
  logger: Logger,
  schema: string | undefined,
  work: (umzug: Umzug<MigrationContext>, sql: Sql) => Promise<T>,
): Promise<T> {
  checkedSchema(schema);
  return translatingConnectionErrors('migrate', () =>
    sequelize.transaction(async (transaction: Transaction) => {
      const sql = sqlOf(sequelize, transaction);
      await sql.run("SELECT pg_advisory_xact_lock(hashtext('bugport.migrations'))");
      if (schema !== undefined) {
        // For this transaction only, unqualified names mean the schema first: the migrations
        // create (and find) their tables and types there, and host tables named in
        // `foreignKeys` are still found where the connection's search_path finds them.
        await sql.run(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await sql.run(
          `SELECT set_config('search_path', '"${schema}", ' || current_setting('search_path'), true)`,
        );
      }
      await sql.run(CREATE_BOOKKEEPING);
      const umzug = new Umzug<MigrationContext>({
        migrations: MIGRATIONS.map((migration) => ({
          name: migration.name,
          up: ({ context }) => migration.up(context),
          down: ({ context }) => migration.down(context),
        })),
        context: { query: (text) => sql.run(text) },
        storage: storageOf(sql),
        logger: undefined,
      });
      umzug.on('migrated', ({ name }) => logger.info({}, `Migration ${name} applied`));
      umzug.on('reverted', ({ name }) => logger.info({}, `Migration ${name} reverted`));
      return work(umzug, sql);
    }),
  );
}

/**
 * Applies every pending migration (and the configured host foreign keys), and
 * says what it did. Safe to call from every process at start.
 */
export async function migrate(
  sequelize: Sequelize,
  logger: Logger = silentLogger,
  options: MigrateOptions = {},
): Promise<{ readonly applied: readonly string[] }> {
  return withMigrator(sequelize, logger, options.schema, async (umzug, sql) => {
    const pending = await umzug.pending();
    if (pending.length > 0) {
      logger.info({}, `Applying ${pending.length} pending database migration(s)`);
    }
    const applied = (await umzug.up()).map((migration) => migration.name);
    if (options.foreignKeys) await ensureHostForeignKeys(sql, options.foreignKeys, logger);
    logger.info(
      {},
      applied.length > 0
        ? `Database schema migrated (${applied.join(', ')})`
        : `Database schema is up to date (${MIGRATIONS.length} migrations)`,
    );
    return { applied };
  });
}

/** Reverts applied migrations, newest first, down to and including `to`; all of them when 0. */
export async function revertMigrations(
  sequelize: Sequelize,
  logger: Logger = silentLogger,
  { to = 0, schema }: { readonly to?: string | 0 } & SchemaOption = {},
): Promise<{ readonly reverted: readonly string[] }> {
  return withMigrator(sequelize, logger, schema, async (umzug) => {
    const reverted = await umzug.down({ to });
    return { reverted: reverted.map((migration) => migration.name) };
  });
}

/** Names of the migrations not yet applied: for a readiness probe. Takes no lock. */
export async function pendingMigrations(
  sequelize: Sequelize,
  { schema }: SchemaOption = {},
): Promise<readonly string[]> {
  const bookkeeping = qualified(schema, 'bugport_migrations');
  return translatingConnectionErrors('check migrations', async () => {
    const sql = sqlOf(sequelize);
    const [table] = await sql.select<{ present: boolean }>(
      'SELECT to_regclass($1) IS NOT NULL AS present',
      [bookkeeping],
    );
    const applied = table?.present
      ? new Set(
          (await sql.select<{ name: string }>(`SELECT name FROM ${bookkeeping}`)).map(
            (row) => row.name,
          ),
        )
      : new Set<string>();
    return MIGRATIONS.map((migration) => migration.name).filter((name) => !applied.has(name));
  });
}
