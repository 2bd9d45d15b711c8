import { expect } from 'chai';
import { DeliveryError } from '../../../src/application/errors/delivery-error.js';
import type { EmailRenderer } from '../../../src/application/ports/email-renderer.js';
import type { IssueTracker } from '../../../src/application/ports/issue-tracker.js';
import type { Mailer } from '../../../src/application/ports/mailer.js';
import {
  RetryFailedEmails,
  RetryFailedGitHubSyncs,
} from '../../../src/application/use-cases/retry-failed-deliveries.js';
import { SendConfirmationEmail } from '../../../src/application/use-cases/send-confirmation-email.js';
import { SubmitIssueReport } from '../../../src/application/use-cases/submit-issue-report.js';
import { SyncReportToGitHub } from '../../../src/application/use-cases/sync-report-to-github.js';
import type { IssueReport } from '../../../src/domain/issue-report.js';
import { markEmailSent, markGitHubSynced } from '../../../src/domain/report-delivery.js';
import { aNewReport, aPrincipal } from '../../support/builders.js';
import { makeFakes } from '../../support/fakes.js';

/*
 * Two attempts at one delivery can overlap (a redelivered job, an operator's
 * retry while the first run is still waiting on the far side). When the late
 * one fails for good after the early one succeeded, the success must stand:
 * a `failed` there would make the operator's retry command deliver twice.
 */

const renderer: EmailRenderer = {
  renderConfirmation: async (r) => ({ subject: r.ticketNumber, html: '<p></p>', text: '' }),
};

async function submitted(email: string | null) {
  const fakes = makeFakes();
  const result = await new SubmitIssueReport(fakes).execute({
    principal: aPrincipal({ email }),
    report: aNewReport(),
  });
  if (!result.ok) throw new Error(result.error.message);
  const report = (): IssueReport => {
    const stored = fakes.reports.reports.get(result.value.id);
    if (!stored) throw new Error('report vanished');
    return stored;
  };
  return { fakes, report, reportId: result.value.id };
}

describe('overlapping delivery attempts', () => {
  it('keeps an e-mail another attempt sent when this one then fails for good', async () => {
    const { fakes, report, reportId } = await submitted('ada@example.com');
    let attempts = 0;
    const mailer: Mailer = {
      send: async (message) => {
        attempts += 1;
        // The other attempt gets through and records it while this one waits…
        await fakes.mailer.send(message);
        await fakes.reports.update(1, reportId, (r) => markEmailSent(r, fakes.clock.now()));
        // …and this one's server then refuses for good.
        throw new DeliveryError('550 mailbox unavailable', 'permanent');
      },
    };
    const send = new SendConfirmationEmail({ ...fakes, mailer, renderer, from: 'support@x.test' });
    await fakes.jobQueue.process('email.confirmation', (job, context) =>
      send.execute(job, context),
    );
    await fakes.jobQueue.drain();

    expect(attempts).to.equal(1);
    expect(report().email.status).to.equal('sent');
    const retried = await new RetryFailedEmails({ ...fakes }).execute();
    await fakes.jobQueue.drain();
    expect(retried).to.deep.include({ requeued: 0 });
    expect(fakes.mailer.sent).to.have.length(1);
  });

  it('keeps a GitHub issue another attempt filed when this one then fails for good', async () => {
    const { fakes, report, reportId } = await submitted(null);
    const tracker: IssueTracker = {
      findByMarker: (marker) => fakes.issueTracker.findByMarker(marker),
      create: async (draft) => {
        const issue = await fakes.issueTracker.create(draft);
        await fakes.reports.update(1, reportId, (r) =>
          markGitHubSynced(r, issue, fakes.clock.now()),
        );
        throw new DeliveryError('GitHub answered 422', 'permanent');
      },
    };
    const github = { enabled: true, labels: ['bug'] };
    const sync = new SyncReportToGitHub({ ...fakes, tracker, github });
    await fakes.jobQueue.process('github.sync', (job, context) => sync.execute(job, context));
    await fakes.jobQueue.drain();

    expect(report().github.syncStatus).to.equal('synced');
    expect(report().github.issueNumber).to.equal(fakes.issueTracker.issues[0]?.number);
    const retried = await new RetryFailedGitHubSyncs({ ...fakes }).execute();
    expect(retried).to.deep.include({ requeued: 0 });
    expect(fakes.issueTracker.issues).to.have.length(1);
  });
});

describe('the reporter address is one mailbox', () => {
  for (const address of [
    'a@x.com,eve@y.com',
    'a@x.com;eve@y.com',
    '"x"<eve@y.com>',
    'x <eve@y.com>',
    'a@b@c',
    'a@x.com\neve@y.com',
  ]) {
    it(`refuses ${JSON.stringify(address)} and sends nothing`, async () => {
      const { fakes, report } = await submitted(address);
      const send = new SendConfirmationEmail({ ...fakes, renderer, from: 'support@x.test' });
      await fakes.jobQueue.process('email.confirmation', (job, context) =>
        send.execute(job, context),
      );
      await fakes.jobQueue.drain();

      expect(fakes.mailer.sent).to.deep.equal([]);
      expect(report().email.status).to.equal('failed');
      expect(report().email.error).to.match(/single valid address/);
    });
  }

  it('still sends to a plain address', async () => {
    const { fakes, report } = await submitted('ada.lovelace+bugs@example.co.uk');
    const send = new SendConfirmationEmail({ ...fakes, renderer, from: 'support@x.test' });
    await fakes.jobQueue.process('email.confirmation', (job, context) =>
      send.execute(job, context),
    );
    await fakes.jobQueue.drain();
    expect(fakes.mailer.sent.map((m) => m.to)).to.deep.equal(['ada.lovelace+bugs@example.co.uk']);
    expect(report().email.status).to.equal('sent');
  });
});
