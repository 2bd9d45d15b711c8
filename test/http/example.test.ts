import assert from 'node:assert/strict';
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

    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /POST \/api\/support\/report → 201/);
    assert.match(run.stdout, /→ 200/);
    assert.match(run.stdout, /without x-user → 401/);
    assert.match(run.stdout, /useCases\.listIssueReports → 1 report/);
  });
});
