import { expect } from 'chai';
import { AUTH_FAILURE_LIMIT } from '../../src/composition/limits.js';
import { aReportBody, signToken, startTestApi, type TestApi } from '../support/http.js';

describe('HTTP hardening', () => {
  let api: TestApi;
  let token: string;

  beforeEach(async () => {
    api = await startTestApi({ rateLimit: 1000 });
    token = await signToken();
  });

  afterEach(async () => {
    await api.close();
  });

  describe('security headers', () => {
    for (const [method, path] of [
      ['GET', '/healthz'],
      ['GET', '/api/support/reports'],
      ['GET', '/nowhere'],
    ] as const) {
      it(`are on ${method} ${path}, authenticated or not`, async () => {
        for (const withToken of [true, false]) {
          const { headers } = await api.request(method, path, withToken ? { token } : {});
          expect(headers.get('x-content-type-options')).to.equal('nosniff');
          expect(headers.get('x-frame-options')).to.equal('DENY');
          expect(headers.get('referrer-policy')).to.equal('no-referrer');
          expect(headers.get('content-security-policy')).to.include("default-src 'none'");
        }
      });
    }
  });

  describe('request ids and the access log', () => {
    it('mints a request id, returns it, and logs the request under it without the query', async () => {
      const answer = await api.request('GET', '/api/support/reports?page=1&token=sekrit', {
        token,
      });
      const id = answer.headers.get('x-request-id') ?? '';
      expect(id).to.match(/^[0-9a-f-]{36}$/);
      const line = api.logger.entries.find(
        (entry) => (entry.fields as { requestId?: string }).requestId === id,
      );
      expect(line?.fields).to.deep.include({
        method: 'GET',
        path: '/api/support/reports',
        status: 200,
      });
      expect(JSON.stringify(api.logger.entries)).to.not.include('sekrit');
      expect(JSON.stringify(api.logger.entries)).to.not.include(token);
    });

    it('keeps a sane id sent by a proxy, and replaces one that is not', async () => {
      const kept = await api.request('GET', '/healthz', {
        headers: { 'x-request-id': 'lb-42.a:b' },
      });
      expect(kept.headers.get('x-request-id')).to.equal('lb-42.a:b');
      const replaced = await api.request('GET', '/healthz', {
        headers: { 'x-request-id': 'bad id with spaces<script>' },
      });
      expect(replaced.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    });
  });

  describe('failed sign-ins', () => {
    it(`are answered 429 from one address after ${AUTH_FAILURE_LIMIT.points}, while valid tokens still work`, async () => {
      const statuses: number[] = [];
      for (let i = 0; i <= AUTH_FAILURE_LIMIT.points; i += 1) {
        statuses.push(
          (await api.request('GET', '/api/support/reports', { token: 'nonsense' })).status,
        );
      }
      expect(statuses.slice(0, AUTH_FAILURE_LIMIT.points).every((s) => s === 401)).to.equal(true);
      const refused = await api.request('GET', '/api/support/reports', { token: 'nonsense' });
      expect(refused.status).to.equal(429);
      expect(refused.body.error?.code).to.equal('rate_limited');
      expect(Number(refused.headers.get('retry-after'))).to.be.within(
        1,
        AUTH_FAILURE_LIMIT.windowSeconds,
      );
      const valid = await api.request('GET', '/api/support/reports', { token });
      expect(valid.status).to.equal(200);
    });
  });

  describe('nesting of free-form JSON', () => {
    const nested = (depth: number): unknown => {
      let value: unknown = 'leaf';
      for (let i = 0; i < depth; i += 1) value = { a: value };
      return value;
    };

    it('accepts browser info nested 32 levels deep', async () => {
      const answer = await api.request('POST', '/api/support/report', {
        token,
        body: aReportBody({ browser_info: nested(32) }),
      });
      expect(answer.status).to.equal(201);
    });

    it('refuses 33 levels with 400 naming the field, and stores nothing', async () => {
      const answer = await api.request('POST', '/api/support/report', {
        token,
        body: aReportBody({ local_storage_data: nested(33) }),
      });
      expect(answer.status).to.equal(400);
      expect(answer.body.error?.details).to.deep.equal([
        { path: 'local_storage_data', message: 'Nested more than 32 levels deep' },
      ]);
      expect(api.fakes.reports.reports.size).to.equal(0);
    });

    it('ignores an unknown field nested past the limit, as unknown fields are ignored: 201', async () => {
      const depth = 100_000;
      const raw = `{"title":"t","description":"d","extra":${'['.repeat(depth)}${']'.repeat(depth)},"shallow_extra":${JSON.stringify(nested(40))}}`;
      const answer = await api.request('POST', '/api/support/report', { token, body: raw });
      expect(answer.status, answer.text).to.equal(201);
      const [stored] = [...api.fakes.reports.reports.values()].slice(-1);
      expect(stored?.problem.title).to.equal('t');
    });

    it('answers a body nested 100,000 levels deep with 400, not a crash', async () => {
      const depth = 100_000;
      const raw = `{"title":"t","description":"d","console_errors":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const answer = await api.request('POST', '/api/support/report', { token, body: raw });
      expect(answer.status).to.equal(400);
      expect(answer.body.error?.details?.[0]?.path).to.equal('console_errors');
    });
  });
});
