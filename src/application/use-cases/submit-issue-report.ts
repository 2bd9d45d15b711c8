import { fail, ok, type Result } from '../../domain/errors.js';
import {
  checkNewIssueReport,
  createIssueReport,
  type NewIssueReport,
} from '../../domain/issue-report.js';
import { reportScreenshotName } from '../../domain/screenshot.js';
import { formatTicketNumber, ticketYear } from '../../domain/ticket-number.js';
import type { Principal } from '../principal.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { ImageProcessor } from '../ports/image-processor.js';
import type { IssueReportRepository } from '../ports/issue-report-repository.js';
import type { Job } from '../ports/job-queue.js';
import type { RateLimiter } from '../ports/rate-limiter.js';
import type { ScreenshotStore } from '../ports/screenshot-store.js';
import type { TicketSequence } from '../ports/ticket-sequence.js';
import type { UploadRegistry } from '../ports/upload-registry.js';
import {
  acceptScreenshots,
  DEFAULT_MAX_SCREENSHOT_BYTES,
  type AcceptedScreenshots,
  type ScreenshotFields,
} from '../screenshot-intake.js';

export interface SubmitIssueReportDeps {
  readonly reports: IssueReportRepository;
  readonly tickets: TicketSequence;
  readonly rateLimiter: RateLimiter;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /**
   * Screenshot support: on when `images`, `screenshots` and `uploads` are all
   * given. Without it, a command carrying screenshot fields is a wiring bug
   * and throws.
   */
  readonly images?: ImageProcessor;
  readonly screenshots?: ScreenshotStore;
  readonly uploads?: UploadRegistry;
  /** Largest decoded `screenshot_data`, in bytes. Default 10 MiB. */
  readonly maxScreenshotBytes?: number;
}

export interface SubmitIssueReportCommand extends ScreenshotFields {
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

  async execute(command: SubmitIssueReportCommand): Promise<Result<SubmittedIssueReport>> {
    const { principal, report } = command;
    const { reports, tickets, rateLimiter, clock, ids } = this.deps;
    // Check before counting or numbering, so that a refused report costs neither.
    const checked = checkNewIssueReport(report);
    if (!checked.ok) return checked;
    const accepted = await this.acceptScreenshots(command);
    if (!accepted.ok) return accepted;

    const decision = await rateLimiter.consume(`report:${principal.userId}`);
    if (!decision.allowed) {
      return fail('rate_limited', 'Too many reports; try again later', {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }

    const now = clock.now();
    const year = ticketYear(now);
    const ticketNumber = formatTicketNumber({ year, sequence: await tickets.next(year) });
    const screenshotFields = await this.saveScreenshot(accepted.value, ticketNumber);
    const created = createIssueReport(
      { ...report, ...screenshotFields },
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
    const followUps: Job[] = [
      { name: 'github.sync', reportId: stored.id, companyId: stored.companyId },
    ];
    if (stored.emailStatus === 'pending') {
      followUps.push({
        name: 'email.confirmation',
        reportId: stored.id,
        companyId: stored.companyId,
      });
    }
    await reports.add(stored, followUps);
    return ok({ id: stored.id, ticketNumber });
  }

  /**
   * With screenshot support, every linked name is checked for ownership,
   * including a `screenshotPath` or `attachments` a library caller put in the
   * report itself: nothing can point a report at another company's file.
   */
  private async acceptScreenshots(
    command: SubmitIssueReportCommand,
  ): Promise<Result<AcceptedScreenshots | null>> {
    const { images, screenshots, uploads } = this.deps;
    if (!images || !screenshots || !uploads) {
      if (command.screenshotData || command.screenshotFilename || command.attachments?.length) {
        throw new Error('SubmitIssueReport was built without screenshot support');
      }
      return ok(null);
    }
    return acceptScreenshots(
      { images, uploads, maxBytes: this.deps.maxScreenshotBytes ?? DEFAULT_MAX_SCREENSHOT_BYTES },
      command.principal,
      {
        screenshotData: command.screenshotData,
        screenshotFilename: command.screenshotFilename ?? command.report.screenshotPath,
        attachments: command.attachments ?? command.report.attachments,
      },
    );
  }

  /** Saved before the report, so that a stored report never names a missing file. */
  private async saveScreenshot(
    accepted: AcceptedScreenshots | null,
    ticketNumber: string,
  ): Promise<Pick<NewIssueReport, 'screenshotPath' | 'attachments'>> {
    if (accepted === null) return {};
    const { image, linkedName, attachments } = accepted;
    if (image === null || !this.deps.screenshots)
      return { screenshotPath: linkedName, attachments };
    const name = reportScreenshotName(ticketNumber, this.deps.ids.next(), image.format);
    await this.deps.screenshots.save(name, image.bytes);
    return { screenshotPath: name, attachments };
  }
}
