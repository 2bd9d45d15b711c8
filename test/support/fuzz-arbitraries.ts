import { expect } from 'chai';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { signScreenshotName } from '../../src/adapters/http/signed-screenshot-url.js';
import { screenshotUrlSecret } from '../../src/composition/secrets.js';
import { type Status } from '../../src/domain/issue-report.js';
import { aReportBody, signToken, TEST_SECRET, testConfig, type TestApi } from './http.js';
import {
  aLoneSurrogate,
  aTextWithLoneSurrogates,
  anIdAtTheInt32Edge,
  isStorableId,
} from './arbitraries.js';
import { patchReport } from './builders.js';
import { aGif, aJpeg, aPng } from './images.js';
import { IN_MEMORY, type Wiring } from './postgres-api.js';
import {
  assertContractError,
  describeExchange,
  sendRaw,
  type RawRequest,
  type RawResponse,
} from './raw-http.js';

/*
 * Arbitraries, request builders and the seeded server ("world") that
 * test/http/fuzz.property.test.ts runs its properties against.
 */

export const ENV = {
  // High, so 429 does not drown the other answers; 429 is still allowed and checked.
  ISSUE_REPORT_RATE_LIMIT: '1000000',
  UPLOAD_RATE_LIMIT: '1000000',
  PUBLIC_BASE_URL: 'https://support.example.com',
  CORS_ORIGINS: 'https://app.example.com',
  // 50 KiB screenshots: the size limits are within reach of generated data.
  MAX_SCREENSHOT_SIZE_MB: '0.05',
};
export const CONFIG = testConfig(ENV);
export const LINK_SECRET = screenshotUrlSecret(CONFIG);
export const RUNS = { small: 200, medium: 250, large: 300 } as const;

export const OWN = { sub: '7', company_id: 1 } as const;
export const OTHER = { sub: '9', company_id: 2, name: 'Bea' } as const;
export const ANSWERS = new Set([200, 201, 204, 400, 401, 404, 409, 413, 415, 422, 429]);
export const PROBES = new Set(['/healthz', '/readyz']);
/**
 * No valid credentials: 401, or 429 once the client address has failed too
 * often (the sign-in throttle; its 429 carries Retry-After like any other).
 */
export const REFUSED = [401, 429];

/** Throws unless `res` is an answer the contract allows for `req`, whatever `req` was. */
export function assertContractAnswer(req: RawRequest, res: RawResponse): void {
  const fail = (why: string): never => {
    throw new Error(`${why}: ${describeExchange(req, res)}`);
  };
  if (!ANSWERS.has(res.status)) fail('a status outside the contract');
  if (res.status === 204) {
    if (req.method !== 'OPTIONS') fail('204 to something else than a preflight');
    return;
  }
  if (req.method === 'HEAD') {
    if (res.bytes.length > 0) fail('a body in an answer to HEAD');
    return;
  }
  if (res.status >= 300) return assertContractError(req, res);
  const path = req.path.split('?')[0] ?? '';
  const type = res.headers['content-type'] ?? '';
  if (type.startsWith('image/')) {
    if (!/^\/api\/support\/report\/[^/]+\/screenshot\/?$|^\/public\/screenshots\//.test(path)) {
      fail('an image from a route that does not serve images');
    }
    if (res.headers['x-content-type-options'] !== 'nosniff') fail('an image without nosniff');
    return;
  }
  if (!type.startsWith('application/json')) fail('a success that is neither JSON nor an image');
  const body = JSON.parse(res.text) as { success?: unknown; status?: unknown };
  if (PROBES.has(path)) {
    if (typeof body.status !== 'string') fail('a probe answer without status');
    return;
  }
  if (body.success !== true) fail('a 2xx without success: true');
}

/* ------------------------------------------------------------------ */
/* Arbitraries shared by the groups                                    */
/* ------------------------------------------------------------------ */

/** Characters a header value may carry on the wire (tab, printable ASCII, Latin-1). */
export const headerChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0xa0, max: 0xff }),
  fc.constant(0x09),
);
export const headerValue = (maxLength = 120) =>
  fc.array(headerChar, { maxLength }).map((codes) => String.fromCharCode(...codes));

