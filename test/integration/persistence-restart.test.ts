import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Sequelize } from 'sequelize';
import { InMemoryRateLimiter } from '../../src/adapters/in-memory/in-memory-rate-limiter.js';
import { ManualClock } from '../../src/adapters/in-memory/manual-clock.js';
import { createSequelize } from '../../src/adapters/persistence/create-sequelize.js';
import {
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../../src/adapters/persistence/embedded-database.js';
import { migrate } from '../../src/adapters/persistence/migrate.js';
import { PostgresTicketSequence } from '../../src/adapters/persistence/postgres-ticket-sequence.js';
import { SequelizeIssueReportRepository } from '../../src/adapters/persistence/sequelize-issue-report-repository.js';
import { RandomIdGenerator } from '../../src/adapters/system/random-id-generator.js';
import { DependencyUnavailableError } from '../../src/application/errors/dependency-unavailable-error.js';
import { SubmitIssueReport } from '../../src/application/use-cases/submit-issue-report.js';
import { aNewReport, aPrincipal } from '../support/builders.js';
import { createDatabase, type ScratchDatabase } from '../support/postgres.js';

const clock = new ManualClock(new Date('2026-03-10T09:30:00Z'));

function appOn(sequelize: Sequelize) {
  const reports = new SequelizeIssueReportRepository(sequelize);
  const submit = new SubmitIssueReport({
    reports,
    tickets: new PostgresTicketSequence(sequelize),
    rateLimiter: new InMemoryRateLimiter(clock, 1_000),
    clock,
    ids: new RandomIdGenerator(),
  });
  return {
    reports,
    async submit(title: string): Promise<string> {
      const result = await submit.execute({
        principal: aPrincipal(),
        report: aNewReport({ title }),
      });
      if (!result.ok) throw new Error(result.error.message);
      return result.value.ticketNumber;
    },
  };
}

describe('Persistence across restarts', function () {
  this.timeout(60_000);

  describe('of the application', () => {
    let database: ScratchDatabase;
    before(async () => {
      database = await createDatabase();
    });
    after(() => database?.drop());

    it('still has a submitted report after a restart, and numbering goes on', async () => {
      const first = createSequelize(database.url);
      const ticket = await (async () => {
        try {
          await migrate(first);
          return await appOn(first).submit('Before the restart');
        } finally {
          await first.close();
        }
      })();

      const second = createSequelize(database.url);
      try {
        expect((await migrate(second)).applied).to.deep.equal([]);
        const app = appOn(second);
        const found = await app.reports.findByTicketNumber(1, ticket);
        expect(found?.problem.title).to.equal('Before the restart');
        expect(found?.ticketNumber).to.equal('BUG-2026-0001');
        expect(await app.submit('After the restart')).to.equal('BUG-2026-0002');
      } finally {
        await second.close();
      }
    });
  });

  describe('of the embedded PostgreSQL', () => {
    let dir: string;
    let server: EmbeddedDatabase | undefined;

    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'bugport-restart-'));
    });
    after(async () => {
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    const freePort = () =>
      new Promise<number>((resolve) => {
        const probe = net.createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as net.AddressInfo;
          probe.close(() => resolve(port));
        });
      });

    it('keeps its data across stop and start, and a running app reconnects by itself', async () => {
      const port = await freePort();
      server = await startEmbeddedPostgres({ dataDir: dir, port });
      const url = server.url;
      const sequelize = createSequelize(url, {
        pool: { acquireMs: 3_000 },
        connectTimeoutMs: 1_000,
      });
      try {
        await migrate(sequelize);
        const app = appOn(sequelize);
        const ticket = await app.submit('Survives a database restart');

        await server.stop();
        server = undefined;
        let failure: unknown;
        await app.submit('While it is down').catch((error: unknown) => (failure = error));
        expect(failure).to.be.instanceOf(DependencyUnavailableError);

        server = await startEmbeddedPostgres({ dataDir: dir, port });
        expect(server.url).to.equal(url); // same cluster, same generated password
        let next: string | undefined;
        for (let attempt = 0; next === undefined; attempt += 1) {
          next = await app.submit('After it is back').catch((error: unknown) => {
            if (!(error instanceof DependencyUnavailableError) || attempt > 50) throw error;
            return new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100));
          });
        }
        expect(next).to.equal('BUG-2026-0002');
        expect((await app.reports.findByTicketNumber(1, ticket))?.problem.title).to.equal(
          'Survives a database restart',
        );
      } finally {
        await sequelize.close();
      }
    });
  });
});
