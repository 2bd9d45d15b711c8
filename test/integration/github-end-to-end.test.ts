import { expect } from 'chai';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { openRuntime, type Runtime } from '../../src/composition/runtime.js';
import { startServer, type RunningServer } from '../../src/composition/start-server.js';
import { startWorkers } from '../../src/composition/start-workers.js';
import { SECTION_TITLES } from '../../src/domain/github-issue-sections.js';
import { GitHubStandIn, type StandInIssue } from '../support/github-stand-in.js';
import { aReportBody, signToken, testConfig } from '../support/http.js';
import { expectInert } from '../support/inert.js';
import { createDatabase, type ScratchDatabase } from '../support/postgres.js';

/**
 * The GitHub issue end to end: a report submitted over HTTP to the real
 * standalone wiring (PostgreSQL, pg-boss, the pacer, Octokit) is filed by
 * the worker on the GitHub stand-in, once, in the contract's shape, with no
 * secret of the reporter's and no storage snapshot in anything sent.
 */

const GITHUB_TOKEN = 'ghp_endToEndStandInToken000000000000000';
const GITHUB_REPO = 'acme/end-to-end';
const MAX_TITLE = 256;
const MAX_BODY = 65_536;
const ZERO_WIDTH_SPACE = '\u200B';
const SECTION_HEADINGS: ReadonlySet<string> = new Set(SECTION_TITLES);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** One request bugport sent towards GitHub, byte for byte as it went over the wire. */
interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A transparent HTTP hop in front of the stand-in that keeps every request's
 * raw body (the stand-in keeps only the parsed issue). GITHUB_API_URL points
 * here, so everything bugport sends to "GitHub" is recorded.
 */
async function startWireRecorder(target: string): Promise<{
  readonly url: string;
  readonly requests: WireRequest[];
  close(): Promise<void>;
}> {
  const upstream = new URL(target);
  const requests: WireRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: body.toString('utf8'),
      });
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: Number(upstream.port),
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Every string leaf of a JSON value. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [key, ...stringsIn(item)]);
  }
  return [];
}

/**
 * What a reader could reassemble from text: zero-width spaces dropped and
 * Markdown backslash escapes undone, so that a secret merely broken up by
 * `inlineText` would still be caught.
 */
const unbroken = (text: string): string =>
  text
    .split(ZERO_WIDTH_SPACE)
    .join('')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** Everything in one request, raw and decoded, in every form a secret could hide in. */
function wireText(request: WireRequest): string {
  let decoded: string[] = [];
  try {
    decoded = stringsIn(JSON.parse(request.body || 'null'));
  } catch {
    // Not JSON: the raw text is checked anyway.
  }
  let url = request.url;
  try {
    url = `${request.url}\n${decodeURIComponent(request.url)}`;
  } catch {
    // Not decodable: the raw URL is checked anyway.
  }
  const parts = [request.method, url, JSON.stringify(request.headers), request.body, ...decoded];
  return [...parts, ...parts.map(unbroken)].join('\n');
}

const issueText = (issue: StandInIssue): string => {
  const parts = [issue.title, issue.body, ...issue.labels];
  return [...parts, ...parts.map(unbroken)].join('\n');
};