/** Headers the transport owns: changing them would test Node, not bugport. */
export const TRANSPORT_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'host',
  'connection',
  'keep-alive',
  'expect',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
]);

export const headerName = fc.oneof(
  fc.constantFrom(
    'accept',
    'accept-encoding',
    'accept-language',
    'cookie',
    'origin',
    'referer',
    'range',
    'if-none-match',
    'x-forwarded-for',
    'x-forwarded-proto',
    'x-forwarded-host',
    'x-http-method-override',
    'x-request-id',
    'idempotency-key',
    'user-agent',
    'access-control-request-method',
    'access-control-request-headers',
  ),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,24}$/),
);

/** Extra headers of any name and value (never the ones the group itself controls). */
export const extraHeaders = (controlled: readonly string[] = []) =>
  fc
    .array(fc.tuple(headerName, fc.oneof(headerValue(), headerValue(2000))), { maxLength: 4 })
    .map((pairs) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of pairs) {
        const lower = name.toLowerCase();
        if (TRANSPORT_HEADERS.has(lower) || controlled.includes(lower)) continue;
        headers[lower] = value;
      }
      return headers;
    });

/** Percent-encodes every byte of the UTF-8 form but unreserved ones (lone surrogates become U+FFFD). */
export const percentEncode = (text: string): string =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** A string, percent-encoded or not, that may hold `%`, `..`, encoded slashes, NUL, Latin-1. */
export const PATH_PIECES = [
  '%',
  '%%',
  '%zz',
  '%2',
  '%00',
  '%ff',
  '%C0%AE',
  '%c0%af',
  '..',
  '.',
  '%2e%2e',
  '%2E',
  '%2F',
  '%2f..%2f',
  '..%2F..%2Fetc%2Fpasswd',
  '%5C',
  '..\\..\\',
  ';',
  '~',
  '@',
  ':',
  '%C3%A9',
  '%E9',
  '%F0%9F%98%80',
  '%ED%A0%80',
  'BUG-2026-0001',
  'BUG-2026-',
  'bug-2026-0001',
  'BUG-9999-99999999999999999999',
  'BUG-2026-00001',
  'BUG-2026-0000',
  'BUG--1-0001',
  '.png',
  'x.png',
  '__proto__',
  'constructor',
];
export const pathSegment = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }).map(percentEncode),
  fc
    .array(fc.oneof(fc.constantFrom(...PATH_PIECES), fc.stringMatching(/^[A-Za-z0-9_.-]{0,12}$/)), {
      minLength: 1,
      maxLength: 5,
    })
    .map((pieces) => pieces.join('')),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
);

/** A query string that routes other than GET /reports must ignore (or nothing at all). */
export const junkQuery = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(pathSegment, pathSegment), { minLength: 1, maxLength: 4 })
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  fc.constantFrom('?', '?&&', '?=', '?page=-1&status=x&status=y', '?ticket_number=BUG-2026-0006'),
);

/** `decodeURIComponent`, or the text itself when it does not decode (as @koa/router does). */
export const decodeParam = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/* ------------------------------------------------------------------ */
/* Tokens                                                              */
/* ------------------------------------------------------------------ */

