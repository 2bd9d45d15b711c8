import { expect } from 'chai';
import { QueryTypes, type Sequelize } from 'sequelize';
import { InMemoryRateLimiter } from '../../src/adapters/in-memory/in-memory-rate-limiter.js';
import { ManualClock } from '../../src/adapters/in-memory/manual-clock.js';
import { createSequelize } from '../../src/adapters/persistence/create-sequelize.js';
import { PostgresTicketSequence } from '../../src/adapters/persistence/postgres-ticket-sequence.js';
import { SequelizeIssueReportRepository } from '../../src/adapters/persistence/sequelize-issue-report-repository.js';
import { PgBossJobQueue } from '../../src/adapters/queue/pg-boss-job-queue.js';
import { RandomIdGenerator } from '../../src/adapters/system/random-id-generator.js';
import { SubmitIssueReport } from '../../src/application/use-cases/submit-issue-report.js';
import { aNewReport, aPrincipal } from '../support/builders.js';
import { createMigratedDatabase, type ScratchDatabase } from '../support/postgres.js';

const HASH = 'a'.repeat(64);

/**
 * The whole write path on PostgreSQL: the Sequelize repository, the ticket
 * counter and pg-boss jobs written in the report's transaction, as the
 * standalone server wires them.
 */
describe('Idempotency-Key on PostgreSQL', function () {
  this.timeout(60_000);
  let database: ScratchDatabase;
  let sequelize: Sequelize;
  let queue: PgBossJobQueue;
  let submit: SubmitIssueReport;
  const clock = new ManualClock(new Date('2026-06-01T12:00:00Z'));

  const count = async (sql: string): Promise<number> =>
    (await sequelize.query<{ n: number }>(sql, { type: QueryTypes.SELECT }))[0]?.n ?? -1;

  before(async () => {
    database = await createMigratedDatabase();
    sequelize = createSequelize(database.url, { pool: { max: 10 } });
    queue = new PgBossJobQueue({ connectionString: database.url });
    await queue.start();
    submit = new SubmitIssueReport({
      reports: new SequelizeIssueReportRepository(sequelize, {
        enqueueInTransaction: (jobs, executeSql) => queue.enqueueWithin(executeSql, jobs),
      }),
      tickets: new PostgresTicketSequence(sequelize),
      rateLimiter: new InMemoryRateLimiter(clock, 1_000_000),
      clock,
      ids: new RandomIdGenerator(),
    });
  });
  after(async () => {
    await queue?.stop();
    await sequelize?.close();
    await database?.drop();
  });

  it('turns 20 simultaneous submissions with one key into one report, one set of jobs, one ticket', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        submit.execute({
          principal: aPrincipal(),
          report: aNewReport(),
          idempotency: { key: 'one-key', requestHash: HASH },
        }),
      ),
    );

    const tickets = results.map((result) => (result.ok ? result.value.ticketNumber : 'failed'));
    expect(new Set(tickets).size).to.equal(1);
    expect(tickets[0]).to.match(/^BUG-2026-\d{4}$/);
    expect(results.filter((result) => result.ok && !result.value.replayed)).to.have.length(1);
    expect(await count('SELECT count(*)::int AS n FROM issue_reports')).to.equal(1);
    expect(await count('SELECT count(*)::int AS n FROM idempotency_keys')).to.equal(1);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name IN ('github.sync', 'email.confirmation')`,
      ),
    ).to.equal(2);
    const [stored] = await sequelize.query<{ ticket_number: string }>(
      'SELECT ticket_number FROM issue_reports',
      { type: QueryTypes.SELECT },
    );
    expect(stored?.ticket_number).to.equal(tickets[0]);
    // One number was drawn: the key's advisory lock settled the racers one after the other,
    // before any of them drew a number (the key's primary key remains the last word).
    expect(await count('SELECT last_value AS n FROM ticket_counters')).to.equal(1);
  });

  it('stores 30 simultaneous submissions with 30 different keys: key locks never starve the pool', async () => {
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        submit.execute({
          principal: aPrincipal({ userId: 1000 + i }),
          report: aNewReport(),
          idempotency: { key: `key-${i}`, requestHash: HASH },
        }),
      ),
    );
    expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).to.deep.equal(
      Array(30).fill('ok'),
    );
    expect(new Set(results.map((r) => r.ok && r.value.ticketNumber)).size).to.equal(30);
    // Far below the pool's 10 s acquire timeout: nobody waited for a connection held by a lock.
    expect(performance.now() - started).to.be.below(8_000);
  });

  it('answers a repeat after the first committed, and 422 to the key with another request', async () => {
    const send = (requestHash: string) =>
      submit.execute({
        principal: aPrincipal({ userId: 42 }),
        report: aNewReport(),
        idempotency: { key: 'later', requestHash },
      });
    const first = await send(HASH);
    const repeat = await send(HASH);
    const other = await send('b'.repeat(64));
    expect(first.ok && repeat.ok && repeat.value).to.deep.equal(
      first.ok && { ...first.value, replayed: true },
    );
    expect(other.ok ? 'ok' : other.error.code).to.equal('idempotency_key_reused');
  });
});
