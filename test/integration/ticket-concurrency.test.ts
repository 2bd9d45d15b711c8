import { expect } from 'chai';
import { QueryTypes, type Sequelize } from 'sequelize';
import { InMemoryRateLimiter } from '../../src/adapters/in-memory/in-memory-rate-limiter.js';
import { ManualClock } from '../../src/adapters/in-memory/manual-clock.js';
import { createSequelize } from '../../src/adapters/persistence/create-sequelize.js';
import { PostgresTicketSequence } from '../../src/adapters/persistence/postgres-ticket-sequence.js';
import { SequelizeIssueReportRepository } from '../../src/adapters/persistence/sequelize-issue-report-repository.js';
import { RandomIdGenerator } from '../../src/adapters/system/random-id-generator.js';
import { SubmitIssueReport } from '../../src/application/use-cases/submit-issue-report.js';
import { formatTicketNumber } from '../../src/domain/ticket-number.js';
import { aNewReport, aPrincipal } from '../support/builders.js';
import { createMigratedDatabase, type ScratchDatabase } from '../support/postgres.js';

/**
 * Two "servers" on one database: two Sequelize instances, each with its own
 * connection pool, as two processes would have. Only PostgreSQL is shared.
 */
describe('Ticket numbers with two servers on one database', function () {
  this.timeout(60_000);
  let database: ScratchDatabase;
  let servers: Sequelize[] = [];

  const submitterOn = (sequelize: Sequelize, clock: ManualClock) =>
    new SubmitIssueReport({
      reports: new SequelizeIssueReportRepository(sequelize),
      tickets: new PostgresTicketSequence(sequelize),
      rateLimiter: new InMemoryRateLimiter(clock, 1_000_000),
      clock,
      ids: new RandomIdGenerator(),
    });

  const ticketOf = async (submit: SubmitIssueReport, userId = 7): Promise<string> => {
    const result = await submit.execute({
      principal: aPrincipal({ userId }),
      report: aNewReport(),
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.value.ticketNumber;
  };

  const storedTickets = async (): Promise<string[]> =>
    (
      await servers[0]!.query<{ ticket_number: string }>(
        'SELECT ticket_number FROM issue_reports ORDER BY ticket_number',
        { type: QueryTypes.SELECT },
      )
    ).map((row) => row.ticket_number);

  before(async () => {
    database = await createMigratedDatabase();
    servers = [0, 1].map(() => createSequelize(database.url, { pool: { max: 5 } }));
  });
  beforeEach(() => servers[0]!.query('TRUNCATE issue_reports, ticket_counters CASCADE'));
  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await database?.drop();
  });

  it('gives 200 simultaneous submissions 200 distinct numbers, consecutive within the year', async () => {
    const clock = new ManualClock(new Date('2026-06-01T12:00:00Z'));
    const submitters = servers.map((server) => submitterOn(server, clock));
    const tickets = await Promise.all(
      Array.from({ length: 200 }, (_, i) => ticketOf(submitters[i % 2]!, 1000 + i)),
    );
    const expected = Array.from({ length: 200 }, (_, i) =>
      formatTicketNumber({ year: 2026, sequence: i + 1 }),
    );
    expect(new Set(tickets).size).to.equal(200);
    expect([...tickets].sort()).to.deep.equal(expected);
    expect(await storedTickets()).to.deep.equal(expected);
  });

  it('starts again at 0001 when the clock crosses New Year (UTC)', async () => {
    const clock = new ManualClock(new Date('2026-12-31T23:59:58Z'));
    const [a, b] = servers.map((server) => submitterOn(server, clock)) as [
      SubmitIssueReport,
      SubmitIssueReport,
    ];
    expect(await ticketOf(a)).to.equal('BUG-2026-0001');
    expect(await ticketOf(b)).to.equal('BUG-2026-0002');
    clock.set(new Date('2026-12-31T23:59:59.999Z'));
    expect(await ticketOf(a)).to.equal('BUG-2026-0003');
    clock.set(new Date('2027-01-01T00:00:00.000Z'));
    expect(await ticketOf(b)).to.equal('BUG-2027-0001');
    expect(await ticketOf(a)).to.equal('BUG-2027-0002');
    expect(await storedTickets()).to.deep.equal([
      'BUG-2026-0001',
      'BUG-2026-0002',
      'BUG-2026-0003',
      'BUG-2027-0001',
      'BUG-2027-0002',
    ]);
  });
});