export const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** A compact JWS, signed by hand so that header and payload can be anything at all. */
export function compactJws(
  header: unknown,
  payload: string | Buffer,
  secret: string | null,
): string {
  const signingInput = `${b64url(JSON.stringify(header) ?? '')}.${b64url(payload)}`;
  const signature =
    secret === null ? '' : createHmac('sha256', secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

// Ids are stored in 32-bit INTEGER columns: 1 to 2^31 − 1.
export const isId = (value: unknown): boolean => typeof value === 'number' && isStorableId(value);

/** docs/api.md's claim table: whether a (signed, unexpired) payload names a principal. */
export function claimsAreValid(claims: Record<string, unknown>): boolean {
  const { sub, company_id, name, email, roles } = claims;
  const subOk = isId(sub) || (typeof sub === 'string' && isStorableId(sub));
  return (
    subOk &&
    isId(company_id) &&
    typeof name === 'string' &&
    (email === undefined || email === null || typeof email === 'string') &&
    (roles === undefined ||
      (Array.isArray(roles) && roles.every((role) => typeof role === 'string')))
  );
}

export const weirdJson = fc.jsonValue({ maxDepth: 2 });
export const claimsArb = fc.record(
  {
    sub: fc.oneof(
      fc.constantFrom('7', 7, '0', 0, '007', ' 7', '7 ', '+7', '7e3', '-7', '1.0', 1.5, -7),
      fc.constantFrom('999999999999999', '9999999999999999', 2 ** 53 - 1, 2 ** 53, 1e308),
      fc.stringMatching(/^[0-9]{0,17}$/),
      fc.integer(),
      anIdAtTheInt32Edge(),
      anIdAtTheInt32Edge().map(String),
      weirdJson,
    ),
    company_id: fc.oneof(
      fc.constantFrom(1, 2, 0, -1, 1.5, '1', 2 ** 53 - 1, 2 ** 53, -0, 1e308),
      fc.integer(),
      anIdAtTheInt32Edge(),
      weirdJson,
    ),
    name: fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), weirdJson),
    email: fc.oneof(fc.constantFrom(null, '', 'a@b.example'), fc.string(), weirdJson),
    roles: fc.oneof(
      fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
      fc.constantFrom(['support_agent'], ['admin', 'support_agent'], [], 'support_agent', [1]),
      weirdJson,
    ),
  },
  { requiredKeys: [] },
);

export type Verdict = 'valid' | 'invalid' | 'either';
export interface Credentials {
  readonly authorization?: string;
  readonly verdict: Verdict;
  readonly label: string;
}

export const BROKEN_HEADERS: unknown[] = [
  { alg: 'none' },
  { alg: 'none', typ: 'JWT' },
  { alg: 'HS512' },
  { alg: 'HS384' },
  { alg: 'RS256' },
  { alg: 'ES256' },
  { alg: 'hs256' },
  { alg: 'HS256', crit: ['exp'] },
  { alg: 'HS256', crit: [] },
  { alg: 'HS256', b64: false, crit: ['b64'] },
  { alg: 1 },
  { alg: null },
  {},
  [],
  'HS256',
  null,
  { enc: 'A256GCM', alg: 'dir' },
];

