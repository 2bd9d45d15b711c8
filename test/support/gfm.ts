import MarkdownIt, { type Token } from 'markdown-it';
import { ZERO_WIDTH_SPACE } from '../../src/domain/markdown.js';

/**
 * Parses Markdown roughly as GitHub does and reports everything that would
 * be *active* there: the things reporter text must never produce.
 *
 * markdown-it with `html` and `linkify` covers CommonMark, raw HTML, tables,
 * strikethrough and scheme/e-mail autolinks. GitHub's own extras are added
 * by hand on text outside code: `www.` autolinks, @-mentions, `#123`
 * references, commit SHAs, `:emoji:` codes and bare domains (`evil.com`). `text_join` is off so that entities stay visible as tokens.
 */
export interface ActiveMarkup {
  /** href of every link, autolinks included. */
  readonly links: string[];
  readonly images: string[];
  /** Raw HTML: blocks and inline tags, comments included. */
  readonly html: string[];
  /** Character references (`&amp;`, `&#64;`) decoded outside code. */
  readonly entities: string[];
  /** Text of every heading (ATX or setext). */
  readonly headings: string[];
  readonly mentions: string[];
  /** `www.` autolinks GitHub would make (linkify-it, like GitHub, needs no scheme for them). */
  readonly wwwLinks: string[];
  readonly issueReferences: string[];
  /** Words of 7 or more hex digits (with a digit) that GitHub would link as commit SHAs. */
  readonly commitShas: string[];
  /**
   * `host.tld` text a linkifier could link. GitHub itself links only `www.` and `scheme://`
   * ones, and markdown-it's linkify none of these: checked by hand, stricter than both.
   */
  readonly bareDomains: string[];
  /** `:shortcode:` emoji GitHub would draw. */
  readonly emoji: string[];
  /** Fences that run to the end of the document instead of being closed. */
  readonly unclosedFences: number;
}

const md = new MarkdownIt({ html: true, linkify: true });
md.core.ruler.disable('text_join');
// GitHub does not autolink protocol-relative `//host` text; linkify-it would.
md.linkify.add('//', null);

// GitHub's rules, roughly: a mention or reference starts after a non-word character.
const MENTION = /(?:^|[^A-Za-z0-9_`])(@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][A-Za-z0-9-]*)?)/g;
const WWW = /(?:^|[\s*_~(])(www\.[^\s<]*)/gi;
const ISSUE_REFERENCE = /(?:^|[^A-Za-z0-9_&])((?:GH-|#)\d+)/gi;
const COMMIT_SHA = /(?<![A-Za-z0-9_])((?=[a-fA-F]*[0-9])[0-9a-fA-F]{7,})(?![A-Za-z0-9_])/g;
// Shortcodes have a letter or sign in them, but for `:100:` and `:1234:`; a clock time (`09:30:00`) is none.
const BARE_DOMAIN = /(?<![\p{L}\p{N}_.@-])((?:[\p{L}\p{N}-]+\.)+\p{L}{2,63})(?![\p{L}\p{N}_-])/gu;
const EMOJI = /(:(?:(?=[0-9_]*[A-Za-z+-])[A-Za-z0-9_+-]+|100|1234):)/g;

export const parse = (markdown: string): Token[] => md.parse(markdown, {});

function textRuns(children: readonly Token[]): string[] {
  // Adjacent text tokens are one text node in GitHub's HTML, where mentions are found.
  const runs: string[] = [];
  let current = '';
  let inLink = 0;
  for (const child of children) {
    if (child.type === 'link_open') inLink += 1;
    if (child.type === 'link_close') inLink -= 1;
    if ((child.type === 'text' || child.type === 'text_special') && inLink === 0) {
      current += child.content;
    } else {
      if (current !== '') runs.push(current);
      current = '';
    }
  }
  if (current !== '') runs.push(current);
  return runs;
}

const allMatches = (pattern: RegExp, text: string): string[] =>
  [...text.matchAll(pattern)].map((match) => match[1] ?? match[0]);

function isClosingFence(line: string | undefined, markup: string): boolean {
  if (line === undefined) return false;
  const match = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
  const run = match?.[1];
  return run !== undefined && run[0] === markup[0] && run.length >= markup.length;
}

export function findActiveMarkup(markdown: string): ActiveMarkup {
  const found: { -readonly [K in keyof ActiveMarkup]: ActiveMarkup[K] } = {
    links: [],
    images: [],
    html: [],
    entities: [],
    headings: [],
    mentions: [],
    wwwLinks: [],
    issueReferences: [],
    commitShas: [],
    bareDomains: [],
    emoji: [],
    unclosedFences: 0,
  };
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const tokens = parse(markdown);
  tokens.forEach((token, index) => {
    if (token.type === 'html_block') found.html.push(token.content);
    if (token.type === 'heading_open') found.headings.push(tokens[index + 1]?.content ?? '');
    if (
      token.type === 'fence' &&
      token.map &&
      !isClosingFence(lines[token.map[1] - 1], token.markup)
    ) {
      found.unclosedFences += 1;
    }
    if (token.type !== 'inline' || !token.children) return;
    for (const child of token.children) {
      if (child.type === 'link_open') found.links.push(String(child.attrGet('href') ?? ''));
      if (child.type === 'image') found.images.push(String(child.attrGet('src') ?? ''));
      if (child.type === 'html_inline') found.html.push(child.content);
      if (child.type === 'text_special' && child.info === 'entity')
        found.entities.push(child.markup);
    }
    for (const run of textRuns(token.children)) {
      found.mentions.push(...allMatches(MENTION, run));
      found.wwwLinks.push(...allMatches(WWW, run));
      found.issueReferences.push(...allMatches(ISSUE_REFERENCE, run));
      found.commitShas.push(...allMatches(COMMIT_SHA, run));
      found.emoji.push(...allMatches(EMOJI, run));
      found.bareDomains.push(...allMatches(BARE_DOMAIN, run));
    }
  });
  return found;
}

/** The contents of every fenced code block, in order. */
export const fenceContents = (markdown: string): string[] =>
  parse(markdown)
    .filter((token) => token.type === 'fence')
    .map((token) => token.content);

/** The contents of every code span, in order. */
export const codeSpans = (markdown: string): string[] =>
  parse(markdown)
    .flatMap((token) => token.children ?? [])
    .filter((token) => token.type === 'code_inline')
    .map((token) => token.content);

/** The text a reader sees: text and code spans of every inline, soft breaks as newlines. */
export const visibleText = (markdown: string): string =>
  parse(markdown)
    .flatMap((token) => token.children ?? [])
    .map((token) => {
      if (token.type === 'softbreak' || token.type === 'hardbreak') return '\n';
      return ['text', 'text_special', 'code_inline'].includes(token.type) ? token.content : '';
    })
    .join('');

/** The top-level blocks, in order: `paragraph_open`, `heading_open`, `fence`, `bullet_list_open`… */
export const blockTypes = (markdown: string): string[] =>
  parse(markdown)
    .filter((token) => token.level === 0 && token.nesting !== -1 && token.type !== 'inline')
    .map((token) => token.type);

/** Text as a reader sees it, whitespace and invisible characters aside. */
export const normalized = (text: string): string =>
  text
    // eslint-disable-next-line no-control-regex -- control characters are what is normalised
    .replace(/[\u0000-\u001F\u007F\u0085\u2028\u2029\u00A0]/g, ' ')
    .split(ZERO_WIDTH_SPACE)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
