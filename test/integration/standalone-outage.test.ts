import { expect } from 'chai';
import pg from 'pg';
import { pino } from 'pino';
import { openRuntime, type Runtime } from '../../src/composition/runtime.js';
import { startServer, type RunningServer } from '../../src/composition/start-server.js';
import { CuttableProxy } from '../support/cuttable-proxy.js';
import { aReportBody, signToken, testConfig } from '../support/http.js';
import { createDatabase, type ScratchDatabase } from '../support/postgres.js';

/**
 * The standalone wiring (PostgreSQL repository, ticket sequence, rate
 * limiter, job queue) behind a TCP hop the test can cut: while PostgreSQL is
 * unreachable the API answers 503 and stores nothing, and it recovers by
 * itself when the database returns.
 */
describe('the standalone API during a database outage', function () {
  this.timeout(60_000);
  let database: ScratchDatabase;
  let proxy: CuttableProxy;
  let runtime: Runtime;
  let server: RunningServer;
  let token: string;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const storedRows = async (): Promise<{ reports: number; jobs: number }> => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const reports = await client.query<{ n: string }>('SELECT count(*) AS n FROM issue_reports');
      const jobs = await client.query<{ n: string }>('SELECT count(*) AS n FROM pgboss.job');
      return { reports: Number(reports.rows[0]?.n), jobs: Number(jobs.rows[0]?.n) };
    } finally {
      await client.end();
    }
  };

  before(async () => {
    database = await createDatabase();
    const viaProxy = new URL(database.url);
    proxy = new CuttableProxy({ host: viaProxy.hostname, port: Number(viaProxy.port) });
    await proxy.open();
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const config = testConfig({
      DATABASE_URL: viaProxy.toString(),
      ISSUE_REPORT_RATE_LIMIT: '1000',
    });
    runtime = await openRuntime(config, pino({ level: 'silent' }));
    server = await startServer(config, {}, runtime.modules);
    token = await signToken();
  });

  after(async () => {
    await server?.close();
    await runtime?.close();
    await proxy?.cut();
    await database?.drop();
  });

  it('answers 201 and ready while the database is there', async () => {
    expect((await call('POST', '/api/support/report', aReportBody())).status).to.equal(201);
    expect((await call('GET', '/readyz')).status).to.equal(200);
  });

  it('says not ready while a migration is pending, and ready once it is applied', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        'DELETE FROM bugport_migrations WHERE name = (SELECT max(name) FROM bugport_migrations) RETURNING name',
      );
      expect((await call('GET', '/readyz')).status).to.equal(503);
      await client.query('INSERT INTO bugport_migrations (name) VALUES ($1)', [rows[0]?.name]);
      expect((await call('GET', '/readyz')).status).to.equal(200);
    } finally {
      await client.end();
    }
  });

  it('answers 503 unavailable, stores nothing, and says not ready while it is cut', async () => {
    const before = await storedRows();
    await proxy.cut();

    const submitted = await call('POST', '/api/support/report', aReportBody({ title: 'during' }));
    expect(submitted.status).to.equal(503);
    expect(submitted.body).to.deep.equal({
      success: false,
      error: {
        code: 'unavailable',
        message: 'The service is temporarily unavailable; try again later',
      },
    });
    expect((await call('GET', '/api/support/reports')).status).to.equal(503);
    expect((await call('GET', '/api/support/report/BUG-2026-0001')).status).to.equal(503);
    expect((await call('GET', '/readyz')).status).to.equal(503);
    expect((await call('GET', '/healthz')).status).to.equal(200);

    expect(await storedRows()).to.deep.equal(before);
  });

  it('recovers on its own when the database returns', async () => {
    await proxy.open();
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await call('POST', '/api/support/report', aReportBody({ title: 'after' }))).status;
      if (status === 201) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).to.equal(201);
    const listed = await call('GET', '/api/support/reports');
    const titles = (listed.body.reports as { title: string }[]).map((r) => r.title);
    expect(titles).to.deep.equal(['after', aReportBody().title]);
    expect((await call('GET', '/readyz')).status).to.equal(200);
  });
});
