import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

describe('examples/embed-in-koa.ts', () => {
  it('runs: a host app files and reads a report through the mounted router', () => {
    const run = spawnSync('npx', ['tsx', 'examples/embed-in-koa.ts'], {
      encoding: 'utf8',
      timeout: 30_000,
    });

    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /POST \/api\/support\/report → 201/);
    assert.match(run.stdout, /→ 200/);
    assert.match(run.stdout, /without x-user → 401/);
  });
});
