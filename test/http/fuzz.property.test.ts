import { expect } from 'chai';
import fc from 'fast-check';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { signScreenshotName } from '../../src/adapters/http/signed-screenshot-url.js';
import { STATUSES } from '../../src/domain/issue-report.js';
import { aReportBody, startTestApi } from '../support/http.js';
import { IN_MEMORY, WIRINGS, type Wiring } from '../support/postgres-api.js';
import {
  assertContractError,
  describeExchange,
  errorOf,
  sendRaw,
  type RawRequest,
} from '../support/raw-http.js';

import {
  ENV,
  CONFIG,
  LINK_SECRET,
  RUNS,
  PROBES,
  REFUSED,
  assertContractAnswer,
  headerValue,
  extraHeaders,
  percentEncode,
  PATH_PIECES,
  pathSegment,
  junkQuery,
  decodeParam,
  credentialsArb,
  type World,
  startWorld as startWorldOn,
  exchange,
  expectWellExercised,
  bearer,
  type Part,
  multipartBody,
  plausibleRequest,
  ENDPOINT_COUNT,
  isSupportRoute,
  deepJson,
  MAX_FUZZ_DEPTH,
  validReportArb,
  screenshotFieldFragment,
  bodyWithKeys,
  JSON_TYPES,
  OTHER_TYPES,
} from '../support/fuzz-arbitraries.js';

/*
 * Whatever a client sends (body, headers, query, path, token), every
 * endpoint answers as the contract's HTTP API says: never a 5xx, every
 * error in the error shape with a known code and that code's status, every
 * success with `success: true`. Where the contract says exactly what the
 * answer is (token claims, the list query, ticket numbers, signed links),
 * the properties check that too.
 */

/* ------------------------------------------------------------------ */
/* The properties                                                      */
/* ------------------------------------------------------------------ */

/**
 * The properties, on one wiring: the in-memory fakes, and PostgreSQL, where
 * what each company may see comes from the real, tenant-scoped queries.
 */
function fuzzProperties(this: Mocha.Suite, wiring: Wiring): void {
  this.timeout(60_000);
  const group = (title: string, body: () => void) => {
    if (wiring === IN_MEMORY || !IN_MEMORY_ONLY.has(title)) describe(title, body);
  };
  const startWorld = () => startWorldOn(wiring);

  group('Authorization header and token claims, on every endpoint', () => {
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

  group('POST /api/support/report bodies', () => {
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

  group('GET /api/support/reports query strings', () => {
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

  group('ticket numbers and other path parameters', () => {
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

  group('POST /api/support/upload-screenshot multipart bodies', () => {
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
      // Blob's `blob`) is judged by its content alone, as the upload endpoint is documented.
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

  group('GET /public/screenshots/:name?sig=… (PUBLIC_BASE_URL set)', () => {
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

  group('any method, any path, any headers (probes, CORS preflights, unknown routes)', () => {
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
}

/**
 * Groups that run on the in-memory fakes only: the multipart properties
 * predict the in-memory image processor's verdicts on their generated
 * bytes, and the PostgreSQL wiring decodes with sharp. (Uploads on
 * PostgreSQL are covered by the tenant-isolation suite.)
 */
const IN_MEMORY_ONLY: ReadonlySet<string> = new Set([
  'POST /api/support/upload-screenshot multipart bodies',
]);

for (const wiring of WIRINGS) {
  describe(`fuzz (${wiring.name}): every endpoint answers any request with a status and shape the API allows`, function () {
    fuzzProperties.call(this, wiring);
  });
}
