import fc from 'fast-check';
import {
  CATEGORIES,
  LIMITS,
  SEVERITIES,
  STATUSES,
  NOT_YET_FILED,
  firstEmailState,
  type IssueReport,
} from '../../src/domain/issue-report.js';
import type { JsonObject, JsonValue } from '../../src/domain/json.js';
import { formatTicketNumber } from '../../src/domain/ticket-number.js';

/** fast-check arbitraries for bug reports, shared by every property test. */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const BASE64URL = `${ALNUM}-_`;
const BASE64 = `${ALNUM}+/`;

/** Strings of `min`..`max` characters drawn from `alphabet`. */
export const charsOf = (alphabet: string, min: number, max = min): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });

/** Text as reporters type it: anything, including line breaks and non-ASCII. */
export const aPlainText = (maxLength = 60): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ maxLength }), fc.string({ unit: 'grapheme', maxLength }));

/** Fragments that would be markup, mentions, links or fence escapes if rendered as Markdown. */
export const MARKUP_FRAGMENTS = [
  '@user',
  '@org/team',
  ' @a-b ',
  'cc @octocat, thanks',
  '[x](http://evil.example)',
  '[x][ref]',
  '[ref]: http://evil.example',
  '![i](http://x.example/y.png)',
  '# h',
  '\n## heading\n',
  'Title\n===\n',
  'Sub\n---\n',
  '<img src=x onerror=alert(1)>',
  '<!--',
  '-->',
  '<script>alert(1)</script>',
  '<details><summary>x</summary>',
  '</div>',
  '&amp;',
  '&#64;user',
  '&lt;b&gt;',
  '```',
  '~~~',
  '````js',
  '\n```\n',
  '\n~~~\n',
  '\n    ```\n',
  'http://evil.example/a?b=c',
  'https://x.example',
  'ftp://x.example/f',
  'www.x.com',
  'WWW.X.COM',
  '_www.x.com_',
  'a@b.com',
  'mailto:a@b.com',
  '<http://x.example>',
  '<a@b.com>',
  '#123',
  'GH-42',
  'owner/repo#7',
  '\r\n',
  '\n',
  '\r',
  '\n\n',
  '    indented',
  '> quote',
  '- item',
  '1. item',
  '| a | b |\n|---|---|\n| c | d |',
  '---',
  '***',
  '\\',
  '*',
  '_',
  '**bold**',
  '~~s~~',
  '$x$',
  ':smile:',
  'é',
  '😀',
  '\u200B',
  '\u2028',
  '\u202E',
  '\t',
  ' ',
  'text',
  'bugport:BUG-2026-0002',
  '<!-- bugport:BUG-2026-0002 -->',
] as const;

/**
 * Fragments aimed at escaped-text prose (reporter paragraphs that wrap) rather than
 * at code blocks: escapes and entities, every line-start block marker, GitHub's autolinks,
 * references and shortcodes. Most start a line, as the block constructs need.
 */
export const PROSE_FRAGMENTS = [
  '\\',
  '\\*',
  '\\`',
  '\\\\',
  '\\\n',
  '  \n',
  '&amp;',
  '&#64;',
  '&#x40;',
  '&nbsp;',
  '&copy',
  '\n- item',
  '\n+ item',
  '\n* item',
  '\n1. step',
  '\n2) step',
  '\n> quote',
  '\n>> nested',
  '\n===',
  '\n---',
  '\n- - -',
  '\n| a | b |\n| --- | --- |\n| c | d |',
  'a | b',
  '\n|---|',
  '<http://x.example>',
  '<https://evil.example/p>',
  '<a@b.example>',
  'www.evil.example',
  'www.evil.example/path?q=1',
  'evil.com',
  'sub.evil.co.uk/path',
  'evil.example.',
  ':tada:',
  ':+1:',
  ':100:',
  ':shipit:',
  '#123',
  'GH-1',
  'gh-1',
  'owner/repo#1',
  'owner/repo@a1b2c3d',
  'a1b2c3d',
  '3f2b8c4e9d1a4c7e8b5f2a6d9e0c1b7a3f2b8c4e',
  '[^1]',
  '\n[^1]: note',
  '\n- [ ] task',
  '\n- [x] done',
  '\n    code',
  '\n\n    code',
  '\n\tcode',
  '\n   \t code',
  '\n```js',
  '\n~~~',
  '\n<div>',
  '\n<!-- c -->',
  '\n$$\nx\n$$',
  '$x$',
  '[x]',
  '[x]: /u',
  '\u00A0',
  '\u3000',
] as const;

