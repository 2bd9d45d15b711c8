import { expect } from 'chai';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { signScreenshotName } from '../../src/adapters/http/signed-screenshot-url.js';
import { screenshotUrlSecret } from '../../src/composition/secrets.js';
import { STATUSES, type Status } from '../../src/domain/issue-report.js';
import {
  aReportBody,
  signToken,
  startTestApi,
  TEST_SECRET,
  testConfig,
  type TestApi,
} from '../support/http.js';
import {
  aLoneSurrogate,
  aTextWithLoneSurrogates,
  anIdAtTheInt32Edge,
  isStorableId,
} from '../support/arbitraries.js';
import { aGif, aJpeg, aPng } from '../support/images.js';
import {
  assertContractError,
  describeExchange,
  errorOf,
  sendRaw,
  type RawRequest,
  type RawResponse,
} from '../support/raw-http.js';
import { patchReport } from '../support/builders.js';

/*
 * Issue #7: whatever a client sends (body, headers, query, path, token),
 * every endpoint answers with the contract (section 4): never a 5xx, every
 * error in the error shape with a known code and that code's status, every
 * success with `success: true`. Where the contract says exactly what the
 * answer is (token claims, the list query, ticket numbers, signed links),
 * the properties check that too.
 */

const ENV = {
  // High, so 429 does not drown the other answers; 429 is still allowed and checked.
  ISSUE_REPORT_RATE_LIMIT: '1000000',
  UPLOAD_RATE_LIMIT: '1000000',
  PUBLIC_BASE_URL: 'https://support.example.com',
  CORS_ORIGINS: 'https://app.example.com',
  // 50 KiB screenshots: the size limits are within reach of generated data.
  MAX_SCREENSHOT_SIZE_MB: '0.05',
};
const CONFIG = testConfig(ENV);
const LINK_SECRET = screenshotUrlSecret(CONFIG);
const RUNS = { small: 200, medium: 250, large: 300 } as const;

const OWN = { sub: '7', company_id: 1 } as const;
const OTHER = { sub: '9', company_id: 2, name: 'Bea' } as const;
const ANSWERS = new Set([200, 201, 204, 400, 401, 404, 409, 413, 415, 422, 429]);
const PROBES = new Set(['/healthz', '/readyz']);
/**
 * No valid credentials: 401, or 429 once the client address has failed too
 * often (the sign-in throttle; its 429 carries Retry-After like any other).
 */
const REFUSED = [401, 429];

/** Throws unless `res` is an answer the contract allows for `req`, whatever `req` was. */
function assertContractAnswer(req: RawRequest, res: RawResponse): void {
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
const headerChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0xa0, max: 0xff }),
  fc.constant(0x09),
);
const headerValue = (maxLength = 120) =>
  fc.array(headerChar, { maxLength }).map((codes) => String.fromCharCode(...codes));

