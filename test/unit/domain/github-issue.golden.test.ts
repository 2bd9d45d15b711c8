import { expect } from 'chai';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatGitHubIssue, MAX_BODY_LENGTH } from '../../../src/domain/github-issue.js';
import { GOLDEN_CASES, HOSTILE_SECRETS } from '../../support/github-body-fixtures.js';
import { findActiveMarkup } from '../../support/gfm.js';

/**
 * The bodies of a few representative reports, committed so that every change to the format
 * is seen in review. `UPDATE_GOLDEN=1 npx mocha test/unit/domain/github-issue.golden.test.ts`
 * rewrites them; look at the diff (and at the rendering test's screenshots) before committing.
 */
export const GOLDEN_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'fixtures',
  'github-bodies',
);
const update = process.env.UPDATE_GOLDEN === '1';

describe('GitHub issue body (golden files)', () => {
  for (const { name, report, screenshotUrl } of GOLDEN_CASES) {
    it(`${name}.md is the body bugport sends`, () => {
      const { body } = formatGitHubIssue(report(), { labels: ['bug'], screenshotUrl });
      const file = join(GOLDEN_DIR, `${name}.md`);
      if (update) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, body);
      }
      const golden = readFileSync(file, 'utf8');
      expect(body === golden, `${name}.md differs; run with UPDATE_GOLDEN=1 and review`).to.equal(
        true,
      );
    });
  }

  it('are safe: within the limit, no leak, nothing active but bugport’s own', () => {
    for (const { name, report, screenshotUrl } of GOLDEN_CASES) {
      const { body, marker } = formatGitHubIssue(report(), { labels: ['bug'], screenshotUrl });
      expect(body.length, name).to.be.at.most(MAX_BODY_LENGTH);
      const found = findActiveMarkup(body);
      expect(found.html[0], name).to.equal(`${marker}\n`);
      expect(found.links, name).to.deep.equal(screenshotUrl === null ? [] : [screenshotUrl]);
      for (const kind of [
        'images',
        'entities',
        'mentions',
        'wwwLinks',
        'issueReferences',
        'commitShas',
        'emoji',
        'bareDomains',
      ] as const) {
        expect(found[kind], `${name}: ${kind}`).to.deep.equal([]);
      }
      for (const secret of HOSTILE_SECRETS) expect(body, name).not.to.contain(secret);
    }
  });
});
