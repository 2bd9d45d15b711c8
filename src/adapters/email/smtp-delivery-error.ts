import { isPermanentResponseCode } from 'nodemailer/lib/errors';
import { DeliveryError } from '../../application/errors/delivery-error.js';

/**
 * Failures with no SMTP reply that retrying cannot fix: the configuration or
 * the message is wrong, and an operator has to act. Everything else without
 * a reply (refused, reset, timed out, DNS, TLS handshake) is the network, and
 * worth another try.
 */
const PERMANENT_CODES = new Set([
  'EAUTH',
  'ENOAUTH',
  'ECONFIG',
  'EENVELOPE',
  'EREQUIRETLS',
  'EMAXRECIPIENTS',
  'EFILEACCESS',
  'EURLACCESS',
]);

/** The fields nodemailer attaches to its errors (see `NodemailerError`), all optional. */
interface SmtpFailure {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly responseCode?: unknown;
  readonly permanent?: unknown;
}

/** The strings of an SMTP URL that must never reach a log, a report or an error. */
export function credentialsOf(smtpUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    return [];
  }
  const user = safeDecode(url.username);
  const pass = safeDecode(url.password);
  if (pass === '') return [];
  return [
    url.password,
    pass,
    // What AUTH PLAIN and AUTH LOGIN put on the wire, in case a reply echoes it.
    Buffer.from(`\0${user}\0${pass}`).toString('base64'),
    Buffer.from(pass).toString('base64'),
  ].filter((secret) => secret.length > 0);
}

/** Removes the user info of every URL, then every known secret, from a text. */
export function redactCredentials(text: string, secrets: readonly string[] = []): string {
  let redacted = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi, '$1[REDACTED]@');
  // Longest first, so that a secret containing another is removed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    redacted = redacted.split(secret).join('[REDACTED]');
  }
  return redacted;
}

/**
 * Classifies a nodemailer failure. An SMTP reply decides by its class (RFC
 * 5321: 4xx try later, 5xx refused for good, 503 aside), as nodemailer's own
 * `permanent` flag says; a failure without a reply decides by its code.
 * The message keeps the reply text, which an operator needs, and loses any
 * credential. The original error is not attached as `cause`: it may carry
 * the connection options, and causes get logged.
 */
export function toDeliveryError(error: unknown, secrets: readonly string[] = []): DeliveryError {
  const failure: SmtpFailure = typeof error === 'object' && error !== null ? error : {};
  const code = typeof failure.code === 'string' ? failure.code : undefined;
  const responseCode = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  const rawMessage = typeof failure.message === 'string' ? failure.message : String(error);

  let permanent: boolean;
  if (responseCode !== undefined) {
    permanent =
      typeof failure.permanent === 'boolean'
        ? failure.permanent
        : isPermanentResponseCode(responseCode);
  } else {
    permanent = code !== undefined && PERMANENT_CODES.has(code);
  }

  const label = [code, responseCode].filter((part) => part !== undefined).join(' ');
  const oneLine = rawMessage.replace(/\s+/g, ' ').trim();
  const message = redactCredentials(`SMTP ${label ? `${label}: ` : ''}${oneLine}`, secrets);
  return new DeliveryError(message, permanent ? 'permanent' : 'transient');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