/** Headers the transport owns: changing them would test Node, not bugport. */
const TRANSPORT_HEADERS = new Set([
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

const headerName = fc.oneof(
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
const extraHeaders = (controlled: readonly string[] = []) =>
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
const percentEncode = (text: string): string =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** A string, percent-encoded or not, that may hold `%`, `..`, encoded slashes, NUL, Latin-1. */
const PATH_PIECES = [
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
const pathSegment = fc.oneof(
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
const junkQuery = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(pathSegment, pathSegment), { minLength: 1, maxLength: 4 })
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  fc.constantFrom('?', '?&&', '?=', '?page=-1&status=x&status=y', '?ticket_number=BUG-2026-0006'),
);

/** `decodeURIComponent`, or the text itself when it does not decode (as @koa/router does). */
const decodeParam = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/* ------------------------------------------------------------------ */
/* Tokens                                                              */
/* ------------------------------------------------------------------ */

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** A compact JWS, signed by hand so that header and payload can be anything at all. */
function compactJws(header: unknown, payload: string | Buffer, secret: string | null): string {
  const signingInput = `${b64url(JSON.stringify(header) ?? '')}.${b64url(payload)}`;
  const signature =
    secret === null ? '' : createHmac('sha256', secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

// Ids are stored in 32-bit INTEGER columns: 1 to 2^31 − 1 (issue 10, item 13).
const isId = (value: unknown): boolean => typeof value === 'number' && isStorableId(value);

/** docs/api.md's claim table: whether a (signed, unexpired) payload names a principal. */
function claimsAreValid(claims: Record<string, unknown>): boolean {
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

const weirdJson = fc.jsonValue({ maxDepth: 2 });
const claimsArb = fc.record(
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

type Verdict = 'valid' | 'invalid' | 'either';
interface Credentials {
  readonly authorization?: string;
  readonly verdict: Verdict;
  readonly label: string;
}

const BROKEN_HEADERS: unknown[] = [
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

const credentialsArb = (validToken: string): fc.Arbitrary<Credentials> =>
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

interface World {
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

async function upload(api: TestApi, token: string, png: Buffer): Promise<string> {
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
async function startWorld(): Promise<World> {
  const api = await startTestApi({ rateLimit: 1_000_000, env: ENV });
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
    const report = [...api.fakes.reports.reports.values()].find((r) => r.ticketNumber === ticket);
    if (!report) throw new Error(`no report ${ticket}`);
    await api.fakes.reports.update(report.reporter.companyId, report.id, (r) =>
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
const loggedErrors = (api: TestApi) =>
  api.logger.entries
    .filter((entry) => entry.level === 'error')
    .map((entry) => `${entry.message ?? ''} ${JSON.stringify(entry.fields).slice(0, 300)}`);

/** Sends, then checks the answer against the contract; returns it for further checks. */
async function exchange(world: World, req: RawRequest): Promise<RawResponse> {
  const res = await world.send(req);
  world.seen.add(res.status);
  assertContractAnswer(req, res);
  return res;
}

/** After a property: nothing was logged as an error, and the run reached the answers it aims at. */
function expectWellExercised(world: World, statuses: readonly number[]): void {
  expect(loggedErrors(world.api)).to.deep.equal([]);
  expect([...world.seen], 'statuses answered during the run').to.include.members([...statuses]);
  // The server runs in this process: a polluted prototype would show here.
  expect(({} as Record<string, unknown>).polluted, 'Object.prototype.polluted').to.equal(undefined);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/* ------------------------------------------------------------------ */
/* Request builders                                                    */
/* ------------------------------------------------------------------ */

interface Part {
  readonly disposition: string;
  readonly contentType?: string;
  readonly content: Buffer;
}

function multipartBody(parts: readonly Part[], boundary: string, close = true): Buffer {
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
function plausibleRequest(world: World, endpoint: number): RawRequest {
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
const ENDPOINT_COUNT = 8;
const isSupportRoute = (endpoint: number) => endpoint <= 4;

/* ------------------------------------------------------------------ */
/* JSON body fragments                                                 */
/* ------------------------------------------------------------------ */

/** JSON text nested `depth` deep, built as text (JSON.stringify would recurse). */
const deepJson = (depth: number, kind: 'array' | 'object' | 'mixed'): string => {
  const open = (i: number) => (kind === 'array' || (kind === 'mixed' && i % 2) ? '[' : '{"a":');
  const close = (i: number) => (kind === 'array' || (kind === 'mixed' && i % 2) ? ']' : '}');
  let text = '';
  for (let i = 0; i < depth; i += 1) text += open(i);
  text += '1';
  for (let i = depth - 1; i >= 0; i -= 1) text += close(i);
  return text;
};

const MAX_FUZZ_DEPTH = 20_000;

const REPEATED = ['a', ' ', 'é', '😀', '\u0000', '\ud800', '\u202e', '\ufeff', '"', '\\', '\n'];

/** A JSON text for one field's value: any type, huge, deep, unicode, null. */
const fieldFragment: fc.Arbitrary<string> = fc.oneof(
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

const REPORT_KEYS = [
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

const nonBlank = (max: number) =>
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: max })
    .filter((s) => s.length <= max && s.trim().length > 0);

/** A body the contract accepts: it must get 201 (or 429). */
const validReportArb = (world: () => World) =>
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
const screenshotFieldFragment = (world: () => World) =>
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

const bodyWithKeys = (world: () => World) =>
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

const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=UTF-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=nope',
];
const OTHER_TYPES = [
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

/* ------------------------------------------------------------------ */
/* The properties                                                      */
/* ------------------------------------------------------------------ */

describe('fuzz: every endpoint answers any request with the contract (issue #7)', function () {
  this.timeout(60_000);

  describe('Authorization header and token claims, on every endpoint', () => {
    let world: World;
    before(async () => {
      world = await startWorld();
    });
    after(() => world.api.close());

    it('answers 401 to every bad credential, never 401 to a good one, never 401 on open routes', async () => {
      await fc.assert(
        fc.asyncProperty(
          credentialsArb(world.own),
          fc.integer({ min: 0, max: ENDPOINT_COUNT - 1 }),
          extraHeaders(['authorization']),
          junkQuery,
          async (credentials, endpoint, extra, query) => {
            const base = plausibleRequest(world, endpoint);
            // GET /reports and the signed link have queries of their own.
            const withQuery = endpoint === 1 || endpoint === ENDPOINT_COUNT - 1 ? '' : query;
            const req: RawRequest = {
              ...base,
              path: base.path + withQuery,
              headers: {
                ...extra,
                ...base.headers,
                ...(credentials.authorization === undefined
                  ? {}
                  : { authorization: credentials.authorization }),
              },
            };
            const res = await exchange(world, req);
            const context = `${credentials.label}: ${describeExchange(req, res)}`;
            if (!isSupportRoute(endpoint)) {
              expect(res.status, context).to.equal(200);
            } else if (credentials.verdict === 'invalid') {
              expect(REFUSED, context).to.include(res.status);
            } else if (credentials.verdict === 'valid') {
              expect(res.status, context).to.not.equal(401);
            }
          },
        ),
        { numRuns: RUNS.large },
      );
      expectWellExercised(world, [200, 201, 401]);
    });
  });

  describe('POST /api/support/report bodies', () => {
    let world: World;
    before(async () => {
      world = await startWorld();
    });
    after(() => world.api.close());

    /** A body, how it is sent, and the statuses the contract allows for it (any, when absent). */
    interface Body {
      readonly text: string | Buffer;
      readonly contentType?: string;
      readonly encoding?: string;
      readonly want?: readonly number[];
      /** A plain valid report: may carry an Idempotency-Key, whose own rules then apply. */
      readonly keyable?: boolean;
    }

    const PLAIN_JSON = [
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json;charset=UTF-8',
    ];
    const COMPRESS: Readonly<Record<string, (text: string) => Buffer>> = {
      gzip: (text) => gzipSync(text),
      deflate: (text) => deflateSync(text),
      br: (text) => brotliCompressSync(text),
    };

    const bodyArb: fc.Arbitrary<Body> = fc.oneof(
      {
        weight: 4,
        arbitrary: validReportArb(() => world).map((text): Body => ({
          text,
          want: [201, 429],
          keyable: true,
        })),
      },
      {
        weight: 2,
        arbitrary: fc
          .jsonValue({ maxDepth: 4 })
          .map((v): Body => ({ text: JSON.stringify(v) ?? 'null' })),
      },
      { weight: 4, arbitrary: bodyWithKeys(() => world).map((text): Body => ({ text })) },
      {
        // A valid report with screenshot fields of any kind: decoded, checked and owned, or refused.
        weight: 3,
        arbitrary: fc
          .tuple(
            validReportArb(() => world),
            fc.oneof(
              fc.record({ screenshot_data: screenshotFieldFragment(() => world) }),
              fc.record({ screenshot_filename: screenshotFieldFragment(() => world) }),
              fc.record({
                attachments: fc.array(
                  screenshotFieldFragment(() => world),
                  { maxLength: 22 },
                ),
              }),
              fc.record(
                {
                  screenshot_data: screenshotFieldFragment(() => world),
                  screenshot_filename: screenshotFieldFragment(() => world),
                  attachments: fc.array(
                    screenshotFieldFragment(() => world),
                    { maxLength: 3 },
                  ),
                },
                { requiredKeys: [] },
              ),
            ),
          )
          .map(([text, fields]): Body => ({
            text: JSON.stringify({ ...(JSON.parse(text) as object), ...fields }),
            want: [201, 400, 413, 415, 429],
          })),
      },
      {
        weight: 2,
        arbitrary: fc
          .oneof(
            fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
            fc.string({ unit: 'binary', maxLength: 200 }),
            fc.constantFrom(
              '{',
              '{"title":',
              '{"title":"a",}',
              "{'a':1}",
              'NaN',
              '\ufeff{}',
              '{}{}',
            ),
            fc
              .tuple(
                fc.integer({ min: 1, max: MAX_FUZZ_DEPTH }),
                fc.constantFrom('array', 'object', 'mixed'),
              )
              .map(([depth, kind]) => deepJson(depth, kind as 'array' | 'object' | 'mixed')),
          )
          .map((text): Body => ({ text })),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(
            validReportArb(() => world),
            fc.constantFrom(...PLAIN_JSON, ...JSON_TYPES, ...OTHER_TYPES),
          )
          .map(([text, contentType]): Body => ({
            text,
            contentType,
            ...(PLAIN_JSON.includes(contentType) ? { want: [201, 429] } : {}),
            ...(OTHER_TYPES.includes(contentType) && contentType !== '' ? { want: [415] } : {}),
          })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            bodyWithKeys(() => world),
            fc.constantFrom(...OTHER_TYPES.filter((t) => t !== '')),
          )
          .map(([text, contentType]): Body => ({ text, contentType, want: [415] })),
      },
      {
        // Compressed as announced (accepted), announced but not compressed (unreadable), or unknown.
        weight: 2,
        arbitrary: fc
          .tuple(
            validReportArb(() => world),
            fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'x', 'gzip, gzip'),
            fc.boolean(),
          )
          .map(([text, encoding, compress]): Body => {
            const compressor = COMPRESS[encoding];
            if (compressor && compress)
              return { text: compressor(text), encoding, want: [201, 429] };
            if (compressor) return { text, encoding, want: [400] };
            if (encoding === 'identity') return { text, encoding, want: [201, 429] };
            return { text, encoding, want: [415] };
          }),
      },
      {
        // Just over the body limit: refused on its Content-Length, before it is read.
        weight: 1,
        arbitrary: fc.integer({ min: 1, max: 2048 }).map((over): Body => ({
          text: `"${'a'.repeat(CONFIG.maxBodyBytes + over)}"`,
          want: [413],
        })),
      },
      {
        // A few KB of gzip that inflate beyond the body limit: cut off while inflating.
        weight: 1,
        arbitrary: fc.constantFrom('gzip', 'deflate', 'br').map((encoding): Body => ({
          text: (COMPRESS[encoding] ?? gzipSync)(
            `{"title":"${'a'.repeat(CONFIG.maxBodyBytes * 2)}"}`,
          ),
          encoding,
          want: [413],
        })),
      },
    );

    /** JSON with sorted keys: "the same request" whatever its layout. */
    const canonical = (value: unknown): string =>
      Array.isArray(value)
        ? `[${value.map(canonical).join(',')}]`
        : typeof value === 'object' && value !== null
          ? `{${Object.keys(value)
              .sort()
              .map(
                (k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`,
              )
              .join(',')}}`
          : (JSON.stringify(value) ?? 'null');

    /** A few keys, so that repeats happen; and any header value at all. */
    const keyArb = fc.oneof(
      { weight: 4, arbitrary: fc.constant<string | undefined>(undefined) },
      { weight: 5, arbitrary: fc.constantFrom('retry-1', 'retry-2', 'retry-3', 'k'.repeat(255)) },
      { weight: 2, arbitrary: fc.oneof(headerValue(40), headerValue(400)) },
    );

    it('never fails, and answers each body (and its Idempotency-Key) as the contract says', async () => {
      // The first 201 per key: a repeat of its request must get the same answer, another request 422.
      const firstByKey = new Map<string, { request: string; text: string; body: string }>();
      await fc.assert(
        fc.asyncProperty(
          bodyArb,
          keyArb,
          fc.boolean(),
          extraHeaders(['authorization', 'content-type', 'content-encoding', 'idempotency-key']),
          async (body, idempotencyKey, replay, extra) => {
            const key = body.keyable ? idempotencyKey : undefined;
            // HTTP drops the spaces and tabs around a header value.
            const effectiveKey = key?.replace(/^[ \t]+|[ \t]+$/g, '');
            const first = effectiveKey === undefined ? undefined : firstByKey.get(effectiveKey);
            // A replay sends the first request again, laid out differently.
            const text =
              replay && first ? JSON.stringify(JSON.parse(first.body), null, 2) : body.text;
            const headers: Record<string, string> = { ...extra, ...bearer(world.own) };
            headers['content-type'] = body.contentType ?? 'application/json';
            if (body.encoding !== undefined) headers['content-encoding'] = body.encoding;
            if (key !== undefined) headers['idempotency-key'] = key;
            const req: RawRequest = {
              method: 'POST',
              path: '/api/support/report',
              headers,
              body: text,
            };
            const res = await exchange(world, req);
            const context = describeExchange(req, res);
            if (effectiveKey !== undefined && (effectiveKey === '' || effectiveKey.length > 255)) {
              expect(res.status, context).to.equal(400);
              expect(
                errorOf(res).details.map((d) => d.path),
                context,
              ).to.deep.equal(['Idempotency-Key']);
            } else if (first && typeof text === 'string') {
              if (canonical(JSON.parse(text)) === first.request) {
                expect(res.status, context).to.equal(201);
                expect(res.text, context).to.equal(first.text);
              } else {
                expect(res.status, context).to.equal(422);
              }
            } else if (body.want) {
              expect(body.want, context).to.include(res.status);
            }
            if (res.status === 201) {
              const { ticket_number } = JSON.parse(res.text) as { ticket_number: string };
              expect(ticket_number).to.match(/^BUG-\d{4}-\d{4,}$/);
              if (effectiveKey !== undefined && !first && typeof text === 'string') {
                firstByKey.set(effectiveKey, {
                  request: canonical(JSON.parse(text)),
                  text: res.text,
                  body: text,
                });
              }
            }
          },
        ),
        { numRuns: RUNS.large },
      );
      expectWellExercised(world, [201, 400, 413, 415, 422]);
    });

    it('answers 400, not 500, to a report whose JSON is nested thousands of levels deep', async () => {
      // About 10 KB of `[[[…]]]`: far below the body limit, and valid JSON.
      for (const field of ['browser_info', 'console_errors', 'screenshot_annotations']) {
        for (const depth of [5_000, 50_000]) {
          const nested = deepJson(depth, field === 'browser_info' ? 'object' : 'array');
          const req: RawRequest = {
            method: 'POST',
            path: '/api/support/report',
            headers: { ...bearer(world.own), 'content-type': 'application/json' },
            body: `{"title":"Deep","description":"Nested","${field}":${nested}}`,
          };
          const res = await world.send(req);
          expect(res.status, `${field} ${depth} deep: ${describeExchange(req, res)}`).to.be.below(
            500,
          );
          assertContractAnswer(req, res);
        }
      }
    });

    it('accepts a valid report whose free-form objects hold a "__proto__" key, and pollutes nothing', async () => {
      // Valid JSON, and a plausible localStorage snapshot; JSON.parse makes it an own property.
      const text = JSON.stringify({
        title: 'Prototype',
        description: 'A key named __proto__',
        local_storage_data: JSON.parse('{"__proto__":{"polluted":true},"theme":"dark"}') as object,
        browser_info: JSON.parse('{"name":"Chrome","__proto__":"x"}') as object,
      });
      const req: RawRequest = {
        method: 'POST',
        path: '/api/support/report',
        headers: { ...bearer(world.own), 'content-type': 'application/json' },
        body: text,
      };
      const res = await world.send(req);
      assertContractAnswer(req, res);
      expect(res.status, describeExchange(req, res)).to.equal(201);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('answers 429 with Retry-After in the contract shape once the rate limit is reached', async () => {
      const limited = await startTestApi({
        rateLimit: 2,
        env: { ...ENV, ISSUE_REPORT_RATE_LIMIT: '2' },
      });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i += 1) {
          const req: RawRequest = {
            method: 'POST',
            path: '/api/support/report',
            headers: { ...bearer(world.own), 'content-type': 'application/json' },
            body: JSON.stringify(aReportBody()),
          };
          const res = await sendRaw(limited.url, req);
          assertContractAnswer(req, res);
          statuses.push(res.status);
        }
        expect(statuses).to.deep.equal([201, 201, 429, 429]);
      } finally {
        await limited.close();
      }
    });
  });

  describe('GET /api/support/reports query strings', () => {
    let world: World;
    before(async () => {
      world = await startWorld();
    });
    after(() => world.api.close());

    const KNOWN = ['page', 'per_page', 'status'] as const;
    // Raw: only what would break the query's framing is encoded, so `%zz` and the like get through.
    const encodeSome = (text: string, raw: boolean) =>
      raw ? text.replace(/[^\x21-\x7e]|[#&=+]/gu, (c) => percentEncode(c)) : percentEncode(text);

    const keyArb = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...KNOWN) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'page[]',
          'PAGE',
          'Page',
          ' page',
          'page ',
          'per-page',
          'perPage',
          'status[]',
          '__proto__',
          'constructor',
          'hasOwnProperty',
          'toString',
          '',
        ),
      },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    );
    const valueArb = fc.oneof(
      fc.nat({ max: 150 }).map(String),
      fc.constantFrom(...STATUSES),
      fc.constantFrom(
        '',
        '0',
        '00',
        '01',
        '-1',
        '-0',
        '+1',
        '1.0',
        '1.5',
        '1e3',
        '0x10',
        ' 1',
        '1 ',
        'Infinity',
        'NaN',
        '9007199254740991',
        '9007199254740992',
        '99999999999999999999',
        '9'.repeat(400),
        '١',
        '１',
        'NEW',
        'New',
        'new ',
        'done',
        '%',
        '%zz',
        '%E0%A4%A',
        'new%00',
      ),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    const pairArb = fc.tuple(keyArb, valueArb, fc.boolean(), fc.boolean());

    /** What the contract says the answer is: 400 naming the bad parameters, or 200 with this page. */
    function expected(query: string) {
      const params = new URLSearchParams(query);
      const bad: string[] = [];
      const one = (key: string) => {
        const all = params.getAll(key);
        if (all.length > 1) bad.push(key);
        return all.length === 1 ? all[0] : undefined;
      };
      const page = one('page');
      const perPage = one('per_page');
      const status = one('status');
      const whole = (text: string) => /^[0-9]+$/.test(text);
      if (page !== undefined && !bad.includes('page')) {
        if (!whole(page) || Number(page) < 1) {
          bad.push('page');
        }
      }
      if (perPage !== undefined && !bad.includes('per_page')) {
        if (!whole(perPage) || Number(perPage) < 1) bad.push('per_page');
      }
      if (status !== undefined && !bad.includes('status')) {
        if (!(STATUSES as readonly string[]).includes(status)) bad.push('status');
      }
      return {
        bad: bad.sort(),
        // Beyond any real page is past the end: clamped, answered with an empty page.
        page: page === undefined ? 1 : Math.min(Number(page), Number.MAX_SAFE_INTEGER),
        perPage: perPage === undefined ? 20 : Math.min(100, Number(perPage)),
        status,
      };
    }

    it('answers 400 naming each bad parameter, or 200 with the right page of company 1 only', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(pairArb, { maxLength: 6 }),
          fc.boolean(),
          extraHeaders(['authorization']),
          async (pairs, anonymous, extra) => {
            const query = pairs
              .map(([key, value, raw, withEquals]) =>
                withEquals || value !== ''
                  ? `${encodeSome(key, raw)}=${encodeSome(value, raw)}`
                  : encodeSome(key, raw),
              )
              .join('&');
            const req: RawRequest = {
              method: 'GET',
              path: `/api/support/reports${query === '' ? '' : `?${query}`}`,
              headers: { ...extra, ...(anonymous ? {} : bearer(world.own)) },
            };
            const res = await exchange(world, req);
            const context = describeExchange(req, res);
            if (anonymous) {
              expect(REFUSED, context).to.include(res.status);
              return;
            }
            const want = expected(query);
            if (want.bad.length > 0) {
              expect(res.status, context).to.equal(400);
              const paths = [...new Set(errorOf(res).details.map((d) => d.path))].sort();
              expect(paths, context).to.deep.equal(want.bad);
              return;
            }
            expect(res.status, context).to.equal(200);
            const body = JSON.parse(res.text) as {
              reports: { ticket_number: string; status: string }[];
              pagination: { page: number; per_page: number; total: number; pages: number };
            };
            const total =
              want.status === undefined
                ? world.ownTickets.length
                : (world.ownByStatus[want.status] ?? 0);
            expect(body.pagination, context).to.deep.equal({
              page: want.page,
              per_page: want.perPage,
              total,
              pages: Math.ceil(total / want.perPage),
            });
            for (const report of body.reports) {
              expect(world.ownTickets, context).to.include(report.ticket_number);
              if (want.status !== undefined) expect(report.status, context).to.equal(want.status);
            }
            const start = (want.page - 1) * want.perPage;
            expect(body.reports.length, context).to.equal(
              Math.max(0, Math.min(want.perPage, total - start)),
            );
          },
        ),
        { numRuns: RUNS.large },
      );
      expectWellExercised(world, [200, 400]);
    });
  });

  describe('ticket numbers and other path parameters', () => {
    let world: World;
    before(async () => {
      world = await startWorld();
    });
    after(() => world.api.close());

    const segmentArb = (w: () => World) =>
      fc.oneof(
        { weight: 5, arbitrary: pathSegment },
        {
          weight: 1,
          arbitrary: fc.constantFrom(0, 1, 2, 3, 4).map((i) => w().ownTickets[i] ?? ''),
        },
        { weight: 1, arbitrary: fc.constantFrom(0, 1, 2).map((i) => w().otherTickets[i] ?? '') },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.constantFrom(0, 1, 2, 3, 4), fc.constantFrom(...PATH_PIECES))
            .map(([i, piece]) => `${w().ownTickets[i] ?? ''}${piece}`),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.integer({ min: 0, max: 99_999 }), fc.bigInt({ min: 0n, max: 10n ** 25n }))
            .map(([year, n]) => `BUG-${year}-${String(n).padStart(4, '0')}`),
        },
      );

    it('reads a report or its screenshot only for a ticket of the caller company, 404 otherwise', async () => {
      await fc.assert(
        fc.asyncProperty(
          segmentArb(() => world),
          fc.constantFrom('read', 'screenshot', 'read/', 'screenshot/', 'nested', 'HEAD'),
          fc.constantFrom('own', 'other', 'none'),
          junkQuery,
          extraHeaders(['authorization']),
          async (segment, shape, who, query, extra) => {
            const path =
              shape === 'read' || shape === 'HEAD'
                ? `/api/support/report/${segment}`
                : shape === 'read/'
                  ? `/api/support/report/${segment}/`
                  : shape === 'screenshot'
                    ? `/api/support/report/${segment}/screenshot`
                    : shape === 'screenshot/'
                      ? `/api/support/report/${segment}/screenshot/`
                      : `/api/support/report/${segment}/${segment}`;
            const token = who === 'own' ? world.own : who === 'other' ? world.other : null;
            const req: RawRequest = {
              method: shape === 'HEAD' ? 'HEAD' : 'GET',
              path: path + query,
              headers: { ...extra, ...(token ? bearer(token) : {}) },
            };
            const res = await exchange(world, req);
            const context = describeExchange(req, res);
            const ticket = decodeParam(segment);
            const tickets =
              who === 'own' ? world.ownTickets : who === 'other' ? world.otherTickets : [];
            const withShot =
              who === 'own'
                ? world.ownScreenshotTickets
                : who === 'other'
                  ? world.otherTickets.slice(1)
                  : [];
            const mayMissRoute = shape === 'nested' || shape.endsWith('/') || segment === '';
            if (mayMissRoute && (who === 'none' || shape === 'nested')) {
              expect([...REFUSED, 404], context).to.include(res.status);
            } else if (who === 'none') {
              expect(REFUSED, context).to.include(res.status);
            } else if (shape.startsWith('read') || shape === 'HEAD') {
              const exists = tickets.includes(ticket);
              // A trailing slash may or may not match the route; it never reaches another ticket.
              if (!exists) expect(res.status, context).to.equal(404);
              else if (shape !== 'read/') expect(res.status, context).to.equal(200);
              if (res.status === 200 && shape !== 'HEAD') {
                const body = JSON.parse(res.text) as { report: { ticket_number: string } };
                expect(body.report.ticket_number, context).to.equal(ticket);
              }
            } else {
              const exists = withShot.includes(ticket);
              if (!exists) expect(res.status, context).to.equal(404);
              else if (shape === 'screenshot') expect(res.status, context).to.equal(200);
              if (res.status === 200) expect(res.headers['content-type']).to.equal('image/png');
            }
          },
        ),
        { numRuns: RUNS.large },
      );
      expectWellExercised(world, [200, 404]);
    });
  });

  describe('POST /api/support/upload-screenshot multipart bodies', () => {
    let world: World;
    before(async () => {
      world = await startWorld();
    });
    after(() => world.api.close());

    const filenameArb = fc.oneof(
      fc.constantFrom(
        'a.png',
        'A.PNG',
        'x.jpg',
        'x.JPEG',
        'x.gif',
        'x.txt',
        'x.svg',
        'x.png.exe',
        'noext',
        '',
        '.png',
        '../../etc/passwd.png',
        '..\\..\\x.png',
        '/abs/x.png',
        'a\u0000.png',
        'é😀.png',
        'a"b.png',
        "a';--.png",
        '%2e%2e%2fa.png',
        `${'x'.repeat(300)}.png`,
        'CON.png',
        'a.png ',
        'a.png.',
      ),
      fc
        .tuple(
          fc.string({ unit: 'binary', maxLength: 30 }),
          fc.constantFrom('.png', '.jpg', '.gif', ''),
        )
        .map(([stem, ext]) => stem + ext),
    );

    type Content =
      'png' | 'jpeg' | 'gif' | 'empty' | Uint8Array | { sig: Uint8Array } | { big: number };
    const contentArb: fc.Arbitrary<Content> = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom<Content>('png', 'jpeg', 'gif') },
      { weight: 1, arbitrary: fc.constant<Content>('empty') },
      { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 100 }).map((sig) => ({ sig })) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 80_000 }).map((big) => ({ big })) },
    );
    const bytesOf = (content: Content): Buffer =>
      content === 'png'
        ? world.png
        : content === 'jpeg'
          ? world.jpeg
          : content === 'gif'
            ? world.gif
            : content === 'empty'
              ? Buffer.alloc(0)
              : content instanceof Uint8Array
                ? Buffer.from(content)
                : 'sig' in content
                  ? Buffer.concat([world.png.subarray(0, 8), Buffer.from(content.sig)])
                  : Buffer.concat([world.png, Buffer.alloc(content.big, 0x41)]);
    const partTypeArb = fc.option(
      fc.constantFrom('image/png', 'image/jpeg', 'text/html', 'application/octet-stream', '', 'x'),
      { nil: undefined },
    );
    const quoted = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

    const partArb: fc.Arbitrary<Part> = fc
      .record({
        name: fc.oneof(
          { weight: 4, arbitrary: fc.constant('screenshot') },
          {
            weight: 2,
            arbitrary: fc.constantFrom(
              'Screenshot',
              'screenshot[]',
              'file',
              '',
              'screenshot ',
              'a"b',
              '__proto__[polluted]',
              'constructor[prototype][polluted]',
            ),
          },
          { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
        ),
        filename: fc.option(filenameArb, { nil: undefined }),
        style: fc.constantFrom('quoted', 'star', 'bare', 'no-name', 'attachment'),
        contentType: partTypeArb,
        content: contentArb,
      })
      .map(({ name, filename, style, contentType, content }) => {
        const file =
          filename === undefined
            ? ''
            : style === 'star'
              ? `; filename*=UTF-8''${percentEncode(filename)}`
              : style === 'bare'
                ? `; filename=${filename}`
                : `; filename=${quoted(filename)}`;
        const disposition =
          style === 'no-name'
            ? `form-data${file}`
            : `${style === 'attachment' ? 'attachment' : 'form-data'}; name=${quoted(name)}${file}`;
        return {
          disposition,
          content: bytesOf(content),
          ...(contentType === undefined ? {} : { contentType }),
        };
      });

    /** What the contract says of one well-framed file in the field `screenshot`. */
    function expectedUpload(filename: string, bytes: Buffer): number | null {
      // Only plain names: how a multipart parser reads odd ones is its business, not the contract's.
      if (!/^[A-Za-z0-9_-][A-Za-z0-9 _.-]*$/.test(filename)) return null;
      // An oversize file is cut off while it streams in, before its name is looked at.
      if (bytes.length > CONFIG.maxScreenshotBytes) return 413;
      const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
      // A name's extension, when it has one, must be an image's; a name without one (a canvas
      // Blob's `blob`) is judged by its content alone (contract section 4).
      if (filename.includes('.') && !['png', 'jpg', 'jpeg', 'gif'].includes(extension ?? '')) {
        return 415;
      }
      if (bytes.length === 0) return 400;
      const png = bytes.subarray(0, 8).equals(world.png.subarray(0, 8));
      const jpeg = bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]));
      const gif = /^GIF8[79]a/.test(bytes.subarray(0, 6).toString('latin1'));
      return png || jpeg || gif ? 201 : 415;
    }

    const singleFileArb = fc.record({
      filename: fc.oneof(
        filenameArb,
        fc
          .tuple(
            fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
            fc.constantFrom('.png', '.PNG', '.jpg', '.jpeg', '.gif', '.txt', '.png.txt', '', '.'),
          )
          .map(([stem, ext]) => stem + ext),
      ),
      contentType: partTypeArb,
      content: contentArb,
    });

    it('answers one file in the field "screenshot" by its name and content, and stores what it accepts', async () => {
      await fc.assert(
        fc.asyncProperty(
          singleFileArb,
          extraHeaders(['authorization', 'content-type']),
          async (file, extra) => {
            const bytes = bytesOf(file.content);
            const part: Part = {
              disposition: `form-data; name="screenshot"; filename=${quoted(file.filename)}`,
              content: bytes,
              ...(file.contentType === undefined ? {} : { contentType: file.contentType }),
            };
            const req: RawRequest = {
              method: 'POST',
              path: '/api/support/upload-screenshot',
              headers: {
                ...extra,
                ...bearer(world.own),
                'content-type': 'multipart/form-data; boundary=----bugportfuzz',
              },
              body: multipartBody([part], '----bugportfuzz'),
            };
            const before = world.api.fakes.screenshots.files.size;
            const res = await exchange(world, req);
            const context = describeExchange(req, res);
            const want = expectedUpload(file.filename, bytes);
            if (want !== null) expect(res.status, context).to.equal(want);
            else expect([201, 400, 413, 415], context).to.include(res.status);
            if (res.status === 201) {
              const answer = JSON.parse(res.text) as { filename: string; path: string };
              const format =
                file.content === 'jpeg' ? 'jpg' : file.content === 'gif' ? 'gif' : 'png';
              // The stored extension follows the content, never the client's name.
              if (file.content === 'png' || file.content === 'jpeg' || file.content === 'gif') {
                expect(answer.filename, context).to.match(
                  new RegExp(`^[0-9a-f-]{36}\\.${format}$`),
                );
              }
              expect(answer.filename, context).to.match(/^[0-9a-f-]{36}\.(png|jpg|gif)$/);
              expect(answer.path, context).to.equal(`uploads/screenshots/${answer.filename}`);
              expect(world.api.fakes.screenshots.files.has(answer.filename), context).to.equal(
                true,
              );
            } else {
              expect(world.api.fakes.screenshots.files.size, context).to.equal(before);
            }
          },
        ),
        { numRuns: RUNS.small },
      );
      expectWellExercised(world, [201, 413, 415]);
    });

    const canonical = (): Part => ({
      disposition: 'form-data; name="screenshot"; filename="shot.png"',
      contentType: 'image/png',
      content: world.png,
    });

    it('never fails on any multipart framing, fields and filenames', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 1, arbitrary: fc.constant<Part[] | null>(null) },
            { weight: 5, arbitrary: fc.array(partArb, { maxLength: 11 }) },
          ),
          fc.stringMatching(/^[A-Za-z0-9'()+_,\-./:=?]{1,70}$/),
          fc.constantFrom('ok', 'ok', 'ok', 'quoted', 'missing', 'other', 'mixed', 'json', 'none'),
          fc.constantFrom('closed', 'closed', 'unclosed', 'truncated', 'preamble'),
          fc.nat(),
          extraHeaders(['authorization', 'content-type']),
          async (parts, boundary, typeStyle, framing, cut, extra) => {
            const isCanonical = parts === null;
            let body = multipartBody(parts ?? [canonical()], boundary, framing !== 'unclosed');
            if (framing === 'truncated' && !isCanonical)
              body = body.subarray(0, cut % (body.length + 1));
            if (framing === 'preamble') {
              body = Buffer.concat([Buffer.from('junk\r\n'), body, Buffer.from('epilogue')]);
            }
            const contentType = isCanonical
              ? `multipart/form-data; boundary="${boundary}"`
              : {
                  ok: `multipart/form-data; boundary=${boundary}`,
                  quoted: `multipart/form-data; boundary="${boundary}"`,
                  missing: 'multipart/form-data',
                  other: 'multipart/form-data; boundary=not-the-one',
                  mixed: `multipart/mixed; boundary=${boundary}`,
                  json: 'application/json',
                  none: undefined,
                }[typeStyle];
            const req: RawRequest = {
              method: 'POST',
              path: '/api/support/upload-screenshot',
              headers: {
                ...extra,
                ...bearer(world.own),
                ...(contentType === undefined ? {} : { 'content-type': contentType }),
              },
              body,
            };
            const res = await exchange(world, req);
            const context = describeExchange(req, res);
            expect([201, 400, 413, 415], context).to.include(res.status);
            if (isCanonical && framing !== 'unclosed') expect(res.status, context).to.equal(201);
            if (res.status === 201) {
              const answer = JSON.parse(res.text) as { filename: string; path: string };
              expect(answer.filename, context).to.match(/^[0-9a-f-]{36}\.(png|jpg|gif)$/);
              expect(world.api.fakes.screenshots.files.has(answer.filename), context).to.equal(
                true,
              );
            }
          },
        ),
        { numRuns: RUNS.medium },
      );
      expectWellExercised(world, [400]);
    });
  });

  describe('GET /public/screenshots/:name?sig=… (PUBLIC_BASE_URL set)', () => {
    let world: World;
    let stored: string[];
    before(async () => {
      world = await startWorld();
      stored = [...world.api.fakes.screenshots.files.keys()];
    });
    after(() => world.api.close());

    it('serves a file only to the exact signature of its exact name, 404 otherwise', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            {
              weight: 2,
              arbitrary: fc.nat().map((i) => encodeURIComponent(stored[i % stored.length] ?? '')),
            },
            { weight: 2, arbitrary: pathSegment },
            {
              weight: 1,
              arbitrary: fc
                .tuple(fc.nat(), fc.constantFrom(...PATH_PIECES))
                .map(([i, piece]) => `${stored[i % stored.length] ?? ''}${piece}`),
            },
          ),
          fc.constantFrom(
            'right',
            'right',
            'upper',
            'other-name',
            'random',
            'short',
            'twice',
            'none',
            'spaced',
            'junk',
          ),
          fc.string({
            unit: fc.constantFrom(...'0123456789abcdefABCDEF'),
            minLength: 64,
            maxLength: 64,
          }),
          fc.boolean(),
          extraHeaders(['authorization']),
          async (segment, sigStyle, randomHex, signedIn, extra) => {
            const name = decodeParam(segment);
            const right = signScreenshotName(LINK_SECRET, name);
            const sig = {
              right: `sig=${right}`,
              upper: `sig=${right.toUpperCase()}`,
              'other-name': `sig=${signScreenshotName(LINK_SECRET, `${name}x`)}`,
              random: `sig=${randomHex.toLowerCase()}`,
              short: `sig=${right.slice(0, 63)}`,
              twice: `sig=${right}&sig=${right}`,
              none: '',
              spaced: `sig=%20${right}`,
              junk: `sig=${percentEncode(randomHex)}%`,
            }[sigStyle];
            const req: RawRequest = {
              method: 'GET',
              path: `/public/screenshots/${segment}${sig === '' ? '' : `?${sig}`}`,
              headers: { ...extra, ...(signedIn ? bearer(world.own) : {}) },
            };
            const res = await exchange(world, req);
            const context = describeExchange(req, res);
            if (sigStyle === 'right' && stored.includes(name)) {
              expect(res.status, context).to.equal(200);
              expect(
                res.bytes.equals(Buffer.from(world.api.fakes.screenshots.files.get(name) ?? [])),
              ).to.equal(true);
            } else {
              expect(res.status, context).to.equal(404);
              expect(errorOf(res).code, context).to.equal('not_found');
            }
          },
        ),
        { numRuns: RUNS.medium },
      );
      expectWellExercised(world, [200, 404]);
    });
  });

  describe('any method, any path, any headers (probes, CORS preflights, unknown routes)', () => {
    let world: World;
    before(async () => {
      world = await startWorld();
    });
    after(() => world.api.close());

    it('answers a request line Node cannot parse (a raw non-ASCII byte in the path) in the contract shape', async () => {
      // Node's HTTP parser refuses it before the app runs, and by default answers a bare
      // "400 Bad Request" with no body: outside the contract unless the server handles `clientError`.
      const req: RawRequest = {
        method: 'GET',
        path: `/api/support/report/BUG-2026-0001\u00ff`,
        headers: bearer(world.own),
      };
      const res = await world.send(req);
      expect(res.status, describeExchange(req, res)).to.equal(400);
      assertContractError(req, res);
    });

    it('answers probes with 200, preflights from an allowed origin with 204, the rest in the contract', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
          fc.oneof(
            fc.constantFrom('/healthz', '/readyz'),
            fc.constantFrom(
              '/healthz',
              '/readyz',
              '/healthz/',
              '/HEALTHZ',
              '/healthz?x=1',
              '/api/support/report',
              '/api/support/reports',
              '/api/support/upload-screenshot',
              '/api/support',
              '/api/support/',
              '/api',
              '/',
              '/public/screenshots/',
              '//api/support/reports',
              '/api//support/reports',
              '/api/support/./reports',
              '/api/support/../support/reports',
              '/api/support/reports%2F',
              '*',
            ),
            fc
              .array(pathSegment, { minLength: 1, maxLength: 4 })
              .map((segments) => `/${segments.join('/')}`),
            pathSegment.map((s) => `/api/support/${s}`),
          ),
          fc.constantFrom('none', 'allowed', 'disallowed', 'null'),
          fc.boolean(),
          fc.option(
            fc.oneof(
              fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
              headerValue(100),
            ),
            {
              nil: undefined,
            },
          ),
          fc.constantFrom('valid', 'none', 'junk'),
          extraHeaders(['authorization', 'origin', 'access-control-request-method']),
          async (method, path, origin, preflight, body, auth, extra) => {
            const headers: Record<string, string> = { ...extra };
            if (origin !== 'none') {
              headers.origin =
                origin === 'allowed'
                  ? 'https://app.example.com'
                  : origin === 'null'
                    ? 'null'
                    : 'https://evil.example';
            }
            if (preflight) headers['access-control-request-method'] = 'POST';
            if (auth === 'valid') headers.authorization = `Bearer ${world.own}`;
            if (auth === 'junk') headers.authorization = 'Bearer junk';
            const req: RawRequest = {
              method,
              path,
              headers,
              ...(body === undefined || method === 'GET' || method === 'HEAD' ? {} : { body }),
            };
            const res = await exchange(world, req);
            const context = describeExchange(req, res);
            const bare = path.split('?')[0] ?? '';
            if ((method === 'GET' || method === 'HEAD') && PROBES.has(bare)) {
              expect(res.status, context).to.equal(200);
            }
            if (method === 'OPTIONS' && preflight && origin === 'allowed') {
              expect(res.status, context).to.equal(204);
              expect(res.headers['access-control-allow-origin'], context).to.equal(
                'https://app.example.com',
              );
            }
            if (origin === 'disallowed' || origin === 'null') {
              expect(res.headers['access-control-allow-origin'], context).to.equal(undefined);
            }
          },
        ),
        { numRuns: RUNS.medium },
      );
      expectWellExercised(world, [200, 404]);
    });
  });
});
