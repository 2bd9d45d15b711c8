import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type Koa from 'koa';
import { z } from 'zod';
import type { Principal } from '../../application/access/principal.js';

/**
 * Turns a request into the authenticated caller, or null when there is none
 * (no credentials, bad or expired ones). The standalone server uses
 * `bearerJwtAuthenticator`; an embedding host passes its own. Throwing is
 * for the unexpected only (the request then fails with 500).
 */
export type Authenticate = (ctx: Koa.Context) => Promise<Principal | null>;

/**
 * Why an authenticator said null, left on `ctx.state` for the router: the
 * `reason` is for the log (outside production), never carrying the token;
 * `message`, when set, is safe to tell the client instead of the generic one.
 */
export interface AuthRefusal {
  readonly reason: string;
  readonly message?: string;
}

const REFUSAL = 'authRefusal';

/** Records why `ctx` was not authenticated (see `AuthRefusal`). */
export function refuse(ctx: Koa.Context, refusal: AuthRefusal): null {
  (ctx.state as Record<string, unknown>)[REFUSAL] = refusal;
  return null;
}

/** What `refuse` recorded for `ctx`, if anything. */
export function refusalOf(ctx: Koa.Context): AuthRefusal | undefined {
  return (ctx.state as Record<string, unknown>)[REFUSAL] as AuthRefusal | undefined;
}

/**
 * User and company ids are stored in 32-bit INTEGER columns: a token is
 * accepted only with ids a row can hold, so no larger one reaches a write.
 * 0 is no id (ids count from 1), as it always was here.
 */
export const MAX_ID = 2_147_483_647;
const idMessage = `Must be a whole number from 1 to ${MAX_ID}`;
const id = z.number({ error: idMessage }).int(idMessage).min(1, idMessage).max(MAX_ID, idMessage);

/**
 * The claims a bearer token carries: who the user is and which company.
 * Anything else in the token is ignored.
 */
const claimsSchema = z.object({
  // JWT says `sub` is a string; hosts that mint tokens by hand often put a number in it.
  sub: z.union(
    [
      id,
      z
        .string()
        .regex(/^[0-9]{1,10}$/, idMessage)
        .transform(Number)
        .pipe(id),
    ],
    { error: idMessage },
  ),
  company_id: id,
  name: z.string({ error: 'Must be a string' }),
  email: z.string({ error: 'Must be a string or null' }).nullish(),
  roles: z.array(z.string(), { error: 'Must be an array of strings' }).optional(),
});

const BEARER = /^Bearer\s+([A-Za-z0-9_\-.]+)\s*$/i;

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(ctx: Koa.Context): string | null {
  const match = BEARER.exec(ctx.get('Authorization'));
  return match?.[1] ?? null;
}

type Verified =
  { readonly ok: true; readonly payload: object } | { readonly ok: false; readonly reason: string };

const decodeJson = (segment: string): unknown => {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A compact HS256 JWS checked synchronously with node:crypto's HMAC: it runs
 * on the event loop in microseconds, where WebCrypto (jose) would queue on
 * libuv's thread pool behind image work and make every sign-in wait for it.
 * The checks are jose's for `jwtVerify(token, secret, { algorithms: ['HS256'],
 * requiredClaims: ['exp'] })`: `alg` HS256 only, no `crit`, a JSON object
 * payload, `exp` required, `exp`, `nbf`, `iat` numbers, not expired, not
 * before `nbf`.
 */
export function verifyHs256(token: string, key: KeyObject, nowSeconds: number): Verified {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
  const [header64 = '', payload64 = '', signature64 = ''] = parts;
  const header = decodeJson(header64);
  if (!isObject(header)) return { ok: false, reason: 'malformed header' };
  if (header.alg !== 'HS256') return { ok: false, reason: 'algorithm is not HS256' };
  if (header.crit !== undefined) return { ok: false, reason: 'unsupported crit header' };
  const expected = createHmac('sha256', key).update(`${header64}.${payload64}`).digest();
  const given = Buffer.from(signature64, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad signature' };
  }
  const payload = decodeJson(payload64);
  if (!isObject(payload)) return { ok: false, reason: 'payload is not a JSON object' };
  const { exp, nbf, iat } = payload;
  if (exp === undefined) return { ok: false, reason: 'missing claim exp' };
  for (const [name, value] of [
    ['exp', exp],
    ['nbf', nbf],
    ['iat', iat],
  ] as const) {
    if (value !== undefined && typeof value !== 'number') {
      return { ok: false, reason: `claim ${name} is not a number` };
    }
  }
  if ((exp as number) <= nowSeconds) return { ok: false, reason: 'expired' };
  if (typeof nbf === 'number' && nbf > nowSeconds)
    return { ok: false, reason: 'not yet valid (nbf)' };
  return { ok: true, payload };
}

/**
 * HS256 bearer tokens signed with `secret`. `exp` is required: a token that
 * never expires cannot be revoked, since there is no token store.
 */
export function bearerJwtAuthenticator(secret: Uint8Array): Authenticate {
  const key = createSecretKey(secret);
  return async (ctx) => {
    const token = bearerToken(ctx);
    if (!token) {
      return refuse(ctx, {
        reason: ctx.get('Authorization') ? 'not a bearer token' : 'no credentials',
      });
    }
    const verified = verifyHs256(token, key, Math.floor(Date.now() / 1000));
    if (!verified.ok) {
      return refuse(ctx, {
        reason: verified.reason,
        ...(verified.reason === 'expired' ? { message: 'The token has expired' } : {}),
      });
    }
    const claims = claimsSchema.safeParse(verified.payload);
    if (!claims.success) {
      const issues = claims.error.issues.map(
        (issue) => `${issue.path.map(String).join('.') || 'claims'}: ${issue.message}`,
      );
      // The token is genuine (its signature holds): telling its holder what is wrong with it is safe.
      return refuse(ctx, {
        reason: `claims do not fit: ${issues.join('; ')}`,
        message: `The token's claims do not fit: ${issues.join('; ')}`,
      });
    }
    const { sub, company_id, name, email, roles } = claims.data;
    return { userId: sub, companyId: company_id, name, email: email || null, roles: roles ?? [] };
  };
}
