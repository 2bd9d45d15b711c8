/**
 * `npm run bench:db`: the repository on a large table. Seeds 1,000,000
 * reports (100,000 in company 1, 900,000 spread over 900 other companies)
 * into a fresh database, then times the listing and a submission's writes:
 * first through the repository, then through HTTP. For the latter, bugport's
 * standalone wiring (openRuntime + startServer, as `npm start`, workers off,
 * rate limit out of the way, logs silent) serves the seeded database in this
 * process, and one client sends the requests one after another over a single
 * keep-alive connection: GET /api/support/reports page 1, `status=new` and
 * page 2000 as a user of company 1, and POST /api/support/report with a
 * body of about 5 KB. Latency, not load: `npm run bench` measures load.
 *
 * Statuses are drawn from 8 buckets, 2 of them `new`: about 25,000 of company
 * 1's reports are `new`, a large backlog (a smaller share only makes the
 * count cheaper).
 *
 * Database: BENCH_DATABASE_URL (or TEST_DATABASE_URL) names an admin
 * connection on the server to use; otherwise an embedded PostgreSQL with the
 * settings of `npm start` is started in a temporary directory (not the test
 * cluster, whose asynchronous commit delays the visibility map that
 * index-only scans need). The scratch database is dropped at the end.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { QueryTypes } from 'sequelize';
import { EmlFileMailer } from '../src/adapters/email/eml-file-mailer.js';
import { createSequelize } from '../src/adapters/persistence/create-sequelize.js';
import { migrate } from '../src/adapters/persistence/migrate.js';
import { PostgresTicketSequence } from '../src/adapters/persistence/postgres-ticket-sequence.js';
import { SequelizeIssueReportRepository } from '../src/adapters/persistence/sequelize-issue-report-repository.js';
import { loadConfig } from '../src/composition/config.js';
import { createLogger } from '../src/composition/logger.js';
import { openRuntime } from '../src/composition/runtime.js';
import { startServer } from '../src/composition/start-server.js';
import { aStoredReport } from '../test/contract/issue-report-repository.fixtures.js';
import { startEmbeddedPostgres } from '../src/adapters/persistence/embedded-database.js';
import { signToken } from '../test/support/http.js';
import { createDatabase } from '../test/support/postgres.js';
import { postmasterOf, share, snapshot, type CpuSnapshot } from './machine.js';
import { aLargeReportBody } from './report-body.js';
import { seedStatement } from './seed.js';
import { formatTicketNumber } from '../src/domain/ticket-number.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const WARMUP = 20;
const TARGET_MS = 30;
const SECRET = 'a-bench-secret-that-is-long-enough-for-hs256';
const admin = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;

/** 1,000,000 reports; company 1 gets every tenth row, so its rows are spread over the table. */
const SEED = seedStatement({
  rows: 1_000_000,
  company: 'CASE WHEN n % 10 = 0 THEN 1 ELSE 2 + n % 900 END',
  users: 5000,
  spacing: '2 minutes',
});

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

interface Timing {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  /** Cores busy outside this process and PostgreSQL while it ran: other work on the machine. */
  readonly other: number;
}

/** Runs `run` WARMUP times, then ITERATIONS times one after another, timing each. */
async function time(run: () => Promise<unknown>, cpu: () => CpuSnapshot): Promise<Timing> {
  for (let i = 0; i < WARMUP; i += 1) await run(); // warm caches, the pool and the connection
  const samples: number[] = [];
  const before = cpu();
  for (let i = 0; i < ITERATIONS; i += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  const { cores } = share(before, cpu());
  const mean = samples.reduce((sum, sample) => sum + sample, 0) / samples.length;
  samples.sort((a, b) => a - b);
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    mean,
    other: cores.other ?? 0,
  };
}

/**
 * One client, one connection: requests are sent one after another over a
 * keep-alive socket (a request that finds it closed by the server's idle
 * timeout is sent again on a new one). `sockets` counts the connections opened.
 */
function httpClient(baseUrl: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const seen = new WeakSet<object>();
  let sockets = 0;
  const send = (
    method: string,
    target: string,
    token: string,
    body: string | undefined,
    retry = true,
  ): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const request = http.request(new URL(target, baseUrl), { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      request.on('socket', (socket) => {
        if (!seen.has(socket)) {
          seen.add(socket);
          sockets += 1;
        }
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (retry && request.reusedSocket && error.code === 'ECONNRESET') {
          send(method, target, token, body, false).then(resolve, reject);
        } else reject(error);
      });
      request.end(body);
    });
  return {
    send,
    sockets: () => sockets,
    close: () => agent.destroy(),
  };
}

