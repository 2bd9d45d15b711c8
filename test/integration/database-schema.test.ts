import { expect } from 'chai';
import Koa from 'koa';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createSequelize } from '../../src/adapters/persistence/create-sequelize.js';
import {
  migrate,
  pendingMigrations,
  revertMigrations,
} from '../../src/adapters/persistence/migrate.js';
import {
  SequelizeIssueReportRepository,
  type EnqueueInTransaction,
} from '../../src/adapters/persistence/sequelize-issue-report-repository.js';
import type { Job } from '../../src/application/ports/job-queue.js';
import { containerOf, createBugport, type Bugport } from '../../src/composition/embed.js';
import { resolve } from '../../src/composition/container.js';
import { issueReportRepositoryContract } from '../contract/issue-report-repository.contract.js';
import { aPng } from '../support/images.js';
import { aReportBody } from '../support/http.js';
import { createDatabase, type ScratchDatabase } from '../support/postgres.js';

const tablesIn = async (sequelize: Sequelize, schema: string): Promise<string[]> =>
  (
    await sequelize.query<{ name: string }>(
      `SELECT table_name::text AS name FROM information_schema.tables
        WHERE table_schema = $1 ORDER BY 1`,
      { bind: [schema], type: QueryTypes.SELECT },
    )
  ).map((row) => row.name);

/** Tables, views, sequences, indexes, types: anything at all a schema holds. */
const objectsIn = async (sequelize: Sequelize, schema: string): Promise<string[]> =>
  (
    await sequelize.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1
       UNION ALL
       SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = $1
       ORDER BY 1`,
      { bind: [schema], type: QueryTypes.SELECT },
    )
  ).map((row) => row.name);

const schemas = async (sequelize: Sequelize): Promise<string[]> =>
  (
    await sequelize.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace
        WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1`,
      { type: QueryTypes.SELECT },
    )
  ).map((row) => row.nspname);

describe('SequelizeIssueReportRepository in a schema of its own', () => {
  let database: ScratchDatabase;
  let sequelize: Sequelize;

  /** The stand-in job table, in the same schema: `public` stays empty throughout. */
  const intoTestJobs: EnqueueInTransaction = async (jobs, executeSql) => {
    for (const job of jobs) {
      await executeSql(
        'INSERT INTO support.test_jobs (name, report_id, company_id) VALUES ($1, $2, $3)',
        [job.name, job.reportId, job.companyId],
      );
    }
  };
  const jobsWritten = async (): Promise<Job[]> =>
    (
      await sequelize.query<{ name: Job['name']; report_id: string; company_id: number }>(
        'SELECT name, report_id, company_id FROM support.test_jobs ORDER BY seq',
        { type: QueryTypes.SELECT },
      )
    ).map((row) => ({ name: row.name, reportId: row.report_id, companyId: row.company_id }));

  before(async () => {
    database = await createDatabase();
    sequelize = createSequelize(database.url);
    await migrate(sequelize, undefined, { schema: 'support' });
    await sequelize.query(
      'CREATE TABLE support.test_jobs (seq serial PRIMARY KEY, name text, report_id uuid, company_id int)',
    );
  });
  beforeEach(() => sequelize.query('TRUNCATE support.issue_reports, support.test_jobs CASCADE'));
  after(async () => {
    // Whatever the contract did, nothing of it went to the search_path's schema.
    const leftInPublic = sequelize ? await objectsIn(sequelize, 'public') : [];
    await sequelize?.close();
    await database?.drop();
    expect(leftInPublic).to.deep.equal([]);
  });

  it('migrates into the schema only, bookkeeping included', async () => {
    expect(await tablesIn(sequelize, 'public')).to.deep.equal([]);
    expect(await tablesIn(sequelize, 'support')).to.deep.equal([
      'bugport_migrations',
      'idempotency_keys',
      'issue_comments',
      'issue_reports',
      'screenshot_uploads',
      'test_jobs',
      'ticket_counters',
    ]);
    expect(await pendingMigrations(sequelize, { schema: 'support' })).to.deep.equal([]);
    // The unqualified bookkeeping (the search_path's) knows of none of it.
    expect(await pendingMigrations(sequelize)).to.have.length.above(0);
  });

  it('refuses a schema name that is not a plain identifier, before any SQL', async () => {
    for (const schema of ['Support', 'a"b', 'public; drop table x', 'pg_mine', '']) {
      const failed = await migrate(sequelize, undefined, { schema }).then(
        () => null,
        (error: unknown) => (error as Error).message,
      );
      expect(failed, schema).to.match(/^Invalid schema name/);
      expect(() => new SequelizeIssueReportRepository(sequelize, { schema }), schema).to.throw(
        /^Invalid schema name/,
      );
    }
  });

  issueReportRepositoryContract('SequelizeIssueReportRepository in schema support', async () => ({
    repo: new SequelizeIssueReportRepository(sequelize, {
      enqueueInTransaction: intoTestJobs,
      schema: 'support',
    }),
    jobsWritten,
    close: async () => undefined,
  }));
});

