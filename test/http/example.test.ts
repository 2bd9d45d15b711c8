import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createDatabase, type ScratchDatabase } from '../support/postgres.js';

describe('examples/embed-in-koa.ts', function () {
  this.timeout(60_000);
  let database: ScratchDatabase | undefined;

  before(async () => {
    database = await createDatabase();
  });
  after(async () => {
    await database?.drop();
  });

  it('runs: a host app files and reads a report through the mounted router', () => {
    const run = spawnSync('npx', ['tsx', 'examples/embed-in-koa.ts'], {
      encoding: 'utf8',
      timeout: 45_000,
      env: { ...process.env, DATABASE_URL: database?.url },
    });

    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/POST \/api\/support\/report → 201/);
    expect(run.stdout).to.match(/→ 200/);
    expect(run.stdout).to.match(/without x-user → 401/);
    expect(run.stdout).to.match(/useCases\.listIssueReports → 1 report/);
  });
});