/** Text built to break out of whatever bugport puts it in. */
export const anAdversarialText = (maxParts = 12): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...MARKUP_FRAGMENTS) },
        { weight: 3, arbitrary: fc.constantFrom(...PROSE_FRAGMENTS) },
        { weight: 2, arbitrary: fc.integer({ min: 1, max: 10 }).map((n) => '`'.repeat(n)) },
        { weight: 1, arbitrary: fc.integer({ min: 3, max: 10 }).map((n) => '~'.repeat(n)) },
        { weight: 2, arbitrary: aPlainText(8) },
      ),
      { maxLength: maxParts },
    )
    .map((parts) => parts.join(''));

/** A debug entry as browsers record them: a string, a known shape, or any JSON. */
export const aDebugEntry = (text: fc.Arbitrary<string>): fc.Arbitrary<JsonValue> =>
  fc.oneof(
    text,
    fc.record({ message: text, stack: text, timestamp: fc.constant('2026-03-10T09:29:00Z') }),
    fc.record({
      method: fc.constantFrom('GET', 'POST'),
      url: text,
      status: fc.integer({ min: 100, max: 599 }),
      duration: fc.nat(5000),
    }),
    fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null)), {
      maxKeys: 4,
    }),
    fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>,
  );

const aJsonObject = (text: fc.Arbitrary<string>): fc.Arbitrary<JsonObject> =>
  fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean()), { maxKeys: 5 });

const aBrowserInfo = (text: fc.Arbitrary<string>): fc.Arbitrary<JsonObject> =>
  fc
    .tuple(
      fc.record({
        name: fc.oneof(fc.constantFrom('Chrome', 'Firefox', 'Safari'), text),
        version: fc.oneof(fc.constantFrom('120.0', '17.2'), text),
        platform: fc.oneof(fc.constantFrom('macOS', 'Windows', 'Linux'), text),
        user_agent: fc.oneof(fc.constant('Mozilla/5.0 (X11; Linux x86_64)'), text),
        language: fc.constantFrom('en-US', 'de-DE'),
      }),
      aJsonObject(text),
    )
    .map(([known, extra]) => ({ ...extra, ...known }));

const nonBlank = (max: number) => (text: string) => text.trim().slice(0, max).trim() || 'x';
const optional = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.option(arbitrary, { nil: null });

export interface ReportArbitraryOptions {
  /** Every free-text field; also the strings inside JSON fields. */
  readonly text?: fc.Arbitrary<string>;
  /** Longest debug arrays; longer than 10 exercises the "10 most recent" rule. */
  readonly maxDebugEntries?: number;
}

const aDimension = fc
  .tuple(fc.integer({ min: 320, max: 7680 }), fc.integer({ min: 240, max: 4320 }))
  .map(([w, h]) => `${w}x${h}`);

