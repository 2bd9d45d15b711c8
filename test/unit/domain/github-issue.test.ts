import { expect } from 'chai';
import {
  formatGitHubIssue,
  issueMarker,
  MAX_BODY_LENGTH,
  MAX_TITLE_LENGTH,
} from '../../../src/domain/github-issue.js';
import { SECTION_TITLES, STACK_LINES_UNFOLDED } from '../../../src/domain/github-issue-sections.js';
import { createIssueReport, type IssueReport } from '../../../src/domain/issue-report.js';
import type { JsonValue } from '../../../src/domain/json.js';
import { ZERO_WIDTH_SPACE } from '../../../src/domain/markdown.js';
import { REDACTED } from '../../../src/domain/redaction.js';
import {
  aNewReport,
  aTicketNumber,
  patchReport,
  type ReportPatch,
} from '../../support/builders.js';
import {
  codeSpans,
  fenceContents,
  findActiveMarkup,
  parse,
  visibleText,
} from '../../support/gfm.js';

const ID = '3f2b8c4e-9d1a-4c7e-8b5f-2a6d9e0c1b7a';
const LABELS = ['bug', 'user-reported'];

function aReport(overrides: ReportPatch = {}): IssueReport {
  const created = createIssueReport(
    aNewReport(),
    { userId: 7, companyId: 1, name: 'Ada', email: 'ada@example.com' },
    { id: ID, ticketNumber: aTicketNumber('BUG-2026-0001'), now: new Date('2026-03-10T09:30:00Z') },
  );
  if (!created.ok) throw new Error('fixture invalid');
  return patchReport(created.value, overrides);
}

const issueOf = (report: IssueReport, screenshotUrl?: string | null) =>
  formatGitHubIssue(report, { labels: LABELS, screenshotUrl });

const entries = (count: number, make: (n: number) => JsonValue): JsonValue[] =>
  Array.from({ length: count }, (_, i) => make(i + 1));

