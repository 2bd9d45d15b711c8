import { newest, type IssueReport } from './issue-report.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { codeBlock, inlineCode, inlineText, proseBlock, ZERO_WIDTH_SPACE } from './markdown.js';
import { redactJson, redactText } from './redaction.js';
import { parseUserAgent } from './user-agent.js';

/**
 * The parts of a GitHub issue body, each able to shrink itself so that
 * `github-issue.ts` can fit the body into GitHub's limit without ever
 * cutting through a code fence. The layout is described in docs/github.md
 * and pinned by the golden files in test/fixtures/github-bodies/.
 */
export interface BodySection {
  /** The section as it is when nothing needs cutting. */
  readonly full: string;
  /**
   * The section in at most `budget` characters where possible, else as small as `tier` allows
   * (a debug list keeps its newest entries until the last tier), else a short stub.
   */
  readonly shrink: (budget: number, tier: number) => string;
  /** The tiers in which it may be cut: tier 1 before 2 before 3, the largest sections first. */
  readonly cutTiers: readonly number[];
}

/** Cutting order: debug lists down to their newest entries and browser details, then the texts, then the rest. */
export const CUT_TIERS = { details: 1, texts: 2, newestEntries: 3 } as const;
/** How many of the newest entries a debug list keeps until every text has given way. */
export const NEWEST_KEPT = 3;

/** How many of the most recent console errors, API calls and user actions an issue shows. */
export const DEBUG_ENTRIES_SHOWN = 10;
/** Every heading bugport writes; reporter text can never produce one. */
export const SECTION_TITLES = [
  'Description',
  'Steps to reproduce',
  'Expected behaviour',
  'Actual behaviour',
  'Screenshot',
  'Console errors',
  'API calls',
  'User actions',
  'Browser and screen',
] as const;
type SectionTitle = (typeof SECTION_TITLES)[number];

/** A stack trace longer than this many lines is folded away in a `<details>` element. */
export const STACK_LINES_UNFOLDED = 6;
/** The only HTML bugport writes besides its marker: the fold around a long stack trace. */
export const stackFoldOpen = (shown: number, total: number): string =>
  `<details><summary>Stack trace (${shown === total ? `${total} lines` : `${shown} of ${total} lines`})</summary>`;
export const STACK_FOLD_CLOSE = '</details>';
/** Marks a failed API call (status 400 or more, 0, or a network error) in the table; a text symbol, drawn by common fonts. */
export const FAILED_MARK = '✖';

// Caps that keep one runaway value from crowding out the rest of the report.
const INLINE_MAX = 1_000;
const MESSAGE_MAX = 1_000;
const EXTRA_MAX = 300;
const STACK_LINES_MAX = 50;
const STACK_LINE_MAX = 300;
const STACK_CHARS_MAX = 4_000;
const DETAIL_MAX = 2_000;
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
const fixed = (full: string): BodySection => ({ full, shrink: () => full, cutTiers: [] });

// ---------------------------------------------------------------------------------------------
// Reading debug entries. Every value is redacted as JSON first (keys decide), never again as text.

/** A string already redacted, markers defused, at most `max` characters. */
const shown = (text: string, max: number): string => ellipsize(defuseMarkers(text), max);
const compact = (value: JsonValue): string => JSON.stringify(value) ?? 'null';
const stringOf = (value: JsonValue | undefined): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
const firstOf = (object: JsonObject, keys: readonly string[]): JsonValue | undefined =>
  keys.map((key) => object[key]).find((value) => value !== undefined && value !== null);
const without = (object: JsonObject, keys: readonly string[]): JsonObject =>
  Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));

const TIME_KEYS = ['timestamp', 'time', 'at', 'ts', 'date', 'startedAt', 'startTime'];

