import { fail, ok, type Result } from '../../domain/errors.js';
import { checkNewIssueReport, createIssueReport, type NewIssueReport } from '../../domain/issue-report.js';
import { formatTicketNumber, ticketYear } from '../../domain/ticket-number.js';
import type { Principal } from '../principal.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { IssueReportRepository } from '../ports/issue-report-repository.js';
import type { Job } from '../ports/job-queue.js';
import type { RateLimiter } from '../ports/rate-limiter.js';
import type { TicketSequence } from '../ports/ticket-sequence.js';

export interface SubmitIssueReportDeps {
  readonly reports: IssueReportRepository;
  readonly tickets: TicketSequence;
  readonly rateLimiter: RateLimiter;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export interface SubmitIssueReportCommand {
  readonly principal: Principal;
  readonly report: NewIssueReport;
}

export interface SubmittedIssueReport {
  readonly id: string;
  readonly ticketNumber: string;
}

/**
 * Stores a report and queues its follow-ups (GitHub filing, confirmation
 * e-mail) in one atomic write. Nothing outside is called inline: the report
 * is durable when this returns, and delivery happens in the background.
 */
export class SubmitIssueReport {
  constructor(private readonly deps: SubmitIssueReportDeps) {}

  async execute({ principal, report }: SubmitIssueReportCommand): Promise<Result<SubmittedIssueReport>> {
    const { reports, tickets, rateLimiter, clock, ids } = this.deps;
    // Check before counting or numbering, so that a refused report costs neither.
    const checked = checkNewIssueReport(report);
    if (!checked.ok) return checked;

    const decision = await rateLimiter.consume(`report:${principal.userId}`);
    if (!decision.allowed) {
      return fail('rate_limited', 'Too many reports; try again later', {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }

    const now = clock.now();
    const year = ticketYear(now);
    const ticketNumber = formatTicketNumber({ year, sequence: await tickets.next(year) });
    const created = createIssueReport(
      report,
      {
        userId: principal.userId,
        companyId: principal.companyId,
        name: principal.name,
        email: principal.email,
      },
      { id: ids.next(), ticketNumber, now },
    );
    if (!created.ok) return created;

    const stored = created.value;
    const followUps: Job[] = [{ name: 'github.sync', reportId: stored.id, companyId: stored.companyId }];
    if (stored.emailStatus === 'pending') {
      followUps.push({ name: 'email.confirmation', reportId: stored.id, companyId: stored.companyId });
    }
    await reports.add(stored, followUps);
    return ok({ id: stored.id, ticketNumber });
  }
}
