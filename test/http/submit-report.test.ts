import { expect } from 'chai';
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

    expect(response.status).to.equal(201);
    expect(response.body).to.deep.equal({
      success: true,
      ticket_number: 'BUG-2026-0001',
      message: 'Your issue has been reported successfully',
    });
    const [report] = stored();
    expect(report?.problem.title).to.equal('Export button does nothing');
    expect(report?.reporter.userId).to.equal(7);
    expect(report?.reporter.companyId).to.equal(1);
    expect(report?.reporter.name).to.equal('Ada Lovelace');
    expect(report?.debug.localStorageData).to.deep.equal({ theme: 'dark' });
    expect(api.fakes.jobQueue.pending.map((entry) => entry.job.name)).to.deep.equal([
      'github.sync',
      'email.confirmation',
    ]);
  });

  it('defaults category to bug and severity to medium, and ignores unknown fields', async () => {
    const body = aReportBody({ is_admin: true, company_id: 99, user_id: 1 });
    delete body.category;
    delete body.severity;

    const response = await api.request('POST', '/api/support/report', { token, body });

    expect(response.status).to.equal(201);
    const [report] = stored();
    expect(report?.problem.category).to.equal('bug');
    expect(report?.problem.severity).to.equal('medium');
    expect(
      report?.reporter.companyId,
      'the tenant comes from the token, never from the body',
    ).to.equal(1);
    expect(report?.reporter.userId).to.equal(7);
  });

  it('keeps only the newest 500 entries of a debug array', async () => {
    const actions = Array.from({ length: 600 }, (_, i) => ({ step: i }));

    const response = await api.request('POST', '/api/support/report', {
      token,
      body: aReportBody({ user_actions: actions }),
    });

    expect(response.status).to.equal(201);
    const kept = stored()[0]?.debug.userActions ?? [];
    expect(kept.length).to.equal(500);
    expect(kept[0]).to.deep.equal({ step: 100 });
    expect(kept[499]).to.deep.equal({ step: 599 });
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

      expect(response.status).to.equal(400);
      expect(response.body.success).to.equal(false);
      expect(response.body.error?.code).to.equal('validation_failed');
      expect(response.body.error?.details?.map((detail) => detail.path)).to.deep.equal([field]);
      expect(stored().length).to.equal(0);
    });
  }

  it('names every field at fault at once', async () => {
    const response = await api.request('POST', '/api/support/report', {
      token,
      body: { category: 'nope' },
    });

    expect(response.status).to.equal(400);
    const paths = response.body.error?.details?.map((detail) => detail.path) ?? [];
    expect([...paths].sort()).to.deep.equal(['category', 'description', 'title']);
  });

  it('answers 400 validation_failed to malformed JSON', async () => {
    const response = await api.request('POST', '/api/support/report', {
      token,
      body: '{"title": ',
    });

    expect(response.status).to.equal(400);
    expect(response.body.error?.code).to.equal('validation_failed');
    expect(response.body.error?.details).to.be.an('array').that.is.not.empty;
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

    expect(good.status).to.equal(201);
    expect(corrupt.status).to.equal(400);
    expect(((await corrupt.json()) as ApiBody).error?.code).to.equal('validation_failed');
  });

  it('answers 400 to a JSON body that is not an object', async () => {
    const response = await api.request('POST', '/api/support/report', { token, body: '[1, 2]' });

    expect(response.status).to.equal(400);
    expect(response.body.error?.code).to.equal('validation_failed');
  });

  it('answers 415 to a body that is not JSON', async () => {
    const response = await api.request('POST', '/api/support/report', {
      token,
      body: 'title=Hello',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    expect(response.status).to.equal(415);
    expect(response.body.error?.code).to.equal('unsupported_media_type');
    expect(stored().length).to.equal(0);
  });

  it('answers 429 with Retry-After past the rate limit, and stores nothing more', async () => {
    for (let i = 0; i < 2; i += 1) {
      const accepted = await api.request('POST', '/api/support/report', {
        token,
        body: aReportBody(),
      });
      expect(accepted.status).to.equal(201);
    }

    const refused = await api.request('POST', '/api/support/report', {
      token,
      body: aReportBody(),
    });

    expect(refused.status).to.equal(429);
    expect(refused.body.error?.code).to.equal('rate_limited');
    expect(refused.headers.get('retry-after')).to.equal('3600');
    expect(stored().length).to.equal(2);
  });
});
