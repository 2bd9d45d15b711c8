import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import {
  aReportBody,
  signToken,
  startTestApi,
  type ApiBody,
  type TestApi,
} from '../support/http.js';

describe('POST /api/support/report', () => {
  let api: TestApi;
  let token: string;

  beforeEach(async () => {
    api = await startTestApi({ rateLimit: 2 });
    token = await signToken();
  });
  afterEach(() => api.close());

  const stored = () => [...api.fakes.reports.reports.values()];

  it('files a report and answers 201 with its ticket number', async () => {
    const response = await api.request('POST', '/api/support/report', {
      token,
      body: aReportBody(),
    });

    assert.equal(response.status, 201);
    assert.deepEqual(response.body, {
      success: true,
      ticket_number: 'BUG-2026-0001',
      message: 'Your issue has been reported successfully',
    });
    const [report] = stored();
    assert.equal(report?.problem.title, 'Export button does nothing');
    assert.equal(report?.reporter.userId, 7);
    assert.equal(report?.reporter.companyId, 1);
    assert.equal(report?.reporter.name, 'Ada Lovelace');
    assert.deepEqual(report?.debug.localStorageData, { theme: 'dark' });
    assert.deepEqual(
      api.fakes.jobQueue.pending.map((entry) => entry.job.name),
      ['github.sync', 'email.confirmation'],
    );
  });

  it('defaults category to bug and severity to medium, and ignores unknown fields', async () => {
    const body = aReportBody({ is_admin: true, company_id: 99, user_id: 1 });
    delete body.category;
    delete body.severity;

    const response = await api.request('POST', '/api/support/report', { token, body });

    assert.equal(response.status, 201);
    const [report] = stored();
    assert.equal(report?.problem.category, 'bug');
    assert.equal(report?.problem.severity, 'medium');
    assert.equal(
      report?.reporter.companyId,
      1,
      'the tenant comes from the token, never from the body',
    );
    assert.equal(report?.reporter.userId, 7);
  });

  it('keeps only the newest 500 entries of a debug array', async () => {
    const actions = Array.from({ length: 600 }, (_, i) => ({ step: i }));

    const response = await api.request('POST', '/api/support/report', {
      token,
      body: aReportBody({ user_actions: actions }),
    });

    assert.equal(response.status, 201);
    const kept = stored()[0]?.debug.userActions ?? [];
    assert.equal(kept.length, 500);
    assert.deepEqual(kept[0], { step: 100 });
    assert.deepEqual(kept[499], { step: 599 });
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['a missing title', { title: undefined }, 'title'],
    ['a blank title', { title: '   ' }, 'title'],
    ['a title over 255 characters', { title: 'x'.repeat(256) }, 'title'],
    ['a missing description', { description: undefined }, 'description'],
    ['an unknown category', { category: 'complaint' }, 'category'],
    ['an unknown severity', { severity: 'urgent' }, 'severity'],
    ['a page_url over 500 characters', { page_url: 'x'.repeat(501) }, 'page_url'],
    ['browser_info that is not an object', { browser_info: 'Chrome' }, 'browser_info'],
    ['console_errors that is not an array', { console_errors: 'oops' }, 'console_errors'],
  ];
  for (const [what, change, field] of invalid) {
    it(`answers 400 naming the field for ${what}`, async () => {
      const response = await api.request('POST', '/api/support/report', {
        token,
        body: aReportBody(change),
      });

      assert.equal(response.status, 400);
      assert.equal(response.body.success, false);
      assert.equal(response.body.error?.code, 'validation_failed');
      assert.deepEqual(
        response.body.error?.details?.map((detail) => detail.path),
        [field],
      );
      assert.equal(stored().length, 0);
    });
  }

  it('names every field at fault at once', async () => {
    const response = await api.request('POST', '/api/support/report', {
      token,
      body: { category: 'nope' },
    });

    assert.equal(response.status, 400);
    const paths = response.body.error?.details?.map((detail) => detail.path) ?? [];
    assert.deepEqual([...paths].sort(), ['category', 'description', 'title']);
  });

  it('answers 400 validation_failed to malformed JSON', async () => {
    const response = await api.request('POST', '/api/support/report', {
      token,
      body: '{"title": ',
    });

    assert.equal(response.status, 400);
    assert.equal(response.body.error?.code, 'validation_failed');
    assert.ok(response.body.error?.details?.length);
  });

  it('reads a gzip body, and answers 400 to a corrupt one', async () => {
    const zipped = gzipSync(JSON.stringify(aReportBody()));
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    };

    const good = await fetch(`${api.url}/api/support/report`, {
      method: 'POST',
      headers,
      body: zipped,
    });
    const corrupt = await fetch(`${api.url}/api/support/report`, {
      method: 'POST',
      headers,
      body: zipped.subarray(0, 20),
    });

    assert.equal(good.status, 201);
    assert.equal(corrupt.status, 400);
    assert.equal(((await corrupt.json()) as ApiBody).error?.code, 'validation_failed');
  });

  it('answers 400 to a JSON body that is not an object', async () => {
    const response = await api.request('POST', '/api/support/report', { token, body: '[1, 2]' });

    assert.equal(response.status, 400);
    assert.equal(response.body.error?.code, 'validation_failed');
  });

  it('answers 415 to a body that is not JSON', async () => {
    const response = await api.request('POST', '/api/support/report', {
      token,
      body: 'title=Hello',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    assert.equal(response.status, 415);
    assert.equal(response.body.error?.code, 'unsupported_media_type');
    assert.equal(stored().length, 0);
  });

  it('answers 429 with Retry-After past the rate limit, and stores nothing more', async () => {
    for (let i = 0; i < 2; i += 1) {
      const accepted = await api.request('POST', '/api/support/report', {
        token,
        body: aReportBody(),
      });
      assert.equal(accepted.status, 201);
    }

    const refused = await api.request('POST', '/api/support/report', {
      token,
      body: aReportBody(),
    });

    assert.equal(refused.status, 429);
    assert.equal(refused.body.error?.code, 'rate_limited');
    assert.equal(refused.headers.get('retry-after'), '3600');
    assert.equal(stored().length, 2);
  });
});
