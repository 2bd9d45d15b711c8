import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { resolve } from '../../src/composition/container.js';
import { openRuntime } from '../../src/composition/runtime.js';
import { startServer } from '../../src/composition/start-server.js';
import type { IssueReport } from '../../src/domain/issue-report.js';
import { makeFakes, type Fakes } from './fakes.js';
import { RecordingLogger, startTestApi, testApiOn, testConfig, type TestApi } from './http.js';
import { createDatabase } from './postgres.js';

export interface TestApiOptions {
  /** Reports per user and window (ISSUE_REPORT_RATE_LIMIT). */
  readonly rateLimit?: number;
  readonly env?: Record<string, string>;
}

/** Fakes of which the PostgreSQL wiring uses only some: the rest fail loudly when touched. */
function partOfFakes(fakes: Fakes): Fakes {
  const unused = (name: string) => () => {
    throw new Error(`the PostgreSQL wiring has no fake ${name}: read it through api.stored`);
  };
  return Object.defineProperties(
    { ...fakes },
    {
      reports: { get: unused('reports') },
      jobQueue: { get: unused('jobQueue') },
      tickets: { get: unused('tickets') },
      rateLimiter: { get: unused('rateLimiter') },
    },
  );
}

/**
 * The standalone server in process, on a free port of 127.0.0.1, wired as
 * `npm start` wires it on a scratch PostgreSQL database (reports, tickets,
 * uploads, idempotency keys, rate limits, the queue and the pacer), with
 * the test's `ManualClock`, a `RecordingLogger` and the in-memory screenshot
 * store (`api.fakes.clock`, `api.fakes.screenshots`). No workers run.
 */
export async function startPostgresTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const database = await createDatabase();
  const workDir = await mkdtemp(join(tmpdir(), 'bugport-pg-api-'));
  const fakes = makeFakes();
  const logger = new RecordingLogger();
  const config = testConfig({
    ...options.env,
    DATABASE_URL: database.url,
    UPLOAD_DIR: join(workDir, 'uploads'),
    RUN_WORKERS: 'false',
    ISSUE_REPORT_RATE_LIMIT: String(options.rateLimit ?? 10),
  });
  // The runtime's own log (migrations, the queue): its warnings and errors count as the app's.
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const { level, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
        logger.entries.push({
          level: Number(level) >= 50 ? 'error' : 'warn',
          fields,
          message: typeof msg === 'string' ? msg : undefined,
        });
      }
      done();
    },
  });
  const runtime = await openRuntime(config, pino({ level: 'warn' }, sink));
  const server = await startServer(
    config,
    { clock: fakes.clock, logger, screenshots: fakes.screenshots },
    runtime.modules,
  );
  const db = new pg.Pool({ connectionString: database.url, max: 2 });
  const repository = resolve(server.container, 'reports');
  return testApiOn(
    server,
    partOfFakes(fakes),
    logger,
    {
      async all() {
        const { rows } = await db.query<{ id: string; company_id: number }>(
          'SELECT id, company_id FROM issue_reports ORDER BY created_at, id',
        );
        const reports = await Promise.all(
          rows.map((row) => repository.findById(row.company_id, row.id)),
        );
        return reports.filter((report): report is IssueReport => report !== null);
      },
      update: (companyId, id, change) => repository.update(companyId, id, change),
    },
    async () => {
      await server.close();
      await db.end();
      await runtime.close();
      await database.drop();
      await rm(workDir, { recursive: true, force: true });
    },
  );
}

/** The two ways a suite can run the standalone server: in-memory fakes, and PostgreSQL. */
export interface Wiring {
  readonly name: string;
  start(options?: TestApiOptions): Promise<TestApi>;
}

export const IN_MEMORY: Wiring = { name: 'in-memory fakes', start: (o) => startTestApi(o) };
export const POSTGRES: Wiring = { name: 'PostgreSQL', start: startPostgresTestApi };
export const WIRINGS: readonly Wiring[] = [IN_MEMORY, POSTGRES];