describe('migrations in a schema, with host foreign keys and reverted', () => {
  let database: ScratchDatabase;
  let sequelize: Sequelize;

  before(async () => {
    database = await createDatabase();
    sequelize = createSequelize(database.url);
  });
  after(async () => {
    await sequelize?.close();
    await database?.drop();
  });

  it('finds the host table on the search_path, and reverting empties the schema but its bookkeeping', async () => {
    await sequelize.query('CREATE TABLE host_users (id integer PRIMARY KEY)');
    await migrate(sequelize, undefined, {
      schema: 'support',
      foreignKeys: { users: { table: 'host_users' } },
    });
    const constraints = await sequelize.query<{ name: string }>(
      `SELECT conname AS name FROM pg_constraint
        WHERE confrelid = 'public.host_users'::regclass ORDER BY 1`,
      { type: QueryTypes.SELECT },
    );
    expect(constraints.map((row) => row.name)).to.deep.equal([
      'issue_comments_user_id_host_fkey',
      'issue_reports_user_id_host_fkey',
    ]);
    expect(await tablesIn(sequelize, 'public')).to.deep.equal(['host_users']);

    const { reverted } = await revertMigrations(sequelize, undefined, { schema: 'support' });
    expect(reverted).to.have.length(5);
    // The table, its index, and its row type with the row type's array type.
    expect(await objectsIn(sequelize, 'support')).to.deep.equal([
      '_bugport_migrations',
      'bugport_migrations',
      'bugport_migrations',
      'bugport_migrations_pkey',
    ]);
    expect(await pendingMigrations(sequelize, { schema: 'support' })).to.have.length(5);
  });
});

describe('createBugport({ schema }) on a host database', function () {
  this.timeout(60_000);
  let database: ScratchDatabase;
  let host: Sequelize;
  let bugport: Bugport;
  let server: ReturnType<Koa['listen']>;
  let url: string;
  let uploads: string;
  const headers = { 'x-host-user': 'ada' };

  before(async () => {
    database = await createDatabase();
    host = createSequelize(database.url);
    uploads = await mkdtemp(join(tmpdir(), 'bugport-schema-'));
    bugport = await createBugport({
      databaseUrl: database.url,
      schema: 'bugport',
      authenticate: async (ctx) =>
        ctx.get('x-host-user') === 'ada'
          ? { userId: 3, companyId: 7, name: 'Ada', email: 'ada@host.example', roles: [] }
          : null,
      env: { LOG_LEVEL: 'silent', UPLOAD_DIR: uploads },
      logger: pino({ level: 'silent' }),
    });
    const app = new Koa();
    app.use(bugport.router.routes());
    server = app.listen(0, '127.0.0.1');
    await new Promise((done) => server.once('listening', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/support`;
  });

  after(async () => {
    await new Promise((done) => server?.close(done));
    await bugport?.close();
    await host?.close();
    await database?.drop();
    if (uploads) await rm(uploads, { recursive: true, force: true });
  });

  it('submits, lists, gets and queues the filing job with every table in the schema and none in public', async () => {
    const form = new FormData();
    form.append('screenshot', new Blob([await aPng()], { type: 'image/png' }), 'shot.png');
    const uploaded = await fetch(`${url}/upload-screenshot`, {
      method: 'POST',
      headers,
      body: form,
    });
    expect(uploaded.status).to.equal(201);
    const { filename } = (await uploaded.json()) as { filename: string };

    const submit = () =>
      fetch(`${url}/report`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': 'k-1' },
        body: JSON.stringify(aReportBody({ screenshot_filename: filename })),
      });
    const first = await submit();
    expect(first.status).to.equal(201);
    const { ticket_number } = (await first.json()) as { ticket_number: string };
    expect(ticket_number).to.match(/^BUG-\d{4}-0001$/);
    // The same key again: answered from bugport.idempotency_keys, no second report.
    const again = await submit();
    expect([
      again.status,
      ((await again.json()) as { ticket_number: string }).ticket_number,
    ]).to.deep.equal([201, ticket_number]);

    const listed = (await (await fetch(`${url}/reports`, { headers })).json()) as {
      reports: { ticket_number: string }[];
    };
    expect(listed.reports.map((report) => report.ticket_number)).to.deep.equal([ticket_number]);
    const got = await fetch(`${url}/report/${ticket_number}`, { headers });
    expect(got.status).to.equal(200);

    // The GitHub pacer's table comes with its first use.
    const pacer = resolve(containerOf(bugport), 'pacer');
    expect(await pacer.take('github', 'h-1', [{ limit: 5, perSeconds: 60 }])).to.deep.equal({
      granted: true,
    });

    const jobs = await host.query<{ name: string }>(
      'SELECT name FROM bugport_pgboss.job ORDER BY name',
      { type: QueryTypes.SELECT },
    );
    expect(jobs.map((job) => job.name)).to.deep.equal(['email.confirmation', 'github.sync']);

    expect(await objectsIn(host, 'public')).to.deep.equal([]);
    expect(await schemas(host)).to.deep.equal(['bugport', 'bugport_pgboss', 'public']);
    expect(await tablesIn(host, 'bugport')).to.deep.equal([
      'bugport_migrations',
      'bugport_rate_limits',
      'bugport_request_slots',
      'idempotency_keys',
      'issue_comments',
      'issue_reports',
      'screenshot_uploads',
      'ticket_counters',
    ]);
    const [stored] = await host.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM bugport.issue_reports WHERE screenshot_path IS NOT NULL',
      { type: QueryTypes.SELECT },
    );
    expect(stored?.n).to.equal(1);
    expect(await resolve(containerOf(bugport), 'ready')()).to.equal(true);
  });
});
