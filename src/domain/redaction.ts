import type { JsonValue } from './json.js';

/**
 * Finding and replacing secrets in what bugport sends out of its own walls
 * (secrets never leave).
 *
 * Reporters paste whatever their browser showed them: headers, cookies,
 * tokens, URLs with signed query strings. We cannot know every secret, so
 * the rules err on the side of redacting too much: an over-redacted bug
 * report is a nuisance, a leaked token is an incident.
 *
 * Guarantees: pure, never throws on any string or JSON value, idempotent
 * (`REDACTED` contains no character any rule treats as part of a secret),
 * and linear in the input (every rule is anchored so that long runs cannot
 * make a pattern backtrack quadratically).
 */
export const REDACTED = '[REDACTED]';

/** Deeper JSON than this is replaced, so that neither we nor `JSON.stringify` can overflow the stack. */
export const MAX_JSON_DEPTH = 64;
export const TOO_DEEP = '[too deeply nested]';

// Substrings of a name (lower-cased, punctuation removed) that mark its value as a credential.
const SENSITIVE_NAME_PART =
  /password|passwd|passphrase|secret|token|apikey|accesskey|accountkey|sharedaccesskey|privatekey|credential|cookie|session|sessid|authorization|signature|bearer|jwt|csrf|xsrf/;
// Short names that are credentials only as whole words: "auth" but not "author", "pass" but not "compass".
const SENSITIVE_WORDS: ReadonlySet<string> = new Set([
  'auth',
  'oauth',
  'pwd',
  'pass',
  'sig',
  'otp',
  'pin',
  'sid',
]);
// Query parameters are named more tersely (`?key=`, `?code=`, `?sig=`), so a substring is enough there.
const SENSITIVE_QUERY_PART =
  /token|key|secret|password|passwd|pwd|auth|session|sig|code|credential/;
// Headers whose whole value is a credential, spaces and `;` included (`Bearer x`, `a=1; b=2`).
const WHOLE_VALUE_NAME = /^(?:proxy)?authorization$|^(?:set)?cookies?$/;

const normalizeName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const nameWords = (name: string): string[] =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
    .toLowerCase()
    .split(/[^a-z0-9]+/);

/** Whether a JSON key, header or assignment name (any case, camelCase, `-`, `_`) names a credential. */
export function isSensitiveName(name: string): boolean {
  return (
    SENSITIVE_NAME_PART.test(normalizeName(name)) ||
    nameWords(name).some((word) => SENSITIVE_WORDS.has(word))
  );
}

/** Whether a URL query parameter's name suggests a credential. */
export const isSensitiveQueryName = (name: string): boolean =>
  SENSITIVE_QUERY_PART.test(name.toLowerCase()) || isSensitiveName(name);

// Credentials recognisable by their own shape, wherever they appear. Where a prefix could end an
// ordinary word ("desk-…"), a token must start a word, or follow a URL escape such as `%3D`.
const TOKEN_PATTERNS: readonly RegExp[] = [
  // A private key block; an unterminated one (a cut paste) is redacted to the end.
  /-----BEGIN[A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----[\s\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----|$)/g,
  /(?:(?<![A-Za-z0-9_-])|(?<=%[0-9A-Fa-f]{2}))eyJ[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){2,4}/g, // JWT, JWS and JWE
  /gh[pousr]_[A-Za-z0-9]{16,}/g,
  /github_pat_[A-Za-z0-9_]{16,}/g,
  /(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2}))sk-[A-Za-z0-9_-]{16,}/g, // OpenAI, Anthropic and the like
  /(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2}))(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}/g, // Stripe
  /whsec_[A-Za-z0-9+/=]{16,}/g,
  /(?:(?<![A-Z0-9])|(?<=%[0-9A-Fa-f]{2}))(?:AKIA|ASIA)[A-Z0-9]{16,}/g, // AWS access key ids
  /xox[abposr]-[A-Za-z0-9-]{8,}/g, // Slack
  /xapp-\d-[A-Za-z0-9-]{8,}/g,
  /AIza[0-9A-Za-z_-]{20,}/g, // Google API keys
  /npm_[A-Za-z0-9]{30,}/g,
  /glpat-[A-Za-z0-9_-]{16,}/g,
  /SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, // SendGrid
  /(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2}))ya29\.[A-Za-z0-9_-]{20,}/g, // Google OAuth access tokens
];

// The path of a Slack webhook is its secret; the host stays for context.
const SLACK_WEBHOOK = /(hooks\.slack\.com\/(?:services|workflows)\/)[A-Za-z0-9/_-]+/g;

// `Bearer` is rarely an English word; `Basic` often is, so its token must look like base64.
const BEARER = /\b(Bearer[ \t]+)([A-Za-z0-9\-._~+/]+=*)/gi;
const BASIC = /\b(Basic[ \t]+)([A-Za-z0-9+/]+=*)/gi;
const looksLikeBearerToken = (token: string): boolean =>
  token.length >= 8 || /[^A-Za-z]/.test(token);
