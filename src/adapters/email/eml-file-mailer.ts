import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { Clock } from '../../application/ports/clock.js';
import { DeliveryError } from '../../application/errors/delivery-error.js';
import type { MailMessage, Mailer } from '../../application/ports/mailer.js';
import { silentLogger, type Logger } from '../../application/ports/logger.js';

/** The one call this adapter makes: where a message was written, never to whom. */
type MailLogger = Pick<Logger, 'info'>;

/** Without `SMTP_URL`, e-mails go here (relative to the working directory). */
export const DEFAULT_OUTBOX_DIR = 'data/mail';

export interface EmlFileMailerOptions {
  readonly directory?: string;
  readonly logger?: MailLogger;
  /** Stamps file names; the system time by default. */
  readonly clock?: Clock;
}

/** Failures of the file system that waiting will not fix. */
const PERMANENT_FS_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'EEXIST']);

const systemClock: Clock = { now: () => new Date() };

/**
 * The local outbox: every message becomes an RFC 822 `.eml` file (CRLF line
 * ends, MIME parts exactly as an SMTP server would receive them), which any
 * mail client opens. Named `<UTC time>-<ticket>-<id>.eml` so that `ls` sorts
 * them by time and shows which report each one confirms.
 *
 * Files are written under a temporary name and renamed, so a reader never
 * sees half a message. "Accepted" means the rename succeeded.
 */
export class EmlFileMailer implements Mailer {
  readonly directory: string;
  private readonly logger: MailLogger;
  private readonly clock: Clock;
  private readonly composer = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
  });

  constructor(options: EmlFileMailerOptions = {}) {
    this.directory = resolve(options.directory ?? DEFAULT_OUTBOX_DIR);
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
  }

  async send(message: MailMessage): Promise<{ readonly messageId: string }> {
    let info;
    try {
      info = await this.composer.sendMail({
        from: message.from,
        to: { name: '', address: message.to },
        subject: message.subject,
        html: message.html,
        text: message.text,
      });
    } catch (error) {
      // Composing only fails on a message no server would take either.
      const reason = error instanceof Error ? error.message : String(error);
      throw new DeliveryError(`Could not compose the e-mail: ${reason}`, 'permanent');
    }
    const messageId = String(info.messageId);
    const path = join(this.directory, fileName(this.clock.now(), message.subject, messageId));
    const temporary = join(this.directory, `.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(this.directory, { recursive: true });
      await writeFile(temporary, info.message, { flag: 'wx' });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw outboxError(error, this.directory);
    }
    // No recipient: logs never carry e-mail addresses (the file itself has it).
    this.logger.info({ path, messageId }, 'E-mail written to the local outbox');
    return { messageId };
  }
}

function fileName(now: Date, subject: string, messageId: string): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const ticket = /\[(BUG-\d{4}-\d{4,})\]/.exec(subject)?.[1];
  // The Message-ID's local part is random: it keeps two sends in one millisecond apart.
  const unique =
    messageId
      .replace(/^</, '')
      .split('@')[0]
      ?.replace(/[^A-Za-z0-9-]/g, '') ?? '';
  return [stamp, ticket, unique.slice(0, 12) || randomBytes(6).toString('hex')]
    .filter(Boolean)
    .join('-')
    .concat('.eml');
}

function outboxError(error: unknown, directory: string): DeliveryError {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  const reason = error instanceof Error ? error.message : String(error);
  const kind = typeof code === 'string' && PERMANENT_FS_CODES.has(code) ? 'permanent' : 'transient';
  return new DeliveryError(`Could not write to the outbox ${directory}: ${reason}`, kind);
}
