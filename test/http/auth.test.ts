import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import {
  aReportBody,
  signToken,
  startTestApi,
  TEST_SECRET,
  type TestApi,
} from '../support/http.js';

describe('authentication of /api/support', () => {
  let api: TestApi;

  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  const listWith = (headers: Record<string, string>) =>
    api.request('GET', '/api/support/reports', { headers });

  const assertUnauthorized = (response: Awaited<ReturnType<typeof listWith>>) => {
    assert.equal(response.status, 401);
    assert.equal(response.body.success, false);
    assert.equal(response.body.error?.code, 'unauthorized');
    assert.equal(response.headers.get('www-authenticate'), 'Bearer');
  };

  it('answers 401 without a token, on every route', async () => {
    assertUnauthorized(await listWith({}));
    assertUnauthorized(await api.request('GET', '/api/support/report/BUG-2026-0001'));
    assertUnauthorized(await api.request('POST', '/api/support/report', { body: aReportBody() }));
    assert.equal(api.fakes.reports.reports.size, 0);
  });

  it('answers 401 to a token signed with another secret', async () => {
    const token = await signToken({}, { secret: 'another-secret-that-is-long-enough-too' });
    assertUnauthorized(await listWith({ authorization: `Bearer ${token}` }));
  });

  it('answers 401 to an expired token', async () => {
    const token = await signToken({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    assertUnauthorized(await listWith({ authorization: `Bearer ${token}` }));
  });

  it('answers 401 to a token without company_id, or with one that is not an integer', async () => {
    for (const company_id of [undefined, '1', 1.5]) {
      const token = await signToken({ company_id });
      assertUnauthorized(await listWith({ authorization: `Bearer ${token}` }));
    }
  });

  it('answers 401 to a token whose sub is not a user id', async () => {
    const token = await signToken({ sub: 'ada' });
    assertUnauthorized(await listWith({ authorization: `Bearer ${token}` }));
  });

  it('answers 401 to a token without exp, and to one signed with "none"', async () => {
    const noExp = await new SignJWT({ sub: '7', company_id: 1, name: 'Ada' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(TEST_SECRET));
    assertUnauthorized(await listWith({ authorization: `Bearer ${noExp}` }));

    const [, payload] = (await signToken()).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    assertUnauthorized(await listWith({ authorization: `Bearer ${header}.${payload}.` }));
  });

  it('answers 401 to a header that is not a bearer token', async () => {
    assertUnauthorized(await listWith({ authorization: 'Basic YWRhOnNlY3JldA==' }));
  });

  it('accepts sub as an integer or a string of digits, and email may be missing', async () => {
    for (const claims of [{ sub: 42 }, { sub: '42', email: undefined }]) {
      const token = await signToken(claims);
      const response = await api.request('POST', '/api/support/report', {
        token,
        body: aReportBody(),
      });
      assert.equal(response.status, 201);
    }
    const reports = [...api.fakes.reports.reports.values()];
    assert.deepEqual(
      reports.map((r) => [r.reporter.userId, r.reporter.email]),
      [
        [42, 'ada@example.com'],
        [42, null],
      ],
    );
  });

  it('logs why a sign-in was refused outside production, never the token, and nothing in production', async () => {
    const expired = await signToken({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const forged = await signToken({}, { secret: 'another-secret-that-is-long-enough-too' });
    const tooLarge = await signToken({ company_id: 2 ** 31 });
    const refusalsOf = (logged: TestApi['logger']) =>
      logged.entries
        .filter((entry) => entry.message === 'sign-in refused')
        .map((entry) => (entry.fields as { reason?: string }).reason);
    const from = api.logger.entries.length;
    for (const token of [expired, forged, tooLarge]) {
      const response = await listWith({ authorization: `Bearer ${token}` });
      assertUnauthorized(response);
    }
    const tooLargeAnswer = await listWith({ authorization: `Bearer ${tooLarge}` });
    assert.match(
      tooLargeAnswer.body.error?.message ?? '',
      /company_id: Must be a whole number from 1 to 2147483647/,
    );
    const logged = { entries: api.logger.entries.slice(from) } as TestApi['logger'];
    const reasons = refusalsOf(logged);
    assert.equal(reasons[0], 'expired');
    assert.equal(reasons[1], 'bad signature');
    assert.match(reasons[2] ?? '', /^claims do not fit: company_id/);
    const text = JSON.stringify(logged.entries);
    for (const token of [expired, forged, tooLarge])
      assert.ok(!text.includes(token.split('.')[2] ?? '-'));

    const production = await startTestApi({ env: { NODE_ENV: 'production' } });
    try {
      const response = await production.request('GET', '/api/support/reports', { token: expired });
      assert.equal(response.status, 401);
      assert.deepEqual(refusalsOf(production.logger), []);
    } finally {
      await production.close();
    }
  });

  it('leaves the probes open', async () => {
    const health = await api.request('GET', '/healthz');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { status: 'ok' });

    const ready = await api.request('GET', '/readyz');
    assert.equal(ready.status, 200);
  });

  it('answers 404 not_found in the contract shape to an unknown route', async () => {
    const response = await api.request('GET', '/api/nothing-here');

    assert.equal(response.status, 404);
    assert.equal(response.body.success, false);
    assert.equal(response.body.error?.code, 'not_found');
  });
});

describe('CORS', () => {
  let api: TestApi;

  before(async () => {
    api = await startTestApi({ env: { CORS_ORIGINS: 'https://app.example.com' } });
  });
  after(() => api.close());

  it('answers a preflight from an allowed origin without authentication', async () => {
    const response = await api.request('OPTIONS', '/api/support/report', {
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });

    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example.com');
  });

  it('gives no CORS header to another origin', async () => {
    const response = await api.request('GET', '/healthz', {
      headers: { origin: 'https://evil.test' },
    });

    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });
});
