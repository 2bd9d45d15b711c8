import type { DeliveryError } from '../../application/errors/delivery-error.js';
import type { MailMessage, Mailer } from '../../application/ports/mailer.js';

/** Keeps sent messages in `sent`. `failWith` makes the next sends throw. */
export class InMemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  readonly failures: DeliveryError[] = [];

  failWith(...errors: DeliveryError[]): this {
    this.failures.push(...errors);
    return this;
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(message);
    return { messageId: `<${this.sent.length}@in-memory>` };
  }
}
