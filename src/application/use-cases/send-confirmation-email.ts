import { type IssueReport } from '../../domain/issue-report.js';
import { isEmailSent, markEmailSent, markEmailSkipped } from '../../domain/report-delivery.js';
import {
  DEFAULT_RETRY,
  recordDeliveryFailure,
  settleDeliveryError,
  type RetryPolicy,
} from '../services/delivery-retry.js';
import type { Clock } from '../ports/clock.js';
import { DeliveryError } from '../errors/delivery-error.js';
import type { EmailRenderer } from '../ports/email-renderer.js';
import type { IssueReportRepository } from '../ports/issue-report-repository.js';
import type { Job, JobContext, JobOutcome } from '../ports/job-queue.js';
import type { Mailer } from '../ports/mailer.js';

/** Retries of a confirmation: an SMTP server's hint counts only when it asks for longer. */
export const DEFAULT_EMAIL_RETRY: RetryPolicy = { ...DEFAULT_RETRY, serverDelay: 'at-least' };

export interface SendConfirmationEmailDeps {
  readonly reports: IssueReportRepository;
  readonly mailer: Mailer;
  readonly renderer: EmailRenderer;
  readonly clock: Clock;
  /** `SUPPORT_EMAIL`. */
  readonly from: string;
  readonly retry?: RetryPolicy;
}

/**
 * One mailbox, nothing else: a comma, angle bracket or whitespace in the
 * claim would let nodemailer read it as a list of recipients.
 */
const SINGLE_ADDRESS = /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+$/;

/** Keeps the subject one line even when a host's own renderer forgets to. */
const oneLine = (subject: string): string =>
  subject
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();

/**
 * Handles an `email.confirmation` job: sends the reporter the confirmation
 * and records the outcome on the report.
 *
 * Only a `pending` e-mail is sent. `sent` and `skipped` are final, and
 * `failed` waits for an operator (`RetryFailedEmails` puts it back to
 * `pending`), so a redelivered job does nothing twice.
 *
 * Delivery is at least once: if the process dies after the mail server
 * accepted the message but before `sent` is written, the job runs again and
 * the reporter gets a second, identical confirmation. SMTP offers no way to
 * ask "did you already take this one?", and a duplicate confirmation is far
 * cheaper than a lost one.
 */
export class SendConfirmationEmail {
  private readonly retry: RetryPolicy;

  constructor(private readonly deps: SendConfirmationEmailDeps) {
    this.retry = deps.retry ?? DEFAULT_EMAIL_RETRY;
  }

  async execute(job: Job, context: JobContext): Promise<JobOutcome> {
    const { reports, mailer, renderer, clock, from } = this.deps;
    const done: JobOutcome = { kind: 'done' };
    const report = await reports.findById(job.companyId, job.reportId);
    if (!report || report.email.status !== 'pending') return done;

    const to = report.reporter.email?.trim();
    if (!to) {
      await this.record(report, (r) => markEmailSkipped(r, clock.now()));
      return done;
    }
    if (!SINGLE_ADDRESS.test(to)) {
      await this.fail(report, 'The reporter e-mail address is not a single valid address');
      return done;
    }

    let rendered;
    try {
      rendered = await renderer.renderConfirmation(report);
    } catch (error) {
      // A broken template will not mend itself: record it for the operator.
      await this.fail(report, `Could not render the confirmation e-mail: ${messageOf(error)}`);
      return done;
    }

    try {
      const { subject, html, text } = rendered;
      await mailer.send({ from, to, subject: oneLine(subject), html, text });
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      return settleDeliveryError(this.deps, this.retry, 'email', report, error, context);
    }
    await this.record(report, (r) => markEmailSent(r, clock.now()));
    return done;
  }

  private fail(report: IssueReport, reason: string): Promise<void> {
    return recordDeliveryFailure(this.deps, 'email', report, reason);
  }

  /** Writes a change unless another run already recorded the e-mail as sent. */
  private async record(
    report: IssueReport,
    change: (r: IssueReport) => IssueReport,
  ): Promise<void> {
    await this.deps.reports.update(report.reporter.companyId, report.id, (current) =>
      isEmailSent(current) ? current : change(current),
    );
  }
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
