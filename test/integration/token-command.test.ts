import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { startTestApi, type TestApi } from '../support/http.js';
import { ROOT, runToEnd, TSX } from '../support/processes.js';

const SECRET = 'a-secret-of-at-least-32-characters-for-tokens';

/** `npm run token -- <args>` in `cwd`, with only the given variables of ours set. */
function token(cwd: string, args: readonly string[], vars: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...vars };
  for (const name of ['AUTH_JWT_SECRET', 'NODE_ENV', 'PUBLIC_BASE_URL'])
    if (!(name in vars)) delete env[name];
  return runToEnd(
    process.execPath,
    ['--import', TSX, join(ROOT, 'src/composition/main/token.ts'), ...args],
    {
      cwd,
      env,
    },
  );
}

describe('npm run token', function () {
  this.timeout(60_000);
  let dir: string;
  let api: TestApi | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bugport-token-'));
  });

  afterEach(async () => {
    await api?.close();
    api = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a token with the given claims that a server with AUTH_JWT_SECRET accepts', async () => {
    const run = await token(
      dir,
      [
        '--company',
        '7',
        '--name',
        'Ada',
        '--email',
        'ada@example.com',
        '--support',
        '--user',
        '42',
      ],
      { AUTH_JWT_SECRET: SECRET },
    );
    expect(run.code, run.stderr).to.equal(0);
    const printed = run.stdout.trim();
    expect(decodeJwt(printed)).to.include({
      sub: '42',
      company_id: 7,
      name: 'Ada',
      email: 'ada@example.com',
    });
    expect(decodeJwt(printed).roles).to.deep.equal(['support_agent']);

    api = await startTestApi({ env: { AUTH_JWT_SECRET: SECRET } });
    expect((await api.request('GET', '/api/support/reports', { token: printed })).status).to.equal(
      200,
    );
    const other = await startTestApi({
      env: { AUTH_JWT_SECRET: 'another-secret-also-32-characters-long' },
    });
    try {
      expect(
        (await other.request('GET', '/api/support/reports', { token: printed })).status,
      ).to.equal(401);
    } finally {
      await other.close();
    }
  });

  it('without --support, has no roles', async () => {
    const run = await token(dir, ['--company', '3', '--name', 'Bo'], { AUTH_JWT_SECRET: SECRET });
    expect(run.code, run.stderr).to.equal(0);
    const claims = decodeJwt(run.stdout.trim());
    expect(claims).to.include({ sub: '1', company_id: 3, name: 'Bo' });
    expect(claims).not.to.have.property('roles');
  });

  it('without AUTH_JWT_SECRET, signs with data/dev-secret (made once, kept) as npm start does', async () => {
    const first = await token(dir, ['--company', '1', '--name', 'Dev']);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stderr).to.include('data/dev-secret');
    const secretFile = join(dir, 'data/dev-secret');
    expect(statSync(secretFile).mode & 0o777).to.equal(0o600);
    const secret = readFileSync(secretFile, 'utf8').trim();
    const second = await token(dir, ['--company', '1', '--name', 'Dev']);
    expect(readFileSync(secretFile, 'utf8').trim()).to.equal(secret);

    api = await startTestApi({ env: { AUTH_JWT_SECRET: secret } });
    for (const printed of [first.stdout.trim(), second.stdout.trim()]) {
      expect(
        (await api.request('GET', '/api/support/reports', { token: printed })).status,
      ).to.equal(200);
    }
  });

  it('refuses to make up a secret in production', async () => {
    const run = await token(dir, ['--company', '1', '--name', 'Dev'], { NODE_ENV: 'Production' });
    expect(run.code).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.match(/^AUTH_JWT_SECRET: required when NODE_ENV=Production/);
  });

  it('explains a bad argument with the usage', async () => {
    const run = await token(dir, ['--company', 'seven', '--name', 'Ada'], {
      AUTH_JWT_SECRET: SECRET,
    });
    expect(run.code).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.match(/^token: --company: must be a whole number/);
    expect(run.stderr).to.include('usage: npm run token --');
  });
});
