import { expect } from 'chai';
import { join } from 'node:path';
import { freePort, ROOT, runToEnd, TSX } from '../support/processes.js';

/** The machine's PostgreSQL (trust authentication), as in CI. */
const SERVER = '127.0.0.1:5432';
const PASSWORD = 'Not-To-Be-Printed-7f3a';

async function migrateWith(databaseUrl: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' };
  const run = await runToEnd(
    process.execPath,
    ['--import', TSX, join(ROOT, 'src/composition/main/migrate.ts')],
    { cwd: ROOT, env },
  );
  expect(run.code).to.equal(1);
  expect(run.stdout + run.stderr).not.to.include(PASSWORD);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).to.have.length(1);
  return lines[0] ?? '';
}

describe('a DATABASE_URL that does not work says why', function () {
  this.timeout(60_000);

  it('names a database that does not exist', async () => {
    const line = await migrateWith(
      `postgres://postgres:${PASSWORD}@${SERVER}/bugport_no_such_database`,
    );
    expect(line).to.equal(
      'migrate: The database cannot be reached (migrate): database "bugport_no_such_database" ' +
        'does not exist (create it, or fix the database name in DATABASE_URL)',
    );
  });

  it('says the connection was refused on a closed port', async () => {
    const port = await freePort();
    const line = await migrateWith(`postgres://postgres:${PASSWORD}@127.0.0.1:${port}/bugport`);
    expect(line).to.equal(
      `migrate: The database cannot be reached (migrate): connection refused at 127.0.0.1:${port} ` +
        '(is PostgreSQL running there, on that port?)',
    );
  });

  it('says authentication failed for a user the server does not know', async () => {
    const line = await migrateWith(`postgres://bugport_nobody:${PASSWORD}@${SERVER}/postgres`);
    expect(line).to.equal(
      'migrate: The database cannot be reached (migrate): authentication failed: role ' +
        '"bugport_nobody" does not exist (check the user and password in DATABASE_URL)',
    );
  });
});
