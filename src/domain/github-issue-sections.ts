import { newest, type IssueReport } from './issue-report.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { codeBlock, inlineCode, inlineText, longestRun, ZERO_WIDTH_SPACE } from './markdown.js';
import { redactJson, redactText } from './redaction.js';

/**
 * The sections of a GitHub issue body, each able to shrink itself so that
 * `github-issue.ts` can fit the body into GitHub's limit without ever
 * cutting through a code fence.
 */
export interface BodySection {
  /** The section as it is when nothing needs cutting. */
  readonly full: string;
  /** The section in at most `budget` characters where possible, else a short stub. */
  readonly shrink: (budget: number) => string;
  /** Tier 1 is cut before tier 2, the largest sections of a tier first; `Infinity` is never cut. */
  readonly cutTier: number;
}

/** Contract section 6: the most recent console errors, API calls and user actions. */
export const DEBUG_ENTRIES_SHOWN = 10;
/** Every heading bugport writes; reporter text can never produce one. */
export const SECTION_TITLES = [
  'Description',
  'Steps to reproduce',
  'Expected behaviour',
  'Actual behaviour',
  'Page and screen',
  'Browser',
  'Screenshot',
  'Console errors',
  'API calls',
  'User actions',
] as const;
type SectionTitle = (typeof SECTION_TITLES)[number];

// Caps that keep one runaway value from crowding out the rest of the report.
const INLINE_MAX = 1_000;
const ENTRY_MAX = 2_000;
const BROWSER_FIELDS_MAX = 30;
const MIN_KEPT_TEXT = 200;
const STUB = "_Cut to fit GitHub's size limit; see the report in bugport._";
const CUT_MARK = '_The rest was cut to fit; see the report in bugport._';

/**
 * Breaks up any `bugport:` in reporter text, so that a reporter cannot plant
 * another ticket's marker and have that ticket's sync adopt this issue.
 */
export const defuseMarkers = (text: string): string =>
  text.replace(/bugport:/gi, `bugport${ZERO_WIDTH_SPACE}:`);

/** Reporter text as it may leave bugport: secrets redacted, markers defused. */
export const cleanText = (text: string): string => defuseMarkers(redactText(text));

/** At most `max` UTF-16 units, never splitting a surrogate pair. */
export function cutTo(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}

/** At most `max` units, with an ellipsis when cut. */
export const ellipsize = (text: string, max: number): string =>
  text.length <= max ? text : `${cutTo(text, max - 1)}…`;

const heading = (title: SectionTitle): string => `### ${title}`;
const stubOf = (title: SectionTitle): string => `${heading(title)}\n\n${STUB}`;
const fixed = (full: string): BodySection => ({ full, shrink: () => full, cutTier: Infinity });

export function textSection(title: SectionTitle, raw: string, cutTier: number): BodySection {
  const text = cleanText(raw);
  const full = `${heading(title)}\n\n${codeBlock(text)}`;
  const fence = Math.max(3, longestRun(text, '`') + 1);
  const overhead = heading(title).length + 2 + 2 * fence + 2 + 2 + CUT_MARK.length;
  return {
    full,
    cutTier,
    shrink: (budget) => {
      if (full.length <= budget) return full;
      const room = budget - overhead;
      if (room < MIN_KEPT_TEXT) return stubOf(title);
      const cut = `${heading(title)}\n\n${codeBlock(cutTo(text, room))}\n\n${CUT_MARK}`;
      return cut.length <= budget ? cut : stubOf(title);
    },
  };
}

// Redacted as JSON (keys decide), not again as text, so that `{"session":false}` stays readable.
const jsonLine = (value: JsonValue): string =>
  defuseMarkers(ellipsize(JSON.stringify(redactJson(value)), ENTRY_MAX));

/** The newest entries, one compact JSON value a line, in the order they happened. */
export function debugSection(
  title: SectionTitle,
  entries: readonly JsonValue[],
  cutTier: number,
): BodySection | null {
  if (entries.length === 0) return null;
  const lines = newest(entries, DEBUG_ENTRIES_SHOWN).map(jsonLine);
  const render = (shown: readonly string[]): string => {
    const which =
      shown.length === entries.length
        ? `${entries.length} in all`
        : `The ${shown.length} most recent of ${entries.length}`;
    const caption = `_${which}, oldest first (the last line is the newest)._`;
    return `${heading(title)}\n\n${caption}\n\n${codeBlock(shown.join('\n'))}`;
  };
  const full = render(lines);
  return {
    full,
    cutTier,
    // Drops the oldest shown entries first: the newest are closest to the failure.
    shrink: (budget) => {
      for (let keep = lines.length; keep > 0; keep -= 1) {
        const candidate = render(lines.slice(lines.length - keep));
        if (candidate.length <= budget) return candidate;
      }
      return stubOf(title);
    },
  };
}

const item = (label: string, value: string): string =>
  `- **${label}:** ${inlineCode(ellipsize(value, INLINE_MAX))}`;

export function pageSection(report: IssueReport): BodySection | null {
  const fields: [string, string | null][] = [
    ['Page URL', report.pageUrl],
    ['Page title', report.pageTitle],
    ['Viewport', report.viewportSize],
    ['Screen', report.screenResolution],
  ];
  const items = fields.flatMap(([label, value]) =>
    value !== null && value.trim() !== '' ? [item(label, cleanText(value))] : [],
  );
  return items.length === 0 ? null : fixed(`${heading('Page and screen')}\n\n${items.join('\n')}`);
}

export function browserSection(info: JsonObject | null, cutTier: number): BodySection | null {
  const redacted = info === null ? null : redactJson(info);
  if (!isJsonObject(redacted)) return null;
  const entries = Object.entries(redacted);
  if (entries.length === 0) return null;
  const items = entries.slice(0, BROWSER_FIELDS_MAX).map(([key, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return `- **${inlineText(ellipsize(cleanText(key), 100))}:** ${inlineCode(ellipsize(cleanText(text), INLINE_MAX))}`;
  });
  const more = entries.length - BROWSER_FIELDS_MAX;
  if (more > 0) items.push(`- _…and ${more} more fields; see the report in bugport._`);
  const full = `${heading('Browser')}\n\n${items.join('\n')}`;
  return { full, cutTier, shrink: (budget) => (full.length <= budget ? full : stubOf('Browser')) };
}

// Only bugport's own URL is linked, and only when it cannot break out of the link destination.
const SAFE_URL = /^https?:\/\/[^\s<>\\]+$/;

export function screenshotSection(
  report: IssueReport,
  screenshotUrl: string | null,
): BodySection | null {
  const lines: string[] = [];
  if (screenshotUrl !== null && SAFE_URL.test(screenshotUrl) && screenshotUrl.length <= 2_000) {
    lines.push(`[View the screenshot](<${screenshotUrl}>)`);
  } else if (screenshotUrl !== null || report.screenshotPath !== null) {
    lines.push('A screenshot is attached in bugport.');
  }
  const files = report.attachments.length;
  if (files > 0) {
    lines.push(`${files} other ${files === 1 ? 'file is' : 'files are'} attached in bugport.`);
  }
  return lines.length === 0 ? null : fixed(`${heading('Screenshot')}\n\n${lines.join('\n\n')}`);
}
