import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { aReportBody } from '../support/http.js';

const ROOT = resolve(import.meta.dirname, '../..');

const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(),
      );
    });
  });

/** Resolves with the stdout seen so far once `pattern` matches it. */
const waitForOutput = (child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<string> =>
  new Promise((resolveOutput, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${seen}`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolveOutput(seen);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${seen}`)));
  });

const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));

describe('npm start (the standalone server)', function () {
  this.timeout(90_000);
  let child: ChildProcess;
  let workDir: string;
  let url: string;
  let token: string;

  const start = async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1' };
    delete env.AUTH_JWT_SECRET;
    delete env.NODE_ENV;
    // No DATABASE_URL: the embedded PostgreSQL in <workDir>/data/postgres, as on a fresh machine.
    delete env.DATABASE_URL;
    env.LOG_LEVEL = 'warn';
    // One process (no tsx wrapper), so that the signals below reach the server itself.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    child = spawn(process.execPath, ['--import', tsx, join(ROOT, 'src/composition/server.ts')], {
      cwd: workDir,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const output = await waitForOutput(child, /Bearer ([\w-]+\.[\w-]+\.[\w-]+)/);
    url = /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? '';
    token = /Bearer ([\w-]+\.[\w-]+\.[\w-]+)/.exec(output)?.[1] ?? '';
    assert.equal(url, `http://127.0.0.1:${port}`);
  };

  before(async () => {
    // Its own working directory: no .env of the developer's, no files left in the repository.
    workDir = mkdtempSync(join(tmpdir(), 'bugport-server-'));
    // Run as root, the embedded PostgreSQL runs as `postgres`, which must be able to pass through.
    chmodSync(workDir, 0o755);
    await start();
  });

  after(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exitOf(child);
    }
    rmSync(workDir, { recursive: true, force: true });
  });

  it('prints a dev token that submits, lists and reads a report', async () => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const submitted = await fetch(`${url}/api/support/report`, {
      method: 'POST',
      headers,
      body: JSON.stringify(aReportBody()),
    });
    assert.equal(submitted.status, 201);
    const { ticket_number } = (await submitted.json()) as { ticket_number: string };
    assert.match(ticket_number, /^BUG-\d{4}-0001$/);

    const list = await fetch(`${url}/api/support/reports`, { headers });
    const listed = (await list.json()) as { reports: { ticket_number: string }[] };
    assert.deepEqual(
      listed.reports.map((r) => r.ticket_number),
      [ticket_number],
    );

    const read = await fetch(`${url}/api/support/report/${ticket_number}`, { headers });
    const { report } = (await read.json()) as { report: { user_name: string } };
    assert.equal(read.status, 200);
    assert.equal(report.user_name, 'Dev User');
  });

  it('shuts down on SIGTERM with exit code 0', async () => {
    child.kill('SIGTERM');
    assert.equal(await exitOf(child), 0);
  });

  it('finds the report again after a restart on the same embedded database', async () => {
    await start();
    const headers = { authorization: `Bearer ${token}` };
    const list = await fetch(`${url}/api/support/reports`, { headers });
    const listed = (await list.json()) as { reports: { title: string }[] };
    assert.deepEqual(
      listed.reports.map((r) => r.title),
      [aReportBody().title],
    );
    child.kill('SIGTERM');
    assert.equal(await exitOf(child), 0);
  });
});
