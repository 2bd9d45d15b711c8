import { mkdtemp, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../../src/adapters/persistence/embedded-database.js';

/**
 * One throwaway PostgreSQL per test process, for machines without
 * `TEST_DATABASE_URL`: started on first use (unit-only runs never pay for
 * it) in a temporary directory, without durability (nothing here must
 * survive a crash), and stopped and deleted by the root hook below.
 */
let cluster: Promise<{ readonly db: EmbeddedDatabase; readonly dir: string }> | undefined;

export async function embeddedAdminUrl(): Promise<string> {
  cluster ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bugport-test-pg-'));
    const db = await startEmbeddedPostgres({
      dataDir: dir,
      database: 'postgres',
      // A Ctrl-C of the test run stops it with everything else.
      ownProcessGroup: false,
      postgresFlags: [
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
    });
    return { db, dir };
  })();
  return (await cluster).db.url;
}

export async function stopEmbeddedPostgres(): Promise<void> {
  if (!cluster) return;
  const started = cluster;
  cluster = undefined;
  const { db, dir } = await started;
  await db.stop();
  // Run as root from a TMPDIR the postgres user cannot enter, the cluster lives
  // elsewhere (under /var/lib/bugport/clusters/) behind a link: it goes too.
  const elsewhere = await readlink(path.join(dir, 'pgdata')).catch(() => null);
  if (elsewhere) await rm(elsewhere, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
}

/** Mocha root hook plugin (registered in .mocharc.json): runs once after every test file. */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopEmbeddedPostgres();
  },
};