/** A complete, valid `IssueReport`, as the aggregate could hold it. */
export function anIssueReport(options: ReportArbitraryOptions = {}): fc.Arbitrary<IssueReport> {
  const text = options.text ?? aPlainText();
  const debug = fc.array(aDebugEntry(text), { maxLength: options.maxDebugEntries ?? 25 });
  const created = fc.date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2030-12-31T00:00:00Z'),
    noInvalidDate: true,
  });
  return fc
    .record({
      id: fc.uuid({ version: 4 }),
      sequence: fc.integer({ min: 1, max: 20_000 }),
      category: fc.constantFrom(...CATEGORIES),
      severity: fc.constantFrom(...SEVERITIES),
      status: fc.constantFrom(...STATUSES),
      title: text.map(nonBlank(LIMITS.title)),
      description: text.map(nonBlank(LIMITS.longText)),
      stepsToReproduce: optional(text),
      expectedBehavior: optional(text),
      actualBehavior: optional(text),
      userId: fc.integer({ min: 1, max: 1_000_000 }),
      companyId: fc.integer({ min: 1, max: 1_000 }),
      reporterName: fc.string({ minLength: 1, maxLength: 40 }),
      reporterEmail: optional(fc.emailAddress()),
      browserInfo: optional(aBrowserInfo(text)),
      pageUrl: optional(fc.oneof(fc.webUrl({ withQueryParameters: true }), text)),
      pageTitle: optional(text.map((t) => t.slice(0, LIMITS.pageTitle))),
      viewportSize: optional(aDimension),
      screenResolution: optional(aDimension),
      consoleErrors: debug,
      apiHistory: debug,
      userActions: debug,
      localStorageData: optional(aJsonObject(text)),
      sessionStorageData: optional(aJsonObject(text)),
      screenshotPath: optional(fc.uuid().map((id) => `uploads/screenshots/${id}.png`)),
      attachments: fc.array(
        fc.uuid().map((id) => `${id}.png`),
        { maxLength: 3 },
      ),
      createdAt: created,
      ageMs: fc.nat(30 * 24 * 3600 * 1000),
    })
    .map((fields): IssueReport => {
      const { createdAt, status, reporterEmail } = fields;
      const updatedAt = new Date(createdAt.getTime() + fields.ageMs);
      const done = status === 'resolved' || status === 'closed';
      return {
        id: fields.id,
        ticketNumber: formatTicketNumber({
          year: createdAt.getUTCFullYear(),
          sequence: fields.sequence,
        }),
        createdAt,
        updatedAt,
        reporter: {
          userId: fields.userId,
          companyId: fields.companyId,
          name: fields.reporterName,
          email: reporterEmail,
        },
        problem: {
          category: fields.category,
          severity: fields.severity,
          title: fields.title,
          description: fields.description,
          stepsToReproduce: fields.stepsToReproduce,
          expectedBehavior: fields.expectedBehavior,
          actualBehavior: fields.actualBehavior,
        },
        context: {
          pageUrl: fields.pageUrl === null ? null : fields.pageUrl.slice(0, LIMITS.pageUrl),
          pageTitle: fields.pageTitle,
          viewportSize: fields.viewportSize,
          screenResolution: fields.screenResolution,
          browserInfo: fields.browserInfo,
        },
        debug: {
          consoleErrors: fields.consoleErrors,
          apiHistory: fields.apiHistory,
          userActions: fields.userActions,
          localStorageData: fields.localStorageData,
          sessionStorageData: fields.sessionStorageData,
        },
        screenshot: {
          path: fields.screenshotPath,
          annotations: null,
          attachments: fields.attachments,
        },
        github: NOT_YET_FILED,
        email: firstEmailState(reporterEmail),
        workflow: {
          status,
          assignedTo: null,
          internalNotes: null,
          resolutionNotes: null,
          resolvedAt: done ? updatedAt : null,
        },
      };
    });
}

/**
 * A credential, and the ways a reporter's browser could carry it: in free
 * text, in a URL and in a JSON debug entry. `secret` is the raw string that
 * must never reach GitHub.
 */
export interface PlantedSecret {
  readonly kind: string;
  readonly secret: string;
  readonly text: string;
  readonly url: string;
  readonly json: JsonObject;
}

const planted = (
  kind: string,
  secret: fc.Arbitrary<string>,
  text: (s: string) => string[],
  url: (s: string) => string[],
  json: (s: string) => JsonObject[],
): fc.Arbitrary<PlantedSecret> =>
  secret.chain((s) =>
    fc.record({
      kind: fc.constant(kind),
      secret: fc.constant(s),
      text: fc.constantFrom(...text(s)),
      url: fc.constantFrom(...url(s)),
      json: fc.constantFrom(...json(s)),
    }),
  );

