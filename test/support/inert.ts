import { expect } from 'chai';
import { findActiveMarkup } from './gfm.js';

/** Unicode direction controls (the "Trojan source" characters). */
export const DIRECTION_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** What bugport itself may add to a body it renders; everything else must be inert text. */
export interface BugportMarkup {
  /** bugport's hidden marker: the first raw HTML must be exactly this comment line. */
  readonly marker?: string;
  /** Raw HTML bugport adds after the marker (the stack-trace fold); none unless given. */
  readonly html?: (tag: string) => boolean;
  /** The links bugport adds (the screenshot link), exactly and in order. */
  readonly links?: readonly string[];
  /** The section headings bugport adds; no heading at all unless given. */
  readonly headings?: ReadonlySet<string>;
  /** Whether the text is expected to keep direction controls (checked absent otherwise). */
  readonly allowDirectionControls?: boolean;
}

/**
 * Fails unless `markdown`, read as GitHub reads it, has nothing active but
 * what `bugport` says bugport adds itself: no raw HTML, link, image, entity,
 * heading, mention, `www.` link, issue reference, commit SHA, emoji code,
 * bare domain or unclosed fence from the reporter's text.
 */
export function expectInert(markdown: string, bugport: BugportMarkup = {}): void {
  const found = findActiveMarkup(markdown);
  if (bugport.marker === undefined) {
    expect(found.html, 'raw HTML').to.deep.equal([]);
  } else {
    const [first, ...html] = found.html;
    expect(first, 'the marker').to.equal(`${bugport.marker}\n`);
    const allowed = bugport.html ?? (() => false);
    for (const tag of html) expect(allowed(tag), `raw HTML ${tag}`).to.equal(true);
  }
  expect(found.links, 'links').to.deep.equal([...(bugport.links ?? [])]);
  expect(found.images, 'images').to.deep.equal([]);
  expect(found.entities, 'entities').to.deep.equal([]);
  if (bugport.headings === undefined) {
    expect(found.headings, 'headings').to.deep.equal([]);
  } else {
    for (const heading of found.headings) {
      expect(bugport.headings.has(heading), heading).to.equal(true);
    }
  }
  expect(found.mentions, 'mentions').to.deep.equal([]);
  expect(found.wwwLinks, 'www links').to.deep.equal([]);
  expect(found.issueReferences, 'issue references').to.deep.equal([]);
  expect(found.commitShas, 'commit SHAs').to.deep.equal([]);
  expect(found.emoji, 'emoji').to.deep.equal([]);
  expect(found.bareDomains, 'bare domains').to.deep.equal([]);
  expect(found.unclosedFences, 'unclosed fences').to.equal(0);
  if (bugport.allowDirectionControls !== true) {
    expect(markdown, 'direction controls').not.to.match(DIRECTION_CONTROLS);
  }
}