export const credentialsArb = (validToken: string): fc.Arbitrary<Credentials> =>
  fc.oneof(
    fc.constant<Credentials>({ verdict: 'invalid', label: 'no Authorization' }),
    fc.constant<Credentials>({
      authorization: `Bearer ${validToken}`,
      verdict: 'valid',
      label: 'valid',
    }),
    // Spellings of a good token: the scheme is case-insensitive, the rest is not.
    fc
      .constantFrom<[string, Verdict]>(
        [`bearer ${validToken}`, 'valid'],
        [`BEARER   ${validToken}`, 'valid'],
        [`Bearer\t${validToken}`, 'valid'],
        [`Bearer ${validToken} `, 'valid'],
        [`Bearer ${validToken}.`, 'invalid'],
        [`Bearer ${validToken}x`, 'invalid'],
        [`Bearer ${validToken.slice(0, -2)}`, 'invalid'],
        [`Bearer ${validToken} ${validToken}`, 'invalid'],
        [`Token ${validToken}`, 'invalid'],
        [`Bearer=${validToken}`, 'invalid'],
        [validToken, 'invalid'],
        ['Bearer', 'invalid'],
        ['Bearer ', 'invalid'],
        ['Basic dXNlcjpwYXNz', 'invalid'],
        ['Bearer ...', 'invalid'],
        ['Bearer a.b.c', 'invalid'],
        ['Bearer a.b.c.d.e', 'invalid'],
      )
      .map(([authorization, verdict]) => ({ authorization, verdict, label: 'spelling' })),
    // Anything at all in the header.
    fc.tuple(fc.constantFrom('', 'Bearer ', 'bearer '), headerValue(300)).map(([scheme, junk]) => ({
      authorization: scheme + junk,
      verdict: 'invalid' as const,
      label: 'junk',
    })),
    // Well signed, unexpired, with claims of any type: the claim table decides.
    claimsArb.map((claims) => {
      const payload = JSON.parse(
        JSON.stringify({ ...claims, iat: nowSeconds(), exp: nowSeconds() + 3600 }),
      ) as Record<string, unknown>;
      return {
        authorization: `Bearer ${compactJws({ alg: 'HS256', typ: 'JWT' }, JSON.stringify(payload), TEST_SECRET)}`,
        verdict: claimsAreValid(payload) ? ('valid' as const) : ('invalid' as const),
        label: `claims ${JSON.stringify(payload).slice(0, 200)}`,
      };
    }),
    // Good claims with odd registered claims: only an unexpired, already valid token may pass.
    fc
      .record(
        {
          exp: fc.oneof(
            fc.constantFrom(nowSeconds() - 10, 1e308, -1, 0, '9999999999', null, true),
            fc.integer(),
          ),
          nbf: fc.oneof(fc.constantFrom(nowSeconds() + 3600, 0, 'x'), fc.integer()),
          iat: fc.oneof(fc.constantFrom(nowSeconds() + 3600, -1, 'x', null), fc.integer()),
          aud: weirdJson,
          iss: weirdJson,
          jti: weirdJson,
        },
        { requiredKeys: [] },
      )
      .map((registered) => ({
        authorization: `Bearer ${compactJws({ alg: 'HS256' }, JSON.stringify({ sub: '7', company_id: 1, name: 'Ada', ...registered }), TEST_SECRET)}`,
        verdict: 'either' as const,
        label: `registered ${JSON.stringify(registered)}`,
      })),
    // Headers, payloads and signatures that must never pass.
    fc
      .record({
        header: fc.oneof(fc.constantFrom(...BROKEN_HEADERS), weirdJson),
        payload: fc.oneof(
          fc.constant(JSON.stringify({ sub: '7', company_id: 1, name: 'Ada', exp: 2e9 })),
          weirdJson.map((value) => JSON.stringify(value)),
          fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
        ),
        secret: fc.constantFrom<string | null>(
          TEST_SECRET,
          'another-secret-long-enough-1234',
          null,
        ),
      })
      .map(({ header, payload, secret }) => {
        const standard =
          typeof header === 'object' &&
          header !== null &&
          !Array.isArray(header) &&
          (header as { alg?: unknown }).alg === 'HS256' &&
          !('crit' in header) &&
          !('b64' in header);
        return {
          authorization: `Bearer ${compactJws(header, payload, secret)}`,
          verdict: secret === TEST_SECRET && standard ? ('either' as const) : ('invalid' as const),
          label: `crafted ${JSON.stringify(header)}`,
        };
      }),
  );

/* ------------------------------------------------------------------ */
/* The world each group starts from                                    */
/* ------------------------------------------------------------------ */

export interface World {
  readonly api: TestApi;
  readonly own: string;
  readonly other: string;
  readonly png: Buffer;
  readonly jpeg: Buffer;
  readonly gif: Buffer;
  /** Company 1's tickets, and those of them with a screenshot. */
  readonly ownTickets: readonly string[];
  readonly ownScreenshotTickets: readonly string[];
  readonly otherTickets: readonly string[];
  /** Names uploaded by each company. */
  readonly ownUploads: readonly string[];
  readonly otherUploads: readonly string[];
  /** Company 1's reports by status. */
  readonly ownByStatus: Readonly<Record<string, number>>;
  /** Every status answered so far: the generators must reach the answers they are meant to. */
  readonly seen: Set<number>;
  send(req: RawRequest): Promise<RawResponse>;
}

