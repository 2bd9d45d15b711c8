/**
 * The one logging call the e-mail adapters make. Structural, so that a pino
 * logger (or `console`-like shim) fits without this folder importing pino.
 * What is logged never includes an address or a message's content.
 */
export interface MailLogger {
  info(details: Record<string, unknown>, message: string): void;
}

export const silentMailLogger: MailLogger = { info: () => undefined };
