import { fail, ok, type Result } from '../../domain/errors.js';
import { DependencyUnavailableError } from '../errors/dependency-unavailable-error.js';
import {
  checkNewIssueReport,
  createIssueReport,
  type NewIssueReport,
} from '../../domain/issue-report.js';
import { reportScreenshotName } from '../../domain/screenshot.js';
import { formatTicketNumber, ticketYear } from '../../domain/ticket-number.js';
import type { Principal } from '../access/principal.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { ImageProcessor } from '../ports/image-processor.js';
import {
  IDEMPOTENCY_WINDOW_MS,
  IdempotencyKeyTaken,
  type IdempotencyKeyRecord,
  type IssueReportRepository,
} from '../ports/issue-report-repository.js';
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
} from '../services/screenshot-intake.js';

/** Screenshot support: all of it or none, so that a use case cannot be half wired. */
export interface ScreenshotSupport {
  readonly images: ImageProcessor;
  readonly store: ScreenshotStore;
  readonly uploads: UploadRegistry;
  /** Largest decoded `screenshot_data`, in bytes. Default 10 MiB. */
  readonly maxBytes?: number;
}

export interface SubmitIssueReportDeps {
  readonly reports: IssueReportRepository;
  readonly tickets: TicketSequence;
  readonly rateLimiter: RateLimiter;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Without it, a command carrying screenshot fields is a wiring bug and throws. */
  readonly screenshotSupport?: ScreenshotSupport;
}

export interface SubmitIssueReportCommand extends ScreenshotFields {
  readonly principal: Principal;
  readonly report: NewIssueReport;
  /**
   * The client's `Idempotency-Key` and a digest of its request. A repeat
   * within 24 hours by the same user is answered as the first submission was,
   * storing nothing; the same key with another digest is refused.
   */
  readonly idempotency?: IdempotencyKeyRecord;
}

export interface SubmittedIssueReport {
  readonly id: string;
  readonly ticketNumber: string;
  /** True when this answers a repeat of an earlier submission: nothing new was stored. */
  readonly replayed: boolean;
}

/**
 * Stores a report and queues its follow-ups (GitHub filing, confirmation
 * e-mail) in one atomic write. Nothing outside is called inline: the report
 * is durable when this returns, and delivery happens in the background.
 *
 * With an idempotency key, only a successful submission is remembered (with
 * the report, in the same write): a refused one may be retried with the same
 * key and is judged afresh (docs/adr/0010-idempotency.md).
 */
export class SubmitIssueReport {
  private readonly screenshots: ScreenshotSupport | null;

  constructor(private readonly deps: SubmitIssueReportDeps) {
    this.screenshots = deps.screenshotSupport ?? null;
  }

  async execute(command: SubmitIssueReportCommand): Promise<Result<SubmittedIssueReport>> {
    const { principal, idempotency } = command;
    if (!idempotency) return this.submit(command, null);
    const hold = this.deps.reports.holdingIdempotencyKey?.bind(this.deps.reports);
    // Without the key's lock, a twin with the same key may be stored after the look-up: `submit`
    // looks again where that matters.
    if (!hold) return this.submitKeyed(command, idempotency, idempotency);
    // Racing retries with one key are settled before anything is counted or numbered: one at
    // a time, so the first is judged and the others find its answer in their one look-up
    // (docs/adr/0010). No twin can be stored while the lock is held.
    return hold(principal.companyId, principal.userId, idempotency.key, () =>
      this.submitKeyed(command, idempotency, null),
    );
  }

  /** A repeat is answered before anything is counted, numbered or saved. */
  private async submitKeyed(
    command: SubmitIssueReportCommand,
    idempotency: IdempotencyKeyRecord,
    unsettled: IdempotencyKeyRecord | null,
  ): Promise<Result<SubmittedIssueReport>> {
    const earlier = await this.earlierAnswer(command.principal, idempotency);
    return earlier ?? this.submit(command, unsettled);
  }

