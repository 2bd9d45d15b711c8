/**
 * `npm run bench:db`: the repository on a large table. Seeds 1,000,000
 * reports (100,000 in company 1, 900,000 spread over 900 other companies)
 * into a fresh database, then times the listing and a submission's writes.
 *
 * Database: BENCH_DATABASE_URL (or TEST_DATABASE_URL) names an admin
 * connection on the server to use; otherwise an embedded PostgreSQL with the
 * settings of `npm start` is started in a temporary directory (not the test
 * cluster, whose asynchronous commit delays the visibility map that
 * index-only scans need). The scratch database is dropped at the end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { QueryTypes } from 'sequelize';
import { createSequelize } from '../src/adapters/persistence/create-sequelize.js';
import { migrate } from '../src/adapters/persistence/migrate.js';
import { PostgresTicketSequence } from '../src/adapters/persistence/postgres-ticket-sequence.js';
import { SequelizeIssueReportRepository } from '../src/adapters/persistence/sequelize-issue-report-repository.js';
import { aStoredReport } from '../test/contract/issue-report-repository.fixtures.js';
import { startEmbeddedPostgres } from '../src/adapters/persistence/embedded-database.js';
import { createDatabase } from '../test/support/postgres.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const admin = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;

/** One set-based INSERT: company 1 gets every tenth row, so its rows are spread over the table. */
const SEED = `
  INSERT INTO issue_reports (
    id, ticket_number, category, severity, status, title, description,
    steps_to_reproduce, user_id, company_id, reporter_name, reporter_email,
    browser_info, page_url, console_errors, api_history, user_actions,
    github_sync_status, created_at, updated_at, email_status)
  SELECT
    gen_random_uuid(),
    -- BUG-2020-0001 … BUG-2024-200000: lpad would cut numbers of five digits and more.
    'BUG-' || (2020 + n / 200000) || '-' || CASE WHEN n % 200000 < 9999
      THEN lpad((n % 200000 + 1)::text, 4, '0') ELSE (n % 200000 + 1)::text END,
    (ARRAY['bug','feature_request','help','other'])[1 + n % 4]::enum_issue_reports_category,
    (ARRAY['critical','high','medium','low'])[1 + (n / 4) % 4]::enum_issue_reports_severity,
    (ARRAY['new','new','in_review','assigned','in_progress','resolved','resolved','closed'])
      [1 + (hashint4(n) & 7)]::enum_issue_reports_status,
    'Export button does nothing #' || n,
    repeat('Clicking Export on the invoices page shows a spinner forever. ', 4),
    '1. Open invoices' || chr(10) || '2. Click Export',
    1000 + n % 5000,
    CASE WHEN n % 10 = 0 THEN 1 ELSE 2 + n % 900 END,
    'Reporter ' || n % 5000,
    'user' || n % 5000 || '@example.com',
    '{"name":"Chrome","version":"120.0","platform":"macOS"}',
    'https://app.example.com/invoices',
    '[{"message":"TypeError: x is undefined","timestamp":"2026-03-10T09:29:00Z"}]',
    '[{"method":"GET","url":"/api/invoices/export","status":500,"duration":120}]',
    '[{"type":"click","target":"button#export"}]',
    'synced',
    timestamptz '2021-01-01 00:00:00+00' + n * interval '2 minutes',
    timestamptz '2021-01-01 00:00:00+00' + n * interval '2 minutes',
    'sent'
  FROM generate_series(0, 999999) AS n`;

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function time(name: string, run: () => Promise<unknown>) {
  for (let i = 0; i < 20; i += 1) await run(); // warm caches and the pool
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { name, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function embeddedAdmin() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bugport-bench-pg-'));
  const server = await startEmbeddedPostgres({ dataDir: dir, database: 'postgres' });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function bench(adminUrl: string): Promise<void> {
  const database = await createDatabase('bugport_bench', { adminUrl });
  const sequelize = createSequelize(database.url, { pool: { max: 4 } });
  try {
    const wallStarted = performance.now();
    await migrate(sequelize);
    let started = performance.now();
    await sequelize.query(SEED);
    const seedSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    // A freshly loaded table has no visibility map yet; autovacuum builds it in production.
    await sequelize.query('VACUUM ANALYZE issue_reports');
    const vacuumSeconds = (performance.now() - started) / 1000;

    const [{ server_version: version } = { server_version: '?' }] = await sequelize.query<{
      server_version: string;
    }>('SHOW server_version', { type: QueryTypes.SELECT });
    const reports = new SequelizeIssueReportRepository(sequelize);
    const tickets = new PostgresTicketSequence(sequelize);
    const results = [
      await time('list page 1 (20 of 100,000)', () => reports.list(1, { page: 1, perPage: 20 })),
      await time("list status 'new' page 1", () =>
        reports.list(1, { status: 'new', page: 1, perPage: 20 }),
      ),
      await time('list page 2000 (offset 39,980)', () =>
        reports.list(1, { page: 2000, perPage: 20 }),
      ),
      await time('list page 1, small company (1,000)', () =>
        reports.list(2, { page: 1, perPage: 20 }),
      ),
      await time('find by ticket number', () => reports.findByTicketNumber(1, 'BUG-2022-0001')),
      await time('add (ticket number + insert)', async () => {
        const sequence = await tickets.next(2026);
        await reports.add(
          aStoredReport({ ticketNumber: `BUG-2026-${String(sequence).padStart(4, '0')}` }),
          [],
        );
      }),
    ];

    const plan = await sequelize.query<{ 'QUERY PLAN': string }>(
      'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT count(*) FROM issue_reports WHERE company_id = 1',
      { type: QueryTypes.SELECT },
    );
    console.log(
      `PostgreSQL ${version}; seeded 1,000,000 reports in ${seedSeconds.toFixed(1)} s, vacuum ${vacuumSeconds.toFixed(1)} s`,
    );
    console.log(`${ITERATIONS} timed runs each, after 20 warm-up runs\n`);
    console.log(`${'operation'.padEnd(38)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}`);
    for (const { name, p50, p99 } of results) {
      console.log(`${name.padEnd(38)}${p50.toFixed(2).padStart(9)}${p99.toFixed(2).padStart(9)}`);
    }
    console.log(`\ncount(*) plan:\n  ${plan.map((row) => row['QUERY PLAN']).join('\n  ')}`);
    console.log(`\nwall time ${((performance.now() - wallStarted) / 1000).toFixed(1)} s`);
    const listP99 = Math.max(...results.slice(0, 3).map((result) => result.p99));
    if (listP99 >= 30) {
      console.log(`list p99 ${listP99.toFixed(1)} ms misses the 30 ms target`);
      process.exitCode = 1;
    }
  } finally {
    await sequelize.close();
    await database.drop();
  }
}

async function main(): Promise<void> {
  if (admin) return bench(admin);
  const embedded = await embeddedAdmin();
  try {
    await bench(embedded.url);
  } finally {
    await embedded.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:db failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
