import { ConnectionError } from 'sequelize';
import { DependencyUnavailableError } from '../../application/errors/dependency-unavailable-error.js';

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

/** The first code (errno or SQLSTATE) in `error` or what it wraps, with its error. */
function firstCoded(error: unknown, depth = 0): { code: string; error: object } | null {
  if (typeof error !== 'object' || error === null || depth > 5) return null;
  const code = fieldOf(error, 'code');
  if (typeof code === 'string' && code.length > 0) return { code, error };
  for (const key of ['parent', 'original', 'cause']) {
    const inner = fieldOf(error, key);
    const found = inner !== error ? firstCoded(inner, depth + 1) : null;
    if (found) return found;
  }
  return null;
}

const stringField = (value: object, key: string): string | null => {
  const field = fieldOf(value, key);
  return typeof field === 'string' || typeof field === 'number' ? String(field) : null;
};

/**
 * Why the database cannot be reached, in words an operator can act on:
 * refused, unreachable, unknown host, failed authentication, missing
 * database. Built from error codes and the address only, so it never
 * carries a password. Null when the error says nothing more specific.
 */
export function describeConnectionFailure(error: unknown): string | null {
  const found = firstCoded(error);
  if (!found) return null;
  const where = [stringField(found.error, 'address'), stringField(found.error, 'port')]
    .filter((part) => part !== null)
    .join(':');
  const at = where ? ` at ${where}` : '';
  // PostgreSQL's own messages name the user or database, never the password.
  const serverMessage = stringField(found.error, 'message') ?? '';
  switch (found.code) {
    case 'ECONNREFUSED':
      return `connection refused${at} (is PostgreSQL running there, on that port?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found${stringField(found.error, 'hostname') ? `: ${stringField(found.error, 'hostname')}` : ''}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return `host unreachable${at}`;
    case 'ECONNRESET':
      return `connection reset${at}`;
    case '28P01':
    case '28000':
      return `authentication failed: ${serverMessage} (check the user and password in DATABASE_URL)`;
    case '3D000':
      return `${serverMessage} (create it, or fix the database name in DATABASE_URL)`;
    case '53300':
      return 'too many connections';
    case '57P03':
      return 'the database system is starting up';
    default:
      return isUnavailableSqlState(found.code) ? `${serverMessage} (${found.code})` : null;
  }
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
      const why = describeConnectionFailure(error);
      throw new DependencyUnavailableError(
        `The database cannot be reached (${operation})${why ? `: ${why}` : ''}`,
        { cause: error },
      );
    }
    throw error;
  }
}
