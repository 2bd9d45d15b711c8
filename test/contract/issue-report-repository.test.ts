import { expect } from 'chai';
import { QueryTypes, type Sequelize } from 'sequelize';
import { InMemoryIssueReportRepository } from '../../src/adapters/in-memory/in-memory-issue-report-repository.js';
import { InMemoryJobQueue } from '../../src/adapters/in-memory/in-memory-job-queue.js';
import { ManualClock } from '../../src/adapters/in-memory/manual-clock.js';
import { createSequelize } from '../../src/adapters/persistence/create-sequelize.js';
import {
  SequelizeIssueReportRepository,
  type EnqueueInTransaction,
} from '../../src/adapters/persistence/sequelize-issue-report-repository.js';
import type { Job } from '../../src/application/ports/job-queue.js';
import { createMigratedDatabase, type ScratchDatabase } from '../support/postgres.js';
import { issueReportRepositoryContract } from './issue-report-repository.contract.js';
import { aStoredReport } from './issue-report-repository.fixtures.js';
import { patchReport } from '../support/builders.js';

issueReportRepositoryContract('InMemoryIssueReportRepository', async () => {
  const queue = new InMemoryJobQueue(new ManualClock());
  return {
    repo: new InMemoryIssueReportRepository(queue),
    jobsWritten: async () => queue.pending.map((entry) => entry.job),
    close: async () => undefined,
  };
});

/**
 * Stands in for the pg-boss adapter: writes each job through the
 * `executeSql` it is handed, i.e. inside the report's transaction.
 */
const intoTestJobs: EnqueueInTransaction = async (jobs, executeSql) => {
  for (const job of jobs) {
    const { rows } = await executeSql(
      'INSERT INTO test_jobs (name, report_id, company_id) VALUES ($1, $2, $3) RETURNING seq',
      [job.name, job.reportId, job.companyId],
    );
    if (rows.length !== 1) throw new Error('executeSql did not return the inserted row');
  }
};

describe('SequelizeIssueReportRepository on PostgreSQL', () => {
  let database: ScratchDatabase;
  let sequelize: Sequelize;

  const jobsWritten = async (): Promise<Job[]> =>
    (
      await sequelize.query<{ name: Job['name']; report_id: string; company_id: number }>(
        'SELECT name, report_id, company_id FROM test_jobs ORDER BY seq',
        { type: QueryTypes.SELECT },
      )
    ).map((row) => ({ name: row.name, reportId: row.report_id, companyId: row.company_id }));

  before(async () => {
    database = await createMigratedDatabase();
    sequelize = createSequelize(database.url);
    await sequelize.query(
      'CREATE TABLE test_jobs (seq serial PRIMARY KEY, name text, report_id uuid, company_id int)',
    );
  });
  beforeEach(() => sequelize.query('TRUNCATE issue_reports, test_jobs CASCADE'));
  after(async () => {
    await sequelize?.close();
    await database?.drop();
  });

  issueReportRepositoryContract('SequelizeIssueReportRepository', async () => ({
    repo: new SequelizeIssueReportRepository(sequelize, { enqueueInTransaction: intoTestJobs }),
    jobsWritten,
    close: async () => undefined,
  }));

  describe('beyond the contract', () => {
    it('stores a report without a job writer (its jobs go nowhere)', async () => {
      const repo = new SequelizeIssueReportRepository(sequelize);
      const report = aStoredReport();
      await repo.add(report, [{ name: 'github.sync', reportId: report.id, companyId: 1 }]);
      expect(await repo.findById(1, report.id)).to.deep.equal(report);
      expect(await jobsWritten()).to.deep.equal([]);
    });

    it('stores neither the report nor any job when writing a job fails', async () => {
      const repo = new SequelizeIssueReportRepository(sequelize, {
        enqueueInTransaction: async (jobs, executeSql) => {
          await intoTestJobs(jobs.slice(0, 1), executeSql);
          throw new Error('queue refused the second job');
        },
      });
      const report = aStoredReport();
      const jobs: Job[] = [
        { name: 'github.sync', reportId: report.id, companyId: 1 },
        { name: 'email.confirmation', reportId: report.id, companyId: 1 },
      ];
      let failure: unknown;
      await repo.add(report, jobs).catch((error: unknown) => (failure = error));
      expect(failure)
        .to.be.instanceOf(Error)
        .with.property('message', 'queue refused the second job');
      expect(await repo.findById(1, report.id)).to.equal(null);
      expect(await jobsWritten()).to.deep.equal([]);
    });

    it('keeps text with NUL characters, which PostgreSQL refuses, as U+FFFD', async () => {
      const repo = new SequelizeIssueReportRepository(sequelize);
      const report = aStoredReport({
        problem: { description: 'before\u0000after' },
        debug: { consoleErrors: [{ message: 'bad\u0000byte', 'k\u0000': 1 }] },
      });
      await repo.add(report, []);
      const stored = await repo.findById(1, report.id);
      expect(stored?.problem.description).to.equal('before\uFFFDafter');
      expect(stored?.debug.consoleErrors).to.deep.equal([
        { message: 'bad\uFFFDbyte', 'k\uFFFD': 1 },
      ]);
    });

    it('derives email_sent from the e-mail status', async () => {
      const repo = new SequelizeIssueReportRepository(sequelize);
      const report = aStoredReport({ email: { status: 'pending' } });
      await repo.add(report, []);
      const emailSent = async () =>
        (
          await sequelize.query<{ email_sent: boolean }>(
            `SELECT email_sent FROM issue_reports WHERE id = '${report.id}'`,
            { type: QueryTypes.SELECT },
          )
        )[0]?.email_sent;
      expect(await emailSent()).to.equal(false);
      await repo.update(1, report.id, (r) =>
        patchReport(r, { email: { status: 'sent', sentAt: new Date() } }),
      );
      expect(await emailSent()).to.equal(true);
    });

    it('treats an id that is not a UUID as unknown instead of failing', async () => {
      const repo = new SequelizeIssueReportRepository(sequelize);
      expect(await repo.findById(1, 'not-a-uuid')).to.equal(null);
      expect(await repo.update(1, 'not-a-uuid', (r) => r)).to.equal(null);
    });
  });
});