const looksLikeBase64 = (token: string): boolean =>
  token.length >= 6 && (/[0-9+/=]/.test(token) || /[A-Z]/.test(token.slice(1)));

// `scheme://user:password@host`, also with JSON-escaped slashes and URL-encoded.
const USERINFO = /(:\\?\/\\?\/[^\s/\\?#@:]*:)([^\s/\\?#]*)@/g;
const ENCODED_USERINFO = /(%3A%2F%2F[A-Za-z0-9._~!$'()*+,;=-]*%3A)((?:(?!%40|%2F)[^\s/?#&])*)%40/gi;
// `scheme://TOKEN@host` and `scheme://TOKEN:x-oauth-basic@host`: the user name is the credential.
const USER_NAME = /(:\\?\/\\?\/)([^\s/\\?#@:]+)(?=(?::[^\s/\\?#]*)?@)/g;
const ENCODED_USER_NAME =
  /(%3A%2F%2F)((?:(?!%3A|%40|%2F)[A-Za-z0-9._~!$'()*+,;=%-])+)(?=(?:%3A(?:(?!%40|%2F)[^\s/?#&])*)?%40)/gi;
// A user name is taken for a token when it is long, or mixes letters and digits.
const looksLikeTokenUser = (user: string): boolean =>
  user !== REDACTED &&
  (user.length >= 16 || (user.length >= 8 && /[0-9]/.test(user) && /[A-Za-z]/.test(user)));
// `apikey TOKEN`, `token 1234abcd…`: a credential's name, a space and a value that looks like one.
const SPACED_SECRET =
  /(?<![A-Za-z0-9_-])((?:api[-_ ]?key|access[-_ ]?token|auth[-_ ]?token|token|secret|client[-_ ]?secret|password|passwd)[ \t]+)([A-Za-z0-9_\-.~+/=]{8,})/gi;
const looksLikeSecretValue = (value: string): boolean =>
  value.length >= 20 || (/[0-9]/.test(value) && /[A-Za-z]/.test(value));

// Heads of `name=value` pairs; the name is group 1 and the value starts right after the match.
const QUERY_HEAD = /(?:^|[?&#;])([A-Za-z0-9_.\-[\]]+)=/g;
// Also `?token%3D…`: a literal separator before the name, an encoded `=` after it.
const ENCODED_QUERY_HEAD = /(?:%(?:25)?(?:3F|26|23)|[?&#;])([A-Za-z0-9_.-]+)%(?:25)?3D/gi;
const ASSIGNMENT_HEAD =
  /(?<![A-Za-z0-9_.\-[\]])([A-Za-z_][A-Za-z0-9_.\-[\]]*)(?:\\?["'])?[ \t]*(?:=>|[:=])[ \t]*/g;

// Values, matched at a given position (sticky).
const QUERY_VALUE = /(?:[^&#\s"'<>`\\]|\\(?!["']))+/y;
const ENCODED_QUERY_VALUE = /(?:(?!%(?:25)?(?:26|23))[^&#\s"'<>`\\])+/iy;
const QUOTED_VALUE =
  /\\"(?:(?!\\")[^\r\n])*(?:\\")?|"(?:[^"\\\r\n]|\\.)*"?|'(?:[^'\\\r\n]|\\.)*'?|`[^`\r\n]*`?/y;
const BARE_VALUE = /(?:[^\s"'`<>&\\]|\\(?!["']))+/y;
const LINE_VALUE = /[^\r\n"'`<>]*[^\s"'`<>]/y;

interface ValueMatch {
  readonly end: number;
  readonly replacement: string;
}

function matchAt(pattern: RegExp, text: string, at: number): string | null {
  pattern.lastIndex = at;
  const match = pattern.exec(text);
  return match ? match[0] : null;
}

const plainValue =
  (pattern: RegExp) =>
  (text: string, at: number): ValueMatch | null => {
    const value = matchAt(pattern, text, at);
    return value === null ? null : { end: at + value.length, replacement: REDACTED };
  };

/** A quoted value keeps its quotes, so that JSON-looking text stays JSON-looking. */
function assignmentValue(text: string, at: number, name: string): ValueMatch | null {
  const quoted = matchAt(QUOTED_VALUE, text, at);
  if (quoted !== null) {
    const quote = quoted.startsWith('\\"') ? '\\"' : quoted.charAt(0);
    const closed = quoted.length >= 2 * quote.length && quoted.endsWith(quote);
    return { end: at + quoted.length, replacement: quote + REDACTED + (closed ? quote : '') };
  }
  const pattern = WHOLE_VALUE_NAME.test(normalizeName(name)) ? LINE_VALUE : BARE_VALUE;
  return plainValue(pattern)(text, at);
}

/**
 * Replaces the value after each `head` match whose name is sensitive. A
 * scan rather than one `replace`, so that a harmless pair never swallows a
 * sensitive one nested in its value (`?next=/a?token=x`).
 */
function redactValues(
  text: string,
  head: RegExp,
  isSensitive: (name: string) => boolean,
  valueAt: (text: string, at: number, name: string) => ValueMatch | null,
): string {
  let out = '';
  let copied = 0;
  head.lastIndex = 0;
  for (let match = head.exec(text); match !== null; match = head.exec(text)) {
    const name = match[1] ?? '';
    const at = match.index + match[0].length;
    if (match[0].length === 0) head.lastIndex += 1;
    if (!isSensitive(name)) continue;
    const value = valueAt(text, at, name);
    if (value === null) continue;
    out += text.slice(copied, at) + value.replacement;
    copied = value.end;
    head.lastIndex = value.end;
  }
  return out + text.slice(copied);
}

function redactOnce(text: string): string {
  let out = text;
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
  out = out
    .replace(SLACK_WEBHOOK, `$1${REDACTED}`)
    .replace(BEARER, (all, scheme: string, token: string) =>
      looksLikeBearerToken(token) ? scheme + REDACTED : all,
    )
    .replace(BASIC, (all, scheme: string, token: string) =>
      looksLikeBase64(token) ? scheme + REDACTED : all,
    )
    .replace(USERINFO, (all, before: string, password: string) =>
      password === '' ? all : `${before}${REDACTED}@`,
    )
    .replace(ENCODED_USERINFO, (all, before: string, password: string) =>
      password === '' ? all : `${before}${REDACTED}%40`,
    )
    .replace(USER_NAME, (all, before: string, user: string) =>
      looksLikeTokenUser(user) ? before + REDACTED : all,
    )
    .replace(ENCODED_USER_NAME, (all, before: string, user: string) =>
      looksLikeTokenUser(user) ? before + REDACTED : all,
    )
    .replace(SPACED_SECRET, (all, name: string, value: string) =>
      looksLikeSecretValue(value) ? name + REDACTED : all,
    );
  out = redactValues(out, QUERY_HEAD, isSensitiveQueryName, plainValue(QUERY_VALUE));
  out = redactValues(
    out,
    ENCODED_QUERY_HEAD,
    isSensitiveQueryName,
    plainValue(ENCODED_QUERY_VALUE),
  );
  return redactValues(out, ASSIGNMENT_HEAD, isSensitiveName, assignmentValue);
}

/** Replaces every secret found in free text with `REDACTED`. */
export function redactText(text: string): string {
  // One pass is meant to be enough; repeating until stable makes idempotence hold even where
  // one rule's output lines up a match for another.
  let current = text;
  for (let pass = 0; pass < 4; pass += 1) {
    const next = redactOnce(current);
    if (next === current) return next;
    current = next;
  }
  return current;
}

/** A credential's value as a whole; `true`/`false`/`null` carry no secret and stay readable. */
const wholesale = (value: unknown): JsonValue =>
  value === null || typeof value === 'boolean' ? value : REDACTED;

/** Keys that name what an object's `value` is: a header's name, a form field's selector. */
const VALUE_LABELS: ReadonlySet<string> = new Set([
  'name',
  'key',
  'header',
  'target',
  'selector',
  'element',
  'field',
  'input',
  'id',
]);

const isSensitiveLabel = (value: unknown): boolean =>
  typeof value === 'string' && isSensitiveName(value);

function redactArray(items: readonly unknown[], depth: number): JsonValue[] {
  // `["Authorization", "Bearer …"]`: header lists as pairs.
  if (items.length === 2 && isSensitiveLabel(items[0])) {
    return [redactNode(items[0], depth + 1), wholesale(items[1])];
  }
  return items.map((item) => redactNode(item, depth + 1));
}

function redactObject(object: object, depth: number): JsonValue {
  const entries = Object.entries(object);
  // `{ name: "Cookie", value: "…" }`: header lists as HAR and Postman write them; and
  // `{ type: "input", target: "input[type=password]", value: "…" }`: what was typed into a
  // password field, as a user-action recorder writes it.
  const labelled = entries.some(([key, value]) => VALUE_LABELS.has(key) && isSensitiveLabel(value));
  return Object.fromEntries(
    entries.map(([key, value]) => {
      const safeKey = redactText(key);
      const sensitive =
        isSensitiveName(key) || isSensitiveName(safeKey) || (labelled && key === 'value');
      return [safeKey, sensitive ? wholesale(value) : redactNode(value, depth + 1)];
    }),
  );
}

function redactNode(value: unknown, depth: number): JsonValue {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  // Not JSON (undefined, functions, bigints) when a caller's types lied: dropped, never thrown on.
  if (typeof value !== 'object') return null;
  if (depth >= MAX_JSON_DEPTH) return TOO_DEEP;
  return Array.isArray(value) ? redactArray(value, depth) : redactObject(value, depth);
}

/** Redacts a JSON value recursively: string leaves as text, credential-named keys wholesale. */
export const redactJson = (value: JsonValue): JsonValue => redactNode(value, 0);
