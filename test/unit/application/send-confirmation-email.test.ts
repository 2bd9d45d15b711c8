import { expect } from 'chai';
import { DeliveryError } from '../../../src/application/errors/delivery-error.js';
import type { EmailRenderer } from '../../../src/application/ports/email-renderer.js';
import type { JobQueue } from '../../../src/application/ports/job-queue.js';
import { RetryFailedEmails } from '../../../src/application/use-cases/retry-failed-deliveries.js';
import { SendConfirmationEmail } from '../../../src/application/use-cases/send-confirmation-email.js';
import { SubmitIssueReport } from '../../../src/application/use-cases/submit-issue-report.js';
import type { IssueReport } from '../../../src/domain/issue-report.js';
import { aNewReport, aPrincipal, patchReport } from '../../support/builders.js';
import { makeFakes, type Fakes } from '../../support/fakes.js';

const FROM = 'support@bugport.test';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const renderer: EmailRenderer = {
  renderConfirmation: async (r) => ({
    subject: `[${r.ticketNumber}] ${r.problem.title}`,
    html: `<p>${r.ticketNumber}</p>`,
    text: r.ticketNumber,
  }),
};

async function setUp(options: { email?: string | null; renderer?: EmailRenderer } = {}) {
  const fakes = makeFakes();
  const principal = aPrincipal({
    email: options.email === undefined ? 'ada@example.com' : options.email,
  });
  const submitted = await new SubmitIssueReport(fakes).execute({ principal, report: aNewReport() });
  if (!submitted.ok) throw new Error(submitted.error.message);
  const send = new SendConfirmationEmail({
    ...fakes,
    renderer: options.renderer ?? renderer,
    from: FROM,
  });
  await fakes.jobQueue.process('email.confirmation', (job, context) => send.execute(job, context));
  const report = (): IssueReport => {
    const stored = fakes.reports.reports.get(submitted.value.id);
    if (!stored) throw new Error('report vanished');
    return stored;
  };
  const job = { name: 'email.confirmation' as const, reportId: submitted.value.id, companyId: 1 };
  return { fakes, send, report, job };
}

/** Delays (in seconds) of the retries the queue holds for the e-mail job. */
const emailDelays = (fakes: Fakes): number[] =>
  fakes.jobQueue.pending
    .filter((p) => p.job.name === 'email.confirmation')
    .map((p) => (p.runAfter.getTime() - fakes.clock.now().getTime()) / 1000);

