/**
 * `npm run bench`: bugport over HTTP against a floor server (issue #7).
 *
 * In one run, on a scratch database:
 * - bugport as `npm start` runs it, in this process: migrations, the
 *   PostgreSQL modules, pg-boss and its workers (GitHub off, e-mails to an
 *   `.eml` outbox in a temporary directory), the rate limit set so high that
 *   it is never what is measured, logs silent;
 * - the floor (bench/floor-server.ts): Koa, @koa/bodyparser, a zod schema,
 *   one INSERT with plain `pg`;
 * - autocannon in a child process (bench/load.ts), 2 s warm-up per phase:
 *   GET /reports page 1 at 100,000 reports in the caller's company (5 s);
 *   POST /report with a ~21 KB report from 40 users over 50 connections,
 *   floor then bugport (10 s each); then 20 connections of text-only
 *   reports alone and next to one connection posting a 1.5 MB PNG inline
 *   (10 s each); finally how fast the idle workers run the jobs left (8 s).
 * - CPU per phase from /proc: this process, PostgreSQL, the load generator
 *   and the rest of the machine (bench/machine.ts).
 *
 * Targets: bugport's POST throughput ≥ 0.6 × the floor's and its p99 < 2 ×
 * the floor's; text-only p99 next to screenshots < 2 × without. A miss sets
 * exit code 1.
 *
 * Database: BENCH_DATABASE_URL (or TEST_DATABASE_URL) names an admin
 * connection; otherwise an embedded PostgreSQL is started in a temporary
 * directory. Everything is dropped and stopped at the end.
 *
 * Knobs: BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_SCREENSHOTS (0
 * skips those phases), BENCH_LOG_LEVEL (silent; e.g. `info` measures the
 * access log, written to /dev/null).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import { EmlFileMailer } from '../src/adapters/email/eml-file-mailer.js';
import { startEmbeddedPostgres } from '../src/adapters/persistence/embedded-database.js';
import { loadConfig, type LogLevel } from '../src/composition/config.js';
import { createLogger } from '../src/composition/logger.js';
import { openRuntime } from '../src/composition/runtime.js';
import { startServer } from '../src/composition/start-server.js';
import { startWorkers } from '../src/composition/start-workers.js';
import { signToken } from '../test/support/http.js';
import { aNoisyScreenshot } from '../test/support/images.js';
import { createDatabase } from '../test/support/postgres.js';
import { startFloorServer } from './floor-server.js';
import { runLoad, type LoadPlan, type LoadResult } from './load.js';
import { postmasterOf, share, snapshot, type CpuShare, type CpuSnapshot } from './machine.js';
import { aLargeReportBody } from './report-body.js';
import { seedStatement } from './seed.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const LOG_LEVEL = (process.env.BENCH_LOG_LEVEL || 'silent') as LogLevel;
const SCREENSHOTS = process.env.BENCH_SCREENSHOTS !== '0';
const WARMUP_SECONDS = 2;
const TEXT_CONNECTIONS = 20;
const DRAIN_SECONDS = 8;
const LIST_SECONDS = 5;
const LIST_REPORTS = 100_000;
const POSTING_USERS = 40;
const SECRET = 'a-bench-secret-that-is-long-enough-for-hs256';
const admin = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;

/** 100,000 reports, all of company 1 (as bench/db.ts, one company only). */
const SEED = seedStatement({
  rows: LIST_REPORTS,
  company: '1',
  users: 500,
  spacing: '20 minutes',
});

interface Measured {
  readonly result: LoadResult;
  readonly cpu: CpuShare;
}

const cores = (m: Measured, group: string) => (m.cpu.cores[group] ?? 0).toFixed(2).padStart(7);
const perRequest = (m: Measured, group: string) =>
  (m.cpu.msPerRequest(m.result.total)[group] ?? 0).toFixed(2).padStart(7);

