import pg from 'pg';
import { createSequelize } from '../../src/adapters/persistence/create-sequelize.js';
import { migrate } from '../../src/adapters/persistence/migrate.js';
import { embeddedAdminUrl } from './embedded-postgres.js';

/**
 * PostgreSQL for tests. `TEST_DATABASE_URL` names a server and a database the
 * tests may use as an admin connection (CI: the machine's PostgreSQL); each
 * call of `createDatabase` makes a fresh database on that server and returns
 * its URL and a `drop()`. Without `TEST_DATABASE_URL`, an embedded PostgreSQL
 * is started once per test process (see `embedded-postgres.ts`), so
 * `npm test` needs no database installed.
 */
export async function adminUrl(): Promise<string> {
  return process.env.TEST_DATABASE_URL || embeddedAdminUrl();
}

export interface ScratchDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

let counter = 0;

async function asAdmin(admin: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `options.adminUrl` points at another server (the benchmark uses it). */
export async function createDatabase(
  prefix = 'bugport_test',
  options: { readonly adminUrl?: string } = {},
): Promise<ScratchDatabase> {
  const admin = options.adminUrl ?? (await adminUrl());
  counter += 1;
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`.toLowerCase();
  await asAdmin(admin, `CREATE DATABASE "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => asAdmin(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** A scratch database with bugport's schema applied, as `migrate()` leaves it. */
export async function createMigratedDatabase(prefix?: string): Promise<ScratchDatabase> {
  const database = await createDatabase(prefix);
  const sequelize = createSequelize(database.url);
  try {
    await migrate(sequelize);
  } finally {
    await sequelize.close();
  }
  return database;
}
