import assert from 'node:assert/strict';
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
    assert.equal(response.status, 201);
    api.fakes.clock.advance(1000);
    return response.body.ticket_number ?? '';
  };

  it('lists the reports of the caller company only, newest first', async () => {
    await submit(ada, 'first');
    await submit(bob, 'of another company');
    await submit(ada, 'second');

    const response = await api.request('GET', '/api/support/reports', { token: ada });

    assert.equal(response.status, 200);
    assert.equal(response.body.success, true);
    assert.deepEqual(
      response.body.reports?.map((r) => r.title),
      ['second', 'first'],
    );
    assert.deepEqual(response.body.pagination, { page: 1, per_page: 20, total: 2, pages: 1 });
    assert.deepEqual(Object.keys(response.body.reports?.[0] ?? {}).sort(), [
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
    assert.deepEqual(
      second.body.reports?.map((r) => r.title),
      ['report 1'],
    );
    assert.deepEqual(second.body.pagination, { page: 2, per_page: 2, total: 3, pages: 2 });

    const pastEnd = await api.request('GET', '/api/support/reports?page=9', { token: ada });
    assert.equal(pastEnd.status, 200);
    assert.deepEqual(pastEnd.body.reports, []);

    // Even beyond any number the server can count to.
    const farPastEnd = await api.request('GET', `/api/support/reports?page=${'9'.repeat(30)}`, {
      token: ada,
    });
    assert.equal(farPastEnd.status, 200);
    assert.deepEqual(farPastEnd.body.reports, []);

    const clamped = await api.request('GET', '/api/support/reports?per_page=500', { token: ada });
    assert.equal(clamped.status, 200);
    assert.equal(clamped.body.pagination?.per_page, 100);
  });

  it('filters by status', async () => {
    await submit(ada, 'new one');

    const fresh = await api.request('GET', '/api/support/reports?status=new', { token: ada });
    const resolved = await api.request('GET', '/api/support/reports?status=resolved', {
      token: ada,
    });

    assert.equal(fresh.body.reports?.length, 1);
    assert.equal(resolved.body.reports?.length, 0);
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

      assert.equal(response.status, 400);
      assert.equal(response.body.error?.code, 'validation_failed');
      assert.deepEqual(
        response.body.error?.details?.map((detail) => detail.path),
        [field],
      );
    });
  }

  it('reads one report, without debug data', async () => {
    const ticket = await submit(ada, 'Export button does nothing');

    const response = await api.request('GET', `/api/support/report/${ticket}`, { token: ada });

    assert.equal(response.status, 200);
    assert.equal(response.body.success, true);
    const report = response.body.report ?? {};
    assert.equal(report.ticket_number, ticket);
    assert.equal(report.user_name, 'Ada Lovelace');
    assert.equal(report.description, aReportBody().description);
    for (const hidden of [
      'console_errors',
      'api_history',
      'user_actions',
      'local_storage_data',
      'session_storage_data',
      'internal_notes',
      'user_email',
    ]) {
      assert.ok(!(hidden in report), `${hidden} must not be in the response`);
    }
    assert.ok(!response.text.includes('TypeError'), 'console errors must not leak');
    assert.ok(!response.text.includes('dark'), 'storage snapshots must not leak');
  });

  it('answers 404 to an unknown and to a malformed ticket number', async () => {
    for (const ticket of ['BUG-2026-0042', 'not-a-ticket', 'BUG-2026-00001']) {
      const response = await api.request('GET', `/api/support/report/${ticket}`, { token: ada });
      assert.equal(response.status, 404);
      assert.equal(response.body.success, false);
      assert.equal(response.body.error?.code, 'not_found');
    }
  });

  it("answers another company's ticket exactly as one that does not exist", async () => {
    const before = await api.request('GET', '/api/support/report/BUG-2026-0001', { token: bob });
    const ticket = await submit(ada, 'private to company 1');
    assert.equal(ticket, 'BUG-2026-0001');

    const after = await api.request('GET', `/api/support/report/${ticket}`, { token: bob });

    assert.equal(after.status, 404);
    assert.equal(after.status, before.status);
    assert.equal(after.text, before.text);
    assert.ok(!after.text.includes('private'));
  });
});