const line = (label: string, m: Measured) => {
  const r = m.result;
  return (
    `${label.padEnd(22)}${r.requestsPerSecond.toFixed(0).padStart(7)}` +
    `${r.p50.toFixed(0).padStart(7)}${r.p99.toFixed(0).padStart(7)}${r.max.toFixed(0).padStart(7)}` +
    `${String(r.non2xx + r.errors + r.timeouts).padStart(7)}` +
    `${perRequest(m, 'node')}${perRequest(m, 'postgres')}` +
    `${cores(m, 'node')}${cores(m, 'postgres')}${cores(m, 'load')}${cores(m, 'other')}`
  );
};

const header = () =>
  `${''.padEnd(22)}${'req/s'.padStart(7)}${'p50'.padStart(7)}${'p99'.padStart(7)}` +
  `${'max'.padStart(7)}${'failed'.padStart(7)}` +
  `${'node'.padStart(7)}${'pg'.padStart(7)}` +
  `${'node'.padStart(7)}${'pg'.padStart(7)}${'load'.padStart(7)}${'other'.padStart(7)}\n` +
  `${''.padEnd(22)}${''.padStart(7)}${'ms'.padStart(7)}${'ms'.padStart(7)}${'ms'.padStart(7)}` +
  `${''.padStart(7)}${'CPU ms/request'.padStart(14)}${'CPU cores in use'.padStart(28)}`;

/** The access log, when asked for, goes to /dev/null: its cost is measured, not its output. */
function benchLogger() {
  if (LOG_LEVEL === 'silent') return createLogger({ logLevel: 'silent' });
  return pino({ level: LOG_LEVEL }, pino.destination({ dest: '/dev/null', sync: true }));
}

/** Runs one statement on a connection of its own; `map` sees each row while it is open. */
async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  map: (row: T) => T = (row) => row,
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows.map(map);
  } finally {
    await client.end();
  }
}

const jobCounts = (url: string) =>
  query<{ reports: number; waiting: number; done: number }>(
    url,
    `SELECT (SELECT count(*)::int FROM issue_reports WHERE company_id <> 1) AS reports,
            (SELECT count(*)::int FROM pgboss.job WHERE state IN ('created', 'retry')) AS waiting,
            (SELECT count(*)::int FROM pgboss.job WHERE state = 'completed') AS done`,
  );

/** How fast the workers run queued jobs with no request to serve: DRAIN_SECONDS at most. */
async function drain(url: string): Promise<{ jobs: number; seconds: number; left: number }> {
  const started = performance.now();
  const [first] = await jobCounts(url);
  let left = first?.waiting ?? 0;
  while (left > 0 && performance.now() - started < DRAIN_SECONDS * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    left = (await jobCounts(url))[0]?.waiting ?? 0;
  }
  return {
    jobs: (first?.waiting ?? 0) - left,
    seconds: (performance.now() - started) / 1000,
    left,
  };
}

