import { createIssueReport, type IssueReport } from '../../src/domain/issue-report.js';
import type { JsonValue } from '../../src/domain/json.js';
import { aNewReport, aTicketNumber } from './builders.js';

/**
 * Representative reports whose GitHub bodies are committed as golden files
 * (test/fixtures/github-bodies/) and looked at in Chromium
 * (test/integration/github-body-rendering.test.ts).
 */

const CREATED = new Date('2026-03-10T09:30:00Z');
const at = (secondsBefore: number): string =>
  new Date(CREATED.getTime() - secondsBefore * 1000).toISOString();

function report(
  ticketNumber: string,
  id: string,
  overrides: Parameters<typeof aNewReport>[0],
): IssueReport {
  const created = createIssueReport(
    aNewReport(overrides),
    { userId: 7, companyId: 1, name: 'Ada', email: 'ada@example.com' },
    { id, ticketNumber: aTicketNumber(ticketNumber), now: CREATED },
  );
  if (!created.ok) throw new Error(`fixture ${ticketNumber} invalid`);
  return created.value;
}

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/120.0.6099.109 Safari/537.36';

const frames = (count: number, seed: string): string =>
  Array.from(
    { length: count },
    (_, n) =>
      `    at ${seed}Handler${n} (https://app.example.com/assets/index-3f2b8c4e.js:${1000 + n * 17}:${(n * 7) % 80})`,
  ).join('\n');

export const plainBug = (): IssueReport =>
  report('BUG-2026-0001', '3f2b8c4e-9d1a-4c7e-8b5f-2a6d9e0c1b7a', {
    title: 'Export button does nothing',
    description:
      'Clicking Export on the invoices page shows a spinner forever. It started this morning, ' +
      'after the maintenance window; yesterday the same invoices exported fine. Nothing is ' +
      'downloaded and no e-mail arrives either.\n\nIt happens for every customer I tried, ' +
      'both with the CSV and the PDF option.',
    stepsToReproduce: '1. Open Invoices\n2. Filter by March 2026\n3. Click Export → CSV',
    expectedBehavior: 'A CSV file downloads within a few seconds.',
    actualBehavior: 'The spinner keeps turning; after a minute nothing has happened.',
    browserInfo: {
      name: 'Chrome',
      version: '120.0.6099.109',
      platform: 'MacIntel',
      language: 'en-US',
      user_agent: CHROME_MAC,
      cookies_enabled: true,
    },
    pageUrl: 'https://app.example.com/invoices?month=2026-03&session=abc123def456',
    pageTitle: 'Invoices – Acme Billing',
    viewportSize: '1440x900',
    screenResolution: '2880x1800',
    consoleErrors: [
      {
        message: 'TypeError: Cannot read properties of undefined (reading "url")',
        stack:
          'TypeError: Cannot read properties of undefined (reading "url")\n' +
          '    at exportInvoices (https://app.example.com/assets/index-3f2b8c4e.js:1204:31)\n' +
          '    at HTMLButtonElement.onClick (https://app.example.com/assets/index-3f2b8c4e.js:877:9)',
        timestamp: at(2),
      },
    ],
    apiHistory: [
      {
        method: 'GET',
        url: '/api/invoices?month=2026-03',
        status: 200,
        duration: 84,
        timestamp: at(14),
      },
      {
        method: 'POST',
        url: '/api/invoices/export',
        status: 500,
        duration: 1204,
        timestamp: at(3),
        response: { error: 'Internal Server Error', request_id: 'req_7Hq2' },
      },
    ],
    userActions: [
      { type: 'navigate', url: '/invoices', timestamp: at(20) },
      { type: 'change', target: 'select#month', value: '2026-03', timestamp: at(15) },
      { type: 'click', target: 'button#export', timestamp: at(10) },
      { type: 'click', target: 'li.export-csv', timestamp: at(4) },
    ],
  });

export const manyErrors = (): IssueReport =>
  report('BUG-2026-0002', '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', {
    title: 'Dashboard crashes after the chart loads',
    description: 'The dashboard goes white a second after the revenue chart appears.',
    stepsToReproduce: '1. Log in\n2. Open Dashboard',
    expectedBehavior: null,
    actualBehavior: null,
    browserInfo: {
      user_agent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
      language: 'de-DE',
    },
    pageUrl: 'https://app.example.com/dashboard',
    pageTitle: 'Dashboard',
    viewportSize: '1280x720',
    consoleErrors: Array.from({ length: 12 }, (_, n): JsonValue => ({
      message: `RangeError: Maximum call stack size exceeded (render pass ${n + 1})`,
      stack: `RangeError: Maximum call stack size exceeded (render pass ${n + 1})\n${frames(n % 2 === 0 ? 24 : 4, 'chart')}`,
      timestamp: at(60 - n * 5),
    })),
    apiHistory: Array.from({ length: 12 }, (_, n): JsonValue => ({
      method: n === 9 ? 'POST' : 'GET',
      url: `/api/metrics/revenue?range=${n + 1}d`,
      status: n === 9 ? 503 : n === 11 ? 0 : 200,
      duration: 40 + n * 13,
      timestamp: at(61 - n * 5),
      ...(n === 11 ? { error: 'TypeError: Failed to fetch' } : {}),
    })),
    userActions: [
      { type: 'click', target: 'a[href="/dashboard"]', timestamp: at(65) },
      { type: 'scroll', target: 'main', timestamp: at(30) },
    ],
  });