describe('SendConfirmationEmail', () => {
  it('sends the rendered confirmation to the reporter and records it as sent', async () => {
    const { fakes, report } = await setUp();
    await fakes.jobQueue.drain();
    expect(fakes.mailer.sent).to.deep.equal([
      {
        from: FROM,
        to: 'ada@example.com',
        subject: '[BUG-2026-0001] Export button does nothing',
        html: '<p>BUG-2026-0001</p>',
        text: 'BUG-2026-0001',
      },
    ]);
    expect(report().email).to.include({ status: 'sent', error: null });
    expect(report().email.sentAt).to.deep.equal(fakes.clock.now());
  });

  it('does nothing for a report already sent, gone, or of another company', async () => {
    const { fakes, send, job } = await setUp();
    await fakes.jobQueue.drain();
    expect(await send.execute(job, { attempt: 1, firstQueuedAt: fakes.clock.now() })).to.deep.equal(
      { kind: 'done' },
    );
    const elsewhere = { ...job, companyId: 2 };
    expect(
      await send.execute(elsewhere, { attempt: 1, firstQueuedAt: fakes.clock.now() }),
    ).to.deep.equal({ kind: 'done' });
    const gone = { ...job, reportId: 'no-such-report' };
    expect(
      await send.execute(gone, { attempt: 1, firstQueuedAt: fakes.clock.now() }),
    ).to.deep.equal({ kind: 'done' });
    expect(fakes.mailer.sent).to.have.length(1);
  });

  it('marks a report without a reporter address as skipped and sends nothing', async () => {
    const { fakes, send, job, report } = await setUp({ email: null });
    // Submission already marks it skipped and queues nothing; a pending one from older data must not crash.
    fakes.reports.reports.set(
      job.reportId,
      patchReport(report(), { email: { status: 'pending', error: null } }),
    );
    await send.execute(job, { attempt: 1, firstQueuedAt: fakes.clock.now() });
    expect(fakes.mailer.sent).to.have.length(0);
    expect(report().email.status).to.equal('skipped');
  });

  it('refuses an address that would reach more than one mailbox', async () => {
    const { fakes, report } = await setUp({ email: 'ada@example.com, eve@example.com' });
    await fakes.jobQueue.drain();
    expect(fakes.mailer.sent).to.have.length(0);
    expect(report().email.status).to.equal('failed');
  });

  it('retries transient failures with exponential backoff, capped at an hour', async () => {
    const { fakes, report } = await setUp();
    const transient = () => new DeliveryError('SMTP ECONNECTION: closed', 'transient');
    fakes.mailer.failWith(...Array.from({ length: 9 }, transient));
    const delays: number[] = [];
    for (let i = 0; i < 9; i += 1) {
      await fakes.jobQueue.drain();
      delays.push(...emailDelays(fakes));
      fakes.clock.advance(HOUR);
    }
    expect(delays).to.deep.equal([30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    expect(report().email.status).to.equal('pending');
    await fakes.jobQueue.drain();
    expect(fakes.mailer.sent).to.have.length(1);
    expect(report().email.status).to.equal('sent');
  });

  it('waits as long as the server asks when that is longer than the backoff', async () => {
    const { fakes } = await setUp();
    fakes.mailer.failWith(new DeliveryError('busy', 'transient', 900));
    await fakes.jobQueue.drain();
    expect(emailDelays(fakes)).to.deep.equal([900]);
  });

  it('gives up on transient failures 24 hours after the job was queued', async () => {
    const { fakes, send, job, report } = await setUp();
    const firstQueuedAt = fakes.clock.now();
    fakes.clock.advance(24 * HOUR - MINUTE);
    fakes.mailer.failWith(new DeliveryError('SMTP 451: later', 'transient'));
    expect((await send.execute(job, { attempt: 30, firstQueuedAt })).kind).to.equal('retry');
    fakes.clock.advance(MINUTE);
    fakes.mailer.failWith(new DeliveryError('SMTP 451: later', 'transient'));
    expect(await send.execute(job, { attempt: 31, firstQueuedAt })).to.deep.equal({ kind: 'done' });
    expect(report().email.status).to.equal('failed');
    expect(report().email.error).to.equal(
      'Gave up after 31 attempts over 24 hours: SMTP 451: later',
    );
  });

  it('records a permanent failure with its reason and does not retry it', async () => {
    const { fakes, report } = await setUp();
    fakes.mailer.failWith(new DeliveryError('SMTP 550: mailbox unavailable', 'permanent'));
    await fakes.jobQueue.drain();
    expect(report().email).to.include({ status: 'failed', error: 'SMTP 550: mailbox unavailable' });
    expect(emailDelays(fakes)).to.deep.equal([]);
    expect(fakes.mailer.sent).to.have.length(0);
  });

  it('records a template that cannot be rendered as a failure', async () => {
    const broken: EmailRenderer = {
      renderConfirmation: async () => {
        throw new Error('Template render error: unexpected end');
      },
    };
    const { fakes, report } = await setUp({ renderer: broken });
    await fakes.jobQueue.drain();
    expect(report().email.status).to.equal('failed');
    expect(report().email.error).to.contain('Could not render').and.contain('unexpected end');
  });

  it('lets an unexpected error through to the queue', async () => {
    const { fakes, send, job } = await setUp();
    fakes.mailer.send = async () => {
      throw new TypeError('a bug');
    };
    const thrown = await send
      .execute(job, { attempt: 1, firstQueuedAt: fakes.clock.now() })
      .catch((e: unknown) => e);
    expect(thrown).to.be.instanceOf(TypeError);
  });

  it('keeps the subject on one line whatever the renderer returns', async () => {
    const sloppy: EmailRenderer = {
      renderConfirmation: async () => ({
        subject: 'Hi\r\nBcc: eve@example.com',
        html: '',
        text: '',
      }),
    };
    const { fakes } = await setUp({ renderer: sloppy });
    await fakes.jobQueue.drain();
    expect(fakes.mailer.sent.map((m) => m.subject)).to.deep.equal(['Hi Bcc: eve@example.com']);
  });
});

describe('RetryFailedEmails', () => {
  it('puts failed e-mails back to pending and queues them again', async () => {
    const { fakes, report } = await setUp();
    fakes.mailer.failWith(new DeliveryError('SMTP 550: no', 'permanent'));
    await fakes.jobQueue.drain();
    expect(report().email.status).to.equal('failed');

    const retry = new RetryFailedEmails(fakes);
    expect(await retry.execute()).to.deep.equal({ requeued: 1 });
    expect(report().email).to.include({ status: 'pending', error: null });
    await fakes.jobQueue.drain();
    expect(report().email.status).to.equal('sent');
    expect(fakes.mailer.sent).to.have.length(1);
    expect(await retry.execute()).to.deep.equal({ requeued: 0 });
  });

  it('restores the failure when the jobs cannot be queued', async () => {
    const { fakes, report } = await setUp();
    fakes.mailer.failWith(new DeliveryError('SMTP 550: no', 'permanent'));
    await fakes.jobQueue.drain();
    const jobQueue: JobQueue = {
      enqueue: () => Promise.reject(new Error('queue down')),
      process: async () => undefined,
      stop: async () => undefined,
    };
    const thrown = await new RetryFailedEmails({ ...fakes, jobQueue })
      .execute()
      .catch((e: unknown) => e);
    expect(thrown).to.be.instanceOf(Error);
    expect(report().email).to.include({ status: 'failed', error: 'SMTP 550: no' });
  });
});