describe('GitHub issue', () => {
  describe('title', () => {
    it('is the ticket number in brackets, then the title', () => {
      expect(issueOf(aReport()).title).to.equal('[BUG-2026-0001] Export button does nothing');
    });

    it(`is cut with an ellipsis to ${MAX_TITLE_LENGTH} characters`, () => {
      const { title } = issueOf(aReport({ problem: { title: 'a'.repeat(255) } }));
      expect(title).to.have.length(MAX_TITLE_LENGTH);
      expect(title).to.match(/^\[BUG-2026-0001\] a+…$/);
    });

    it('stays on one line and has its secrets redacted', () => {
      const { title } = issueOf(
        aReport({
          problem: { title: 'Fails\r\nwith token ghp_16C7e42F292c6912E7710c838347Ae178B4a' },
        }),
      );
      expect(title).to.equal(`[BUG-2026-0001] Fails with token ${REDACTED}`);
    });
  });

  describe('labels', () => {
    it('are the configured ones plus category and severity', () => {
      expect(issueOf(aReport()).labels).to.deep.equal([
        'bug',
        'user-reported',
        'category:bug',
        'severity:high',
      ]);
    });

    it('drop blanks and duplicates, ignoring case as GitHub does', () => {
      const { labels } = formatGitHubIssue(
        aReport({ problem: { category: 'help', severity: 'low' } }),
        {
          labels: ['bug', ' Bug ', '', 'category:help', 'triage'],
        },
      );
      expect(labels).to.deep.equal(['bug', 'category:help', 'triage', 'severity:low']);
    });
  });

  describe('body', () => {
    const chromeMac =
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) ' +
      'Chrome/120.0.6099.109 Safari/537.36';

    it('holds the marker first, every field of the report, and the tracking id last', () => {
      const report = aReport({
        context: {
          browserInfo: {
            name: 'Chrome',
            version: '120.0',
            platform: 'macOS',
            user_agent: 'Mozilla/5.0',
            language: 'en-US',
          },
        },
      });
      const { body, marker } = issueOf(report);
      expect(marker).to.equal('<!-- bugport:BUG-2026-0001 -->');
      expect(body.startsWith(`${marker}\n\n`)).to.equal(true);
      const shown = visibleText(body);
      for (const text of [
        'Ticket: BUG-2026-0001',
        'Category: bug',
        'Severity: high',
        'Clicking Export on the invoices page shows a spinner forever.',
        '1. Open invoices\n2. Click Export',
        'A CSV downloads',
        'Spinner forever',
        'https://app.example.com/invoices',
        'Invoices',
        'Chrome 120',
        'macOS',
        'Mozilla/5.0',
        'en-US',
        '1920x1080',
        '2560x1440',
        'TypeError: x is undefined',
        '/api/invoices/export',
        'button#export',
      ]) {
        expect(shown.split(ZERO_WIDTH_SPACE).join(''), text).to.contain(text);
      }
      expect(body.trimEnd().endsWith(`Internal tracking id: \` ${ID} \``)).to.equal(true);
      const headings = findActiveMarkup(body).headings;
      expect(headings).to.deep.equal(SECTION_TITLES.filter((t) => t !== 'Screenshot'));
    });

    it('opens with a summary: when, which page, which browser in one line, and what failed', () => {
      const { body } = issueOf(
        aReport({
          context: {
            browserInfo: { user_agent: chromeMac, language: 'en-US', platform: 'MacIntel' },
            viewportSize: '1440x900',
          },
          debug: {
            consoleErrors: [{ message: 'TypeError: x is undefined' }],
            apiHistory: [
              { method: 'GET', url: '/api/invoices', status: 200 },
              { method: 'post', url: '/api/export', status: 500 },
            ],
          },
        }),
      );
      const summary = body.split('\n\n')[1] ?? '';
      expect(summary.split('\\\n')).to.deep.equal([
        '**Ticket:** ` BUG-2026-0001 ` · **Category:** bug · **Severity:** high',
        '**When:** 2026-03-10 09:30:00 UTC',
        '**Page:** Invoices · ` https://app.example.com/invoices `',
        '**Browser:** Chrome 120 · macOS · en\\-US · viewport 1440×900',
        '**What failed:** 1 console error · 1 failed API call (` POST /api/export ` → 500)',
      ]);
    });

    it('leaves the failure hint out when nothing failed', () => {
      const { body } = issueOf(
        aReport({
          debug: { consoleErrors: [], apiHistory: [{ method: 'GET', url: '/a', status: 204 }] },
        }),
      );
      expect(body).not.to.contain('What failed');
    });

    it('writes reporter prose as wrapping paragraphs, line breaks and numbered steps kept', () => {
      const { body } = issueOf(
        aReport({
          problem: {
            description: 'First line\nsecond line\n\nA new paragraph',
            stepsToReproduce: '1. Open invoices\n2. Click Export',
          },
        }),
      );
      expect(findActiveMarkup(body).unclosedFences).to.equal(0);
      const tokens = parse(body);
      expect(tokens.filter((t) => t.type === 'fence' && t.content.includes('First line'))).to.be
        .empty;
      const paragraphs = tokens
        .filter((t) => t.type === 'inline')
        .map((t) => visibleText(t.content));
      expect(paragraphs).to.include.members([
        'First line\nsecond line',
        'A new paragraph',
        '1. Open invoices\n2. Click Export',
      ]);
      expect(tokens.some((t) => t.type === 'ordered_list_open')).to.equal(false);
    });

    it('shows each console error with its time, the message on one line and the stack frame by frame', () => {
      const stack = [
        'TypeError: x is undefined',
        '    at exportInvoices (app.js:10:5)',
        '    at onClick (app.js:20:7)',
      ].join('\n');
      const { body } = issueOf(
        aReport({
          debug: {
            consoleErrors: [
              { message: 'TypeError: x is undefined', stack, timestamp: '2026-03-10T09:29:50Z' },
            ],
          },
        }),
      );
      expect(body).to.contain('**09:29:50 UTC** (−10 s) · ` TypeError: x is undefined `');
      expect(fenceContents(body)).to.include(
        '    at exportInvoices (app.js:10:5)\n    at onClick (app.js:20:7)\n',
      );
      expect(body).not.to.contain('<details>');
    });

    it(`folds a stack of more than ${STACK_LINES_UNFOLDED} lines in bugport's own <details>`, () => {
      const frames = Array.from({ length: 20 }, (_, n) => `    at f${n} (app.js:${n}:1)`);
      const { body } = issueOf(
        aReport({
          debug: {
            consoleErrors: [{ message: 'Boom', stack: ['Error: Boom', ...frames].join('\n') }],
          },
        }),
      );
      expect(body).to.contain(
        `<details><summary>Stack trace (20 lines)</summary>\n\n\`\`\`\n${frames.join('\n')}\n\`\`\`\n\n</details>`,
      );
    });

    it('lists API calls as a table, a failed call marked and its status in bold', () => {
      const { body } = issueOf(
        aReport({
          debug: {
            apiHistory: [
              {
                method: 'GET',
                url: '/api/a?x=1|2',
                status: 200,
                duration: 84,
                timestamp: '2026-03-10T09:29:40Z',
              },
              {
                method: 'POST',
                url: '/api/export',
                status: 500,
                duration: 1204.4,
                response: { error: 'boom' },
              },
              { method: 'GET', url: '/api/b', status: 0, error: 'Failed to fetch' },
            ],
          },
        }),
      );
      expect(body).to.contain(
        [
          '|  | Time (UTC) | Method | URL | Status | Duration |',
          '|---|---|---|---|---|---|',
          '|  | 09:29:40 | GET | ` /api/a?x=1%7C2 ` | 200 | 84 ms |',
          '| ✖ | — | POST | ` /api/export ` | **500** | 1204 ms |',
          '| ✖ | — | GET | ` /api/b ` | **network error** | — |',
        ].join('\n'),
      );
      expect(body).to.contain('✖ **Failed:** ` POST /api/export ` → **500**');
      expect(fenceContents(body).join('')).to.contain('"error": "boom"');
    });

    it('lists user actions as a timeline relative to the report', () => {
      const { body } = issueOf(
        aReport({
          debug: {
            userActions: [
              { type: 'click', target: 'button#export', timestamp: '2026-03-10T09:29:50Z' },
              {
                type: 'input',
                target: 'input#q',
                value: 'march',
                timestamp: '2026-03-10T09:27:55Z',
              },
              'scrolled down',
            ],
          },
        }),
      );
      expect(body).to.contain(
        [
          '- **−10 s** click ` button#export `',
          '- **−2 min 5 s** input ` input#q ` → ` march `',
          '- **—** ` scrolled down `',
        ].join('\n'),
      );
    });

    it('shows only the 10 most recent console errors, API calls and user actions, oldest first', () => {
      const { body } = issueOf(
        aReport({
          debug: {
            consoleErrors: entries(25, (n) => ({ message: `error ${n}.` })),
            apiHistory: entries(12, (n) => ({ url: `/api/call/${n}` })),
            userActions: entries(11, (n) => `action ${n}.`),
          },
        }),
      );
      for (let n = 1; n <= 15; n += 1) expect(body).not.to.contain(` error ${n}. `);
      for (let n = 16; n <= 25; n += 1) expect(body).to.contain(` error ${n}. `);
      expect(body.indexOf(' error 16. ')).to.be.below(body.indexOf(' error 25. '));
      expect(body).not.to.contain(' /api/call/2 ');
      expect(body).to.contain(' /api/call/3 ');
      expect(body).not.to.contain(' action 1. ');
      expect(body).to.contain(' action 2. ');
      expect(body).to.contain('_The 10 most recent of 25, oldest first');
    });

    it('never includes the storage snapshots', () => {
      const { body, title } = issueOf(
        aReport({
          debug: {
            localStorageData: { cart: 'local-storage-marker' },
            sessionStorageData: { draft: 'session-storage-marker' },
          },
        }),
      );
      expect(body + title).not.to.contain('local-storage-marker');
      expect(body + title).not.to.contain('session-storage-marker');
    });

    it('redacts secrets in every part it sends', () => {
      const { body } = issueOf(
        aReport({
          problem: { description: 'Logged in with password=hunter22 and it failed' },
          context: {
            pageUrl: 'https://app.example.com/cb?code=abc123&state=1',
            browserInfo: { name: 'Chrome', session_id: 's-123' },
          },
          debug: {
            apiHistory: [
              {
                url: '/api/x',
                status: 401,
                headers: { Authorization: 'Bearer abcdefgh12345678' },
              },
            ],
          },
        }),
      );
      for (const secret of ['hunter22', 'abc123', 's-123', 'abcdefgh12345678']) {
        expect(body).not.to.contain(secret);
      }
      expect(body).to.contain('password\\=\\[REDACTED\\]');
      expect(body).to.contain(`"Authorization": "${REDACTED}"`);
    });

    it('drops direction controls everywhere, title included', () => {
      const rlo = '\u202E';
      const { title, body } = issueOf(
        aReport({
          problem: {
            title: `Invoice ${rlo}fdp.exe`,
            description: `See \u2066file\u2069 ${rlo}txt.exe\u200F`,
          },
          context: { browserInfo: { name: `Chrome${rlo}` } },
          debug: { consoleErrors: [{ message: `bad ${rlo}x`, stack: `at ${rlo}f (a.js:1:1)` }] },
        }),
      );
      expect(title).to.equal('[BUG-2026-0001] Invoice fdp.exe');
      expect(body).not.to.match(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
      expect(body).to.contain('See file txt\\.');
    });

    it('never makes a commit link of a 40-hex browser_info key or value', () => {
      const sha = '3f2b8c4e9d1a4c7e8b5f2a6d9e0c1b7a3f2b8c4e';
      const { body } = issueOf(
        aReport({
          context: { browserInfo: { [sha]: sha } },
          problem: { description: `broken since ${sha} and a1b2c3d` },
        }),
      );
      expect(findActiveMarkup(body).commitShas).to.deep.equal([]);
      expect(codeSpans(body)).to.include.members([sha, 'a1b2c3d']);
    });

    it("does not carry another ticket's marker planted by the reporter", () => {
      const planted = issueMarker('BUG-2026-0002');
      const { body } = issueOf(
        aReport({
          problem: { description: `see ${planted}` },
          debug: { consoleErrors: [{ message: planted, stack: `at ${planted}` }] },
        }),
      );
      expect(body).not.to.contain('bugport:BUG-2026-0002');
      expect(body.split(issueMarker('BUG-2026-0001')).length).to.equal(2);
    });

    it('is the same for the same report', () => {
      expect(issueOf(aReport())).to.deep.equal(issueOf(aReport()));
    });
  });

  describe('screenshot', () => {
    it('links to the screenshot when bugport has a URL for it', () => {
      const url = 'https://bugport.example.com/screenshots/a.png?expires=1&signature=abc';
      const { body } = issueOf(aReport({ screenshot: { path: 'uploads/screenshots/a.png' } }), url);
      expect(findActiveMarkup(body).links).to.deep.equal([url]);
    });

    it('says a screenshot is attached in bugport when there is no URL', () => {
      const { body } = issueOf(aReport({ screenshot: { path: 'uploads/screenshots/a.png' } }));
      expect(body).to.contain('A screenshot is attached in bugport.');
      expect(findActiveMarkup(body).links).to.deep.equal([]);
    });

    it('never links a URL that could break out of the link', () => {
      for (const url of ['javascript:alert(1)', 'https://x.example/a>b', 'https://x.example/ a']) {
        const { body } = issueOf(aReport({ screenshot: { path: 'x.png' } }), url);
        expect(findActiveMarkup(body).links, url).to.deep.equal([]);
        expect(body).to.contain('A screenshot is attached in bugport.');
      }
    });

    it('has no screenshot section when there is none', () => {
      expect(issueOf(aReport()).body).not.to.contain('### Screenshot');
    });
  });

  describe(`more than ${MAX_BODY_LENGTH} characters`, () => {
    const long = (seed: string, length = 50_000) =>
      seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
    const huge = aReport({
      problem: {
        description: long('The export spins. '),
        stepsToReproduce: long('Click export. '),
        expectedBehavior: long('A file. '),
        actualBehavior: long('``` nothing ~~~ '),
      },
      debug: {
        consoleErrors: entries(30, (n) => ({ message: `error ${n} ${'x'.repeat(3000)}` })),
        userActions: entries(30, (n) => `action ${n}`),
      },
    });

    it('is cut to fit, with a visible note, keeping marker, ticket and tracking id', () => {
      const { body, marker } = issueOf(huge);
      expect(body.length).to.be.at.most(MAX_BODY_LENGTH);
      expect(body.length).to.be.greaterThan(MAX_BODY_LENGTH - 2_000);
      expect(body).to.match(/_Truncated: \d+ characters did not fit; see the report in bugport\._/);
      expect(body.startsWith(marker)).to.equal(true);
      expect(body).to.contain('BUG-2026-0001');
      expect(body).to.contain(`Internal tracking id: \` ${ID} \``);
      const found = findActiveMarkup(body);
      expect(found.unclosedFences).to.equal(0);
      expect(found.headings).to.include.members([
        'Description',
        'Actual behaviour',
        'User actions',
      ]);
    });

    const stackOf = (n: number): string =>
      Array.from({ length: 40 }, (_, i) => `    at f${n}_${i} (${'y'.repeat(70)}.js:1:1)`).join(
        '\n',
      );
    const joined = (text: string): string => text.split(ZERO_WIDTH_SPACE).join('');

    it('cuts the older debug entries first, keeps the newest, and the texts whole when that is enough', () => {
      const report = aReport({
        problem: { description: long('The export spins. ', 40_000) },
        debug: {
          consoleErrors: entries(10, (n) => ({ message: `error ${n}.`, stack: stackOf(n) })),
          apiHistory: entries(10, (n) => ({
            url: `/api/${n}`,
            status: 500,
            body: 'y'.repeat(1990),
          })),
          userActions: entries(10, (n) => `action ${n}.`),
        },
      });
      const { body } = issueOf(report);
      expect(
        issueOf(patchReport(report, { problem: { description: 'short' } })).body,
      ).not.to.contain('_Truncated: ');
      expect(body.length).to.be.at.most(MAX_BODY_LENGTH);
      expect(body).to.contain('_Truncated: ');
      expect(joined(visibleText(body))).to.contain(report.problem.description.trimEnd());
      // The small list survives whole: the largest sections give way first.
      for (let n = 1; n <= 10; n += 1) expect(body).to.contain(` action ${n}. `);
      expect(body).to.contain(' error 10. ');
      expect(body).not.to.contain(' error 1. ');
      expect(body).to.match(/_The \d+ most recent of 10, oldest first/);
    });

    it('then shares the cut among the long texts, largest first, and keeps the newest entries', () => {
      const { body } = issueOf(
        patchReport(huge, {
          debug: {
            consoleErrors: entries(30, (n) => ({ message: `error ${n}.`, stack: stackOf(n) })),
          },
        }),
      );
      const shown = joined(visibleText(body));
      for (const text of [
        huge.problem.description,
        huge.problem.stepsToReproduce,
        huge.problem.expectedBehavior,
      ]) {
        expect(shown).to.contain(String(text).slice(0, 8_000));
        expect(shown).not.to.contain(String(text));
      }
      expect(body).to.contain('_The rest was cut to fit; see the report in bugport._');
      for (const n of [28, 29, 30]) expect(body).to.contain(` error ${n}. `);
      expect(body).not.to.contain(' error 27. ');
    });

    it('keeps the summary and the truncation note at the top', () => {
      const { body, marker } = issueOf(huge);
      const [first, summary, note] = body.split('\n\n');
      expect(first).to.equal(marker);
      expect(summary).to.match(/^\*\*Ticket:\*\* ` BUG-2026-0001 `/);
      expect(note).to.match(
        /^_Truncated: \d+ characters did not fit; see the report in bugport\._$/,
      );
    });

    it('says how many characters did not fit', () => {
      const full = issueOf(
        patchReport(huge, { debug: { consoleErrors: [], userActions: [] } }),
      ).body;
      const cut = Number(/_Truncated: (\d+) characters/.exec(full)?.[1]);
      const untruncatedLength = 200_000; // four texts of 50,000, give or take headings and fences
      expect(cut).to.be.within(untruncatedLength - MAX_BODY_LENGTH, untruncatedLength);
    });
  });
});
