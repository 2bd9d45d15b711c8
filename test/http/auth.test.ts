import { expect } from 'chai';
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
    expect(response.status).to.equal(401);
    expect(response.body.success).to.equal(false);
    expect(response.body.error?.code).to.equal('unauthorized');
    expect(response.headers.get('www-authenticate')).to.equal('Bearer');
  };

  it('answers 401 without a token, on every route', async () => {
    assertUnauthorized(await listWith({}));
    assertUnauthorized(await api.request('GET', '/api/support/report/BUG-2026-0001'));
    assertUnauthorized(await api.request('POST', '/api/support/report', { body: aReportBody() }));
    expect(api.fakes.reports.reports.size).to.equal(0);
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
      expect(response.status).to.equal(201);
    }
    const reports = [...api.fakes.reports.reports.values()];
    expect(reports.map((r) => [r.reporter.userId, r.reporter.email])).to.deep.equal([
      [42, 'ada@example.com'],
      [42, null],
    ]);
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
    expect(tooLargeAnswer.body.error?.message ?? '').to.match(
      /company_id: Must be a whole number from 1 to 2147483647/,
    );
    const logged = { entries: api.logger.entries.slice(from) } as TestApi['logger'];
    const reasons = refusalsOf(logged);
    expect(reasons[0]).to.equal('expired');
    expect(reasons[1]).to.equal('bad signature');
    expect(reasons[2] ?? '').to.match(/^claims do not fit: company_id/);
    const text = JSON.stringify(logged.entries);
    for (const token of [expired, forged, tooLarge])
      expect(text).to.not.include(token.split('.')[2] ?? '-');

    const production = await startTestApi({ env: { NODE_ENV: 'production' } });
    try {
      const response = await production.request('GET', '/api/support/reports', { token: expired });
      expect(response.status).to.equal(401);
      expect(refusalsOf(production.logger)).to.deep.equal([]);
    } finally {
      await production.close();
    }
  });

  it('leaves the probes open', async () => {
    const health = await api.request('GET', '/healthz');
    expect(health.status).to.equal(200);
    expect(health.body).to.deep.equal({ status: 'ok' });

    const ready = await api.request('GET', '/readyz');
    expect(ready.status).to.equal(200);
  });

  it('answers 404 not_found in the contract shape to an unknown route', async () => {
    const response = await api.request('GET', '/api/nothing-here');

    expect(response.status).to.equal(404);
    expect(response.body.success).to.equal(false);
    expect(response.body.error?.code).to.equal('not_found');
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

    expect(response.status).to.equal(204);
    expect(response.headers.get('access-control-allow-origin')).to.equal('https://app.example.com');
  });

  it('gives no CORS header to another origin', async () => {
    const response = await api.request('GET', '/healthz', {
      headers: { origin: 'https://evil.test' },
    });

    expect(response.headers.get('access-control-allow-origin')).to.equal(null);
  });
});
