import { createHmac, timingSafeEqual } from 'node:crypto';

/** Where signed screenshot links point, below `PUBLIC_BASE_URL`. */
export const PUBLIC_SCREENSHOTS_PATH = '/public/screenshots';

// Domain separation: a MAC made for screenshot links is worthless anywhere else the secret is used.
const CONTEXT = 'bugport:screenshot-url:v1\n';
const SIGNATURE = /^[0-9a-f]{64}$/;
const MIN_SECRET_BYTES = 16;

export type ScreenshotSecret = string | Uint8Array;

const keyOf = (secret: ScreenshotSecret): Uint8Array =>
  typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;

/** Hex HMAC-SHA256 of a screenshot name: the `sig` of its public URL. */
export function signScreenshotName(secret: ScreenshotSecret, name: string): string {
  return createHmac('sha256', keyOf(secret))
    .update(CONTEXT + name, 'utf8')
    .digest('hex');
}

/** True only for the exact signature of `name`, compared in constant time. */
export function verifyScreenshotSignature(
  secret: ScreenshotSecret,
  name: string,
  signature: unknown,
): boolean {
  if (typeof signature !== 'string' || !SIGNATURE.test(signature)) return false;
  const expected = Buffer.from(signScreenshotName(secret, name), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/**
 * `(name) => "${baseUrl}/public/screenshots/<name>?sig=<hex>"`: links to
 * screenshots that work without a bearer token, for GitHub issues (whose
 * readers have no bugport account). The signature is the only key, so the
 * links do not expire: an issue's image must keep working. Rotating the
 * secret revokes every link at once.
 */
export function screenshotUrlSigner(
  baseUrl: string,
  secret: ScreenshotSecret,
): (name: string) => string {
  if (keyOf(secret).byteLength < MIN_SECRET_BYTES) {
    throw new RangeError(`The screenshot URL secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  const base = new URL(baseUrl).toString().replace(/\/+$/, '');
  return (name) =>
    `${base}${PUBLIC_SCREENSHOTS_PATH}/${encodeURIComponent(name)}?sig=${signScreenshotName(secret, name)}`;
}
