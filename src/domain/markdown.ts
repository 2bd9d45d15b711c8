/**
 * Making reporter text inert on GitHub (contract section 6: nothing the
 * reporter typed can become markup). Three containers, safest first:
 *
 * - `codeBlock`: multi-line text in a fence longer than any backtick run in
 *   it, so no line of the text can close it. GitHub renders nothing inside a
 *   code block: no mention, link, HTML or heading.
 * - `inlineCode`: single-line values in a code span, delimited likewise.
 * - `inlineText`: plain text, every Markdown character backslash-escaped.
 *   GitHub finds mentions, autolinks and issue references in the text *after*
 *   Markdown is rendered, where escapes are gone; so they are broken with an
 *   invisible zero-width space instead.
 */

export const ZERO_WIDTH_SPACE = '\u200B';

// CommonMark line endings plus the Unicode ones, and control characters GitHub would mangle.
const LINE_BREAKS = /\r\n?|[\n\u2028\u2029\u0085]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F]/g;
// Every ASCII punctuation character: CommonMark lets each be escaped with a backslash.
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/** Text on one line: line breaks and control characters become spaces. */
export const singleLine = (text: string): string =>
  text.replace(LINE_BREAKS, ' ').replace(CONTROLS, ' ');

/** The length of the longest run of `char` in `text`. */
export function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}

/**
 * Breaks what GitHub links after rendering: `@user` and `@org/team` mentions
 * and e-mail addresses (a space on both sides of `@`, since mentions look
 * after it and e-mail autolinks before it), `scheme://` and `www.` autolinks,
 * and `#123` / `GH-123` issue references.
 */
export function breakAutolinks(text: string): string {
  const z = ZERO_WIDTH_SPACE;
  return text
    .replace(/@/g, `${z}@${z}`)
    .replace(/:\/\//g, `:${z}//`)
    .replace(/(www)\./gi, `$1${z}.`)
    .replace(/#(?=\d)/g, `#${z}`)
    .replace(/(GH-)(?=\d)/gi, `$1${z}`);
}

/** Reporter text as inert Markdown on one line, for use inside a line of bugport's own. */
export const inlineText = (text: string): string =>
  breakAutolinks(singleLine(text)).replace(ASCII_PUNCTUATION, '\\$&');

/**
 * A value as a code span on one line, shown verbatim. Padding with one space
 * on each side lets it start or end with a backtick; CommonMark strips that
 * padding again when rendering.
 */
export function inlineCode(text: string): string {
  const flat = singleLine(text);
  const delimiter = '`'.repeat(longestRun(flat, '`') + 1);
  return `${delimiter} ${flat} ${delimiter}`;
}

/**
 * Text in a fenced code block. The fence is longer than the longest backtick
 * run of the text, so no line of it can close the block early (a `~~~` line
 * cannot close a backtick fence at all). `language` is only a highlighting
 * hint and is reduced to safe characters; never pass `mermaid`, `math` or
 * the like, which GitHub renders.
 */
export function codeBlock(text: string, language = ''): string {
  const normalized = text.replace(/\r\n?/g, '\n');
  const fence = '`'.repeat(Math.max(3, longestRun(normalized, '`') + 1));
  const info = language.replace(/[^A-Za-z0-9_+-]/g, '');
  const content = normalized.endsWith('\n') ? normalized : `${normalized}\n`;
  return `${fence}${info}\n${content}${fence}`;
}
