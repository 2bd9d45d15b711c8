import { pino, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';
import type { Config, LogFormat } from './config.js';

/** LOG_FORMAT when it is unset: lines for people on a terminal, JSON for a log collector. */
export const defaultLogFormat = (stdoutIsTty = process.stdout.isTTY === true): LogFormat =>
  stdoutIsTty ? 'pretty' : 'json';

/**
 * Logs on stdout: JSON, or with LOG_FORMAT=pretty one readable line per
 * event (written synchronously, like the JSON, so that a final line before
 * `process.exit` is not lost). Credentials must not reach a log even when a
 * caller passes a request or a config by mistake, hence the redaction list.
 */
export function createLogger(
  config: Pick<Config, 'logLevel'> & { readonly logFormat?: LogFormat | null },
): PinoLogger {
  const options = {
    level: config.logLevel,
    redact: {
      paths: [
        'authorization',
        'headers.authorization',
        'headers.cookie',
        'req.headers.authorization',
        'req.headers.cookie',
        'request.headers.authorization',
        'request.headers.cookie',
        'githubToken',
        'authJwtSecret',
        'config.githubToken',
        'config.authJwtSecret',
      ],
      censor: '[REDACTED]',
    },
  };
  const format = config.logFormat ?? defaultLogFormat();
  if (format === 'json') return pino(options);
  return pino(
    options,
    pretty({
      sync: true,
      colorize: process.stdout.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      singleLine: true,
    }),
  );
}
