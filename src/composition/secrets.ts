import { createHmac } from 'node:crypto';
import type { Config } from './config.js';

/**
 * The key that signs public screenshot links. Derived from AUTH_JWT_SECRET so
 * that there is no second secret to manage; rotating that secret revokes the
 * links too. The derivation keeps a link's signature from ever being a valid
 * JWT signature and vice versa.
 */
export const screenshotUrlSecret = (config: Config): Buffer =>
  createHmac('sha256', requireSecret(config)).update('bugport:screenshot-urls').digest();

export function requireSecret(config: Config): string {
  // startServer mints a dev secret when none is set; reaching this without one is a wiring bug.
  if (!config.authJwtSecret) throw new Error('AUTH_JWT_SECRET is not set');
  return config.authJwtSecret;
}