// Concrete, distinct credentials of every kind the contract says a GitHub issue never shows; none is part of another.
const SECRETS = {
  bearerInApiHeaders: 'bRr0ApiHistoryBearer0a1b2c3d4e5f6g7h8',
  bearerInDescription: 'bRr0DescriptionBearer0i9j8k7l6m5n4o3',
  bearerInConsole: 'bRr0ConsoleBearer0p1q2r3s4t5u6v7w8x9',
  basicInConsole: Buffer.from('ops-admin:Basic0Passw0rd77').toString('base64'),
  basicInBrowser: Buffer.from('svc-robot:Another0Basic0Pw99').toString('base64'),
  cookieInApiHeaders: 'cK0SessionCookieValue0q9w8e7r6t5y4u3',
  cookieInDescription: 'cK0DescriptionSid0z1x2c3v4b5n6m7',
  jwtInConsole:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJsZWFrZWQtdXNlci0xIn0.Sig0ConsoleJwt0abcdefghij0123456789',
  jwtInApiBody:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJsZWFrZWQtdXNlci0yIn0.Sig0ApiBodyJwt0klmnopqrst9876543210',
  ghpInTitle: 'ghp_TitleLeak0AbCdEfGhIjKlMnOpQrStUvWxYz01',
  githubPatInDescription:
    'github_pat_11DescLeak0ABCDEFGHIJ_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP',
  openAiInBrowser: 'sk-proj-BrowserUaLeak0AbCdEfGhIjKlMnOpQrStUv',
  openAiInSteps: 'sk-StepsLeak0QwErTyUiOpAsDfGhJkLzXcVb',
  awsInConsole: 'AKIACONSOLE0LEAK0XYZ',
  awsInActualBehaviour: 'AKIAACTUAL00LEAK0QRS',
  passwordInDescription: 'PwText-Hunter2-Zq9x',
  passwordInBrowser: 'PwJson-Correct-Horse-77',
  passwordInConsole: 'PwConsole-Staple-Battery-31',
  passwordInUrlUserinfo: 'PwUserinfo-Db0Admin-55',
  queryToken: 'qpTokenValue0Aa11Bb22',
  queryApiKey: 'qpApiKeyValue0Cc33Dd44',
  querySecret: 'qpClientSecret0Ee55Ff66',
  queryPassword: 'qpPasswordValue0Gg77Hh88',
  queryAuth: 'qpAuthValue0Ii99Jj00',
  querySession: 'qpSessionValue0Kk11Ll22',
  queryAccessTokenInApiUrl: 'qpApiUrlAccessToken0Mm33Nn44',
} as const;

// Storage snapshots: neither their keys nor their values may leave at all, secret-looking or not.
const STORAGE = {
  localKey: 'lsKeyQuokkaSnapshot',
  localValue: 'lsValuePangolinSnapshot',
  localSecretKey: 'lsAuthTokenAxolotl',
  localSecretValue: 'lsSecretValueNarwhal0Oo55',
  sessionKey: 'ssKeyCapybaraSnapshot',
  sessionValue: 'ssValueOkapiSnapshot',
  sessionSecretKey: 'ssSessionIdTapir',
  sessionSecretValue: 'ssSecretValueTarsier0Pp66',
} as const;

const APP = 'https://app.example.com/invoices';

function aLacedReportBody(): Record<string, unknown> {
  const s = SECRETS;
  return aReportBody({
    category: 'bug',
    severity: 'critical',
    title: `Export fails with token ${s.ghpInTitle}`,
    description:
      `Export hangs. The request had Authorization: Bearer ${s.bearerInDescription}\n` +
      `and Cookie: sid=${s.cookieInDescription}\n` +
      `I also tried password=${s.passwordInDescription} and the PAT ${s.githubPatInDescription}.`,
    steps_to_reproduce: `1. export OPENAI_API_KEY=${s.openAiInSteps}\n2. Click Export`,
    expected_behavior: 'A CSV download',
    actual_behavior: `Logged: using ${s.awsInActualBehaviour} for the export`,
    page_url:
      `${APP}?token=${s.queryToken}&api_key=${s.queryApiKey}&client_secret=${s.querySecret}` +
      `&password=${s.queryPassword}&auth=${s.queryAuth}&session=${s.querySession}&page=2`,
    page_title: 'Invoices',
    browser_info: {
      name: 'Chrome',
      version: '120.0',
      user_agent: `Mozilla/5.0 (X11; Linux x86_64) ${s.openAiInBrowser}`,
      password: s.passwordInBrowser,
      proxy: `Authorization: Basic ${s.basicInBrowser}`,
      database: `postgres://admin:${s.passwordInUrlUserinfo}@db.example.com:5432/app`,
    },
    console_errors: [
      { message: `401 from /api with Bearer ${s.bearerInConsole}` },
      { message: `curl -H 'authorization: Basic ${s.basicInConsole}' failed` },
      { message: `session expired for ${s.jwtInConsole}` },
      { message: `AWS rejected key ${s.awsInConsole}` },
      { message: `login failed with password: ${s.passwordInConsole}` },
    ],
    api_history: [
      {
        method: 'POST',
        url: `/api/invoices/export?access_token=${s.queryAccessTokenInApiUrl}`,
        status: 500,
        headers: {
          Authorization: `Bearer ${s.bearerInApiHeaders}`,
          Cookie: `session=${s.cookieInApiHeaders}; theme=dark`,
        },
        response: { body: `{"token":"${s.jwtInApiBody}"}` },
      },
    ],
    user_actions: [{ type: 'click', target: 'button#export' }],
    local_storage_data: {
      [STORAGE.localKey]: STORAGE.localValue,
      [STORAGE.localSecretKey]: STORAGE.localSecretValue,
    },
    session_storage_data: {
      [STORAGE.sessionKey]: STORAGE.sessionValue,
      [STORAGE.sessionSecretKey]: STORAGE.sessionSecretValue,
    },
  });
}

