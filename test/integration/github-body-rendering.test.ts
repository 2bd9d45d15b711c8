import { expect } from 'chai';
import MarkdownIt from 'markdown-it';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { GOLDEN_CASES } from '../support/github-body-fixtures.js';

/**
 * The golden GitHub bodies, looked at: rendered to HTML as GitHub would (markdown-it with
 * HTML and autolinks, a GitHub-like stylesheet), opened in headless Chromium at the width of
 * an issue's comment column, and measured. Screenshots land in test-results/ for people.
 *
 * Needs Debian's chromium at /usr/bin/chromium (`apt-get install chromium`); no browser is
 * ever downloaded. Without it the test fails, on purpose: CI must install it.
 */
// The page functions below run in Chromium. The project compiles without the DOM library (it
// would leak into every file), so the little of it they use is declared here.
interface PageElement {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly clientHeight: number;
  readonly parentElement: PageElement | null;
  open?: boolean;
  getBoundingClientRect(): { readonly height: number };
  querySelectorAll(selector: string): Iterable<PageElement>;
}
declare const document: {
  querySelectorAll(selector: string): Iterable<PageElement>;
  readonly documentElement: PageElement;
};
declare function getComputedStyle(element: PageElement): {
  readonly lineHeight: string;
  readonly paddingTop: string;
  readonly paddingBottom: string;
};

const CHROMIUM = '/usr/bin/chromium';
const WIDTH = 880;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const goldenDir = join(root, 'test', 'fixtures', 'github-bodies');
const resultsDir = join(root, 'test-results');
const css = readFileSync(join(root, 'test', 'support', 'github-markdown.css'), 'utf8');
const md = new MarkdownIt({ html: true, linkify: true });

const page = (body: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head>` +
  `<body><article class="markdown-body">${md.render(body)}</article></body></html>`;

describe('GitHub issue body, rendered in Chromium at 880 px', function () {
  this.timeout(120_000);
  let context: BrowserContext | undefined;
  let userDataDir: string | undefined;
  const opened = new Map<string, Page>();

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium). ` +
          'This test never downloads a browser, and does not skip.',
      );
    }
    userDataDir = await mkdtemp(join(tmpdir(), 'bugport-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: WIDTH, height: 900 },
      offline: true,
    });
    mkdirSync(resultsDir, { recursive: true });
    for (const { name } of GOLDEN_CASES) {
      const tab = await context.newPage();
      await tab.setContent(page(readFileSync(join(goldenDir, `${name}.md`), 'utf8')));
      // Folded stack traces are opened, as a reader would to read them.
      await tab.evaluate(() => {
        for (const details of document.querySelectorAll('details')) details.open = true;
      });
      opened.set(name, tab);
    }
  });

  after(async () => {
    await context?.close();
    if (userDataDir !== undefined) await rm(userDataDir, { recursive: true, force: true });
  });

  const tab = (name: string): Page => {
    const found = opened.get(name);
    if (found === undefined) throw new Error(`${name} was not opened`);
    return found;
  };

  for (const { name } of GOLDEN_CASES) {
    it(`${name}: no prose needs horizontal scrolling, nor does the page`, async () => {
      const overflowing = await tab(name).evaluate(() =>
        [...document.querySelectorAll('.markdown-body :is(p, li, h3, summary)')]
          .filter((el) => el.scrollWidth > el.clientWidth + 1)
          .map(
            (el) =>
              `${el.tagName} ${el.scrollWidth}>${el.clientWidth}: ${el.textContent?.slice(0, 60)}`,
          ),
      );
      expect(overflowing).to.deep.equal([]);
      const pageWidth = await tab(name).evaluate(() => document.documentElement.scrollWidth);
      expect(pageWidth).to.be.at.most(WIDTH);
      await tab(name).screenshot({
        path: join(resultsDir, `github-body-${name}.png`),
        fullPage: true,
      });
    });
  }

  /** Frames as rendered: the text's lines, and the line boxes the browser drew for them. */
  const stackOf = (name: string, frame: string) =>
    tab(name).evaluate((text) => {
      const code = [...document.querySelectorAll('pre > code')].find((el) =>
        el.textContent?.includes(text),
      );
      const pre = code?.parentElement;
      if (code === undefined || !pre) return null;
      const style = getComputedStyle(pre);
      const height =
        pre.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      return {
        lines: (code.textContent ?? '').replace(/\n$/, '').split('\n'),
        drawnLines: Math.round(height / parseFloat(style.lineHeight)),
      };
    }, frame);

  it('plain-bug: the description wraps as a paragraph', async () => {
    const lines = await tab('plain-bug').evaluate(() => {
      const p = [...document.querySelectorAll('p')].find((el) =>
        el.textContent?.startsWith('Clicking Export'),
      );
      if (p === undefined) return 0;
      return Math.round(
        p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight),
      );
    });
    expect(lines).to.be.at.least(2);
  });

  it('plain-bug: a stack trace shows one frame per line', async () => {
    const stack = await stackOf('plain-bug', 'at exportInvoices');
    expect(stack?.lines).to.deep.equal([
      '    at exportInvoices (https://app.example.com/assets/index-3f2b8c4e.js:1204:31)',
      '    at HTMLButtonElement.onClick (https://app.example.com/assets/index-3f2b8c4e.js:877:9)',
    ]);
    expect(stack?.drawnLines).to.equal(2);
  });

  it('many-errors: a folded stack trace, opened, shows one frame per line', async () => {
    const stack = await stackOf('many-errors', 'chartHandler23');
    expect(stack?.lines).to.have.length(24);
    expect(stack?.lines.every((line) => /^ {4}at chartHandler\d+ \(/.test(line))).to.equal(true);
    expect(stack?.drawnLines).to.equal(24);
  });

  const rowsOf = (name: string) =>
    tab(name).evaluate(() =>
      [...document.querySelectorAll('table tbody tr')].map((row) => ({
        cells: [...row.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''),
        bold: [...row.querySelectorAll('strong')].map((b) => b.textContent ?? ''),
      })),
    );

  it('plain-bug: the failed API call is marked, the successful one is not', async () => {
    const rows = await rowsOf('plain-bug');
    expect(rows).to.deep.equal([
      { cells: ['', '09:29:46', 'GET', '/api/invoices?month=2026-03', '200', '84 ms'], bold: [] },
      {
        cells: ['✖', '09:29:57', 'POST', '/api/invoices/export', '500', '1204 ms'],
        bold: ['500'],
      },
    ]);
  });

  it('many-errors: a 503 and a network error are marked', async () => {
    const marked = (await rowsOf('many-errors')).filter((row) => row.cells[0] === '✖');
    expect(marked.map((row) => row.bold)).to.deep.equal([['503'], ['network error']]);
  });

  it('hostile: nothing the reporter typed is a link, image, script or heading of its own', async () => {
    const found = await tab('hostile').evaluate(() => ({
      active: [
        ...document.querySelectorAll(
          'a, img, script, iframe, input, h1, h2, blockquote, ol, table td b',
        ),
      ].length,
      headings: [...document.querySelectorAll('h3')].map((h) => h.textContent),
      summaries: [...document.querySelectorAll('summary')].length,
    }));
    expect(found.active).to.equal(0);
    expect(found.headings).to.deep.equal([
      'Description',
      'Steps to reproduce',
      'Expected behaviour',
      'Actual behaviour',
      'Console errors',
      'API calls',
      'User actions',
      'Browser and screen',
    ]);
    expect(found.summaries).to.equal(0);
  });
});
