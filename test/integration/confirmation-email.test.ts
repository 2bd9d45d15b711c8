import { expect } from 'chai';
import { NodemailerMailer } from '../../src/adapters/email/nodemailer-mailer.js';
import { NunjucksEmailRenderer } from '../../src/adapters/email/nunjucks-email-renderer.js';
import type { Principal } from '../../src/application/access/principal.js';
import { RetryFailedEmails } from '../../src/application/use-cases/retry-failed-deliveries.js';
import { SendConfirmationEmail } from '../../src/application/use-cases/send-confirmation-email.js';
import { SubmitIssueReport } from '../../src/application/use-cases/submit-issue-report.js';
import type { IssueReport, NewIssueReport } from '../../src/domain/issue-report.js';
import { aNewReport, aPrincipal } from '../support/builders.js';
import { makeFakes, type Fakes } from '../support/fakes.js';
import { SmtpSink } from '../support/smtp-sink.js';

const SUPPORT_EMAIL = 'support@bugport.test';
const SECOND = 1000;

describe('Confirmation e-mail over SMTP', () => {
  let sink: SmtpSink;
  let fakes: Fakes;

  beforeEach(async () => {
    sink = await SmtpSink.start();
    fakes = makeFakes();
    const send = new SendConfirmationEmail({
      ...fakes,
      mailer: new NodemailerMailer({ smtpUrl: sink.url() }),
      renderer: new NunjucksEmailRenderer(),
      from: SUPPORT_EMAIL,
    });
    await fakes.jobQueue.process('email.confirmation', (job, context) =>
      send.execute(job, context),
    );
  });

  afterEach(() => sink.stop());

  async function submit(report: Partial<NewIssueReport> = {}, principal: Partial<Principal> = {}) {
    const result = await new SubmitIssueReport(fakes).execute({
      principal: aPrincipal(principal),
      report: aNewReport(report),
    });
    if (!result.ok) throw new Error(result.error.message);
    const stored = (): IssueReport => {
      const found = fakes.reports.reports.get(result.value.id);
      if (!found) throw new Error('report vanished');
      return found;
    };
    return { ticketNumber: result.value.ticketNumber, stored };
  }

  const emailRetries = () =>
    fakes.jobQueue.pending.filter((p) => p.job.name === 'email.confirmation');

  it('delivers one confirmation to the reporter, from SUPPORT_EMAIL, with the facts in every part', async () => {
    const { ticketNumber, stored } = await submit();
    await fakes.jobQueue.drain();

    expect(sink.received).to.have.length(1);
    const [mail] = sink.received;
    expect(mail?.envelope).to.deep.equal({ from: SUPPORT_EMAIL, to: ['ada@example.com'] });
    expect(mail?.parsed.from?.value.map((a) => a.address)).to.deep.equal([SUPPORT_EMAIL]);
    const { subject = '', html, text = '' } = mail?.parsed ?? {};
    expect(subject).to.equal(
      `[${ticketNumber}] We received your report: Export button does nothing`,
    );
    for (const part of [String(html), text]) {
      expect(part).to.contain(ticketNumber).and.contain('Export button does nothing');
      expect(part).to.contain('Bug').and.contain('High');
    }
    expect(stored().email.status).to.equal('sent');
    expect(stored().email.sentAt).to.deep.equal(fakes.clock.now());
  });

  it('retries after a 451 and delivers exactly once', async () => {
    sink.rejectNext(1, 451);
    const { stored } = await submit();
    await fakes.jobQueue.drain();
    expect(sink.received).to.have.length(0);
    expect(stored().email.status).to.equal('pending');
    expect(emailRetries()).to.have.length(1);

    fakes.clock.advance(30 * SECOND);
    await fakes.jobQueue.drain();
    expect(sink.received).to.have.length(1);
    expect(stored().email.status).to.equal('sent');
  });

  it('accepts a report while the mail server is down and delivers once it is back', async () => {
    await sink.stop();
    const { stored } = await submit();
    expect(emailRetries()).to.have.length(1);

    await fakes.jobQueue.drain();
    fakes.clock.advance(30 * SECOND);
    await fakes.jobQueue.drain();
    expect(stored().email.status).to.equal('pending');
    expect(emailRetries()).to.have.length(1);

    await sink.restart();
    fakes.clock.advance(60 * SECOND);
    await fakes.jobQueue.drain();
    expect(sink.received).to.have.length(1);
    expect(stored().email.status).to.equal('sent');
    expect(emailRetries()).to.have.length(0);
  });

  it('records a 550 as failed without retrying, and RetryFailedEmails delivers after the fix', async () => {
    sink.rejectNext(1, 550, 'Mailbox unavailable');
    const { stored } = await submit();
    await fakes.jobQueue.drain();
    expect(stored().email.status).to.equal('failed');
    expect(stored().email.error).to.contain('550').and.contain('Mailbox unavailable');
    expect(emailRetries()).to.have.length(0);

    fakes.clock.advance(24 * 3600 * SECOND);
    await fakes.jobQueue.drain();
    expect(sink.received).to.have.length(0);

    expect(await new RetryFailedEmails(fakes).execute()).to.deep.equal({ requeued: 1 });
    await fakes.jobQueue.drain();
    expect(sink.received).to.have.length(1);
    expect(stored().email).to.include({ status: 'sent', error: null });
  });

  it('delivers a hostile title escaped in HTML, with a one-line subject and no injected header', async () => {
    const title = '<script>alert(1)</script>\r\nBcc: eve@example.com\r\nX-Injected: yes';
    const { ticketNumber } = await submit({ title });
    await fakes.jobQueue.drain();

    expect(sink.received).to.have.length(1);
    const [mail] = sink.received;
    const html = String(mail?.parsed.html);
    expect(html).to.not.contain('<script');
    expect(html).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail?.parsed.subject).to.equal(
      `[${ticketNumber}] We received your report: <script>alert(1)</script> Bcc: eve@example.com X-Injected: yes`,
    );
    expect(mail?.parsed.subject).to.not.match(/[\r\n]/);
    expect(mail?.parsed.headers.has('bcc')).to.equal(false);
    expect(mail?.parsed.headers.has('x-injected')).to.equal(false);
    const headerBlock = mail?.raw.split('\r\n\r\n')[0] ?? '';
    expect(headerBlock).to.not.match(/^(Bcc|X-Injected):/im);
    expect(mail?.envelope.to).to.deep.equal(['ada@example.com']);
  });

  it('skips a reporter without an e-mail address and sends nothing', async () => {
    const { stored } = await submit({}, { email: null });
    await fakes.jobQueue.drain();
    expect(sink.received).to.have.length(0);
    expect(stored().email.status).to.equal('skipped');
  });
});
