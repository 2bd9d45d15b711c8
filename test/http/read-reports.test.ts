import { expect } from 'chai';
import { aReportBody, signToken, startTestApi, type TestApi } from '../support/http.js';

describe('GET /api/support/reports and /report/:ticket_number', () => {
  let api: TestApi;
  let ada: string;
  let bob: string;

  beforeEach(async () => {
    api = await startTestApi({ rateLimit: 1000 });
    ada = await signToken({ sub: '7', company_id: 1 });
    bob = await signToken({ sub: '8', company_id: 2, name: 'Bob' });
  });
  afterEach(() => api.close());

  const submit = async (token: string, title: string) => {
    const response = await api.request('POST', '/api/support/report', {
      token,
      body: aReportBody({ title }),
    });
    expect(response.status).to.equal(201);
    api.fakes.clock.advance(1000);
    return response.body.ticket_number ?? '';
  };

  it('lists the reports of the caller company only, newest first', async () => {
    await submit(ada, 'first');
    await submit(bob, 'of another company');
    await submit(ada, 'second');

    const response = await api.request('GET', '/api/support/reports', { token: ada });

    expect(response.status).to.equal(200);
    expect(response.body.success).to.equal(true);
    expect(response.body.reports?.map((r) => r.title)).to.deep.equal(['second', 'first']);
    expect(response.body.pagination).to.deep.equal({ page: 1, per_page: 20, total: 2, pages: 1 });
    expect(Object.keys(response.body.reports?.[0] ?? {}).sort()).to.deep.equal([
      'category',
      'created_at',
      'github_issue_url',
      'id',
      'severity',
      'status',
      'ticket_number',
      'title',
    ]);
  });

  it('pages, answers 200 with an empty list past the end, and clamps per_page to 100', async () => {
    for (let i = 1; i <= 3; i += 1) await submit(ada, `report ${i}`);

    const second = await api.request('GET', '/api/support/reports?page=2&per_page=2', {
      token: ada,
    });
    expect(second.body.reports?.map((r) => r.title)).to.deep.equal(['report 1']);
    expect(second.body.pagination).to.deep.equal({ page: 2, per_page: 2, total: 3, pages: 2 });

    const pastEnd = await api.request('GET', '/api/support/reports?page=9', { token: ada });
    expect(pastEnd.status).to.equal(200);
    expect(pastEnd.body.reports).to.deep.equal([]);

    // Even beyond any number the server can count to.
    const farPastEnd = await api.request('GET', `/api/support/reports?page=${'9'.repeat(30)}`, {
      token: ada,
    });
    expect(farPastEnd.status).to.equal(200);
    expect(farPastEnd.body.reports).to.deep.equal([]);

    const clamped = await api.request('GET', '/api/support/reports?per_page=500', { token: ada });
    expect(clamped.status).to.equal(200);
    expect(clamped.body.pagination?.per_page).to.equal(100);
  });

  it('filters by status', async () => {
    await submit(ada, 'new one');

    const fresh = await api.request('GET', '/api/support/reports?status=new', { token: ada });
    const resolved = await api.request('GET', '/api/support/reports?status=resolved', {
      token: ada,
    });

    expect(fresh.body.reports?.length).to.equal(1);
    expect(resolved.body.reports?.length).to.equal(0);
  });

  const badQueries: [string, string][] = [
    ['per_page=0', 'per_page'],
    ['per_page=ten', 'per_page'],
    ['page=0', 'page'],
    ['page=1.5', 'page'],
    ['page=-1', 'page'],
    ['status=done', 'status'],
  ];
  for (const [query, field] of badQueries) {
    it(`answers 400 naming ${field} to ?${query}`, async () => {
      const response = await api.request('GET', `/api/support/reports?${query}`, { token: ada });

      expect(response.status).to.equal(400);
      expect(response.body.error?.code).to.equal('validation_failed');
      expect(response.body.error?.details?.map((detail) => detail.path)).to.deep.equal([field]);
    });
  }

  it('reads one report, without debug data', async () => {
    const ticket = await submit(ada, 'Export button does nothing');

    const response = await api.request('GET', `/api/support/report/${ticket}`, { token: ada });

    expect(response.status).to.equal(200);
    expect(response.body.success).to.equal(true);
    const report = response.body.report ?? {};
    expect(report.ticket_number).to.equal(ticket);
    expect(report.user_name).to.equal('Ada Lovelace');
    expect(report.description).to.equal(aReportBody().description);
    for (const hidden of [
      'console_errors',
      'api_history',
      'user_actions',
      'local_storage_data',
      'session_storage_data',
      'internal_notes',
      'user_email',
    ]) {
      expect(report, `${hidden} must not be in the response`).to.not.have.property(hidden);
    }
    expect(response.text, 'console errors must not leak').to.not.include('TypeError');
    expect(response.text, 'storage snapshots must not leak').to.not.include('dark');
  });

  it('answers 404 to an unknown and to a malformed ticket number', async () => {
    for (const ticket of ['BUG-2026-0042', 'not-a-ticket', 'BUG-2026-00001']) {
      const response = await api.request('GET', `/api/support/report/${ticket}`, { token: ada });
      expect(response.status).to.equal(404);
      expect(response.body.success).to.equal(false);
      expect(response.body.error?.code).to.equal('not_found');
    }
  });

  it("answers another company's ticket exactly as one that does not exist", async () => {
    const before = await api.request('GET', '/api/support/report/BUG-2026-0001', { token: bob });
    const ticket = await submit(ada, 'private to company 1');
    expect(ticket).to.equal('BUG-2026-0001');

    const after = await api.request('GET', `/api/support/report/${ticket}`, { token: bob });

    expect(after.status).to.equal(404);
    expect(after.status).to.equal(before.status);
    expect(after.text).to.equal(before.text);
    expect(after.text).to.not.include('private');
  });
});
