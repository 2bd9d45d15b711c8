import { expect } from 'chai';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { openRuntime, type Runtime } from '../../src/composition/runtime.js';
import { startServer, type RunningServer } from '../../src/composition/start-server.js';
import fc from 'fast-check';
import {
  aReportBodyWithLoneSurrogates,
  anIdAtTheInt32Edge,
  isStorableId,
} from '../support/arbitraries.js';
import { aPng } from '../support/images.js';
import { aReportBody, signToken, testConfig, type TokenClaims } from '../support/http.js';
import { createDatabase, type ScratchDatabase } from '../support/postgres.js';

/**
 * Faults found by using bugport from outside, through HTTP
 * against the standalone wiring on PostgreSQL: every answer is checked
 * together with what the database, the upload directory and the log hold
 * afterwards.
 */
describe('the standalone API on PostgreSQL, driven from outside', function () {
  this.timeout(90_000);
  const REPORT_LIMIT = 3;
  let database: ScratchDatabase;
  let runtime: Runtime;
  let server: RunningServer;
  let workDir: string;
  let uploadDir: string;
  let db: pg.Client;
  const logLines: string[] = [];

  const tokenFor = (claims: TokenClaims) => signToken(claims);

  const call = async (
    method: string,
    path: string,
    {
      token,
      body,
      headers = {},
    }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined || body instanceof FormData
          ? {}
          : { 'content-type': 'application/json' }),
        ...headers,
      },
      body:
        body === undefined
          ? undefined
          : body instanceof FormData
            ? body
            : typeof body === 'string'
              ? body
              : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed, text };
  };

  const upload = (token: string, bytes: Uint8Array, name: string) => {
    const form = new FormData();
    form.append('screenshot', new Blob([bytes]), name);
    return call('POST', '/api/support/upload-screenshot', { token, body: form });
  };

  const one = async <T extends object>(sql: string, values: unknown[] = []): Promise<T> => {
    const { rows } = await db.query<T>(sql, values);
    return rows[0] as T;
  };
  const reportCount = async () =>
    Number((await one<{ n: string }>('SELECT count(*) AS n FROM issue_reports')).n);
  const screenshotFiles = async () => {
    try {
      return (await readdir(join(uploadDir, 'screenshots'))).filter((f) => !f.startsWith('.'));
    } catch {
      return [];
    }
  };
  const lastTicket = async () =>
    Number(
      (await one<{ n: string | null }>('SELECT max(last_value) AS n FROM ticket_counters')).n ?? 0,
    );
  const ticketSequence = (ticket: unknown) => Number(String(ticket).split('-')[2]);

  before(async () => {
    database = await createDatabase();
    workDir = await mkdtemp(join(tmpdir(), 'bugport-intake-'));
    // An absolute UPLOAD_DIR: the answer's `path` must not reveal it.
    uploadDir = join(workDir, 'uploads');
    const config = testConfig({
      DATABASE_URL: database.url,
      ISSUE_REPORT_RATE_LIMIT: String(REPORT_LIMIT),
      UPLOAD_DIR: uploadDir,
      RUN_WORKERS: 'false',
      LOG_LEVEL: 'info',
    });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    runtime = await openRuntime(config, logger);
    server = await startServer(config, { logger }, runtime.modules);
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    // A planted fault: any report titled `explode…` fails its INSERT, quoting its values back.
    await db.query(`
      CREATE FUNCTION planted_failure() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.title LIKE 'explode%' THEN
          RAISE EXCEPTION 'planted failure for "%"', NEW.title
            USING DETAIL = NEW.description || ' ' || NEW.reporter_email, HINT = NEW.title;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER planted_failure BEFORE INSERT ON issue_reports
        FOR EACH ROW EXECUTE FUNCTION planted_failure();
    `);
  });

  after(async () => {
    await db?.end();
    await server?.close();
    await runtime?.close();
    await database?.drop();
    await rm(workDir, { recursive: true, force: true });
  });

  describe('lone UTF-16 surrogates', () => {
    const LONE = '\ud83d';
    const LOW = '\udc00';

    it('stores a report with a lone surrogate in every free-form and text field: 201, U+FFFD stored', async () => {
      const token = await tokenFor({ sub: '101', company_id: 1 });
      const before = await lastTicket();
      const response = await call('POST', '/api/support/report', {
        token,
        body: {
          title: `t${LONE}`,
          description: `d${LOW}`,
          steps_to_reproduce: `s${LONE}`,
          expected_behavior: `e${LONE}`,
          actual_behavior: `a${LOW}`,
          page_url: `https://app.example.com/${LONE}`,
          page_title: `p${LONE}`,
          viewport_size: `1x1${LONE}`,
          screen_resolution: `2x2${LOW}`,
          browser_info: { [`k${LONE}`]: `v${LOW}`, nested: [{ deep: LONE }] },
          local_storage_data: { [`ls${LONE}`]: `lv${LONE}` },
          session_storage_data: { [`ss${LOW}`]: `sv${LOW}` },
          console_errors: [`${LONE} x`, { message: LOW }],
          api_history: [{ url: `/x${LONE}` }],
          user_actions: [{ target: `#b${LOW}` }],
          screenshot_annotations: [{ text: `n${LONE}` }],
        },
      });
      expect(response.status, response.text).to.equal(201);
      expect(ticketSequence(response.body.ticket_number)).to.equal(before + 1);

      const row = await one<Record<string, unknown>>(
        'SELECT * FROM issue_reports WHERE ticket_number = $1',
        [response.body.ticket_number],
      );
      expect(row.title).to.equal('t\uFFFD');
      expect(row.description).to.equal('d\uFFFD');
      expect(row.page_title).to.equal('p\uFFFD');
      expect(row.browser_info).to.deep.equal({
        'k\uFFFD': 'v\uFFFD',
        nested: [{ deep: '\uFFFD' }],
      });
      expect(row.local_storage_data).to.deep.equal({ 'ls\uFFFD': 'lv\uFFFD' });
      expect(row.session_storage_data).to.deep.equal({ 'ss\uFFFD': 'sv\uFFFD' });
      expect(row.console_errors).to.deep.equal(['\uFFFD x', { message: '\uFFFD' }]);
      expect(row.api_history).to.deep.equal([{ url: '/x\uFFFD' }]);
      expect(row.user_actions).to.deep.equal([{ target: '#b\uFFFD' }]);
      expect(row.screenshot_annotations).to.deep.equal([{ text: 'n\uFFFD' }]);

      const read = await call('GET', `/api/support/report/${String(response.body.ticket_number)}`, {
        token,
      });
      expect(read.status).to.equal(200);
      expect((read.body.report as { title: string }).title).to.equal('t\uFFFD');
    });

    it("stores the issue's own example with an inline screenshot: the file has its report", async () => {
      const token = await tokenFor({ sub: '102', company_id: 1 });
      const filesBefore = (await screenshotFiles()).length;
      const response = await call('POST', '/api/support/report', {
        token,
        body: {
          title: 't',
          description: 'd',
          console_errors: [`${LONE} x`],
          screenshot_data: (await aPng()).toString('base64'),
        },
      });
      expect(response.status, response.text).to.equal(201);
      const row = await one<{ screenshot_path: string }>(
        'SELECT screenshot_path FROM issue_reports WHERE ticket_number = $1',
        [response.body.ticket_number],
      );
      const files = await screenshotFiles();
      expect(files).to.have.length(filesBefore + 1);
      expect(files).to.include(row.screenshot_path);
    });
  });

  describe('a failing insert', () => {
    const SECRET_TOKEN = 'ghp_plantedTokenValue1234567890abcdefXYZ';
    const SECRET_HEADER = 'Bearer planted.header.value-9f8e7d';
    const EMAIL = 'planted.reporter@example.org';

    it('leaves no inline screenshot behind, and logs neither values, statement nor address', async () => {
      const token = await tokenFor({ sub: '201', company_id: 1, email: EMAIL });
      const filesBefore = await screenshotFiles();
      const reportsBefore = await reportCount();
      const logFrom = logLines.length;

      const response = await call('POST', '/api/support/report', {
        token,
        body: {
          title: `explode ${SECRET_TOKEN}`,
          description: `the description carries ${SECRET_TOKEN}`,
          api_history: [{ url: '/api/x', headers: { authorization: SECRET_HEADER } }],
          local_storage_data: { token: SECRET_TOKEN },
          screenshot_data: (await aPng()).toString('base64'),
        },
      });

      expect(response.status).to.equal(500);
      expect(response.text).not.to.include(SECRET_TOKEN);
      expect(await reportCount()).to.equal(reportsBefore);
      expect(await screenshotFiles()).to.deep.equal(filesBefore);

      const logged = logLines.slice(logFrom).join('');
      expect(logged).to.include('unexpected error');
      // Its class and SQLSTATE are there: the log still says what went wrong.
      expect(logged).to.include('P0001');
      expect(logged).to.include('planted failure');
      for (const planted of [SECRET_TOKEN, SECRET_HEADER, 'planted.header', EMAIL, 'explode']) {
        expect(logged, planted).not.to.include(planted);
      }
      expect(logged).not.to.match(/INSERT INTO/i);
    });
  });

  describe('ids a column can hold', () => {
    it('answers 401 with a clear message to ids past 2^31 - 1 and to 0, and stores nothing', async () => {
      const reportsBefore = await reportCount();
      const filesBefore = await screenshotFiles();
      const png = await aPng();
      for (const claims of [
        { sub: '7', company_id: 2 ** 31 },
        { sub: '999999999999999', company_id: 1 },
        { sub: 2 ** 31, company_id: 1 },
        { sub: '7', company_id: 0 },
      ]) {
        const token = await tokenFor(claims);
        const report = await call('POST', '/api/support/report', { token, body: aReportBody() });
        expect(report.status, JSON.stringify(claims)).to.equal(401);
        const error = report.body.error as { code: string; message: string };
        expect(error.code).to.equal('unauthorized');
        expect(error.message).to.match(
          /(sub|company_id): Must be a whole number from 1 to 2147483647/,
        );
        const uploaded = await upload(token, png, 'shot.png');
        expect(uploaded.status, JSON.stringify(claims)).to.equal(401);
      }
      expect(await reportCount()).to.equal(reportsBefore);
      expect(await screenshotFiles()).to.deep.equal(filesBefore);
    });

    it('accepts the largest id a column holds, for reports and uploads', async () => {
      const token = await tokenFor({ sub: '2147483647', company_id: 2_147_483_647 });
      const report = await call('POST', '/api/support/report', { token, body: aReportBody() });
      expect(report.status, report.text).to.equal(201);
      const uploaded = await upload(token, await aPng(), 'shot.png');
      expect(uploaded.status, uploaded.text).to.equal(201);
      const row = await one<{ company_id: number; user_id: number }>(
        'SELECT company_id, user_id FROM issue_reports WHERE ticket_number = $1',
        [report.body.ticket_number],
      );
      expect(row).to.deep.equal({ company_id: 2_147_483_647, user_id: 2_147_483_647 });
      const listed = await call('GET', '/api/support/reports', { token });
      expect((listed.body.pagination as { total: number }).total).to.equal(1);
    });
  });

  describe('rate limits per company and user', () => {
    it('lets user 501 of company 2 report after user 501 of company 1 used up the limit', async () => {
      const first = await tokenFor({ sub: '501', company_id: 1 });
      const second = await tokenFor({ sub: '501', company_id: 2 });
      for (let i = 0; i < REPORT_LIMIT; i += 1) {
        expect(
          (await call('POST', '/api/support/report', { token: first, body: aReportBody() })).status,
        ).to.equal(201);
      }
      expect(
        (await call('POST', '/api/support/report', { token: first, body: aReportBody() })).status,
      ).to.equal(429);
      const other = await call('POST', '/api/support/report', {
        token: second,
        body: aReportBody(),
      });
      expect(other.status, other.text).to.equal(201);
    });
  });

  describe('racing retries with one Idempotency-Key', () => {
    it('answers 20 racers at a limit of 3 with one ticket, one report, one unit and no gap', async () => {
      const token = await tokenFor({ sub: '601', company_id: 1 });
      const before = await lastTicket();
      const reportsBefore = await reportCount();
      const body = aReportBody({ title: 'racing' });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          call('POST', '/api/support/report', {
            token,
            body,
            headers: { 'Idempotency-Key': 'one-key-for-all' },
          }),
        ),
      );
      expect(answers.map((a) => a.status)).to.deep.equal(Array(20).fill(201));
      expect(new Set(answers.map((a) => a.body.ticket_number)).size).to.equal(1);
      expect(ticketSequence(answers[0]?.body.ticket_number)).to.equal(before + 1);
      expect(await reportCount()).to.equal(reportsBefore + 1);
      const counted = await one<{ points: number }>(
        `SELECT points FROM bugport_rate_limits WHERE key LIKE '%report:1:601'`,
      );
      expect(counted.points).to.equal(1);

      // The next report gets the next number: none was burnt by the racers.
      const next = await call('POST', '/api/support/report', { token, body: aReportBody() });
      expect(next.status).to.equal(201);
      expect(ticketSequence(next.body.ticket_number)).to.equal(before + 2);
    });
  });

  describe('uploads', () => {
    it('accepts a canvas Blob named `blob`, and answers a path relative to no server directory', async () => {
      const token = await tokenFor({ sub: '701', company_id: 1 });
      const response = await upload(token, await aPng(), 'blob');
      expect(response.status, response.text).to.equal(201);
      const filename = String(response.body.filename);
      expect(response.body.path).to.equal(`uploads/screenshots/${filename}`);
      expect(response.text).not.to.include(workDir);
      expect(await screenshotFiles()).to.include(filename);
      const owner = await one<{ company_id: number }>(
        'SELECT company_id FROM screenshot_uploads WHERE name = $1',
        [filename],
      );
      expect(owner.company_id).to.equal(1);
    });

    it("still refuses a name whose extension is not an image's: 415", async () => {
      const token = await tokenFor({ sub: '702', company_id: 1 });
      const response = await upload(token, await aPng(), 'shot.webp');
      expect(response.status).to.equal(415);
    });
  });

  describe('a refused sign-in outside production', () => {
    it('logs why, never the token', async () => {
      const expired = await signToken({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
      const from = logLines.length;
      const response = await call('GET', '/api/support/reports', { token: expired });
      expect(response.status).to.equal(401);
      const logged = logLines.slice(from).join('');
      expect(logged).to.include('sign-in refused');
      expect(logged).to.include('expired');
      expect(logged).not.to.include(expired);
      expect(logged).not.to.include(expired.split('.')[2] ?? '');
    });
  });
  describe('generated bodies and tokens (fuzz)', () => {
    const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    let user = 10_000;

    it('stores any report with lone surrogates anywhere: 201, and no lone surrogate in the row', async () => {
      await fc.assert(
        fc.asyncProperty(aReportBodyWithLoneSurrogates(), async (body) => {
          user += 1;
          const token = await tokenFor({ sub: String(user), company_id: 3 });
          const response = await call('POST', '/api/support/report', { token, body });
          expect(response.status, response.text).to.equal(201);
          const { rows } = await db.query<{ row: string }>(
            'SELECT row_to_json(r)::text AS row FROM issue_reports r WHERE ticket_number = $1',
            [response.body.ticket_number],
          );
          expect(rows).to.have.length(1);
          // The row as PostgreSQL gives it back, every column and JSON key included.
          const stored = JSON.parse(rows[0]?.row ?? '{}') as unknown;
          expect(LONE_SURROGATE.test(JSON.stringify(stored))).to.equal(false);
        }),
        { numRuns: 25 },
      );
    });

    let run = 0;
    const postFrom = (localAddress: string, token: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const request = httpRequest(`${server.url}/api/support/report`, {
          method: 'POST',
          localAddress,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        });
        request.on('response', (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        });
        request.on('error', reject);
        request.end(JSON.stringify(aReportBody()));
      });

    it('answers ids at and past 2^31 with 201 (or 429) when storable and 401 otherwise, never 500', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(anIdAtTheInt32Edge(), anIdAtTheInt32Edge().map(String)),
          anIdAtTheInt32Edge(),
          async (sub, companyId) => {
            const token = await tokenFor({ sub, company_id: companyId });
            // Each from its own loopback address: failed sign-ins are counted per address.
            const response = await postFrom(`127.0.${1 + (run % 250)}.${1 + (run++ % 250)}`, token);
            const storable = isStorableId(sub) && isStorableId(companyId);
            if (storable) expect([201, 429], response.text).to.include(response.status);
            else expect(response.status, response.text).to.equal(401);
          },
        ),
        { numRuns: 40 },
      );
    });
  });
});