const APP = 'https://app.example.com/invoices';
const encoded = (url: string): string => `${APP}?next=${encodeURIComponent(url)}`;
// Shaped like a key of its kind; the text around it in a field is what redaction must recognise.
const aTokenOfShape = fc.oneof(
  fc.tuple(fc.constantFrom('ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'), charsOf(ALNUM, 36)),
  fc.tuple(fc.constant('github_pat_'), charsOf(`${ALNUM}_`, 60, 82)),
  fc.tuple(fc.constantFrom('sk-', 'sk-proj-', 'sk-ant-api03-'), charsOf(ALNUM, 32, 48)),
  fc.tuple(fc.constantFrom('sk_live_', 'pk_live_', 'rk_live_', 'sk_test_'), charsOf(ALNUM, 24, 32)),
  fc.tuple(fc.constantFrom('AKIA', 'ASIA'), charsOf(UPPER_DIGITS, 16)),
  fc.tuple(fc.constantFrom('xoxb-', 'xoxp-', 'xoxa-'), charsOf(`${ALNUM}-`, 24, 50)),
  fc.tuple(fc.constant('AIza'), charsOf(`${ALNUM}_-`, 35)),
);

/** One generated credential of every kind bugport promises to redact. */
export const aPlantedSecret = (): fc.Arbitrary<PlantedSecret> => {
  const password = charsOf(`${ALNUM}!$*-._~@`, 12, 24).filter((s) => /[0-9]/.test(s));
  const token = charsOf(BASE64URL, 24, 48);
  return fc.oneof(
    planted(
      'bearer',
      token,
      (s) => [`Authorization: Bearer ${s}`, `got 401 with Bearer ${s}`],
      (s) => [`${APP}?access_token=${s}`, `${APP}#access_token=${s}&token_type=bearer`],
      (s): JsonObject[] => [{ headers: { Authorization: `Bearer ${s}` } }, { token: s }],
    ),
    planted(
      'basic',
      fc
        .tuple(charsOf(ALNUM, 4, 12), charsOf(ALNUM, 8, 16))
        .map(([user, pass]) => Buffer.from(`${user}:${pass}`).toString('base64')),
      (s) => [`Authorization: Basic ${s}`, `-H 'authorization: Basic ${s}'`],
      (s) => [`${APP}?auth=${s}`],
      (s): JsonObject[] => [
        { headers: { authorization: `Basic ${s}` } },
        { name: 'Authorization', value: `Basic ${s}` },
      ],
    ),
    planted(
      'jwt',
      fc
        .tuple(charsOf(BASE64URL, 10, 40), charsOf(BASE64URL, 10, 60), charsOf(BASE64URL, 20, 43))
        .map(([header, payload, signature]) => `eyJ${header}.eyJ${payload}.${signature}`),
      (s) => [`session expired for ${s}`, `jwt=${s}`],
      (s) => [`${APP}?id_token=${s}`, `${APP}?state=${s}`],
      (s): JsonObject[] => [{ data: s }, { response: { body: `{"token":"${s}"}` } }],
    ),
    planted(
      'shaped token',
      aTokenOfShape.map(([prefix, rest]) => prefix + rest),
      (s) => [`using ${s} for the export`, `"key": "${s}"`],
      (s) => [`${APP}?q=${s}`, encoded(`https://x.example/cb?v=${s}`)],
      (s): JsonObject[] => [{ note: s }, { config: { value: s } }],
    ),
    planted(
      'private key',
      charsOf(BASE64, 40, 64),
      (s) => [`-----BEGIN RSA PRIVATE KEY-----\n${s}\n-----END RSA PRIVATE KEY-----`],
      (s) => [`${APP}?private_key=${s}`],
      (s): JsonObject[] => [
        { pem: `-----BEGIN PRIVATE KEY-----\n${s}\n-----END PRIVATE KEY-----` },
      ],
    ),
    planted(
      'password',
      password,
      (s) => [`password=${s}`, `"password": "${s}"`, `pwd: ${s}`, `user_password = '${s}'`],
      (s) => [`${APP}?password=${s}`, `https://admin:${s}@db.example.com:5432/app`],
      (s): JsonObject[] => [
        { password: s },
        { userPassword: s },
        { form: { passwd: s } },
        { type: 'input', name: 'password', value: s },
      ],
    ),
    planted(
      'cookie',
      charsOf(ALNUM, 16, 32),
      (s) => [`Cookie: theme=dark; sid=${s}`, `Set-Cookie: session=${s}; Path=/; HttpOnly`],
      (s) => [`${APP}?session=${s}`, `${APP}?sessionid=${s}&page=2`],
      (s): JsonObject[] => [
        { headers: { Cookie: `theme=dark; sid=${s}` } },
        { 'set-cookie': `id=${s}; Secure` },
      ],
    ),
    planted(
      'api key',
      charsOf(ALNUM, 20, 40),
      (s) => [`X-Api-Key: ${s}`, `client_secret=${s}`, `apiKey: "${s}"`],
      (s) => [
        `${APP}?api_key=${s}`,
        encoded(`https://x.example/cb?api_key=${s}`),
        `${APP}?code=${s}&state=1`,
        `${APP}?X-Amz-Signature=${s}`,
      ],
      (s): JsonObject[] => [{ 'x-api-key': s }, { apiKey: s }, { credentials: { accessKey: s } }],
    ),
    ...redactionMissSecrets(),
  );
};