  /**
   * `unsettled`: the key, when a twin with it may be stored meanwhile (no lock held); its
   * record is then looked up again before a refusal and after losing the race to store it.
   */
  private async submit(
    command: SubmitIssueReportCommand,
    unsettled: IdempotencyKeyRecord | null,
  ): Promise<Result<SubmittedIssueReport>> {
    const { principal, report, idempotency } = command;
    const { reports, tickets, rateLimiter, clock, ids } = this.deps;
    // Check before counting or numbering, so that a refused report costs neither.
    const checked = checkNewIssueReport(report);
    if (!checked.ok) return checked;
    const accepted = await this.acceptScreenshots(command);
    if (!accepted.ok) return accepted;

    // Per company and user: user 501 of one company is not user 501 of another.
    const decision = await rateLimiter.consume(`report:${principal.companyId}:${principal.userId}`);
    if (!decision.allowed) {
      // A twin with the same key may have been stored since the lookup; a repeat is never refused.
      const twin = unsettled && (await this.earlierAnswer(principal, unsettled));
      if (twin) return twin;
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
    if (!created.ok) {
      await this.removeScreenshot(accepted.value, screenshotFields.screenshotPath ?? null);
      return created;
    }

    const stored = created.value;
    const followUps: Job[] = [
      { name: 'github.sync', reportId: stored.id, companyId: stored.reporter.companyId },
    ];
    if (stored.email.status === 'pending') {
      followUps.push({
        name: 'email.confirmation',
        reportId: stored.id,
        companyId: stored.reporter.companyId,
      });
    }
    try {
      await reports.add(stored, followUps, idempotency);
    } catch (error) {
      // Nothing was stored: neither is a screenshot saved for it left behind without its report.
      // Unless the database went away: its COMMIT may have gone through, and a stored report
      // must never name a missing file (an unlinked file is harmless; docs/persistence.md).
      if (!(error instanceof DependencyUnavailableError)) {
        await this.removeScreenshot(accepted.value, stored.screenshot.path);
      }
      if (!(error instanceof IdempotencyKeyTaken) || !unsettled) throw error;
      // A twin with the same key committed first: answer as it was answered. This
      // attempt's ticket number stays unused.
      const winner = await this.earlierAnswer(principal, unsettled);
      if (winner) return winner;
      throw error;
    }
    return ok({ id: stored.id, ticketNumber, replayed: false });
  }

  /** The answer to an earlier submission with this key, or null when the key is new (or expired). */
  private async earlierAnswer(
    principal: Principal,
    { key, requestHash }: IdempotencyKeyRecord,
  ): Promise<Result<SubmittedIssueReport> | null> {
    const notBefore = new Date(this.deps.clock.now().getTime() - IDEMPOTENCY_WINDOW_MS);
    const found = await this.deps.reports.findByIdempotencyKey(
      principal.companyId,
      principal.userId,
      key,
      notBefore,
    );
    if (!found) return null;
    if (found.requestHash !== requestHash) {
      return fail(
        'idempotency_key_reused',
        'This Idempotency-Key was sent with a different request',
      );
    }
    return ok({ id: found.reportId, ticketNumber: found.ticketNumber, replayed: true });
  }

  /**
   * With screenshot support, every linked name is checked for ownership,
   * including a `screenshotPath` or `attachments` a library caller put in the
   * report itself: nothing can point a report at another company's file.
   */
  private async acceptScreenshots(
    command: SubmitIssueReportCommand,
  ): Promise<Result<AcceptedScreenshots | null>> {
    const support = this.screenshots;
    if (!support) {
      if (command.screenshotData || command.screenshotFilename || command.attachments?.length) {
        throw new Error('SubmitIssueReport was built without screenshot support');
      }
      return ok(null);
    }
    return acceptScreenshots(
      {
        images: support.images,
        uploads: support.uploads,
        maxBytes: support.maxBytes ?? DEFAULT_MAX_SCREENSHOT_BYTES,
      },
      command.principal,
      {
        screenshotData: command.screenshotData,
        screenshotFilename: command.screenshotFilename ?? command.report.screenshotPath,
        attachments: command.attachments ?? command.report.attachments,
      },
    );
  }

  /** Deletes the file `saveScreenshot` wrote for a report that was not stored (never a linked upload). */
  private async removeScreenshot(
    accepted: AcceptedScreenshots | null,
    name: string | null,
  ): Promise<void> {
    if (!accepted || accepted.image === null || name === null || !this.screenshots) return;
    // Best effort: the store's failure must not hide the one that matters.
    await this.screenshots.store.remove(name).catch(() => undefined);
  }

  /** Saved before the report, so that a stored report never names a missing file. */
  private async saveScreenshot(
    accepted: AcceptedScreenshots | null,
    ticketNumber: string,
  ): Promise<Pick<NewIssueReport, 'screenshotPath' | 'attachments'>> {
    if (accepted === null) return {};
    const { image, linkedName, attachments } = accepted;
    if (image === null || !this.screenshots) return { screenshotPath: linkedName, attachments };
    const name = reportScreenshotName(ticketNumber, this.deps.ids.next(), image.format);
    await this.screenshots.store.save(name, image.bytes);
    return { screenshotPath: name, attachments };
  }
}