export async function upload(api: TestApi, token: string, png: Buffer): Promise<string> {
  const form = new FormData();
  form.append('screenshot', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'shot.png');
  const response = await fetch(`${api.url}/api/support/upload-screenshot`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = (await response.json()) as { filename?: string };
  expect(response.status, JSON.stringify(body)).to.equal(201);
  return body.filename ?? '';
}

/** A server with two companies' reports and uploads, some reports moved to other statuses. */
export async function startWorld(wiring: Wiring = IN_MEMORY): Promise<World> {
  const api = await wiring.start({ rateLimit: 1_000_000, env: ENV });
  const [own, other, png, jpeg, gif] = await Promise.all([
    signToken(OWN),
    signToken(OTHER),
    aPng(8, 6),
    aJpeg(8, 6),
    aGif(8, 6),
  ]);
  const submit = async (token: string, overrides: Record<string, unknown> = {}) => {
    const response = await api.request('POST', '/api/support/report', {
      token,
      body: aReportBody(overrides),
    });
    expect(response.status, response.text).to.equal(201);
    api.fakes.clock.advance(1000);
    return response.body.ticket_number ?? '';
  };
  const ownUploads = [await upload(api, own, png), await upload(api, own, png)];
  const otherUploads = [await upload(api, other, png), await upload(api, other, png)];
  const inline = png.toString('base64');
  const ownPlain = [await submit(own), await submit(own), await submit(own)];
  const ownShots = [
    await submit(own, { screenshot_data: `data:image/png;base64,${inline}` }),
    await submit(own, { screenshot_filename: ownUploads[0] }),
  ];
  const otherTickets = [
    await submit(other),
    await submit(other, { screenshot_data: inline }),
    await submit(other, { screenshot_filename: otherUploads[0] }),
  ];
  // Some reports in other statuses, in both companies, so that the status filter has work.
  const moves: [string, Status][] = [
    [ownPlain[0] ?? '', 'resolved'],
    [ownPlain[1] ?? '', 'in_progress'],
    [otherTickets[0] ?? '', 'resolved'],
    [otherTickets[1] ?? '', 'closed'],
  ];
  for (const [ticket, status] of moves) {
    const report = (await api.stored.all()).find((r) => r.ticketNumber === ticket);
    if (!report) throw new Error(`no report ${ticket}`);
    await api.stored.update(report.reporter.companyId, report.id, (r) =>
      patchReport(r, { workflow: { status } }),
    );
  }
  const ownTickets = [...ownPlain, ...ownShots];
  const ownByStatus = { new: ownTickets.length - 2, resolved: 1, in_progress: 1 };
  return {
    api,
    own,
    other,
    png,
    jpeg,
    gif,
    ownTickets,
    ownScreenshotTickets: ownShots,
    otherTickets,
    ownUploads,
    otherUploads,
    ownByStatus,
    seen: new Set(),
    send: (req) => sendRaw(api.url, req),
  };
}

/** Errors logged by the app: a 5xx or an unexpected exception, which no input may cause. */
export const loggedErrors = (api: TestApi) =>
  api.logger.entries
    .filter((entry) => entry.level === 'error')
    .map((entry) => `${entry.message ?? ''} ${JSON.stringify(entry.fields).slice(0, 300)}`);

/** Sends, then checks the answer against the contract; returns it for further checks. */
export async function exchange(world: World, req: RawRequest): Promise<RawResponse> {
  const res = await world.send(req);
  world.seen.add(res.status);
  assertContractAnswer(req, res);
  return res;
}

/** After a property: nothing was logged as an error, and the run reached the answers it aims at. */
export function expectWellExercised(world: World, statuses: readonly number[]): void {
  expect(loggedErrors(world.api)).to.deep.equal([]);
  expect([...world.seen], 'statuses answered during the run').to.include.members([...statuses]);
  // The server runs in this process: a polluted prototype would show here.
  expect(({} as Record<string, unknown>).polluted, 'Object.prototype.polluted').to.equal(undefined);
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/* ------------------------------------------------------------------ */
/* Request builders                                                    */
/* ------------------------------------------------------------------ */

export interface Part {
  readonly disposition: string;
  readonly contentType?: string;
  readonly content: Buffer;
}

export function multipartBody(parts: readonly Part[], boundary: string, close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const head = [`--${boundary}`, `Content-Disposition: ${part.disposition}`];
    if (part.contentType !== undefined) head.push(`Content-Type: ${part.contentType}`);
    chunks.push(Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'utf8'), part.content);
    chunks.push(Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** A request each endpoint would accept from a signed-in user of company 1. */
export function plausibleRequest(world: World, endpoint: number): RawRequest {
  const shotTicket = world.ownScreenshotTickets[0] ?? '';
  const stored = world.ownUploads[1] ?? '';
  switch (endpoint) {
    case 0:
      return {
        method: 'POST',
        path: '/api/support/report',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(aReportBody()),
      };
    case 1:
      return { method: 'GET', path: '/api/support/reports?page=1&per_page=5' };
    case 2:
      return { method: 'GET', path: `/api/support/report/${world.ownTickets[0] ?? ''}` };
    case 3:
      return {
        method: 'POST',
        path: '/api/support/upload-screenshot',
        headers: { 'content-type': 'multipart/form-data; boundary=fuzzboundary' },
        body: multipartBody(
          [
            {
              disposition: 'form-data; name="screenshot"; filename="a.png"',
              contentType: 'image/png',
              content: world.png,
            },
          ],
          'fuzzboundary',
        ),
      };
    case 4:
      return { method: 'GET', path: `/api/support/report/${shotTicket}/screenshot` };
    case 5:
      return { method: 'GET', path: '/healthz' };
    case 6:
      return { method: 'GET', path: '/readyz' };
    default:
      return {
        method: 'GET',
        path: `/public/screenshots/${stored}?sig=${signScreenshotName(LINK_SECRET, stored)}`,
      };
  }
}
export const ENDPOINT_COUNT = 8;
export const isSupportRoute = (endpoint: number) => endpoint <= 4;

/* ------------------------------------------------------------------ */
/* JSON body fragments                                                 */
/* ------------------------------------------------------------------ */

/** JSON text nested `depth` deep, built as text (JSON.stringify would recurse). */
export const deepJson = (depth: number, kind: 'array' | 'object' | 'mixed'): string => {
  const open = (i: number) => (kind === 'array' || (kind === 'mixed' && i % 2) ? '[' : '{"a":');
  const close = (i: number) => (kind === 'array' || (kind === 'mixed' && i % 2) ? ']' : '}');
  let text = '';
  for (let i = 0; i < depth; i += 1) text += open(i);
  text += '1';
  for (let i = depth - 1; i >= 0; i -= 1) text += close(i);
  return text;
};

export const MAX_FUZZ_DEPTH = 20_000;

export const REPEATED = [
  'a',
  ' ',
  'é',
  '😀',
  '\u0000',
  '\ud800',
  '\u202e',
  '\ufeff',
  '"',
  '\\',
  '\n',
];

/** A JSON text for one field's value: any type, huge, deep, unicode, null. */
export const fieldFragment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  {
    weight: 2,
    arbitrary: fc.string({ unit: 'binary', maxLength: 300 }).map((s) => JSON.stringify(s)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...REPEATED), fc.integer({ min: 0, max: 60_000 }))
      .map(([c, n]) => JSON.stringify(c.repeat(n))),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 1, max: MAX_FUZZ_DEPTH }),
        fc.constantFrom('array', 'object', 'mixed'),
      )
      .map(([depth, kind]) => deepJson(depth, kind as 'array' | 'object' | 'mixed')),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'null',
      'true',
      '0',
      '-0',
      '1e309',
      '-1e309',
      '1e-400',
      '123456789012345678901234567890',
      '[]',
      '{}',
      '""',
      '[null]',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
    ),
  },
);

