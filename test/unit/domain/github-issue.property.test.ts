import { expect } from 'chai';
import fc from 'fast-check';
import {
  formatGitHubIssue,
  MAX_BODY_LENGTH,
  MAX_TITLE_LENGTH,
} from '../../../src/domain/github-issue.js';
import {
  cleanText,
  SECTION_TITLES,
  STACK_FOLD_CLOSE,
} from '../../../src/domain/github-issue-sections.js';
import type { IssueReport } from '../../../src/domain/issue-report.js';
import { stripBidi } from '../../../src/domain/markdown.js';
import {
  aMisleadingText,
  aPlantedSecret,
  anAdversarialText,
  anIssueReport,
  type PlantedSecret,
} from '../../support/arbitraries.js';
import { parse, visibleText, normalized } from '../../support/gfm.js';
import { DIRECTION_CONTROLS, expectInert, type BugportMarkup } from '../../support/inert.js';
import { patchReport } from '../../support/builders.js';

const LABELS = ['bug', 'user-reported'];
const SCREENSHOT_URL = 'https://bugport.example.com/screenshots/a.png?expires=1&signature=abc';
const TITLES: ReadonlySet<string> = new Set(SECTION_TITLES);

const count = (text: string, part: string): number => text.split(part).length - 1;
// bugport's own fold around a long stack trace: a fixed text with numbers only.
const STACK_FOLD = /^<details><summary>Stack trace \((?:\d+ of )?\d+ lines\)<\/summary>\n$/;

/** bugport's own markup in a body: the marker, section headings, stack folds and the screenshot link. */
const bugportMarkup = (marker: string, screenshotUrl: string | null): BugportMarkup => ({
  marker,
  html: (tag) => STACK_FOLD.test(tag) || tag === `${STACK_FOLD_CLOSE}\n`,
  links: screenshotUrl === null ? [] : [screenshotUrl],
  headings: TITLES,
});

/** What a reader sees of one section: the text of its paragraphs, up to the next heading. */
function sectionText(body: string, title: string): string | null {
  const tokens = parse(body);
  const start = tokens.findIndex(
    (token, i) => token.type === 'heading_open' && tokens[i + 1]?.content === title,
  );
  if (start < 0) return null;
  const parts: string[] = [];
  for (let i = start + 3; i < tokens.length && tokens[i]?.type !== 'heading_open'; i += 1) {
    const token = tokens[i];
    if (token?.type === 'inline') parts.push(visibleText(token.content));
    else if (token?.type !== 'paragraph_open' && token?.type !== 'paragraph_close') {
      parts.push(`<${token?.type}>`);
    }
  }
  return parts.join(' ');
}

/** The same credential in every field a reporter's browser fills. */
function plant(base: IssueReport, planted: PlantedSecret): IssueReport {
  const around = (text: string | null) => `${text ?? ''} ${planted.text} end`;
  return {
    ...base,
    problem: {
      ...base.problem,
      title: around(base.problem.title),
      description: around(base.problem.description),
      stepsToReproduce: around(base.problem.stepsToReproduce),
      expectedBehavior: around(base.problem.expectedBehavior),
      actualBehavior: around(base.problem.actualBehavior),
    },
    context: {
      ...base.context,
      pageUrl: planted.url,
      pageTitle: around(base.context.pageTitle),
      browserInfo: {
        ...base.context.browserInfo,
        ...planted.json,
        user_agent: `Mozilla/5.0 ${planted.text}`,
        referrer: planted.url,
      },
    },
    debug: {
      consoleErrors: [
        ...base.debug.consoleErrors,
        { message: `Failed: ${planted.text}`, url: planted.url },
        planted.json,
      ],
      apiHistory: [...base.debug.apiHistory, { method: 'GET', url: planted.url, ...planted.json }],
      userActions: [
        ...base.debug.userActions,
        { type: 'input', value: planted.text },
        planted.json,
      ],
      localStorageData: { ...planted.json, note: planted.text },
      sessionStorageData: { session: planted.secret },
    },
  };
}

const long = (seed: string, length: number): string =>
  (seed === '' ? 'x' : seed).repeat(Math.ceil(length / Math.max(1, seed.length))).slice(0, length);

