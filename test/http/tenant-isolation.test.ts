import { expect } from 'chai';
import { signScreenshotName } from '../../src/adapters/http/signed-screenshot-url.js';
import { screenshotUrlSecret } from '../../src/composition/secrets.js';
import { STATUSES, type Status } from '../../src/domain/issue-report.js';
import { aReportBody, signToken, testConfig, type TestApi } from '../support/http.js';
import { aGif, aJpeg, aPng } from '../support/images.js';
import { WIRINGS, type Wiring } from '../support/postgres-api.js';
import {
  assertContractError,
  errorOf,
  sendRaw,
  type RawRequest,
  type RawResponse,
} from '../support/raw-http.js';
import { patchReport } from '../support/builders.js';

/*
 * The contract's tenant rule: "A user sees the reports of their own
 * company, never another's. A report of another company is answered exactly
 * as a report that does not exist (404), on every endpoint."
 *
 * Company B (Bea, Bob) files reports, some with an uploaded screenshot and
 * attachments, some with an inline one. Company A (Ada, Alan) then tries
 * every endpoint to reach them, and must learn nothing: not a title, not a
 * count, not even that a ticket number is taken.
 */

const ENV = { PUBLIC_BASE_URL: 'https://support.example.com' };
const LINK_SECRET = screenshotUrlSecret(testConfig(ENV));
const A = 1;
const B = 2;
const SECRET_MARK = 'B-CONFIDENTIAL';

/** Headers that differ on every answer whatever it says. */
const VOLATILE = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);

/** An answer as a client can observe it, minus what changes on every request. */
const observable = (res: RawResponse) => ({
  status: res.status,
  headers: Object.entries(res.headers)
    .filter(([name]) => !VOLATILE.has(name))
    .sort(([a], [b]) => a.localeCompare(b)),
  body: res.bytes.toString('base64'),
});