// ---- Shapes that once got past redaction (Google OAuth, URL user names,
// `apikey TOKEN`, percent-encoded separators) and text GitHub would mislead with (bidi controls,
// bare commit SHAs). Kept in one block; other arbitraries go elsewhere in this file.

/** Shapes redaction once missed, each carried in text, a URL and JSON. */
function redactionMissSecrets(): fc.Arbitrary<PlantedSecret>[] {
  const token = charsOf(BASE64URL, 24, 48);
  return [
    planted(
      'google oauth token',
      charsOf(BASE64URL, 40, 120).map((s) => `ya29.${s}`),
      (s) => [`Drive said 401 for ${s}`, `Authorization failed (${s})`],
      (s) => [`${APP}?v=${s}`, encoded(`https://x.example/cb?v=${s}`)],
      (s): JsonObject[] => [{ note: s }, { response: { body: `{"error":"${s}"}` } }],
    ),
    planted(
      'token as URL user name',
      token,
      (s) => [`git clone https://${s}@github.com/acme/app.git`, `remote https://${s}:x@gitlab.com`],
      (s) => [
        `https://${s}@github.com/acme/app.git`,
        `https://${s}:x-oauth-basic@github.com/acme/app`,
        encoded(`https://${s}@github.com/acme/app`),
      ],
      (s): JsonObject[] => [{ remote: `https://${s}@github.com/acme/app.git` }],
    ),
    planted(
      'name and token without separator',
      charsOf(ALNUM, 20, 40),
      (s) => [`apikey ${s}`, `header was ApiKey ${s}`, `access token ${s} rejected`],
      (s) => [`${APP}?token%3D${s}`, `${APP}?x=1&api_key%3D${s}&page=2`],
      (s): JsonObject[] => [{ header: `apikey ${s}` }, { url: `${APP}?token%3D${s}` }],
    ),
  ];
}

/** Unicode direction controls: they reorder what a reader sees (`exe.txt` shown as `txt.exe`). */
export const BIDI_CONTROLS = [
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
] as const;

/** Hex strings GitHub would link as commit SHAs if they reached it as text. */
export const aCommitLikeHex = (): fc.Arbitrary<string> =>
  fc
    .oneof(charsOf('0123456789abcdef', 40), charsOf('0123456789abcdef', 7, 39))
    .filter((s) => /[0-9]/.test(s));