/** A POST /report body of about 5 KB: the large one with fewer debug entries. */
function aReportBody(): string {
  const large = aLargeReportBody();
  const first = (key: string, count: number) => (large[key] as unknown[]).slice(0, count);
  const some = (key: string, count: number) =>
    Object.fromEntries(Object.entries(large[key] as object).slice(0, count));
  return JSON.stringify({
    ...large,
    console_errors: first('console_errors', 3),
    api_history: first('api_history', 6),
    user_actions: first('user_actions', 6),
    local_storage_data: some('local_storage_data', 4),
    session_storage_data: some('session_storage_data', 3),
  });
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

interface Row {
  readonly name: string;
  readonly repository: Timing;
  readonly http?: Timing;
  /** The repository figure counts against the 30 ms target of the listing. */
  readonly listing?: boolean;
}

const ms = (value: number | undefined) => (value === undefined ? '' : value.toFixed(2));

function printTable(rows: readonly Row[]): void {
  const cells = (t: Timing | undefined) =>
    [t?.p50, t?.p99, t?.mean].map((value) => ms(value).padStart(8)).join('');
  console.log(
    `${''.padEnd(38)}${'repository, ms'.padStart(24)}${'HTTP, ms'.padStart(24)}${'other CPU'.padStart(14)}`,
  );
  console.log(
    `${'operation'.padEnd(38)}${['p50', 'p99', 'mean', 'p50', 'p99', 'mean']
      .map((label) => label.padStart(8))
      .join('')}${'repo / HTTP'.padStart(14)}`,
  );
  for (const { name, repository, http: overHttp } of rows) {
    const other = `${repository.other.toFixed(2)} / ${overHttp ? overHttp.other.toFixed(2) : '-'}`;
    console.log(`${name.padEnd(38)}${cells(repository)}${cells(overHttp)}${other.padStart(14)}`);
  }
}

async function bench(adminUrl: string, where: string): Promise<void> {
  const wallStarted = performance.now();
  const database = await createDatabase('bugport_bench', { adminUrl });
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'bugport-bench-db-'));
  const sequelize = createSequelize(database.url, { pool: { max: 4 } });
  const undo: Array<() => Promise<unknown>> = [
    () => rm(scratch, { recursive: true, force: true }),
    () => database.drop(),
    () => sequelize.close(),
  ];
  try {
    await migrate(sequelize);
    let started = performance.now();
    await sequelize.query(SEED);
    const seedSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    // A freshly loaded table has no visibility map yet; autovacuum builds it in production.
    await sequelize.query('VACUUM ANALYZE issue_reports');
    const vacuumSeconds = (performance.now() - started) / 1000;

    const [{ server_version: version, backend } = { server_version: '?', backend: 0 }] =
      await sequelize.query<{ server_version: string; backend: number }>(
        "SELECT current_setting('server_version') AS server_version, pg_backend_pid() AS backend",
        { type: QueryTypes.SELECT },
      );
    // The PostgreSQL server, if it is local: its CPU is told apart from the machine's other work.
    const postmaster = postmasterOf(backend);
    const cpu = () => snapshot({ node: [process.pid] }, { postgres: postmaster });

    const reports = new SequelizeIssueReportRepository(sequelize);
    const tickets = new PostgresTicketSequence(sequelize);
    const repository = {
      page1: await time(() => reports.list(1, { page: 1, perPage: 20 }), cpu),
      statusNew: await time(() => reports.list(1, { status: 'new', page: 1, perPage: 20 }), cpu),
      page2000: await time(() => reports.list(1, { page: 2000, perPage: 20 }), cpu),
      small: await time(() => reports.list(2, { page: 1, perPage: 20 }), cpu),
      find: await time(() => reports.findByTicketNumber(1, 'BUG-2022-0001'), cpu),
      add: await time(async () => {
        const sequence = await tickets.next(2026);
        await reports.add(
          aStoredReport({ ticketNumber: formatTicketNumber({ year: 2026, sequence }) }),
          [],
        );
      }, cpu),
    };

    // bugport as `npm start` wires it, on the seeded database, without workers.
    const loaded = loadConfig({
      DATABASE_URL: database.url,
      PORT: '0',
      HOST: '127.0.0.1',
      AUTH_JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
      ISSUE_REPORT_RATE_LIMIT: '1000000',
      GITHUB_ENABLED: 'false',
      RUN_WORKERS: 'false',
      UPLOAD_DIR: path.join(scratch, 'uploads'),
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const config = loaded.value;
    const logger = createLogger({ logLevel: 'silent' });
    const runtime = await openRuntime(config, logger);
    undo.push(() => runtime.close());
    const bugport = await startServer(
      config,
      { logger, mailer: new EmlFileMailer({ directory: path.join(scratch, 'mail'), logger }) },
      runtime.modules,
    );
    undo.push(() => bugport.close());
    const client = httpClient(bugport.url);
    undo.push(async () => client.close());
    const lister = await signToken(
      { sub: '1000', company_id: 1, name: 'Lister', email: 'lister@example.com' },
      { secret: SECRET },
    );
    const poster = await signToken(
      { sub: '1001', company_id: 1, name: 'Poster', email: 'poster@example.com' },
      { secret: SECRET },
    );
    const body = aReportBody();

    /** Fails on the first answer that is not `status`, so a broken endpoint is never timed. */
    const request = async (method: string, target: string, token: string, status: number) => {
      const response = await client.send(
        method,
        target,
        token,
        method === 'POST' ? body : undefined,
      );
      if (response.status !== status)
        throw new Error(`${method} ${target}: ${response.status} ${response.text.slice(0, 300)}`);
      return response;
    };
    const totals: Record<string, string> = {};
    const listing = async (query: string) => {
      const target = `/api/support/reports?${query}`;
      const { text } = await request('GET', target, lister, 200);
      const { reports: page, pagination } = JSON.parse(text) as {
        reports: unknown[];
        pagination: { total: number; pages: number };
      };
      if (page.length !== 20) throw new Error(`${target}: ${page.length} reports, not 20`);
      totals[query] =
        `${pagination.total.toLocaleString('en')} reports, ${pagination.pages.toLocaleString('en')} pages`;
      return time(() => request('GET', target, lister, 200), cpu);
    };
    const overHttp = {
      page1: await listing('page=1&per_page=20'),
      statusNew: await listing('status=new'),
      page2000: await listing('page=2000&per_page=20'),
      post: await time(() => request('POST', '/api/support/report', poster, 201), cpu),
    };
    const sockets = client.sockets();

    const plan = await sequelize.query<{ 'QUERY PLAN': string }>(
      'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT count(*) FROM issue_reports WHERE company_id = 1',
      { type: QueryTypes.SELECT },
    );
    const cpus = os.cpus();
    const nproc = execFileSync('nproc').toString().trim();
    console.log(
      `machine: ${cpus.length} cores (nproc ${nproc}, ${cpus[0]?.model.trim() ?? '?'}), ` +
        `${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, PostgreSQL ${version} (${where}` +
        `${postmaster === null ? ', not local' : ''})`,
    );
    console.log(
      `seeded 1,000,000 reports in ${seedSeconds.toFixed(1)} s, vacuum ${vacuumSeconds.toFixed(1)} s`,
    );
    console.log(
      `${ITERATIONS} timed runs each, one at a time, after ${WARMUP} warm-up runs; ` +
        `HTTP: one client, ${sockets} keep-alive connection${sockets === 1 ? '' : 's'} in all, ` +
        `as a user of company 1\n`,
    );
    const rows: Row[] = [
      {
        name: 'list page 1 (20 of 100,000)',
        repository: repository.page1,
        http: overHttp.page1,
        listing: true,
      },
      {
        name: "list status 'new' page 1",
        repository: repository.statusNew,
        http: overHttp.statusNew,
        listing: true,
      },
      {
        name: 'list page 2000 (offset 39,980)',
        repository: repository.page2000,
        http: overHttp.page2000,
        listing: true,
      },
      { name: 'list page 1, small company (1,000)', repository: repository.small },
      { name: 'find by ticket number', repository: repository.find },
      {
        name: 'add (ticket number + insert) / POST',
        repository: repository.add,
        http: overHttp.post,
      },
    ];
    printTable(rows);
    console.log(
      '\nHTTP: GET /api/support/reports?page=1&per_page=20, ?status=new and ?page=2000&per_page=20; ' +
        `POST /api/support/report with a ${body.length.toLocaleString('en')} B body`,
    );
    for (const [query, total] of Object.entries(totals)) console.log(`  ?${query}: ${total}`);
    console.log(
      'other CPU: cores busy outside this process and PostgreSQL while a row ran ' +
        '(other work on the machine; well above 0 makes the figures unreliable)',
    );
    console.log(`\ncount(*) plan:\n  ${plan.map((row) => row['QUERY PLAN']).join('\n  ')}\n`);

    const listings = rows.filter((row) => row.listing);
    const repositoryP99 = Math.max(...listings.map((row) => row.repository.p99));
    const httpP99 = Math.max(...listings.map((row) => row.http?.p99 ?? NaN));
    for (const [level, p99] of [
      ['repository', repositoryP99],
      ['HTTP', httpP99],
    ] as const) {
      const holds = p99 < TARGET_MS;
      console.log(
        `list p99 ${level}: ${p99.toFixed(1)} ms at worst, ` +
          `${holds ? 'meets' : 'misses'} the ${TARGET_MS} ms target`,
      );
      if (!holds) process.exitCode = 1;
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
  if (admin) return bench(admin, 'BENCH_DATABASE_URL');
  const embedded = await embeddedAdmin();
  try {
    await bench(embedded.url, 'embedded');
  } finally {
    await embedded.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:db failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
