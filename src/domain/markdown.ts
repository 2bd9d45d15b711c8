/**
 * Making reporter text inert on GitHub (nothing the reporter typed can
 * become markup). Three containers, safest first:
 *
 * - `codeBlock`: multi-line text in a fence longer than any backtick run in
 *   it, so no line of the text can close it. GitHub renders nothing inside a
 *   code block: no mention, link, HTML or heading.
 * - `inlineCode`: single-line values in a code span, delimited likewise.
 * - `inlineText` and `proseBlock`: plain text, every Markdown character
 *   backslash-escaped, so that it wraps like any paragraph. GitHub finds
 *   mentions, autolinks, issue references, commit SHAs and emoji in the text
 *   *after* Markdown is rendered, where escapes are gone; so they are broken
 *   with an invisible zero-width space instead; URLs, and hex strings that
 *   GitHub would link as commits, are put in code spans.
 *
 * Unicode direction controls are dropped from everything (`stripBidi`):
 * they make GitHub show text in another order than it is.
 */

export const ZERO_WIDTH_SPACE = '\u200B';

// CommonMark line endings plus the Unicode ones, and control characters GitHub would mangle.
const LINE_BREAKS = /\r\n?|[\n\u2028\u2029\u0085]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F]/g;
// Every ASCII punctuation character: CommonMark lets each be escaped with a backslash.
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;
// Right-to-left and left-to-right marks, embeddings, overrides and isolates.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// Put in code spans within prose: what GitHub may link as a commit (a word of 7 or more hex
// digits, one with a digit in it), and URLs, which stay copyable there instead of being broken
// up; a URL's trailing punctuation is left to the sentence.
const IN_CODE =
  /(?<![A-Za-z0-9_])(?=[a-fA-F]*[0-9])[0-9a-fA-F]{7,}(?![A-Za-z0-9_])|\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>`]*[^\s<>`.,;:!?)\]'"]/gi;

/** Text without Unicode direction controls, which would reorder what a reader sees. */
export const stripBidi = (text: string): string => text.replace(BIDI_CONTROLS, '');

/** Text on one line: line breaks and control characters become spaces, direction controls go. */
export const singleLine = (text: string): string =>
  stripBidi(text).replace(LINE_BREAKS, ' ').replace(CONTROLS, ' ');

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
 * `#123` / `GH-123` / `owner/repo#1` issue references, bare domains
 * (`evil.com`, by breaking every dot before a letter) and `:emoji:` codes
 * (every colon before a word character, as the closing one may follow).
 */
export function breakAutolinks(text: string): string {
  const z = ZERO_WIDTH_SPACE;
  return text
    .replace(/@/g, `${z}@${z}`)
    .replace(/:\/\//g, `:${z}//`)
    .replace(/(www)\./gi, `$1${z}.`)
    .replace(/\.(?=\p{L})/gu, `.${z}`)
    .replace(/#(?=\d)/g, `#${z}`)
    .replace(/(GH-)(?=\d)/gi, `$1${z}`)
    .replace(/:(?=[A-Za-z0-9_+-])/g, `:${z}`);
}

const escapeText = (text: string): string =>
  breakAutolinks(text).replace(ASCII_PUNCTUATION, '\\$&');

/** One line (no line breaks) as inert Markdown: escaped text, commit-like hex and URLs in code spans. */
function inertLine(line: string): string {
  let out = '';
  let at = 0;
  for (const match of line.matchAll(IN_CODE)) {
    out += escapeText(line.slice(at, match.index)) + inlineCode(match[0]);
    at = match.index + match[0].length;
  }
  return out + escapeText(line.slice(at));
}

/** Reporter text as inert Markdown on one line, for use inside a line of bugport's own. */
export const inlineText = (text: string): string => inertLine(singleLine(text));

// Leading spaces and tabs would make an indented code block; no-break spaces keep the indent.
const leadingIndent = (line: string): string =>
  line.replace(/^[ \t]+/, (indent) => indent.replace(/\t/g, '    ').replace(/ /g, '\u00A0'));

/**
 * Reporter text as Markdown paragraphs that wrap like any other: every line
 * break kept (a hard break, `\` at the end of the line), blank lines between
 * paragraphs, indentation kept with no-break spaces, and nothing active.
 * A numbered step stays a line of text (`1\.`), not a list GitHub renumbers.
 */
export function proseBlock(text: string): string {
  const paragraphs: string[][] = [[]];
  for (const raw of stripBidi(text).split(LINE_BREAKS)) {
    const line = raw.replace(CONTROLS, ' ').trimEnd();
    const current = paragraphs[paragraphs.length - 1] ?? [];
    if (line.trim() === '') {
      if (current.length > 0) paragraphs.push([]);
      continue;
    }
    current.push(leadingIndent(inertLine(line)));
  }
  return paragraphs
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\\\n'))
    .join('\n\n');
}

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
  const normalized = stripBidi(text).replace(/\r\n?/g, '\n');
  const fence = '`'.repeat(Math.max(3, longestRun(normalized, '`') + 1));
  const info = language.replace(/[^A-Za-z0-9_+-]/g, '');
  const content = normalized.endsWith('\n') ? normalized : `${normalized}\n`;
  return `${fence}${info}\n${content}${fence}`;
}