describe('GitHub filing end to end: HTTP → PostgreSQL → pg-boss worker → Octokit → stand-in', function () {
  this.timeout(30_000);
  let database: ScratchDatabase | undefined;
  let github: GitHubStandIn | undefined;
  let wire: Awaited<ReturnType<typeof startWireRecorder>> | undefined;
  let runtime: Runtime | undefined;
  let server: RunningServer | undefined;
  let token: string;

  const call = async (method: string, path: string, body?: unknown) => {
    if (!server) throw new Error('the server did not start');
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const submit = async (body: Record<string, unknown>): Promise<string> => {
    const answer = await call('POST', '/api/support/report', body);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    const ticket = answer.body.ticket_number;
    expect(ticket)
      .to.be.a('string')
      .and.match(/^BUG-\d{4}-\d{4,}$/);
    return ticket as string;
  };

  const reportId = async (ticket: string): Promise<string> => {
    const listed = await call('GET', '/api/support/reports?per_page=100');
    expect(listed.status).to.equal(200);
    const rows = listed.body.reports as { id: string; ticket_number: string }[];
    const row = rows.find((r) => r.ticket_number === ticket);
    expect(row, `${ticket} in GET /reports`).to.not.equal(undefined);
    expect(row?.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    return row?.id ?? '';
  };

  const markerOf = (ticket: string) => `<!-- bugport:${ticket} -->`;

  const issueFor = (ticket: string): Promise<StandInIssue> =>
    waitUntil(`an issue for ${ticket} on the stand-in`, () =>
      github?.issues.find((i) => i.body.includes(markerOf(ticket))),
    );

  const recordedUrlOf = (ticket: string): Promise<string> =>
    waitUntil(`github_issue_url of ${ticket}`, async () => {
      const answer = await call('GET', `/api/support/report/${ticket}`);
      expect(answer.status).to.equal(200);
      const url = (answer.body.report as Record<string, unknown> | undefined)?.github_issue_url;
      return typeof url === 'string' ? url : undefined;
    });

  before(async () => {
    database = await createDatabase();
    github = await GitHubStandIn.start({ token: GITHUB_TOKEN, repo: GITHUB_REPO });
    wire = await startWireRecorder(github.url);
    const config = testConfig({
      DATABASE_URL: database.url,
      GITHUB_ENABLED: 'true',
      GITHUB_TOKEN,
      GITHUB_REPO,
      GITHUB_API_URL: wire.url,
      GITHUB_LABELS: 'bug,user-reported',
      ISSUE_REPORT_RATE_LIMIT: '1000',
    });
    runtime = await openRuntime(config, pino({ level: 'silent' }));
    server = await startServer(config, {}, runtime.modules);
    await startWorkers(server.container, server.config);
    // No e-mail address: no confirmation e-mail job, so nothing is written to data/mail.
    token = await signToken({ email: null });
  });

  after(async () => {
    const steps: [string, (() => Promise<void>) | undefined][] = [
      ['server', server && (() => server!.close())],
      ['runtime', runtime && (() => runtime!.close())],
      ['wire recorder', wire && (() => wire!.close())],
      ['stand-in', github && (() => github!.close())],
      ['database', database && (() => database!.drop())],
    ];
    const failures: string[] = [];
    for (const [name, step] of steps) {
      try {
        await step?.();
      } catch (error) {
        failures.push(`${name}: ${String(error)}`);
      }
    }
    if (failures.length > 0) throw new Error(`teardown failed: ${failures.join('; ')}`);
  });

  it('files a submitted report as one issue in the contract’s shape and records its URL', async () => {
    const title = 'Export button does nothing';
    const ticket = await submit(
      aReportBody({
        category: 'bug',
        severity: 'critical',
        title,
        // Reporter text that would be markup if it were not made inert.
        description:
          '# Not a heading\n@octocat see #12 and www.evil.example\n' +
          '<img src=x onerror=alert(1)> [click](https://evil.example) ![i](https://evil.example/i.png)\n' +
          '```\n## escaped the fence?\n&amp; &#64;',
        page_title: '<b>Invoices</b> @admin',
      }),
    );
    const id = await reportId(ticket);

    const issue = await issueFor(ticket);
    expect(github?.issues, 'issues on the stand-in').to.have.length(1);

    expect(issue.title).to.equal(`[${ticket}] ${title}`);
    expect(issue.title.length).to.be.at.most(MAX_TITLE);
    expect(issue.labels).to.have.members([
      'bug',
      'user-reported',
      'category:bug',
      'severity:critical',
    ]);
    expect(issue.labels).to.have.length(4);
    expect(issue.body.length).to.be.at.most(MAX_BODY);
    expect(issue.body).to.contain(ticket);
    expect(issue.body).to.contain(id);
    expect(issue.body.split(markerOf(ticket))).to.have.length(2); // the marker, exactly once
    expectInert(issue.body, { marker: markerOf(ticket), headings: SECTION_HEADINGS });

    expect(await recordedUrlOf(ticket)).to.equal(issue.html_url);
    expect(github?.count('create', 201)).to.equal(1);
    expect(github?.issues).to.have.length(1);
  });

  it('sends no secret of any kind and no storage snapshot to GitHub', async () => {
    const laced = aLacedReportBody();
    const serialized = JSON.stringify(laced);
    for (const [kind, secret] of Object.entries(SECRETS)) {
      expect(serialized, `${kind} is planted`).to.contain(secret);
    }
    const before = wire?.requests.length ?? 0;
    const ticket = await submit(laced);
    const id = await reportId(ticket);

    const issue = await issueFor(ticket);
    expect(await recordedUrlOf(ticket)).to.equal(issue.html_url);
    expect(github?.issues.filter((i) => i.body.includes(markerOf(ticket)))).to.have.length(1);
    expect(issue.title.startsWith(`[${ticket}] `)).to.equal(true);
    expect(issue.title).to.contain('[REDACTED]');
    expect(issue.body).to.contain('[REDACTED]');
    expect(issue.body).to.contain(id);
    expect(issue.body).to.contain('app.example.com/invoices'); // the page is there, its secrets not
    expectInert(issue.body, { marker: markerOf(ticket), headings: SECTION_HEADINGS });

    // Everything bugport sent to "GitHub" while filing this report, as it went over the wire.
    const sent = wire?.requests.slice(before) ?? [];
    const creates = sent.filter(
      (r) => r.method === 'POST' && r.url.endsWith(`/repos/${GITHUB_REPO}/issues`),
    );
    const create = creates.find((r) => r.body.includes(`bugport:${ticket}`));
    expect(create, 'the create request of this report').to.not.equal(undefined);
    expect(JSON.parse(create?.body ?? '{}')).to.include({ title: issue.title, body: issue.body });

    const everything = [...sent.map(wireText), issueText(issue)].join('\n');
    for (const [kind, secret] of Object.entries(SECRETS)) {
      expect(everything.includes(secret), `${kind} (${secret}) reached GitHub`).to.equal(false);
    }
    for (const [what, text] of Object.entries(STORAGE)) {
      expect(everything.includes(text), `storage ${what} (${text}) reached GitHub`).to.equal(false);
    }
  });
});
