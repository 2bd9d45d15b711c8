import { expect } from 'chai';
import { spawnSync } from 'node:child_process';

describe('examples/embed-in-koa.ts', () => {
  it('runs: a host app files and reads a report through the mounted router', () => {
    const run = spawnSync('npx', ['tsx', 'examples/embed-in-koa.ts'], {
      encoding: 'utf8',
      timeout: 30_000,
    });

    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/POST \/api\/support\/report → 201/);
    expect(run.stdout).to.match(/→ 200/);
    expect(run.stdout).to.match(/without x-user → 401/);
  });
});