export const REPORT_KEYS = [
  'category',
  'severity',
  'title',
  'description',
  'steps_to_reproduce',
  'expected_behavior',
  'actual_behavior',
  'browser_info',
  'page_url',
  'page_title',
  'viewport_size',
  'screen_resolution',
  'console_errors',
  'api_history',
  'user_actions',
  'local_storage_data',
  'session_storage_data',
  'screenshot_data',
  'screenshot_filename',
  'screenshot_annotations',
  'attachments',
  // Fields that must be ignored: the reporter and the company come from the token.
  'company_id',
  'user_id',
  'status',
  'ticket_number',
  '__proto__',
];

export const nonBlank = (max: number) =>
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: max })
    .filter((s) => s.length <= max && s.trim().length > 0);

/** A body the contract accepts: it must get 201 (or 429). */
export const validReportArb = (world: () => World) =>
  fc
    .record(
      {
        category: fc.constantFrom('bug', 'feature_request', 'help', 'other', null),
        severity: fc.constantFrom('critical', 'high', 'medium', 'low', null),
        steps_to_reproduce: fc.option(
          fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), aTextWithLoneSurrogates()),
        ),
        page_url: fc.option(fc.oneof(fc.string({ maxLength: 500 }), aTextWithLoneSurrogates())),
        page_title: fc.option(fc.oneof(fc.string({ maxLength: 255 }), aTextWithLoneSurrogates())),
        viewport_size: fc.option(fc.string({ maxLength: 50 })),
        browser_info: fc.option(
          fc.dictionary(
            fc.oneof(fc.string(), aTextWithLoneSurrogates(12)),
            fc.oneof(fc.jsonValue({ maxDepth: 2 }), aTextWithLoneSurrogates()),
          ),
        ),
        console_errors: fc.array(
          fc.oneof(fc.jsonValue({ maxDepth: 2 }), aTextWithLoneSurrogates()),
          { maxLength: 5 },
        ),
        user_actions: fc.constantFrom(
          undefined,
          [],
          Array.from({ length: 600 }, (_, i) => i),
        ),
        local_storage_data: fc.oneof(
          fc.option(fc.dictionary(fc.string(), fc.string())),
          fc.dictionary(aTextWithLoneSurrogates(12), aTextWithLoneSurrogates(), { maxKeys: 3 }),
          // A snapshot of whatever keys a page stored: `__proto__` is just a key in JSON.
          fc.constant(JSON.parse('{"__proto__":"x","theme":"dark"}') as Record<string, string>),
        ),
        screenshot_annotations: fc.option(
          fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
        ),
        unknown_field: fc.jsonValue({ maxDepth: 2 }),
        screenshot: fc.constantFrom('none', 'base64', 'data-url', 'upload'),
      },
      { requiredKeys: ['screenshot'] },
    )
    .chain((fields) =>
      fc
        .tuple(
          fc.constant(fields),
          nonBlank(255),
          nonBlank(2000),
          // A lone surrogate anywhere in the title or description, or none.
          fc.option(aLoneSurrogate(), { nil: '' }),
        )
        .map(([f, plainTitle, plainDescription, lone]) => {
          const title = (lone + plainTitle).slice(0, 255);
          const description = plainDescription + lone;
          const { screenshot, ...rest } = f;
          const w = world();
          const base64 = w.png.toString('base64');
          const extra =
            screenshot === 'base64'
              ? { screenshot_data: base64 }
              : screenshot === 'data-url'
                ? { screenshot_data: `data:image/png;base64,${base64}` }
                : screenshot === 'upload'
                  ? { screenshot_filename: w.ownUploads[1], attachments: [w.ownUploads[0]] }
                  : {};
          return JSON.stringify({ ...rest, title, description, ...extra });
        }),
    );

