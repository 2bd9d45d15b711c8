import type Koa from 'koa';
import { errors, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Principal } from '../../application/principal.js';

/**
 * Turns a request into the authenticated caller, or null when there is none
 * (no credentials, bad or expired ones). The standalone server uses
 * `bearerJwtAuthenticator`; an embedding host passes its own. Throwing is
 * for the unexpected only (the request then fails with 500).
 */
export type Authenticate = (ctx: Koa.Context) => Promise<Principal | null>;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The claims of contract section 3. Anything else in the token is ignored. */
const claimsSchema = z.object({
  // JWT says `sub` is a string; hosts that mint tokens by hand often put a number in it.
  sub: z.union([
    id,
    z
      .string()
      .regex(/^[0-9]{1,15}$/)
      .transform(Number)
      .pipe(id),
  ]),
  company_id: id,
  name: z.string(),
  email: z.string().nullish(),
  roles: z.array(z.string()).optional(),
});

const BEARER = /^Bearer\s+([A-Za-z0-9_\-.]+)\s*$/i;

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(ctx: Koa.Context): string | null {
  const match = BEARER.exec(ctx.get('Authorization'));
  return match?.[1] ?? null;
}

/**
 * HS256 bearer tokens signed with `secret`. `exp` is required: a token that
 * never expires cannot be revoked, since there is no token store.
 */
export function bearerJwtAuthenticator(secret: Uint8Array): Authenticate {
  return async (ctx) => {
    const token = bearerToken(ctx);
    if (!token) return null;
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, secret, {
        algorithms: ['HS256'],
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      // Every failure of the token itself means "not authenticated"; anything else is a bug.
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) return null;
    const { sub, company_id, name, email, roles } = claims.data;
    return { userId: sub, companyId: company_id, name, email: email || null, roles: roles ?? [] };
  };
}