/** Adversarial text with direction controls and commit-like hex mixed in. */
export const aMisleadingText = (maxParts = 12): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...BIDI_CONTROLS) },
        { weight: 2, arbitrary: aCommitLikeHex().map((h) => ` ${h} `) },
        { weight: 3, arbitrary: anAdversarialText(3) },
      ),
      { maxLength: maxParts },
    )
    .map((parts) => parts.join(''));
// ---- end of the shapes that once got past redaction

/*
 * ---- Intake edges: text PostgreSQL refuses, ids at a column's limit ----
 * Kept in their own block, apart from the secret shapes above. Text that
 * JavaScript holds but PostgreSQL's JSON refuses (a lone UTF-16 surrogate),
 * and ids at and past what a 32-bit INTEGER column holds.
 */

/** A lone high or low surrogate: valid in a JS string and in JSON text, refused by jsonb. */
export const aLoneSurrogate = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.integer({ min: 0xd800, max: 0xdbff }).map((unit) => String.fromCharCode(unit)),
    fc.integer({ min: 0xdc00, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
  );

/** Text with lone surrogates (and the odd U+0000) anywhere: at the start, inside, at the end. */
export const aTextWithLoneSurrogates = (maxLength = 40): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: aLoneSurrogate() },
        { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
        { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud83d\ude00', 'x') },
      ),
      { minLength: 1, maxLength: 8 },
    )
    .map((parts) => parts.join('').slice(0, maxLength));

/** JSON whose every string, keys included, may carry lone surrogates. */
export const aJsonWithLoneSurrogates = (): fc.Arbitrary<JsonValue> =>
  fc.letrec<{ value: JsonValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      aTextWithLoneSurrogates(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(aTextWithLoneSurrogates(12), tie('value'), { maxKeys: 3 }),
    ),
  })).value;

/**
 * A POST /report body (snake_case) with lone surrogates in every string
 * position the contract lets a client fill: it must be stored (201).
 */
export const aReportBodyWithLoneSurrogates = (): fc.Arbitrary<Record<string, unknown>> => {
  const text = aTextWithLoneSurrogates();
  const object = fc.dictionary(aTextWithLoneSurrogates(12), aJsonWithLoneSurrogates(), {
    maxKeys: 4,
  });
  const entries = fc.array(aJsonWithLoneSurrogates(), { maxLength: 4 });
  return fc
    .record({
      // A title or description of surrogates alone is not blank: it becomes U+FFFD.
      title: text.map((t) => (t.trim() ? t : `${t}\ud800`)),
      description: text.map((t) => (t.trim() ? t : `\udfff${t}`)),
      steps_to_reproduce: text,
      expected_behavior: text,
      actual_behavior: text,
      page_url: text,
      page_title: text,
      viewport_size: aTextWithLoneSurrogates(50),
      screen_resolution: aTextWithLoneSurrogates(50),
      browser_info: object,
      local_storage_data: object,
      session_storage_data: object,
      console_errors: entries,
      api_history: entries,
      user_actions: entries,
      screenshot_annotations: entries,
    })
    .map((body) => body as Record<string, unknown>);
};

/** The largest id a 32-bit INTEGER column holds. */
export const MAX_STORABLE_ID = 2 ** 31 - 1;

/** Ids around the edge of INTEGER: 1, 2^31 − 1 (fine), 0, 2^31, far past it (refused at sign-in). */
export const anIdAtTheInt32Edge = (): fc.Arbitrary<number> =>
  fc.oneof(
    fc.constantFrom(1, MAX_STORABLE_ID - 1, MAX_STORABLE_ID, 0, 2 ** 31, 2 ** 31 + 1, 2 ** 32),
    fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }),
    fc.integer({ min: MAX_STORABLE_ID - 1000, max: MAX_STORABLE_ID }),
  );

/** Whether a token's id claim names a storable id (a number, or a string of digits). */
export const isStorableId = (value: unknown): boolean => {
  const n = typeof value === 'string' && /^[0-9]{1,10}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_STORABLE_ID;
};