/** `screenshot_data`, `screenshot_filename` and `attachments` values worth trying. */
export const screenshotFieldFragment = (world: () => World) =>
  fc.oneof(
    fc.constantFrom(
      'data:image/png;base64,',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'data:text/html;base64,PGI+',
      'data:image/png,rawtext',
      'data:image/png;base64;base64,iVBORw0KGgo=',
      'data:;base64,AAAA',
      'data:image/png;charset=utf-8;base64,@@@@',
      '====',
      'A',
      'AAA=A',
      'iVBORw0KGgo=',
      '/9j/4AAQ',
      'R0lGODlh',
      '../../etc/passwd',
      '.hidden.png',
      'x'.repeat(101),
    ),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('base64')),
    fc.integer({ min: 50_000, max: 80_000 }).map((n) => 'A'.repeat(n - (n % 4))),
    fc.constant(null).map(() => world().png.toString('base64')),
    fc.constantFrom(0, 1).map((i) => world().ownUploads[i] ?? ''),
    fc.constantFrom(0, 1).map((i) => world().otherUploads[i] ?? ''),
  );

export const bodyWithKeys = (world: () => World) =>
  fc
    .dictionary(
      fc.constantFrom(...REPORT_KEYS),
      fc.oneof(
        fieldFragment,
        screenshotFieldFragment(world).map((s) => JSON.stringify(s)),
        fc.array(screenshotFieldFragment(world), { maxLength: 25 }).map((a) => JSON.stringify(a)),
      ),
      { maxKeys: 12 },
    )
    .map(
      (fields) =>
        `{${Object.entries(fields)
          .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
          .join(',')}}`,
    );

export const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=UTF-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=nope',
];
export const OTHER_TYPES = [
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json-patch+json',
  'application/vnd.api+json',
  'application/jsonx',
  'application/*',
  '*/*',
  'application/json, text/plain',
  ';',
  '',
  'application/octet-stream',
];