/** Reports far over GitHub's limit, made of adversarial text. */
const anOversizedReport = fc
  .record({
    base: anIssueReport({ text: anAdversarialText(6) }),
    seed: anAdversarialText(8),
    lengths: fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 4, maxLength: 4 }),
    entries: fc.integer({ min: 0, max: 40 }),
    entryLength: fc.integer({ min: 0, max: 4_000 }),
  })
  .map(({ base, seed, lengths: [a = 0, b = 0, c = 0, d = 0], entries, entryLength }) => {
    const debug = Array.from({ length: entries }, (_, n) => ({
      n,
      message: long(seed, entryLength),
    }));
    return patchReport(base, {
      problem: {
        description: long(seed, Math.max(1, a)),
        stepsToReproduce: long(seed, b),
        expectedBehavior: long(seed, c),
        actualBehavior: long(seed, d),
      },
      debug: { consoleErrors: debug, apiHistory: debug, userActions: debug },
    });
  });

describe('GitHub issue (properties)', () => {
  it('always fits, and always carries the marker once, the ticket number and the tracking id', () => {
    fc.assert(
      fc.property(anIssueReport(), (report) => {
        const { title, body, labels, marker } = formatGitHubIssue(report, { labels: LABELS });
        expect(body.length).to.be.at.most(MAX_BODY_LENGTH);
        expect(count(body, marker)).to.equal(1);
        expect(body).to.contain(report.ticketNumber);
        expect(body).to.contain(report.id);
        expect(title.length).to.be.at.most(MAX_TITLE_LENGTH);
        expect(title.startsWith(`[${report.ticketNumber}] `)).to.equal(true);
        expect(title).not.to.match(/[\r\n]/);
        expect(labels).to.include.members([
          ...LABELS,
          `category:${report.problem.category}`,
          `severity:${report.problem.severity}`,
        ]);
        expect(new Set(labels).size).to.equal(labels.length);
      }),
      { numRuns: 200 },
    );
  });

  it('never lets reporter text become markup, nor leave its code block', () => {
    fc.assert(
      fc.property(
        anIssueReport({ text: anAdversarialText() }),
        fc.option(fc.constant(SCREENSHOT_URL), { nil: null }),
        (report, screenshotUrl) => {
          const { body, marker } = formatGitHubIssue(report, { labels: LABELS, screenshotUrl });
          expectInert(body, bugportMarkup(marker, screenshotUrl));
          // The description arrives whole, as plain paragraphs: nothing in it became markup.
          const expected = normalized(cleanText(stripBidi(report.problem.description)));
          expect(normalized(sectionText(body, 'Description') ?? '')).to.equal(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('drops direction controls and leaves no commit-like hex as text, in title and body', () => {
    fc.assert(
      fc.property(anIssueReport({ text: aMisleadingText() }), (report) => {
        const { title, body, marker } = formatGitHubIssue(report, { labels: LABELS });
        expect(title, 'title').not.to.match(DIRECTION_CONTROLS);
        expectInert(body, bugportMarkup(marker, null));
      }),
      { numRuns: 200 },
    );
  });

  it('never sends a secret planted in any field', () => {
    fc.assert(
      fc.property(anIssueReport(), aPlantedSecret(), (base, planted) => {
        const report = plant(base, planted);
        expect(JSON.stringify(report)).to.contain(planted.secret);
        const { title, body } = formatGitHubIssue(report, { labels: LABELS });
        expect(title, planted.kind).not.to.contain(planted.secret);
        expect(body, planted.kind).not.to.contain(planted.secret);
      }),
      { numRuns: 200 },
    );
  });

  it('cuts an oversized report to fit, without breaking a fence or activating markup', () => {
    fc.assert(
      fc.property(anOversizedReport, (report) => {
        const { body, marker } = formatGitHubIssue(report, { labels: LABELS });
        expect(body.length).to.be.at.most(MAX_BODY_LENGTH);
        expect(body.startsWith(marker)).to.equal(true);
        expect(body).to.contain(report.ticketNumber);
        expect(body).to.contain(report.id);
        expectInert(body, bugportMarkup(marker, null));
      }),
      { numRuns: 40 },
    );
  });
});
