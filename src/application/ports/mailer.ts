export interface MailMessage {
  readonly from: string;
  readonly to: string;
  /** One line: callers strip CR/LF. */
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/**
 * Sends e-mail. Resolves once the mail server (or the local outbox) has
 * accepted the message; throws `DeliveryError` otherwise.
 */
export interface Mailer {
  send(message: MailMessage): Promise<{ readonly messageId: string }>;
}
