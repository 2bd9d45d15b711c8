/**
 * What of an error may be logged: its class, its code (SQLSTATE, errno) and
 * its message, never what a database driver attaches to it (`sql`,
 * `parameters`, `parent`/`original`, pg's `detail`, `where`, `hint`), since
 * those quote the statement's values: a report's text, a reporter's e-mail,
 * a token. A message can quote values too (PostgreSQL's `invalid input
 * syntax for type integer: "…"`): quoted parts are replaced with `"…"`. The
 * causes follow the same rules, a few levels deep; the stack keeps its frames.
 */
export interface LoggableError {
  readonly type: string;
  readonly code?: string;
  readonly message: string;
  readonly stack?: string;
  readonly cause?: LoggableError;
}

const MAX_MESSAGE = 300;
const MAX_DEPTH = 4;

/** Double- or single-quoted runs, as PostgreSQL and most drivers quote values. */
const QUOTED = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g;

export const scrubMessage = (message: string): string =>
  message.replace(QUOTED, '"…"').slice(0, MAX_MESSAGE);

const stringField = (value: object, key: string): string | undefined => {
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
};

const innerOf = (error: object): unknown => {
  const fields = error as Record<string, unknown>;
  // Sequelize keeps the driver's error in `parent` (and `original`, the same one).
  return fields.cause ?? fields.parent ?? fields.original;
};

export function loggableError(error: unknown, depth = 0): LoggableError {
  if (typeof error !== 'object' || error === null) {
    return { type: typeof error, message: scrubMessage(String(error)) };
  }
  const type = stringField(error, 'name') ?? error.constructor?.name ?? 'Error';
  const message = scrubMessage(stringField(error, 'message') ?? '');
  const code = stringField(error, 'code') ?? stringField(innerOf(error) ?? {}, 'code');
  // The stack's first line repeats the message: keep only the frames.
  const frames = stringField(error, 'stack')
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  const inner = innerOf(error);
  return {
    type,
    ...(code ? { code } : {}),
    message,
    ...(frames ? { stack: `${type}: ${message}\n${frames}` } : {}),
    ...(inner !== undefined && inner !== error && depth < MAX_DEPTH
      ? { cause: loggableError(inner, depth + 1) }
      : {}),
  };
}
