import nodemailer, { type SMTPTransportOptions, type Transporter } from 'nodemailer';
import type { MailMessage, Mailer } from '../../application/ports/mailer.js';
import { credentialsOf, redactCredentials, toDeliveryError } from './smtp-delivery-error.js';

/** Options of the SMTP connection that the URL does not carry. */
export type SmtpTransportOptions = Omit<SMTPTransportOptions, 'url' | 'auth' | 'host' | 'port'>;

export interface NodemailerMailerOptions {
  /**
   * `SMTP_URL`: `smtp://user:pass@host:587` (STARTTLS when offered; add
   * `?requireTLS=true` to insist) or `smtps://user:pass@host:465` (TLS from
   * the start). Query parameters are nodemailer options, `tls.*` ones go to
   * the TLS socket: `?tls.rejectUnauthorized=false` for a self-signed
   * certificate, `?connectionTimeout=10000`. Percent-encode reserved
   * characters of the user and password.
   */
  readonly smtpUrl: string;
  /** Defaults for what the URL leaves out; the URL wins where both say. */
  readonly transport?: SmtpTransportOptions;
}

/**
 * What is wrong with an `SMTP_URL`, or null when nothing is. nodemailer
 * itself takes almost any string (`nonsense` means localhost:587), so the
 * composition's config check and this adapter both ask here first. The
 * answer never quotes the URL: it may hold a password.
 */
export function smtpUrlProblem(smtpUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    return 'not a URL (expected smtp://user:pass@host:587 or smtps://user:pass@host:465)';
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    return `unsupported scheme ${url.protocol} (expected smtp: or smtps:)`;
  }
  if (url.hostname === '') return 'no host';
  return null;
}

/**
 * nodemailer's defaults (2 minutes to connect, 10 idle) suit interactive
 * sending; a background job would rather fail fast and retry later.
 */
const DEFAULT_TIMEOUTS: SmtpTransportOptions = {
  connectionTimeout: 30_000,
  greetingTimeout: 30_000,
  socketTimeout: 60_000,
};

/**
 * Sends over SMTP with nodemailer. Resolves once the server accepted the
 * message (250 after DATA); throws `DeliveryError`, transient for network
 * failures and 4xx replies, permanent for 5xx replies and bad configuration.
 * No error message contains the URL's credentials.
 */
export class NodemailerMailer implements Mailer {
  private readonly transporter: Transporter;
  private readonly secrets: readonly string[];

  constructor({ smtpUrl, transport }: NodemailerMailerOptions) {
    this.secrets = credentialsOf(smtpUrl);
    const problem = smtpUrlProblem(smtpUrl);
    if (problem) throw new Error(`Invalid SMTP_URL: ${problem}`);
    try {
      this.transporter = nodemailer.createTransport({
        ...DEFAULT_TIMEOUTS,
        ...transport,
        url: smtpUrl,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // No `cause`: the original error may quote the URL, password included.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(`Invalid SMTP_URL: ${redactCredentials(reason, this.secrets)}`);
    }
  }

  async send(message: MailMessage): Promise<{ readonly messageId: string }> {
    try {
      const info = await this.transporter.sendMail({
        from: message.from,
        // An address object, not a string: nodemailer would read a comma in a string as a list.
        to: { name: '', address: message.to },
        subject: message.subject,
        html: message.html,
        text: message.text,
      });
      return { messageId: String(info.messageId) };
    } catch (error) {
      throw toDeliveryError(error, this.secrets);
    }
  }

  /** Checks that the server answers and takes the credentials (for a readiness probe). */
  async verify(): Promise<void> {
    try {
      await this.transporter.verify();
    } catch (error) {
      throw toDeliveryError(error, this.secrets);
    }
  }

  /** Closes pooled connections, if `?pool=true` made any. */
  close(): void {
    this.transporter.close();
  }
}
