import { expect } from 'chai';
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

    expect(first.status).to.equal(201);
    expect(again.status).to.equal(201);
    expect(again.text).to.equal(first.text);
    expect(first.body.ticket_number).to.equal('BUG-2026-0001');
    expect(again.headers.get('idempotent-replayed')).to.equal('true');
    expect(first.headers.get('idempotent-replayed')).to.equal(null);
    expect(stored().length).to.equal(1);
    expect(api.fakes.jobQueue.pending.length, 'one GitHub filing, one e-mail').to.equal(2);
    const listed = await api.request('GET', '/api/support/reports', { token });
    expect(listed.body.pagination?.total).to.equal(1);
  });

  it('answers 422 idempotency_key_reused to the same key with a different body', async () => {
    await submit('retry-1');
    const changed = await submit('retry-1', aReportBody({ title: 'Something else' }));

    expect(changed.status).to.equal(422);
    expect(changed.body.success).to.equal(false);
    expect(changed.body.error?.code).to.equal('idempotency_key_reused');
    expect(typeof changed.body.error?.message).to.equal('string');
    expect(stored().length).to.equal(1);
  });

  for (const [what, key] of [
    ['an empty key', ''],
    ['a key over 255 characters', 'k'.repeat(256)],
  ] as const) {
    it(`answers 400 naming Idempotency-Key to ${what}`, async () => {
      const response = await submit(key);

      expect(response.status).to.equal(400);
      expect(response.body.error?.code).to.equal('validation_failed');
      expect(response.body.error?.details?.map((detail) => detail.path)).to.deep.equal([
        'Idempotency-Key',
      ]);
      expect(stored().length).to.equal(0);
    });
  }

  it('accepts a key of exactly 255 characters', async () => {
    const response = await submit('k'.repeat(255));
    expect(response.status).to.equal(201);
  });

  it('names a bad key and bad fields in one answer', async () => {
    const response = await submit('', aReportBody({ title: '' }));

    expect(response.status).to.equal(400);
    expect(response.body.error?.details?.map((detail) => detail.path).sort()).to.deep.equal([
      'Idempotency-Key',
      'title',
    ]);
  });

  it('keeps keys per user: another user with the same key gets their own report', async () => {
    const mine = await submit('shared-key');
    const theirs = await submit('shared-key', aReportBody(), await signToken({ sub: '8' }));

    expect(mine.status).to.equal(201);
    expect(theirs.status).to.equal(201);
    expect(theirs.body.ticket_number).to.not.equal(mine.body.ticket_number);
    expect(stored().length).to.equal(2);
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

    expect(a.status).to.equal(201);
    expect(b.status).to.equal(201);
    expect(a.body.ticket_number).to.equal(b.body.ticket_number);
    expect(a.text).to.equal(b.text);
    expect(stored().length).to.equal(1);
    expect(drawn).to.equal(1);
  });

  it('does not count a repeat towards the rate limit', async () => {
    for (let i = 0; i < 5; i += 1) expect((await submit(`key-${i}`)).status).to.equal(201);

    expect((await submit('key-0')).status).to.equal(201);
    expect((await submit('key-5')).status).to.equal(429);
  });
});
