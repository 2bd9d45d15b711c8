import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

/** A secret good for one start of the server: tokens signed with it die with the process. */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

/** The token printed at a development start, so that the API can be tried at once. */
export function signDevToken(secret: string): Promise<string> {
  return new SignJWT({ company_id: 1, name: 'Dev User', email: 'dev@localhost' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('1')
    .setIssuedAt()
    .setExpirationTime('30d')
    .sign(new TextEncoder().encode(secret));
}
