import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aReportBody } from '../support/http.js';
import { exitOf, freePort, ROOT, TSX, waitForOutput } from '../support/processes.js';

interface LogLine {
  readonly level: number;
  readonly msg: string;
}

describe('stopping `npm start` with Ctrl-C', function () {
  this.timeout(90_000);
  let dir: string;
  let child: ChildProcess;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bugport-stop-'));
    chmodSync(dir, 0o755);
  });

  after(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exitOf(child);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs a clean stop: no warning or error, a final "bugport stopped", exit 0', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    };
    for (const name of ['DATABASE_URL', 'AUTH_JWT_SECRET', 'NODE_ENV']) delete env[name];
    // Its own process group, as a terminal's foreground job: Ctrl-C signals the whole group.
    child = spawn(
      process.execPath,
      ['--import', TSX, join(ROOT, 'src/composition/main/server.ts')],
      {
        cwd: dir,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const output = await waitForOutput(child, /BUGPORT_TOKEN=(\S+)/);
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? '';
    const token = /BUGPORT_TOKEN=(\S+)/.exec(output)?.[1] ?? '';
    // Work for the queue (a confirmation e-mail), so that its workers are busy with the database.
    const submitted = await fetch(`${url}/api/support/report`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(aReportBody()),
    });
    expect(submitted.status).to.equal(201);

    process.kill(-(child.pid ?? 0), 'SIGINT');
    const code = await exitOf(child);
    await new Promise((resolve) => setImmediate(resolve));

    const logs: LogLine[] = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
    expect(stderr).to.equal('');
    expect(
      logs.filter((line) => line.level >= 40).map((line) => line.msg),
      'warnings or errors',
    ).to.deep.equal([]);
    expect(logs.at(-1)?.msg).to.equal('bugport stopped');
    expect(code).to.equal(0);
  });
});
