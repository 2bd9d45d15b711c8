import assert from 'node:assert/strict';
import { InMemoryTicketSequence } from '../../src/adapters/in-memory/in-memory-ticket-sequence.js';
import type { TicketSequence } from '../../src/application/ports/ticket-sequence.js';
import { aReportBody, signToken, startTestApi, type TestApi } from '../support/http.js';

describe('POST /api/support/report with an Idempotency-Key', () => {
  let api: TestApi;
  let token: string;

  beforeEach(async () => {
    api = await startTestApi({ rateLimit: 5 });
    token = await signToken();
  });
  afterEach(() => api.close());

  const stored = () => [...api.fakes.reports.reports.values()];
  const submit = (key: string | undefined, body: unknown = aReportBody(), as = token) =>
    api.request('POST', '/api/support/report', {
      token: as,
      body,
      headers: key === undefined ? {} : { 'Idempotency-Key': key },
    });

  it('answers a retry with the same status and body, and files one report', async () => {
    const first = await submit('retry-1');
    // Same JSON, other layout: keys reordered, whitespace added.
    const reordered = Object.fromEntries(Object.entries(aReportBody()).reverse());
    const again = await submit('retry-1', JSON.stringify(reordered, null, 2));

    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.text, first.text);
    assert.equal(first.body.ticket_number, 'BUG-2026-0001');
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(first.headers.get('idempotent-replayed'), null);
    assert.equal(stored().length, 1);
    assert.equal(api.fakes.jobQueue.pending.length, 2, 'one GitHub filing, one e-mail');
    const listed = await api.request('GET', '/api/support/reports', { token });
    assert.equal(listed.body.pagination?.total, 1);
  });

  it('answers 422 idempotency_key_reused to the same key with a different body', async () => {
    await submit('retry-1');
    const changed = await submit('retry-1', aReportBody({ title: 'Something else' }));

    assert.equal(changed.status, 422);
    assert.equal(changed.body.success, false);
    assert.equal(changed.body.error?.code, 'idempotency_key_reused');
    assert.equal(typeof changed.body.error?.message, 'string');
    assert.equal(stored().length, 1);
  });

  for (const [what, key] of [
    ['an empty key', ''],
    ['a key over 255 characters', 'k'.repeat(256)],
  ] as const) {
    it(`answers 400 naming Idempotency-Key to ${what}`, async () => {
      const response = await submit(key);

      assert.equal(response.status, 400);
      assert.equal(response.body.error?.code, 'validation_failed');
      assert.deepEqual(
        response.body.error?.details?.map((detail) => detail.path),
        ['Idempotency-Key'],
      );
      assert.equal(stored().length, 0);
    });
  }

  it('accepts a key of exactly 255 characters', async () => {
    const response = await submit('k'.repeat(255));
    assert.equal(response.status, 201);
  });

  it('names a bad key and bad fields in one answer', async () => {
    const response = await submit('', aReportBody({ title: '' }));

    assert.equal(response.status, 400);
    assert.deepEqual(response.body.error?.details?.map((detail) => detail.path).sort(), [
      'Idempotency-Key',
      'title',
    ]);
  });

  it('keeps keys per user: another user with the same key gets their own report', async () => {
    const mine = await submit('shared-key');
    const theirs = await submit('shared-key', aReportBody(), await signToken({ sub: '8' }));

    assert.equal(mine.status, 201);
    assert.equal(theirs.status, 201);
    assert.notEqual(theirs.body.ticket_number, mine.body.ticket_number);
    assert.equal(stored().length, 2);
  });

  it('gives two requests fired together with one key the same ticket, one report and one number', async () => {
    await api.close();
    // Racers with one key are settled one after the other (the repository's key lock), so only
    // the first draws a number; the store's own claim in `add` is the fallback behind it.
    const tickets = new InMemoryTicketSequence();
    let drawn = 0;
    const counting: TicketSequence = {
      async next(year) {
        drawn += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return tickets.next(year);
      },
    };
    api = await startTestApi({ overrides: { tickets: counting } });

    const [a, b] = await Promise.all([submit('racing'), submit('racing')]);

    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.equal(a.body.ticket_number, b.body.ticket_number);
    assert.equal(a.text, b.text);
    assert.equal(stored().length, 1);
    assert.equal(drawn, 1);
  });

  it('does not count a repeat towards the rate limit', async () => {
    for (let i = 0; i < 5; i += 1) assert.equal((await submit(`key-${i}`)).status, 201);

    assert.equal((await submit('key-0')).status, 201);
    assert.equal((await submit('key-5')).status, 429);
  });
});
