/**
 * The little this adapter says about itself (migrations applied, the embedded
 * server starting). pino's logger fits it as it is; so does `console`.
 */
export interface PersistenceLogger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export const silentLogger: PersistenceLogger = {
  info: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
};