async function bench(adminUrl: string): Promise<void> {
  const wallStarted = performance.now();
  const database = await createDatabase('bugport_bench_http', { adminUrl });
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'bugport-bench-http-'));
  const loaded = loadConfig({
    DATABASE_URL: database.url,
    PORT: '0',
    AUTH_JWT_SECRET: SECRET,
    LOG_LEVEL,
    ISSUE_REPORT_RATE_LIMIT: '1000000',
    GITHUB_ENABLED: 'false',
    UPLOAD_DIR: path.join(scratch, 'uploads'),
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const config = loaded.value;
  const logger = benchLogger();
  const undo: Array<() => Promise<unknown>> = [
    () => rm(scratch, { recursive: true, force: true }),
    () => database.drop(),
  ];
  try {
    // What `npm start` (startStandalone) does, with the outbox moved to the scratch directory.
    const runtime = await openRuntime(config, logger);
    undo.push(() => runtime.close());
    const bugport = await startServer(
      config,
      { logger, mailer: new EmlFileMailer({ directory: path.join(scratch, 'mail'), logger }) },
      runtime.modules,
    );
    undo.push(() => bugport.close());
    if (bugport.config.runWorkers) await startWorkers(bugport.container, bugport.config);
    const floor = await startFloorServer(database.url);
    undo.push(() => floor.close());

    // The backend's parent, read while the backend lives: the PostgreSQL server, if it is local.
    const [{ postmaster } = { postmaster: null }] = await query<{ postmaster: number | null }>(
      database.url,
      'SELECT pg_backend_pid() AS postmaster',
      (row) => ({ postmaster: postmasterOf(row.postmaster ?? 0) }),
    );
    const take = () => snapshot({ node: [process.pid] }, { postgres: postmaster });
    const measure = async (plan: LoadPlan): Promise<Measured> => {
      let before: CpuSnapshot | undefined;
      let after: CpuSnapshot | undefined;
      const result = await runLoad(plan, {
        measuring: () => (before = take()),
        measured: () => (after = take()),
      });
      if (!before || !after) throw new Error('the load generator skipped a phase');
      return { result, cpu: share(before, after, { load: result.cpuSeconds }) };
    };

    let started = performance.now();
    await query(database.url, SEED);
    // A freshly loaded table has no visibility map yet; autovacuum builds it in production.
    await query(database.url, 'VACUUM ANALYZE issue_reports');
    const seedSeconds = (performance.now() - started) / 1000;

    const posters = await Promise.all(
      Array.from({ length: POSTING_USERS }, (_, i) =>
        signToken(
          {
            sub: String(100 + i),
            company_id: 2 + (i % 4),
            name: `User ${i}`,
            email: `user${i}@example.com`,
          },
          { secret: SECRET },
        ),
      ),
    );
    const lister = await signToken({ sub: '1000', company_id: 1 }, { secret: SECRET });
    const body = JSON.stringify(aLargeReportBody());
    const post = (url: string): LoadPlan => ({
      url,
      method: 'POST',
      path: '/api/support/report',
      body,
      tokens: posters,
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_SECONDS,
      seconds: SECONDS,
    });

    // The listing first: afterwards the workers would still be draining the POSTs' jobs.
    const list = await measure({
      url: bugport.url,
      method: 'GET',
      path: '/api/support/reports?page=1&per_page=20',
      tokens: [lister],
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_SECONDS,
      seconds: LIST_SECONDS,
    });
    const floorRun = await measure(post(floor.url));
    started = performance.now();
    const bugportRun = await measure(post(bugport.url));
    const floorResult = floorRun.result;
    const bugportResult = bugportRun.result;
    const postSeconds = (performance.now() - started) / 1000;
    const [counts] = await jobCounts(database.url);

    // Screenshots: 20 clients post text-only reports, alone and then next to a client
    // that posts reports with a 1.5 MB PNG in `screenshot_data`. Both phases start with
    // a backlog of jobs from the phases before, which the workers keep working on.
    let screenshots: {
      alone: Measured;
      mixed: Measured;
      withPng: LoadResult;
      bytes: number;
    } | null = null;
    if (SCREENSHOTS) {
      const png = await aNoisyScreenshot();
      const withPngBody = JSON.stringify({
        ...aLargeReportBody(),
        screenshot_data: png.toString('base64'),
      });
      const text = { ...post(bugport.url), connections: TEXT_CONNECTIONS };
      const alone = await measure(text);
      const [mixed, withPng] = await Promise.all([
        measure(text),
        // A second longer, so that it overlaps the whole measured window of the text clients.
        runLoad({ ...text, body: withPngBody, connections: 1, seconds: SECONDS + 1 }),
      ]);
      screenshots = { alone, mixed, withPng, bytes: withPngBody.length };
    }
    const drained = await drain(database.url);
    const [{ server_version: version } = { server_version: '?' }] = await query<{
      server_version: string;
    }>(database.url, 'SHOW server_version');

    const cpus = os.cpus();
    const nproc = execFileSync('nproc').toString().trim();
    console.log(
      `machine: ${cpus.length} cores (nproc ${nproc}, ${cpus[0]?.model.trim() ?? '?'}), ` +
        `Node ${process.version}, PostgreSQL ${version}`,
    );
    console.log(
      `POST /api/support/report: ${body.length.toLocaleString('en')} B body, ` +
        `${CONNECTIONS} connections, ${SECONDS} s after ${WARMUP_SECONDS} s warm-up, ` +
        `${POSTING_USERS} users; bugport log level ${LOG_LEVEL}\n`,
    );
    console.log(header());
    console.log(line('floor POST', floorRun));
    console.log(line('bugport POST', bugportRun));
    const throughput = bugportResult.requestsPerSecond / floorResult.requestsPerSecond;
    const p99 = bugportResult.p99 / floorResult.p99;
    console.log(
      `\nbugport/floor: throughput ${throughput.toFixed(2)} (target ≥ 0.60), ` +
        `p99 ${p99.toFixed(2)} (target < 2.00)`,
    );
    console.log(
      `bugport stored ${counts?.reports ?? '?'} reports in ${postSeconds.toFixed(1)} s ` +
        `(warm-up included); meanwhile its workers completed ${counts?.done ?? '?'} jobs ` +
        `(2 per report), ${counts?.waiting ?? '?'} were waiting. At the end, with no requests, ` +
        `they ran ${drained.jobs} jobs in ${drained.seconds.toFixed(1)} s ` +
        `(${(drained.jobs / drained.seconds).toFixed(0)} jobs/s)\n`,
    );
    console.log(
      `GET /reports?page=1&per_page=20 at ${LIST_REPORTS.toLocaleString('en')} reports ` +
        `(seeded in ${seedSeconds.toFixed(1)} s), ${CONNECTIONS} connections, ${LIST_SECONDS} s:`,
    );
    console.log(header());
    console.log(line('bugport GET /reports', list));
    if (screenshots) {
      const { alone, mixed, withPng, bytes } = screenshots;
      const ratio = mixed.result.p99 / alone.result.p99;
      console.log(
        `\nScreenshots: ${TEXT_CONNECTIONS} connections post the text-only report; then the same ` +
          `next to 1 connection posting a 2560×1440 PNG inline (${(bytes / 1e6).toFixed(2)} MB body):`,
      );
      console.log(header());
      console.log(line('text only, alone', alone));
      console.log(line('text only, with PNGs', mixed));
      console.log(
        `${'with a PNG'.padEnd(22)}${withPng.requestsPerSecond.toFixed(1).padStart(7)}` +
          `${withPng.p50.toFixed(0).padStart(7)}${withPng.p99.toFixed(0).padStart(7)}` +
          `${withPng.max.toFixed(0).padStart(7)}` +
          `${String(withPng.non2xx + withPng.errors + withPng.timeouts).padStart(7)}`,
      );
      console.log(
        `text-only p99 with screenshot traffic / without: ${ratio.toFixed(2)} (target < 2.00)`,
      );
      if (ratio >= 2) process.exitCode = 1;
    }
    console.log(
      '\nnode: this process (the server measured); pg: the PostgreSQL server, all backends; ' +
        'load: autocannon; other: the rest of the machine (a busy machine makes req/s unreliable).',
    );
    for (const [label, r] of [
      ['floor POST', floorResult],
      ['bugport POST', bugportResult],
      ['GET /reports', list.result],
      ...(screenshots
        ? ([
            ['text only, alone', screenshots.alone.result],
            ['text only, with PNGs', screenshots.mixed.result],
            ['with a PNG', screenshots.withPng],
          ] as const)
        : []),
    ] as const) {
      if (r.non2xx + r.errors + r.timeouts > 0) {
        console.log(`${label}: status codes ${JSON.stringify(r.statusCodes)}`);
        process.exitCode = 1;
      }
    }
    if (throughput < 0.6 || p99 >= 2) {
      console.log('\nbugport misses the target of issue #7');
      process.exitCode = 1;
    }
  } finally {
    for (const step of undo.reverse()) {
      await step().catch((error: unknown) =>
        console.error(`cleanup: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    console.log(`\nwall time ${((performance.now() - wallStarted) / 1000).toFixed(1)} s`);
  }
}

async function main(): Promise<void> {
  if (admin) return bench(admin);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bugport-bench-pg-'));
  const embedded = await startEmbeddedPostgres({ dataDir: dir, database: 'postgres' });
  try {
    await bench(embedded.url);
  } finally {
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
