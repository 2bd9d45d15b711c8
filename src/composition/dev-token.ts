import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SignJWT } from 'jose';

/** A fresh random secret (32 bytes, base64url). */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

/** Where the development secret is kept when AUTH_JWT_SECRET is unset (outside production). */
export const DEV_SECRET_FILE = join('data', 'dev-secret');

/**
 * The development secret: made once, at the first start or `npm run token`
 * without AUTH_JWT_SECRET, and kept in `file` (mode 0600), so that tokens
 * survive a restart and `npm run token` signs what the server accepts. Never
 * used in production (the configuration requires AUTH_JWT_SECRET there).
 */
export async function devSecret(file = DEV_SECRET_FILE): Promise<string> {
  const kept = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (kept !== null && kept.trim().length >= 32) return kept.trim();
  const secret = randomSecret();
  await mkdir(dirname(file), { recursive: true });
  // `wx`: two processes starting at once keep the first one's secret.
  const written = await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return false;
      throw error;
    },
  );
  return written ? secret : (await readFile(file, 'utf8')).trim();
}

export interface TokenClaims {
  readonly companyId: number;
  readonly userId: number;
  readonly name: string;
  readonly email: string | null;
  readonly roles?: readonly string[];
  /** `30d` unless given (jose's time span syntax). */
  readonly expiresIn?: string;
}

/**
 * An HS256 token with the claims `authenticate` reads (`sub`, `company_id`,
 * `name`, `email`, `roles`), signed with `secret`.
 */
export function signToken(secret: string, claims: TokenClaims): Promise<string> {
  return new SignJWT({
    company_id: claims.companyId,
    name: claims.name,
    ...(claims.email ? { email: claims.email } : {}),
    ...(claims.roles && claims.roles.length > 0 ? { roles: [...claims.roles] } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(claims.userId))
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '30d')
    .sign(new TextEncoder().encode(secret));
}

/** The token printed at a development start, so that the API can be tried at once. */
export function signDevToken(secret: string): Promise<string> {
  return signToken(secret, {
    companyId: 1,
    userId: 1,
    name: 'Dev User',
    email: 'dev@localhost',
  });
}
