import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createSequelize } from '../../src/adapters/persistence/create-sequelize.js';
import {
  migrate,
  pendingMigrations,
  revertMigrations,
} from '../../src/adapters/persistence/migrate.js';
import { MIGRATIONS } from '../../src/adapters/persistence/migrations/index.js';
import { SequelizeIssueReportRepository } from '../../src/adapters/persistence/sequelize-issue-report-repository.js';
import { aStoredReport } from '../contract/issue-report-repository.fixtures.js';
import { createDatabase, type ScratchDatabase } from '../support/postgres.js';
import { rejection } from '../support/rejection.js';

const ALL = MIGRATIONS.map((migration) => migration.name);

describe('Migrations', function () {
  this.timeout(30_000);
  let database: ScratchDatabase;
  let sequelize: Sequelize;
  const said: string[] = [];
  const logger = {
    info: (_fields: object, m?: string) => said.push(m ?? ''),
    warn: () => undefined,
    debug: () => undefined,
  };

  const select = <T extends object>(sql: string) =>
    sequelize.query<T>(sql, { type: QueryTypes.SELECT });
  const indexesOf = async (table: string) =>
    (
      await select<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes WHERE tablename = '${table}' ORDER BY indexname`,
      )
    ).map((row) => row.indexname);

  beforeEach(async () => {
    database = await createDatabase();
    sequelize = createSequelize(database.url);
    said.length = 0;
  });
  afterEach(async () => {
    await sequelize.close();
    await database.drop();
  });

  it('applies every migration once, says so, and is a no-op the second time', async () => {
    expect(ALL.slice(0, 3)).to.deep.equal([
      '0001-create-issue-reports',
      '0002-create-issue-comments',
      '0003-create-ticket-counters',
    ]);
    expect(await pendingMigrations(sequelize)).to.deep.equal(ALL);
    expect((await migrate(sequelize, logger)).applied).to.deep.equal(ALL);
    expect(said.at(-1)).to.match(/^Database schema migrated/);
    expect(await pendingMigrations(sequelize)).to.deep.equal([]);
    expect((await migrate(sequelize, logger)).applied).to.deep.equal([]);
    expect(said.at(-1)).to.equal(`Database schema is up to date (${ALL.length} migrations)`);
  });

  it('creates the indexes of the requirements and the listing indexes', async () => {
    await migrate(sequelize);
    expect(await indexesOf('issue_reports')).to.include.members([
      'idx_ticket_number',
      'idx_user',
      'idx_company',
      'idx_status',
      'idx_severity',
      'idx_category',
      'idx_created',
      'idx_github',
      'idx_company_status',
    ]);
    expect(await indexesOf('issue_comments')).to.include.members([
      'idx_comments_issue',
      'idx_comments_company',
    ]);
  });

  it('lets two processes starting together migrate once between them', async () => {
    const other = createSequelize(database.url);
    try {
      const results = await Promise.all([migrate(sequelize), migrate(other)]);
      expect(results.flatMap((result) => result.applied).sort()).to.deep.equal(ALL);
    } finally {
      await other.close();
    }
  });

  it('reverts cleanly and applies again', async () => {
    await migrate(sequelize);
    expect((await revertMigrations(sequelize)).reverted).to.deep.equal([...ALL].reverse());
    expect(await select("SELECT 1 FROM pg_tables WHERE tablename LIKE 'issue_%'")).to.deep.equal(
      [],
    );
    expect((await migrate(sequelize)).applied).to.deep.equal(ALL);
  });

  it('keeps a comment in the company of its report', async () => {
    await migrate(sequelize);
    const report = aStoredReport({ reporter: { companyId: 1 } });
    await new SequelizeIssueReportRepository(sequelize).add(report, []);
    const insertComment = (companyId: number) =>
      sequelize.query(
        `INSERT INTO issue_comments (id, issue_id, user_id, company_id, comment)
         VALUES ('${randomUUID()}', '${report.id}', 7, ${companyId}, 'hello')`,
      );
    await insertComment(1);
    const error = await rejection(insertComment(2));
    expect(error.name).to.equal('SequelizeForeignKeyConstraintError');
  });

  describe('optional foreign keys to the host', () => {
    beforeEach(async () => {
      await sequelize.query(`
        CREATE SCHEMA host;
        CREATE TABLE host.users (id integer PRIMARY KEY);
        CREATE TABLE companies (id integer PRIMARY KEY);
        INSERT INTO host.users VALUES (7);
        INSERT INTO companies VALUES (1);`);
    });

    it('creates none by default', async () => {
      await migrate(sequelize);
      const keys = await select(
        "SELECT conname FROM pg_constraint WHERE conname LIKE '%host_fkey'",
      );
      expect(keys).to.deep.equal([]);
    });

    it('references the tables the host names, and then refuses unknown users and companies', async () => {
      await migrate(sequelize, logger, {
        foreignKeys: {
          users: { table: 'host.users' },
          companies: { table: 'companies', column: 'id' },
        },
      });
      const keys = await select<{ conname: string }>(
        "SELECT conname FROM pg_constraint WHERE conname LIKE '%host_fkey' ORDER BY conname",
      );
      expect(keys.map((key) => key.conname)).to.deep.equal([
        'issue_comments_company_id_host_fkey',
        'issue_comments_user_id_host_fkey',
        'issue_reports_company_id_host_fkey',
        'issue_reports_user_id_host_fkey',
      ]);
      const repo = new SequelizeIssueReportRepository(sequelize);
      await repo.add(aStoredReport({ reporter: { userId: 7, companyId: 1 } }), []);
      expect(
        (await rejection(repo.add(aStoredReport({ reporter: { userId: 8, companyId: 1 } }), [])))
          .name,
      ).to.equal('SequelizeForeignKeyConstraintError');
      // Running again changes nothing.
      said.length = 0;
      await migrate(sequelize, logger, {
        foreignKeys: { users: { table: 'host.users' }, companies: { table: 'companies' } },
      });
      expect(said.filter((line) => line.startsWith('Foreign key'))).to.deep.equal([]);
    });

    it('fails the whole migration on a table that does not exist or a name that is not one', async () => {
      for (const table of ['nope', 'users; DROP TABLE companies']) {
        await rejection(migrate(sequelize, logger, { foreignKeys: { users: { table } } }));
      }
      expect(await pendingMigrations(sequelize)).to.deep.equal(ALL);
    });
  });
});
