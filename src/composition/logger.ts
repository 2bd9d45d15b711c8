import { pino, type Logger as PinoLogger } from 'pino';
import type { Config } from './config.js';

/**
 * JSON logs on stdout. Credentials must not reach a log even when a caller
 * passes a request or a config by mistake, hence the redaction list.
 */
export function createLogger(config: Pick<Config, 'logLevel'>): PinoLogger {
  return pino({
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
  });
}
