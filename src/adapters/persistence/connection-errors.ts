import { ConnectionError } from 'sequelize';
import { DependencyUnavailableError } from '../../application/errors.js';

/** Socket-level failures: the server is not there, or the connection broke. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that mean "the server cannot serve you now", not "your query is
 * wrong": class 08 (connection exception), shutdowns and start-up (57P01–
 * 57P03), too many connections (53300).
 */
const isUnavailableSqlState = (code: string): boolean =>
  code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);

/** Messages pg uses for a connection that died without a code. */
const MESSAGES = [
  /connection terminated/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
  /client has encountered a connection error and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection (timed out|refused)/i,
  /terminating connection due to administrator command/i,
];

const fieldOf = (value: object, key: string): unknown =>
  key in value ? (value as Record<string, unknown>)[key] : undefined;

/**
 * True when `error`, or anything it wraps (Sequelize keeps pg's error in
 * `parent`/`original`, newer code in `cause`), says the database cannot be
 * reached: as opposed to a bug or a constraint violation, which must surface
 * as they are.
 */
export function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  if (error instanceof ConnectionError) return true;
  const code = fieldOf(error, 'code');
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code))) {
    return true;
  }
  const message = fieldOf(error, 'message');
  if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
  return ['parent', 'original', 'cause'].some((key) => {
    const inner = fieldOf(error, key);
    return inner !== error && isConnectionFailure(inner, depth + 1);
  });
}

/**
 * Runs a database operation and turns "cannot reach the database" into the
 * application's `DependencyUnavailableError` (HTTP 503). Every other error
 * passes through untouched.
 */
export async function translatingConnectionErrors<T>(
  operation: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isConnectionFailure(error)) {
      throw new DependencyUnavailableError(`The database cannot be reached (${operation})`, {
        cause: error,
      });
    }
    throw error;
  }
}