/** When an entry happened, from an ISO string or epoch milliseconds (or seconds). */
function timeOf(object: JsonObject): Date | null {
  const value = firstOf(object, TIME_KEYS);
  let ms: number | null = null;
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (value >= 1e11) ms = value;
    else if (value >= 1e9) ms = value * 1000;
  } else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    ms = Date.parse(value);
  }
  if (ms === null || !Number.isFinite(ms)) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date;
}

const pad = (n: number): string => String(n).padStart(2, '0');
/** `2026-03-10 09:30:00 UTC`. */
export const utcDateTime = (date: Date): string =>
  Number.isNaN(date.getTime())
    ? 'unknown'
    : `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)} UTC`;
const clock = (date: Date): string =>
  `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;

/** `−10 s`, `−2 min 5 s`, `−3 h 4 min`, `+1 s`: how long before (or after) the report. */
export function relativeTime(at: Date, reference: Date): string {
  const seconds = Math.round((at.getTime() - reference.getTime()) / 1000);
  const sign = seconds < 0 ? '−' : seconds > 0 ? '+' : '';
  const s = Math.abs(seconds);
  if (s < 60) return `${sign}${s} s`;
  if (s < 3600) return `${sign}${Math.floor(s / 60)} min${s % 60 === 0 ? '' : ` ${s % 60} s`}`;
  if (s < 86_400) {
    const minutes = Math.floor((s % 3600) / 60);
    return `${sign}${Math.floor(s / 3600)} h${minutes === 0 ? '' : ` ${minutes} min`}`;
  }
  return `${sign}${Math.floor(s / 86_400)} d`;
}

// ---------------------------------------------------------------------------------------------
// Sections that shrink by dropping their oldest entries: the newest are closest to the failure.

function entriesSection<T>(
  title: SectionTitle,
  total: number,
  items: readonly T[],
  renderItems: (items: readonly T[]) => string,
  note: string,
): BodySection {
  const render = (kept: readonly T[]): string => {
    const which =
      kept.length === total ? `${total} in all` : `The ${kept.length} most recent of ${total}`;
    return `${heading(title)}\n\n_${which}, oldest first: the newest is last${note}._\n\n${renderItems(kept)}`;
  };
  const full = render(items);
  return {
    full,
    cutTiers: [CUT_TIERS.details, CUT_TIERS.newestEntries],
    shrink: (budget, tier) => {
      const floor = tier < CUT_TIERS.newestEntries ? Math.min(NEWEST_KEPT, items.length) : 1;
      for (let keep = items.length; keep >= floor; keep -= 1) {
        const candidate = render(items.slice(items.length - keep));
        if (candidate.length <= budget || keep === floor) {
          return candidate.length <= budget || tier < CUT_TIERS.newestEntries
            ? candidate
            : stubOf(title);
        }
      }
      return stubOf(title);
    },
  };
}

interface ConsoleError {
  readonly time: Date | null;
  readonly message: string;
  readonly stack: readonly string[];
  readonly extra: string | null;
}

const MESSAGE_KEYS = ['message', 'msg', 'text', 'error', 'reason'];

function readConsoleError(entry: JsonValue): ConsoleError {
  if (typeof entry === 'string') return { time: null, message: entry, stack: [], extra: null };
  if (!isJsonObject(entry)) return { time: null, message: compact(entry), stack: [], extra: null };
  const messageKey = MESSAGE_KEYS.find((key) => typeof entry[key] === 'string');
  const stackValue = entry.stack;
  const stack = typeof stackValue === 'string' ? stackValue : null;
  if (messageKey === undefined && stack === null) {
    return { time: timeOf(entry), message: compact(entry), stack: [], extra: null };
  }
  const message = messageKey === undefined ? '' : String(entry[messageKey]);
  let lines = (stack ?? '')
    .split(/\r\n?|\n|\u2028|\u2029/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  // V8 repeats the message as the first line of the stack.
  if (lines[0] !== undefined && message !== '' && lines[0].endsWith(message))
    lines = lines.slice(1);
  const rest = without(entry, [...(messageKey ? [messageKey] : []), 'stack', ...TIME_KEYS]);
  const extra = Object.keys(rest).length === 0 ? null : compact(rest);
  return { time: timeOf(entry), message, stack: lines, extra };
}

function stackBlock(lines: readonly string[]): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines.slice(0, STACK_LINES_MAX).map((l) => shown(l, STACK_LINE_MAX))) {
    if (length + line.length + 1 > STACK_CHARS_MAX) break;
    kept.push(line);
    length += line.length + 1;
  }
  const block = codeBlock(kept.join('\n'));
  if (lines.length <= STACK_LINES_UNFOLDED) return block;
  return `${stackFoldOpen(kept.length, lines.length)}\n\n${block}\n\n${STACK_FOLD_CLOSE}`;
}

const timeLabel = (time: Date | null, reference: Date): string =>
  time === null ? '**Time unknown**' : `**${clock(time)} UTC** (${relativeTime(time, reference)})`;

function renderConsoleError(error: ConsoleError, reference: Date): string {
  const lines = [
    `${timeLabel(error.time, reference)} · ${inlineCode(shown(error.message || '(no message)', MESSAGE_MAX))}`,
  ];
  if (error.extra !== null) lines.push(inlineCode(shown(error.extra, EXTRA_MAX)));
  const head = lines.join('\\\n');
  return error.stack.length === 0 ? head : `${head}\n\n${stackBlock(error.stack)}`;
}

export function consoleSection(entries: readonly JsonValue[], reference: Date): BodySection | null {
  if (entries.length === 0) return null;
  const items = newest(entries, DEBUG_ENTRIES_SHOWN).map((entry) =>
    renderConsoleError(readConsoleError(redactJson(entry)), reference),
  );
  return entriesSection('Console errors', entries.length, items, (kept) => kept.join('\n\n'), '');
}

export interface ApiCall {
  readonly time: Date | null;
  readonly method: string | null;
  readonly url: string | null;
  /** `null` when the entry has none; 0 is a network error as browsers report it. */
  readonly status: number | null;
  readonly durationMs: number | null;
  readonly error: boolean;
  /** Fields other than the ones the table shows, for a failed call's details. */
  readonly rest: JsonObject;
  /** The whole entry, when it is not shaped like an API call at all. */
  readonly raw: string | null;
}

const URL_KEYS = ['url', 'path', 'endpoint', 'uri'];
const STATUS_KEYS = ['status', 'statusCode', 'status_code'];
const DURATION_KEYS = ['duration', 'durationMs', 'duration_ms', 'elapsed', 'elapsedMs', 'latency'];

const numberOf = (value: JsonValue | undefined): number | null => {
  const n = typeof value === 'string' && /^\d{1,6}(?:\.\d+)?$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};

/** An API history entry as the table shows it; the entry must already be redacted. */
export function readApiCall(entry: JsonValue): ApiCall {
  const none = { time: null, method: null, url: null, status: null, durationMs: null, rest: {} };
  if (!isJsonObject(entry)) return { ...none, error: false, raw: compact(entry) };
  const url = stringOf(firstOf(entry, URL_KEYS));
  const method = stringOf(entry.method ?? null);
  if (url === null && method === null) {
    return { ...none, time: timeOf(entry), error: false, raw: compact(entry) };
  }
  const errorValue = entry.error;
  return {
    time: timeOf(entry),
    method,
    url,
    status: numberOf(firstOf(entry, STATUS_KEYS)),
    durationMs: numberOf(firstOf(entry, DURATION_KEYS)),
    error: errorValue !== undefined && errorValue !== null && errorValue !== false,
    rest: without(entry, ['method', ...URL_KEYS, ...STATUS_KEYS, ...DURATION_KEYS, ...TIME_KEYS]),
    raw: null,
  };
}

/** Status 400 or more, status 0, or a network error. */
export const isFailedCall = (call: ApiCall): boolean =>
  call.raw === null &&
  (call.error || (call.status !== null && (call.status >= 400 || call.status === 0)));

// No `|` may reach a table cell: GitHub and markdown-it disagree on `\\|` inside code spans.
const cellCode = (text: string, max: number): string =>
  inlineCode(shown(text, max).replace(/\|/g, '%7C'));
const plainMethod = (method: string): string | null =>
  /^[A-Za-z]{1,12}$/.test(method) ? method.toUpperCase() : null;

/** `POST /api/invoices/export`, for the summary and the failed call's details. */
export const callLabel = (call: ApiCall): string =>
  inlineCode(
    shown(
      `${call.method === null ? '' : `${plainMethod(call.method) ?? call.method} `}${call.url ?? ''}`,
      300,
    ),
  );

const statusText = (call: ApiCall): string =>
  call.status === null || call.status === 0
    ? call.error || call.status === 0
      ? 'network error'
      : '—'
    : String(call.status);

function callRow(call: ApiCall): string {
  const failed = isFailedCall(call);
  const method =
    call.method === null ? '—' : (plainMethod(call.method) ?? cellCode(call.method, 40));
  const status = failed ? `**${statusText(call)}**` : statusText(call);
  const duration = call.durationMs === null ? '—' : `${Math.round(call.durationMs)} ms`;
  const time = call.time === null ? '—' : clock(call.time);
  const url = call.url === null ? '—' : cellCode(call.url, 500);
  return `| ${failed ? FAILED_MARK : ''} | ${time} | ${method} | ${url} | ${status} | ${duration} |`;
}

function renderApiCalls(calls: readonly ApiCall[]): string {
  const parts: string[] = [];
  const rows = calls.filter((call) => call.raw === null).map(callRow);
  if (rows.length > 0) {
    parts.push(
      [
        '|  | Time (UTC) | Method | URL | Status | Duration |',
        '|---|---|---|---|---|---|',
        ...rows,
      ].join('\n'),
    );
  }
  const others = calls.flatMap((call) => (call.raw === null ? [] : [shown(call.raw, DETAIL_MAX)]));
  if (others.length > 0)
    parts.push(`Entries not shaped like an API call:\n\n${codeBlock(others.join('\n'))}`);
  for (const call of calls) {
    if (!isFailedCall(call) || Object.keys(call.rest).length === 0) continue;
    const details = shown(JSON.stringify(call.rest, null, 2), DETAIL_MAX);
    parts.push(
      `${FAILED_MARK} **Failed:** ${callLabel(call)} → **${statusText(call)}**\n\n${codeBlock(details, 'json')}`,
    );
  }
  return parts.join('\n\n');
}

export function apiSection(entries: readonly JsonValue[]): BodySection | null {
  if (entries.length === 0) return null;
  const calls = newest(entries, DEBUG_ENTRIES_SHOWN).map((entry) => readApiCall(redactJson(entry)));
  return entriesSection('API calls', entries.length, calls, renderApiCalls, '');
}

const ACTION_TYPE_KEYS = ['type', 'action', 'event', 'kind'];
const ACTION_TARGET_KEYS = ['target', 'selector', 'element'];
const ACTION_VALUE_KEYS = ['value', 'text', 'key'];
const ACTION_URL_KEYS = ['url', 'to', 'href', 'path'];

function renderAction(entry: JsonValue, reference: Date): string {
  const object = isJsonObject(entry) ? entry : null;
  const time = object === null ? null : timeOf(object);
  const when = time === null ? '**—**' : `**${relativeTime(time, reference)}**`;
  if (object === null) {
    return `- ${when} ${inlineCode(shown(typeof entry === 'string' ? entry : compact(entry), INLINE_MAX))}`;
  }
  const parts: string[] = [];
  const type = stringOf(firstOf(object, ACTION_TYPE_KEYS));
  const target = stringOf(firstOf(object, ACTION_TARGET_KEYS));
  const value = firstOf(object, ACTION_VALUE_KEYS);
  const url = stringOf(firstOf(object, ACTION_URL_KEYS));
  if (type !== null) parts.push(inlineText(shown(type, 40)));
  if (target !== null) parts.push(inlineCode(shown(target, 300)));
  if (value !== undefined) {
    parts.push(`→ ${inlineCode(shown(typeof value === 'string' ? value : compact(value), 300))}`);
  }
  if (url !== null) parts.push(inlineCode(shown(url, 500)));
  if (parts.length === 0) parts.push(inlineCode(shown(compact(object), INLINE_MAX)));
  return `- ${when} ${parts.join(' ')}`;
}

export function actionsSection(entries: readonly JsonValue[], reference: Date): BodySection | null {
  if (entries.length === 0) return null;
  const items = newest(entries, DEBUG_ENTRIES_SHOWN).map((entry) =>
    renderAction(redactJson(entry), reference),
  );
  return entriesSection(
    'User actions',
    entries.length,
    items,
    (kept) => kept.join('\n'),
    `; times are relative to the report (${utcDateTime(reference)})`,
  );
}

// ---------------------------------------------------------------------------------------------
// Reporter prose: escaped Markdown paragraphs that wrap, cut by whole characters of the text.

export function textSection(title: SectionTitle, raw: string): BodySection {
  const text = cleanText(raw);
  const render = (part: string): string => `${heading(title)}\n\n${proseBlock(part)}`;
  const full = render(text);
  return {
    full,
    cutTiers: [CUT_TIERS.texts],
    shrink: (budget) => {
      if (full.length <= budget) return full;
      const cut = (n: number): string => `${render(cutTo(text, n))}\n\n${CUT_MARK}`;
      // The longest prefix of the text whose rendering fits: escaping makes the length grow unevenly.
      let low = 0;
      let high = text.length;
      while (low < high) {
        const mid = Math.ceil((low + high) / 2);
        if (cut(mid).length <= budget) low = mid;
        else high = mid - 1;
      }
      return low < MIN_KEPT_TEXT ? stubOf(title) : cut(low);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The summary at the top, the browser details and the screenshot.

const infoString = (info: JsonObject | null, keys: readonly string[]): string | null => {
  if (info === null) return null;
  const value = stringOf(firstOf(info, keys));
  return value === null || value.trim() === '' ? null : value.trim();
};

const UA_KEYS = ['user_agent', 'userAgent', 'ua'];
const dimension = (value: string | null): string | null =>
  value === null || value.trim() === ''
    ? null
    : value.trim().replace(/^(\d+)\s*[x×*]\s*(\d+)$/i, '$1×$2');

/** `Chrome 120 · macOS · en-US · viewport 1440×900`, from the user agent and what the browser said. */
export function browserLine(report: IssueReport): string | null {
  const redacted =
    report.context.browserInfo === null ? null : redactJson(report.context.browserInfo);
  const info = isJsonObject(redacted) ? redacted : null;
  const ua = parseUserAgent(infoString(info, UA_KEYS) ?? '');
  const name = ua.browser ?? infoString(info, ['name', 'browser', 'browserName']);
  const rawVersion =
    ua.browser !== null ? ua.version : infoString(info, ['version', 'browserVersion']);
  const version = rawVersion === null ? null : (/^\d+/.exec(rawVersion)?.[0] ?? rawVersion);
  const os = ua.os ?? infoString(info, ['os', 'platform']);
  const language = infoString(info, ['language', 'locale', 'lang']);
  const viewport = dimension(report.context.viewportSize);
  const parts = [
    name === null ? null : version === null ? name : `${name} ${version}`,
    os,
    language,
    viewport === null ? null : `viewport ${viewport}`,
  ].filter((part): part is string => part !== null);
  return parts.length === 0
    ? null
    : parts.map((part) => inlineText(ellipsize(cleanText(part), 60))).join(' · ');
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** `1 console error · 1 failed API call (POST /api/export → 500)`, or `null` when nothing failed. */
export function failureHint(report: IssueReport): string | null {
  const parts: string[] = [];
  if (report.debug.consoleErrors.length > 0) {
    parts.push(plural(report.debug.consoleErrors.length, 'console error', 'console errors'));
  }
  const failed = report.debug.apiHistory
    .map((entry) => readApiCall(redactJson(entry)))
    .filter(isFailedCall);
  const last = failed[failed.length - 1];
  if (last !== undefined) {
    parts.push(
      `${plural(failed.length, 'failed API call', 'failed API calls')} (${failed.length > 1 ? 'the last: ' : ''}${callLabel(last)} → ${statusText(last)})`,
    );
  }
  return parts.length === 0 ? null : parts.join(' · ');
}

/** The lines at the top: what, when, where, in which browser, and what failed. */
export function summary(report: IssueReport): string {
  const lines = [
    `**Ticket:** ${inlineCode(report.ticketNumber)} · **Category:** ${inlineText(report.problem.category)} · ` +
      `**Severity:** ${inlineText(report.problem.severity)}`,
    `**When:** ${utcDateTime(report.createdAt)}`,
  ];
  const title =
    report.context.pageTitle === null || report.context.pageTitle.trim() === ''
      ? null
      : report.context.pageTitle;
  const url =
    report.context.pageUrl === null || report.context.pageUrl.trim() === ''
      ? null
      : report.context.pageUrl;
  const page = [
    title === null ? null : inlineText(ellipsize(cleanText(title), 200)),
    url === null ? null : inlineCode(ellipsize(cleanText(url), INLINE_MAX)),
  ].filter((part): part is string => part !== null);
  if (page.length > 0) lines.push(`**Page:** ${page.join(' · ')}`);
  const browser = browserLine(report);
  if (browser !== null) lines.push(`**Browser:** ${browser}`);
  const hint = failureHint(report);
  if (hint !== null) lines.push(`**What failed:** ${hint}`);
  return lines.join('\\\n');
}

const item = (label: string, value: string): string =>
  `- **${label}:** ${inlineCode(ellipsize(value, INLINE_MAX))}`;

/** Everything the browser reported, in detail; the summary has the one-line version. */
export function browserSection(report: IssueReport): BodySection | null {
  const redacted =
    report.context.browserInfo === null ? null : redactJson(report.context.browserInfo);
  const info = isJsonObject(redacted) ? redacted : {};
  const items: string[] = [];
  for (const [label, value] of [
    ['Viewport', report.context.viewportSize],
    ['Screen', report.context.screenResolution],
    ['User agent', infoString(info, UA_KEYS)],
  ] as const) {
    if (value !== null && value.trim() !== '') items.push(item(label, cleanText(value)));
  }
  const entries = Object.entries(info).filter(([key]) => !UA_KEYS.includes(key));
  for (const [key, value] of entries.slice(0, BROWSER_FIELDS_MAX)) {
    const text = typeof value === 'string' ? value : compact(value);
    items.push(
      `- ${inlineCode(ellipsize(cleanText(key), 100))}: ${inlineCode(ellipsize(cleanText(text), INLINE_MAX))}`,
    );
  }
  const more = entries.length - BROWSER_FIELDS_MAX;
  if (more > 0) items.push(`- _…and ${more} more fields; see the report in bugport._`);
  if (items.length === 0) return null;
  const full = `${heading('Browser and screen')}\n\n${items.join('\n')}`;
  return {
    full,
    cutTiers: [CUT_TIERS.details],
    shrink: (budget) => (full.length <= budget ? full : stubOf('Browser and screen')),
  };
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
  } else if (screenshotUrl !== null || report.screenshot.path !== null) {
    lines.push('A screenshot is attached in bugport.');
  }
  const files = report.screenshot.attachments.length;
  if (files > 0) {
    lines.push(`${files} other ${files === 1 ? 'file is' : 'files are'} attached in bugport.`);
  }
  return lines.length === 0 ? null : fixed(`${heading('Screenshot')}\n\n${lines.join('\n\n')}`);
}
