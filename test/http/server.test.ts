import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aReportBody } from '../support/http.js';
import { exitOf, freePort, ROOT, runToEnd, TSX, waitForOutput } from '../support/processes.js';

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
    child = spawn(
      process.execPath,
      ['--import', TSX, join(ROOT, 'src/composition/main/server.ts')],
      {
        cwd: workDir,
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const output = await waitForOutput(child, /BUGPORT_TOKEN=([\w-]+\.[\w-]+\.[\w-]+)/);
    url = /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? '';
    token = /BUGPORT_TOKEN=([\w-]+\.[\w-]+\.[\w-]+)/.exec(output)?.[1] ?? '';
    // Printed once (not again in the curl example), ready to paste.
    expect(output.split(token).length - 1).to.equal(1);
    expect(url).to.equal(`http://127.0.0.1:${port}`);
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
    expect(submitted.status).to.equal(201);
    const { ticket_number } = (await submitted.json()) as { ticket_number: string };
    expect(ticket_number).to.match(/^BUG-\d{4}-0001$/);

    const list = await fetch(`${url}/api/support/reports`, { headers });
    const listed = (await list.json()) as { reports: { ticket_number: string }[] };
    expect(listed.reports.map((r) => r.ticket_number)).to.deep.equal([ticket_number]);

    const read = await fetch(`${url}/api/support/report/${ticket_number}`, { headers });
    const { report } = (await read.json()) as { report: { user_name: string } };
    expect(read.status).to.equal(200);
    expect(report.user_name).to.equal('Dev User');
  });

  it('accepts a token from `npm run token` in the same directory (the same dev secret)', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.AUTH_JWT_SECRET;
    delete env.NODE_ENV;
    const run = await runToEnd(
      process.execPath,
      [
        '--import',
        TSX,
        join(ROOT, 'src/composition/main/token.ts'),
        '--company',
        '1',
        '--name',
        'Eve',
      ],
      { cwd: workDir, env },
    );
    expect(run.code, run.stderr).to.equal(0);
    const list = await fetch(`${url}/api/support/reports`, {
      headers: { authorization: `Bearer ${run.stdout.trim()}` },
    });
    expect(list.status).to.equal(200);
  });

  it('shuts down on SIGTERM with exit code 0', async () => {
    child.kill('SIGTERM');
    expect(await exitOf(child)).to.equal(0);
  });

  it('finds the report again after a restart, and the first dev token still works', async () => {
    const firstToken = token;
    await start();
    // The development secret is kept in data/dev-secret, not made up per start.
    const headers = { authorization: `Bearer ${firstToken}` };
    const list = await fetch(`${url}/api/support/reports`, { headers });
    const listed = (await list.json()) as { reports: { title: string }[] };
    expect(listed.reports.map((r) => r.title)).to.deep.equal([aReportBody().title]);
    child.kill('SIGTERM');
    expect(await exitOf(child)).to.equal(0);
  });
});
