import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import type { MailMessage, Mailer } from '../../src/application/ports/mailer.js';

/** A message as the receiving side saw it, in one shape for every adapter. */
export interface Delivered {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export interface MailerUnderTest {
  readonly mailer: Mailer;
  /** Everything that arrived so far, oldest first. */
  delivered(): Promise<readonly Delivered[]>;
  close(): Promise<void>;
}

const addresses = (field: ParsedMail['from'] | ParsedMail['to']): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) =>
    group.value.map((entry) => entry.address ?? ''),
  );

/** What mailparser made of a message, in the contract's shape. */
export const fromParsed = (parsed: ParsedMail): Delivered => ({
  from: addresses(parsed.from)[0] ?? '',
  to: addresses(parsed.to),
  subject: parsed.subject ?? '',
  html: typeof parsed.html === 'string' ? parsed.html : '',
  text: parsed.text ?? '',
});

/** mailparser ends a decoded part with at most one extra line break; compare without it. */
const trimEnd = (m: Delivered): Delivered => ({
  ...m,
  html: m.html.trimEnd(),
  text: m.text.trimEnd(),
});

const aMessage = (overrides: Partial<MailMessage> = {}): MailMessage => ({
  from: 'support@bugport.test',
  to: 'ada@example.com',
  subject: '[BUG-2026-0001] We received your report: Export is broken',
  html: '<p>Ticket <strong>BUG-2026-0001</strong></p>',
  text: 'Ticket BUG-2026-0001',
  ...overrides,
});

/** The behaviour every `Mailer` promises: what is sent arrives once, intact. */
export function mailerContract(name: string, setup: () => Promise<MailerUnderTest>): void {
  describe(`Mailer contract: ${name}`, () => {
    let subject: MailerUnderTest;

    beforeEach(async () => {
      subject = await setup();
    });

    afterEach(async () => {
      await subject.close();
    });

    it('delivers a sent message once, with from, to, subject, html and text intact', async () => {
      const message = aMessage();
      const { messageId } = await subject.mailer.send(message);
      expect(messageId).to.be.a('string').and.not.equal('');
      const delivered = await subject.delivered();
      expect(delivered.map(trimEnd)).to.deep.equal([
        {
          from: message.from,
          to: [message.to],
          subject: message.subject,
          html: message.html,
          text: message.text,
        },
      ]);
    });

    it('keeps non-ASCII text, long subjects and long lines whole', async () => {
      const title = `Ça plante — 日本語のタイトル ✓ ${'very long title '.repeat(12)}`.trim();
      const longLine = `<p>${'x'.repeat(2000)}</p>`;
      const message = aMessage({
        subject: `[BUG-2026-0002] We received your report: ${title}`,
        html: `<p>Grüße, Zoë</p>\n${longLine}`,
        text: `Grüße, Zoë\n${'y'.repeat(1500)}\nLast line`,
      });
      await subject.mailer.send(message);
      const [delivered] = await subject.delivered();
      expect(delivered && trimEnd(delivered)).to.deep.include({
        subject: message.subject,
        html: message.html,
        text: message.text,
      });
    });

    it('gives each message its own id and delivers each one', async () => {
      const first = await subject.mailer.send(aMessage({ to: 'one@example.com' }));
      const second = await subject.mailer.send(aMessage({ to: 'two@example.com' }));
      expect(first.messageId).to.not.equal(second.messageId);
      const delivered = await subject.delivered();
      expect(delivered.map((m) => m.to).sort()).to.deep.equal([
        ['one@example.com'],
        ['two@example.com'],
      ]);
    });
  });
}
