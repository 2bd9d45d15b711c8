import { expect } from 'chai';
import { ConnectionAcquireTimeoutError, QueryTypes, type Sequelize } from 'sequelize';
import { InMemoryRateLimiter } from '../../src/adapters/in-memory/in-memory-rate-limiter.js';
import { ManualClock } from '../../src/adapters/in-memory/manual-clock.js';
import { isConnectionFailure } from '../../src/adapters/persistence/connection-errors.js';
import { createSequelize } from '../../src/adapters/persistence/create-sequelize.js';
import { PostgresTicketSequence } from '../../src/adapters/persistence/postgres-ticket-sequence.js';
import { SequelizeIssueReportRepository } from '../../src/adapters/persistence/sequelize-issue-report-repository.js';
import { RandomIdGenerator } from '../../src/adapters/system/random-id-generator.js';
import { DependencyUnavailableError } from '../../src/application/errors/dependency-unavailable-error.js';
import { SubmitIssueReport } from '../../src/application/use-cases/submit-issue-report.js';
import { aNewReport, aPrincipal, patchReport } from '../support/builders.js';
import { CuttableProxy } from '../support/cuttable-proxy.js';
import { createMigratedDatabase, type ScratchDatabase } from '../support/postgres.js';
import { rejection } from '../support/rejection.js';

/**
 * The first request after PostgreSQL returns may still receive the refusal of
 * a connection attempt the pool began during the outage (sequelize-pool hands
 * a failed attempt's error to whichever request waits next), so recovery is
 * "within a moment", not "on the very next call".
 */
async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof DependencyUnavailableError) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('Database outage', function () {
  this.timeout(60_000);
  let database: ScratchDatabase;
  let proxy: CuttableProxy;
  let app: Sequelize;
  let direct: Sequelize;
  let cutWhileStoring = false;
  let repo: SequelizeIssueReportRepository;
  let submit: SubmitIssueReport;

  const submitOne = () => submit.execute({ principal: aPrincipal(), report: aNewReport() });
  const storedCount = async () =>
    (
      await direct.query<{ n: number }>('SELECT count(*)::int AS n FROM issue_reports', {
        type: QueryTypes.SELECT,
      })
    )[0]?.n;

  before(async () => {
    database = await createMigratedDatabase();
    const target = new URL(database.url);
    proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.open();
    const viaProxy = new URL(database.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    app = createSequelize(viaProxy.toString(), {
      pool: { max: 4, acquireMs: 3_000 },
      connectTimeoutMs: 1_000,
    });
    direct = createSequelize(database.url);
    await direct.query('CREATE TABLE test_jobs (report_id uuid)');
    repo = new SequelizeIssueReportRepository(app, {
      enqueueInTransaction: async (jobs, executeSql) => {
        // The report row is written; the database goes away before the commit.
        if (cutWhileStoring) await proxy.cut();
        for (const job of jobs) {
          await executeSql('INSERT INTO test_jobs (report_id) VALUES ($1)', [job.reportId]);
        }
      },
    });
    const clock = new ManualClock();
    submit = new SubmitIssueReport({
      reports: repo,
      tickets: new PostgresTicketSequence(app),
      rateLimiter: new InMemoryRateLimiter(clock, 1_000_000),
      clock,
      ids: new RandomIdGenerator(),
    });
  });
  after(async () => {
    await proxy?.cut();
    await app?.close();
    await direct?.close();
    await database?.drop();
  });

  it('answers DependencyUnavailableError while PostgreSQL is unreachable, stores nothing, and recovers on its own', async () => {
    const first = await submitOne();
    expect(first.ok).to.equal(true);
    if (!first.ok) return;

    await proxy.cut();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await rejection(submitOne())).to.be.instanceOf(DependencyUnavailableError);
    }
    for (const read of [
      () => repo.findByTicketNumber(1, first.value.ticketNumber),
      () => repo.list(1, { page: 1, perPage: 20 }),
      () =>
        repo.update(1, first.value.id, (report) =>
          patchReport(report, { problem: { title: 'lost?' } }),
        ),
    ]) {
      expect(await rejection(read())).to.be.instanceOf(DependencyUnavailableError);
    }
    expect(await storedCount()).to.equal(1);

    await proxy.open();
    // The same Sequelize instance: nothing is restarted or reconnected by hand.
    expect((await eventually(submitOne)).ok).to.equal(true);
    expect((await submitOne()).ok).to.equal(true);
    expect(await storedCount()).to.equal(3);
    const found = await repo.findByTicketNumber(1, first.value.ticketNumber);
    expect(found?.problem.title).to.equal(aNewReport().title);
  });

  it('leaves neither report nor jobs behind when the connection dies in the middle of storing', async () => {
    const count = async (table: string) =>
      (
        await direct.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`, {
          type: QueryTypes.SELECT,
        })
      )[0]?.n ?? 0;
    const [reportsBefore, jobsBefore] = [await count('issue_reports'), await count('test_jobs')];
    cutWhileStoring = true;
    try {
      expect(await rejection(submitOne())).to.be.instanceOf(DependencyUnavailableError);
    } finally {
      cutWhileStoring = false;
      await proxy.open();
    }
    expect([await count('issue_reports'), await count('test_jobs')]).to.deep.equal([
      reportsBefore,
      jobsBefore,
    ]);
    expect((await eventually(submitOne)).ok).to.equal(true);
    expect([await count('issue_reports'), await count('test_jobs')]).to.deep.equal([
      reportsBefore + 1,
      jobsBefore + 2,
    ]);
  });

  it('recognises the ways a dead database shows itself, and nothing else', () => {
    const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    const wrapped = (inner: Error) => Object.assign(new Error('Query failed'), { parent: inner });
    for (const error of [
      new ConnectionAcquireTimeoutError(new Error('pool')),
      pgError('ECONNREFUSED'),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P03', 'the database system is starting up'),
      new Error('the database system is shutting down'),
      new Error('Connection terminated unexpectedly'),
      wrapped(pgError('ECONNRESET')),
    ]) {
      expect(isConnectionFailure(error), String(error)).to.equal(true);
    }
    for (const error of [
      pgError('23505', 'duplicate key value violates unique constraint'),
      pgError('22P02', 'invalid input syntax for type uuid'),
      new TypeError('x is undefined'),
      'ECONNREFUSED',
      null,
    ]) {
      expect(isConnectionFailure(error), String(error)).to.equal(false);
    }
  });
});