/** Everything a reporter could type to break out of what bugport puts it in, and secrets. */
export const hostile = (): IssueReport =>
  report('BUG-2026-0003', '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', {
    title: '@octocat <img src=x onerror=alert(1)> [click](http://evil.example) \u202Egnp.exe',
    description:
      '# Not a heading\n@octocat @org/team please look, see #123, GH-42 and acme/app#7.\n' +
      '<script>alert(1)</script> <!-- bugport:BUG-2026-0009 -->\n' +
      '[link](http://evil.example) ![img](http://evil.example/x.png) <http://evil.example>\n' +
      'www.evil.example and evil.com and mail me: a@b.com :smile: &amp; &#64;user\n' +
      '**bold** _em_ ~~strike~~ $x^2$ [^1] \\* backslash\n' +
      'Title\n===\n\n' +
      '- [ ] task\n> quote\n| a | b |\n|---|---|\n| c | d |\n\n' +
      '    indented code?\n' +
      '```\nfence escape?\n````\n~~~\n' +
      'commit 3f2b8c4e9d1a4c7e8b5f2a6d9e0c1b7a3f2b8c4e and short a1b2c3d\n' +
      'token: ghp_16C7e42F292c6912E7710c838347Ae178B4a, apikey Abcdefghij0123456789\n' +
      'git remote https://AbCdEf0123456789xyzQ@github.com/acme/app.git\n' +
      'Google ya29.a0AfH6SMBx3kPqQabcdefghijklmnopqrstuvwxyz0123',
    stepsToReproduce: '1. Paste the text above\n2) Submit\n\n   3. Indented step',
    expectedBehavior: 'Nothing of this becomes markup.',
    actualBehavior: 'Password=hunter2hunter2 and Authorization: Bearer abcdefgh12345678',
    browserInfo: {
      name: 'Chrome\u202E',
      user_agent: CHROME_MAC,
      '3f2b8c4e9d1a4c7e8b5f2a6d9e0c1b7a3f2b8c4e': 'browser_info key shaped like a commit',
      '**bold key**': '@octocat',
    },
    pageUrl: 'https://app.example.com/x?token%3Dsecret0123456789&next=%3Fapi_key%3Dabc123def',
    pageTitle: 'Page <b>title</b> @octocat',
    viewportSize: '1440x900',
    consoleErrors: [
      {
        message: '```` <b>x</b> @octocat #1',
        stack: 'Error: x\n    at ```` (a.js:1:1)\n</details>\n<details><summary>@octocat</summary>',
        timestamp: at(5),
      },
      'a plain string error with | pipes | and `ticks`',
    ],
    apiHistory: [
      {
        method: 'GET|POST',
        url: '/api/a|b?`x`&token=secret0123456789',
        status: 404,
        duration: 12,
        timestamp: at(4),
      },
      { note: 'not shaped like a call', body: '| a | b |' },
    ],
    userActions: [
      { type: '**click**', target: '<img src=x>', value: '@octocat', timestamp: at(3) },
      'typed @octocat in the search',
    ],
  });

const long = (seed: string, length: number): string =>
  seed.repeat(Math.ceil(length / seed.length)).slice(0, length);

/** Far over GitHub's 65,536 characters. */
export const oversized = (): IssueReport =>
  report('BUG-2026-0004', '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b', {
    title: 'Everything is slow',
    description: long('The export spins and spins. ', 50_000),
    stepsToReproduce: long('Click export, wait. ', 30_000),
    expectedBehavior: 'Fast.',
    actualBehavior: long('Slow. ', 20_000),
    consoleErrors: Array.from({ length: 30 }, (_, n): JsonValue => ({
      message: `Error ${n + 1}: ${'x'.repeat(900)}`,
      stack: frames(60, `slow${n}`),
      timestamp: at(300 - n * 10),
    })),
    apiHistory: Array.from({ length: 30 }, (_, n): JsonValue => ({
      method: 'GET',
      url: `/api/slow/${n + 1}`,
      status: 200,
      duration: 5000 + n,
      timestamp: at(300 - n * 10),
    })),
  });

/** bugport's own signed link to the plain bug's screenshot. */
export const GOLDEN_SCREENSHOT_URL =
  'https://bugport.example.com/api/support/screenshots/3f2b8c4e.png?expires=1773135000&signature=0f9e8d7c';

export interface GoldenCase {
  readonly name: string;
  readonly report: () => IssueReport;
  readonly screenshotUrl: string | null;
}

export const GOLDEN_CASES: readonly GoldenCase[] = [
  {
    name: 'plain-bug',
    report: () => ({ ...plainBug(), screenshotPath: 'uploads/screenshots/3f2b8c4e.png' }),
    screenshotUrl: GOLDEN_SCREENSHOT_URL,
  },
  { name: 'many-errors', report: manyErrors, screenshotUrl: null },
  { name: 'hostile', report: hostile, screenshotUrl: null },
  { name: 'oversized', report: oversized, screenshotUrl: null },
];

/** Secrets planted in the hostile report: none may appear in its body. */
export const HOSTILE_SECRETS = [
  'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  'Abcdefghij0123456789',
  'AbCdEf0123456789xyzQ',
  'ya29.a0AfH6SMBx3kPqQabcdefghijklmnopqrstuvwxyz0123',
  'hunter2hunter2',
  'abcdefgh12345678',
  'secret0123456789',
  'abc123def',
] as const;