/** The suite, run once per wiring: the tenant scoping that matters is the stored one. */
function tenantIsolation(this: Mocha.Suite, wiring: Wiring): void {
  this.timeout(60_000);

  let api: TestApi;
  /** The same server with nothing in it: what "does not exist" looks like, byte for byte. */
  let empty: TestApi;
  const users = { ada: '', alan: '', bea: '', bob: '' };
  let png: Buffer;

  const b = {
    uploads: [] as string[],
    /** Ticket numbers: plain, linked upload + attachments, inline data URL, inline base64, plain (Bob). */
    tickets: [] as string[],
    withScreenshot: [] as string[],
    /** Stored screenshot names of B's reports (what signed public links point to). */
    screenshotNames: [] as string[],
  };
  const a = { tickets: [] as string[], uploads: [] as string[], withScreenshot: '' };

  const send = (req: RawRequest, target: TestApi = api) => sendRaw(target.url, req);
  const get = (path: string, token?: string, target?: TestApi) =>
    send(
      { method: 'GET', path, headers: token ? { authorization: `Bearer ${token}` } : {} },
      target,
    );

  async function submit(token: string, body: Record<string, unknown>, headers = {}) {
    const res = await send({
      method: 'POST',
      path: '/api/support/report',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    api.fakes.clock.advance(1000);
    return res;
  }

  async function submitOk(token: string, overrides: Record<string, unknown>): Promise<string> {
    const res = await submit(token, aReportBody(overrides));
    expect(res.status, res.text).to.equal(201);
    return (JSON.parse(res.text) as { ticket_number: string }).ticket_number;
  }

  async function upload(token: string, bytes: Buffer, name = 'shot.png', target = api) {
    const boundary = 'tenant-isolation-boundary';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="screenshot"; filename="${name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return send(
      {
        method: 'POST',
        path: '/api/support/upload-screenshot',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        body,
      },
      target,
    );
  }

  async function uploadOk(token: string, bytes: Buffer, name?: string): Promise<string> {
    const res = await upload(token, bytes, name);
    expect(res.status, res.text).to.equal(201);
    return (JSON.parse(res.text) as { filename: string }).filename;
  }

  const reportOf = async (ticket: string) => {
    const report = (await api.stored.all()).find((r) => r.ticketNumber === ticket);
    if (!report) throw new Error(`no report ${ticket}`);
    return report;
  };

  const moveTo = async (ticket: string, status: Status) => {
    const report = await reportOf(ticket);
    await api.stored.update(report.reporter.companyId, report.id, (r) =>
      patchReport(r, { workflow: { status } }),
    );
  };

  const list = async (token: string, query = '') => {
    const res = await get(`/api/support/reports${query}`, token);
    expect(res.status, res.text).to.equal(200);
    return JSON.parse(res.text) as {
      reports: { ticket_number: string; title: string; status: string }[];
      pagination: { page: number; per_page: number; total: number; pages: number };
    };
  };

  before(async () => {
    api = await wiring.start({ rateLimit: 1000, env: ENV });
    empty = await wiring.start({ rateLimit: 1000, env: ENV });
    [users.ada, users.alan, users.bea, users.bob, png] = await Promise.all([
      signToken({ sub: '7', company_id: A, name: 'Ada', email: 'ada@a.example' }),
      signToken({ sub: '8', company_id: A, name: 'Alan', email: 'alan@a.example' }),
      signToken({ sub: '9', company_id: B, name: 'Bea', email: 'bea@b.example' }),
      signToken({ sub: '10', company_id: B, name: 'Bob', email: 'bob@b.example' }),
      aPng(16, 12),
    ]);
    const [jpeg, gif] = await Promise.all([aJpeg(16, 12), aGif(16, 12)]);

    // Company B: uploads, and five reports in every screenshot flavour.
    b.uploads.push(
      await uploadOk(users.bea, png),
      await uploadOk(users.bea, jpeg, 'photo.jpg'),
      await uploadOk(users.bob, gif, 'anim.gif'),
      await uploadOk(users.bea, png),
    );
    const inline = png.toString('base64');
    b.tickets.push(
      await submitOk(users.bea, { title: `${SECRET_MARK} plain` }),
      await submitOk(users.bea, {
        title: `${SECRET_MARK} linked`,
        screenshot_filename: b.uploads[0],
        attachments: [b.uploads[1], b.uploads[2]],
      }),
      await submitOk(users.bob, {
        title: `${SECRET_MARK} data url`,
        screenshot_data: `data:image/png;base64,${inline}`,
      }),
      await submitOk(users.bea, { title: `${SECRET_MARK} base64`, screenshot_data: inline }),
      await submitOk(users.bob, { title: `${SECRET_MARK} by Bob` }),
    );
    b.withScreenshot.push(b.tickets[1] ?? '', b.tickets[2] ?? '', b.tickets[3] ?? '');
    for (const ticket of b.withScreenshot) {
      b.screenshotNames.push((await reportOf(ticket)).screenshot.path ?? '');
    }
    await moveTo(b.tickets[0] ?? '', 'resolved');
    await moveTo(b.tickets[4] ?? '', 'in_progress');
    await moveTo(b.tickets[3] ?? '', 'closed');

    // Company A: fewer reports, so that a count that included B's would show.
    a.uploads.push(await uploadOk(users.ada, png));
    a.tickets.push(
      await submitOk(users.ada, { title: 'A first' }),
      await submitOk(users.alan, { title: 'A with screenshot', screenshot_filename: a.uploads[0] }),
    );
    a.withScreenshot = a.tickets[1] ?? '';
    await moveTo(a.tickets[0] ?? '', 'resolved');

    expect(b.screenshotNames.every((name) => name.length > 0)).to.equal(true);
  });

  after(async () => {
    await api.close();
    await empty.close();
  });

  describe('GET /reports', () => {
    it("lists only A's reports, and counts only them", async () => {
      for (const token of [users.ada, users.alan]) {
        const body = await list(token, '?per_page=100');
        expect(body.reports.map((r) => r.ticket_number).sort()).to.deep.equal(
          [...a.tickets].sort(),
        );
        expect(body.pagination).to.deep.equal({ page: 1, per_page: 100, total: 2, pages: 1 });
        expect(JSON.stringify(body)).to.not.include(SECRET_MARK);
      }
    });

    it("filters by status without counting B's reports in any status", async () => {
      const own: Record<string, number> = { new: 1, resolved: 1 };
      for (const status of STATUSES) {
        const body = await list(users.ada, `?status=${status}`);
        expect(body.pagination.total, status).to.equal(own[status] ?? 0);
        expect(
          body.reports.every((r) => a.tickets.includes(r.ticket_number)),
          status,
        ).to.equal(true);
      }
    });

    it('never reaches B on any page, however small', async () => {
      const seen: string[] = [];
      for (let page = 1; page <= 8; page += 1) {
        const body = await list(users.ada, `?per_page=1&page=${page}`);
        expect(body.pagination.total).to.equal(2);
        expect(body.pagination.pages).to.equal(2);
        seen.push(...body.reports.map((r) => r.ticket_number));
      }
      expect(seen.sort()).to.deep.equal([...a.tickets].sort());
    });

    it('ignores tenant-looking query parameters', async () => {
      const body = await list(users.ada, `?company_id=${B}&companyId=${B}&user_id=9&tenant=${B}`);
      expect(body.reports.map((r) => r.ticket_number).sort()).to.deep.equal([...a.tickets].sort());
    });

    it("B's own users do see B's reports (positive control)", async () => {
      for (const token of [users.bea, users.bob]) {
        const body = await list(token, '?per_page=100');
        expect(body.reports.map((r) => r.ticket_number).sort()).to.deep.equal(
          [...b.tickets].sort(),
        );
        expect(body.pagination.total).to.equal(5);
      }
      expect((await list(users.bob, '?status=closed')).pagination.total).to.equal(1);
    });
  });

  describe('GET /report/:ticket_number', () => {
    it("answers B's tickets exactly as tickets that do not exist: same status, headers and bytes", async () => {
      for (const ticket of b.tickets) {
        for (const method of ['GET', 'HEAD']) {
          const req: RawRequest = {
            method,
            path: `/api/support/report/${ticket}`,
            headers: { authorization: `Bearer ${users.ada}` },
          };
          const fromA = await send(req);
          const nowhere = await send(req, empty);
          expect(fromA.status, ticket).to.equal(404);
          expect(observable(fromA), `${method} ${ticket}`).to.deep.equal(observable(nowhere));
          if (method === 'GET') {
            assertContractError(req, fromA);
            expect(errorOf(fromA).code).to.equal('not_found');
            expect(fromA.text).to.not.include(SECRET_MARK);
          }
        }
      }
    });

    it("answers every spelling of B's ticket numbers as the same spelling of a missing one", async () => {
      const spellings = (t: string) => [
        t.toLowerCase(),
        `${t}/`,
        `${t}%20`,
        `%20${t}`,
        `${t}%00`,
        [...t].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join(''),
        t.replace('-', '%2D'),
      ];
      for (const ticket of b.tickets) {
        for (const spelled of spellings(ticket)) {
          const path = `/api/support/report/${spelled}`;
          const fromA = await get(path, users.ada);
          expect(fromA.status, path).to.equal(404);
          expect(observable(fromA), path).to.deep.equal(
            observable(await get(path, users.ada, empty)),
          );
        }
      }
    });

    it('answers a ticket number never issued with the same words as one of B (only the number differs)', async () => {
      const taken = b.tickets[1] ?? '';
      const free = 'BUG-2026-9999';
      const fromA = await get(`/api/support/report/${taken}`, users.ada);
      const missing = await get(`/api/support/report/${free}`, users.ada);
      expect(fromA.text.split(taken).join('#')).to.equal(missing.text.split(free).join('#'));
      expect(observable(fromA).headers).to.deep.equal(observable(missing).headers);
    });

    it("lets A's second user read A's reports, and B's users read B's (positive control)", async () => {
      for (const ticket of a.tickets) {
        for (const token of [users.ada, users.alan]) {
          const res = await get(`/api/support/report/${ticket}`, token);
          expect(res.status, ticket).to.equal(200);
        }
      }
      const res = await get(`/api/support/report/${b.tickets[1] ?? ''}`, users.bob);
      expect(res.status).to.equal(200);
      const { report } = JSON.parse(res.text) as { report: Record<string, unknown> };
      expect(report.user_name).to.equal('Bea');
      expect(report.has_screenshot).to.equal(true);
    });
  });

  describe('GET /report/:ticket_number/screenshot', () => {
    it("answers B's screenshots (and B's reports without one) exactly as a ticket that does not exist", async () => {
      for (const ticket of b.tickets) {
        const req: RawRequest = {
          method: 'GET',
          path: `/api/support/report/${ticket}/screenshot`,
          headers: { authorization: `Bearer ${users.ada}` },
        };
        const fromA = await send(req);
        expect(fromA.status, ticket).to.equal(404);
        assertContractError(req, fromA);
        expect(observable(fromA), ticket).to.deep.equal(observable(await send(req, empty)));
      }
    });

    it('serves the screenshot within the company, to either of its users (positive control)', async () => {
      for (const token of [users.ada, users.alan]) {
        const res = await get(`/api/support/report/${a.withScreenshot}/screenshot`, token);
        expect(res.status).to.equal(200);
        expect(res.headers['content-type']).to.equal('image/png');
      }
      for (const ticket of b.withScreenshot) {
        const res = await get(`/api/support/report/${ticket}/screenshot`, users.bob);
        expect(res.status, ticket).to.equal(200);
        expect(res.headers['content-type']).to.match(/^image\//);
      }
    });
  });

  describe("POST /report linking B's files", () => {
    const countOf = async (token: string) => (await list(token)).pagination.total;

    /** A's submission is refused naming `path`, in the same words as for a name never uploaded, and nothing is stored. */
    async function expectRefusedLink(
      fields: (name: string) => Record<string, unknown>,
      name: string,
      path: string,
    ) {
      const before = { a: await countOf(users.ada), all: (await api.stored.all()).length };
      const res = await submit(users.ada, aReportBody(fields(name)));
      expect(res.status, res.text).to.equal(400);
      assertContractError(
        { method: 'POST', path: '/api/support/report', headers: {}, body: '' },
        res,
      );
      expect(errorOf(res).details.map((d) => d.path)).to.include(path);
      const neverUploaded = await submit(
        users.ada,
        aReportBody(fields('00000000-0000-4000-8000-999999999999.png')),
      );
      expect(res.text).to.equal(neverUploaded.text);
      expect(await countOf(users.ada)).to.equal(before.a);
      expect((await api.stored.all()).length).to.equal(before.all);
    }

    it("refuses B's upload as screenshot_filename, naming the field", async () => {
      for (const name of b.uploads) {
        await expectRefusedLink((n) => ({ screenshot_filename: n }), name, 'screenshot_filename');
      }
    });

    it("refuses B's upload in attachments, naming the entry, even next to A's own upload", async () => {
      for (const name of b.uploads) {
        await expectRefusedLink((n) => ({ attachments: [n] }), name, 'attachments.0');
        await expectRefusedLink((n) => ({ attachments: [a.uploads[0], n] }), name, 'attachments.1');
      }
    });

    it("refuses the stored screenshot of B's reports as a link, too", async () => {
      for (const name of b.screenshotNames) {
        await expectRefusedLink((n) => ({ screenshot_filename: n }), name, 'screenshot_filename');
        await expectRefusedLink((n) => ({ attachments: [n] }), name, 'attachments.0');
      }
    });

    it("files a report under the token's company, whatever company the body names", async () => {
      const res = await submit(
        users.ada,
        aReportBody({ title: 'A posing as B', company_id: B, companyId: B, user_id: 9 }),
      );
      expect(res.status, res.text).to.equal(201);
      const ticket = (JSON.parse(res.text) as { ticket_number: string }).ticket_number;
      expect((await reportOf(ticket)).reporter.companyId).to.equal(A);
      expect((await get(`/api/support/report/${ticket}`, users.bea)).status).to.equal(404);
      expect((await get(`/api/support/report/${ticket}`, users.alan)).status).to.equal(200);
    });

    it("lets B's second user link B's upload, and A link A's own (positive controls)", async () => {
      const fresh = await uploadOk(users.bea, png);
      const bob = await submit(users.bob, aReportBody({ screenshot_filename: fresh }));
      expect(bob.status, bob.text).to.equal(201);
      const mine = await uploadOk(users.ada, png);
      const ada = await submit(users.ada, aReportBody({ attachments: [mine] }));
      expect(ada.status, ada.text).to.equal(201);
    });
  });

  describe('POST /upload-screenshot', () => {
    it("never touches B's files: B's screenshots read the same after A's uploads", async () => {
      const before = await Promise.all(
        b.withScreenshot.map((t) => get(`/api/support/report/${t}/screenshot`, users.bea)),
      );
      for (let i = 0; i < 5; i += 1) {
        const res = await upload(users.ada, await aJpeg(20 + i, 10), 'x.jpg');
        expect(res.status, res.text).to.equal(201);
        const { filename } = JSON.parse(res.text) as { filename: string };
        expect([...b.uploads, ...b.screenshotNames]).to.not.include(filename);
      }
      const after = await Promise.all(
        b.withScreenshot.map((t) => get(`/api/support/report/${t}/screenshot`, users.bea)),
      );
      expect(after.map((r) => r.bytes.toString('base64'))).to.deep.equal(
        before.map((r) => r.bytes.toString('base64')),
      );
    });
  });

  describe('Idempotency-Key', () => {
    it("is per user: B's key never replays B's ticket, nor refuses, for A (or for B's other user)", async () => {
      const body = aReportBody({ title: `${SECRET_MARK} keyed` });
      const first = await submit(users.bea, body, { 'idempotency-key': 'shared-key-1' });
      expect(first.status, first.text).to.equal(201);
      const taken = (JSON.parse(first.text) as { ticket_number: string }).ticket_number;
      // The same request from A, and another request from B's other user: new reports, no 422.
      const cases: [string, Record<string, unknown>][] = [
        [users.ada, body],
        [users.bob, aReportBody({ title: 'something else' })],
      ];
      for (const [token, sent] of cases) {
        const res = await submit(token, sent, { 'idempotency-key': 'shared-key-1' });
        expect(res.status, res.text).to.equal(201);
        expect(res.text).to.not.include(taken);
      }
    });
  });

  describe('tokens', () => {
    it("refuses a token claiming B's company but signed with another secret, on every endpoint", async () => {
      const forged = await signToken(
        { sub: '9', company_id: B, name: 'Bea' },
        { secret: 'not-the-server-secret-but-long-enough' },
      );
      const stringCompany = await signToken({ sub: '9', company_id: String(B), name: 'Bea' });
      const before = (await api.stored.all()).length;
      for (const token of [forged, stringCompany]) {
        const auth = { authorization: `Bearer ${token}` };
        const requests: RawRequest[] = [
          { method: 'GET', path: '/api/support/reports', headers: auth },
          { method: 'GET', path: `/api/support/report/${b.tickets[1] ?? ''}`, headers: auth },
          {
            method: 'GET',
            path: `/api/support/report/${b.tickets[1] ?? ''}/screenshot`,
            headers: auth,
          },
          {
            method: 'POST',
            path: '/api/support/report',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify(aReportBody({ screenshot_filename: b.uploads[0] })),
          },
        ];
        for (const req of requests) {
          const res = await send(req);
          expect(res.status, `${req.method} ${req.path}`).to.equal(401);
          assertContractError(req, res);
          expect(res.text).to.not.include(SECRET_MARK);
        }
        const uploaded = await upload(token, png);
        expect(uploaded.status).to.equal(401);
      }
      expect((await api.stored.all()).length).to.equal(before);
    });
  });

  describe('signed public screenshot links (PUBLIC_BASE_URL set)', () => {
    const link = (name: string, sig: string | null) =>
      `/public/screenshots/${encodeURIComponent(name)}${sig === null ? '' : `?sig=${sig}`}`;
    const tamper = (sig: string) => `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;

    it('serves a screenshot only to the exact signature of its own name', async () => {
      for (const name of b.screenshotNames) {
        const ok = await get(link(name, signScreenshotName(LINK_SECRET, name)));
        expect(ok.status, name).to.equal(200);
        expect(ok.headers['content-type']).to.equal('image/png');
      }
    });

    it('answers every wrong signature exactly like a screenshot that does not exist', async () => {
      const nowhere = '00000000-0000-4000-8000-999999999999.png';
      const missing = await get(link(nowhere, signScreenshotName(LINK_SECRET, nowhere)));
      expect(missing.status).to.equal(404);
      const ownName = (await reportOf(a.withScreenshot)).screenshot.path;
      for (const name of b.screenshotNames) {
        const right = signScreenshotName(LINK_SECRET, name);
        const wrong = [
          tamper(right),
          right.toUpperCase(),
          right.slice(0, 63),
          `${right}0`,
          signScreenshotName(LINK_SECRET, ownName ?? 'x.png'),
          signScreenshotName(LINK_SECRET, `${name}.png`),
          signScreenshotName('not-the-link-secret-but-long', name),
          '0'.repeat(64),
          '',
          null,
        ];
        for (const sig of wrong) {
          for (const token of [undefined, users.ada, users.bea]) {
            const req: RawRequest = {
              method: 'GET',
              path: link(name, sig),
              headers: token ? { authorization: `Bearer ${token}` } : {},
            };
            const res = await send(req);
            expect(res.status, `${name} sig=${sig}`).to.equal(404);
            assertContractError(req, res);
            expect(observable(res), `${name} sig=${sig}`).to.deep.equal(observable(missing));
          }
        }
        // A valid signature of B's name does not open another name.
        const other = await get(link(b.uploads[3] ?? '', right));
        expect(other.status).to.equal(404);
        expect(observable(other)).to.deep.equal(observable(missing));
      }
    });
  });
}

for (const wiring of WIRINGS) {
  describe(`tenant isolation (${wiring.name}): company A never reaches company B`, function () {
    tenantIsolation.call(this, wiring);
  });
}
