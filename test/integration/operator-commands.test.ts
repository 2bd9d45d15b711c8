import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { resolve as resolveService } from '../../src/composition/container.js';
import { openRuntime } from '../../src/composition/runtime.js';
import { startServer } from '../../src/composition/start-server.js';
import { aNewReport, aPrincipal } from '../support/builders.js';
import { testConfig } from '../support/http.js';
import { createDatabase, type ScratchDatabase } from '../support/postgres.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** `npm run <command>` as an operator runs it: a process of its own, on DATABASE_URL. */
function runCommand(name: string, databaseUrl: string) {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(
    process.execPath,
    ['--import', tsx, join(ROOT, 'src/composition/main/command.ts'), name],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise<{ code: number | null; out: string }>((done) =>
    child.once('exit', (code) => done({ code, out })),
  );
}

describe('operator commands', function () {
  this.timeout(60_000);
  let database: ScratchDatabase;
  let client: pg.Client;
  let reportId: string;

  before(async () => {
    database = await createDatabase();
    // A report stored by the real wiring, whose deliveries then failed for good.
    const config = testConfig({ DATABASE_URL: database.url });
    const runtime = await openRuntime(config, pino({ level: 'silent' }));
    const server = await startServer(config, {}, runtime.modules);
    const submitted = await resolveService(server.container, 'submitIssueReport').execute({
      principal: aPrincipal(),
      report: aNewReport(),
    });
    if (!submitted.ok) throw new Error(submitted.error.message);
    reportId = submitted.value.id;
    await server.close();
    await runtime.close();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(
      `UPDATE issue_reports SET github_sync_status = 'failed', github_sync_error = 'Bad credentials',
         email_status = 'failed', email_error = '550 no such user' WHERE id = $1`,
      [reportId],
    );
    await client.query('DELETE FROM pgboss.job');
  });

  after(async () => {
    await client?.end();
    await database?.drop();
  });

  const stateOf = async () => {
    const { rows } = await client.query<{ github: string; email: string }>(
      'SELECT github_sync_status AS github, email_status AS email FROM issue_reports WHERE id = $1',
      [reportId],
    );
    const jobs = await client.query<{ name: string }>(
      "SELECT name FROM pgboss.job WHERE state = 'created' ORDER BY name",
    );
    return { ...rows[0], jobs: jobs.rows.map((row) => row.name) };
  };

  it('github:retry-failed puts the failed filing back in the queue', async () => {
    const { code, out } = await runCommand('github:retry-failed', database.url);
    expect(code, out).to.equal(0);
    expect(out).to.include('github:retry-failed: 1 report(s) queued again');
    expect(await stateOf()).to.deep.equal({
      github: 'pending',
      email: 'failed',
      jobs: ['github.sync'],
    });
  });

  it('email:retry-failed puts the failed e-mail back in the queue, and a second run finds nothing', async () => {
    const first = await runCommand('email:retry-failed', database.url);
    expect(first.out).to.include('email:retry-failed: 1 report(s) queued again');
    expect(await stateOf()).to.deep.equal({
      github: 'pending',
      email: 'pending',
      jobs: ['email.confirmation', 'github.sync'],
    });
    const again = await runCommand('email:retry-failed', database.url);
    expect(again.out).to.include('0 report(s) queued again');
  });

  it('refuses an unknown command with its usage and exit code 2', async () => {
    const { code, out } = await runCommand('github:delete-everything', database.url);
    expect(code).to.equal(2);
    expect(out).to.match(/^usage: command </);
  });
});
