import { ContainerModule } from 'inversify';
import { InMemoryIssueReportRepository } from '../../adapters/in-memory/in-memory-issue-report-repository.js';
import { NunjucksEmailRenderer } from '../../adapters/email/nunjucks-email-renderer.js';
import { InMemoryImageProcessor } from '../../adapters/in-memory/in-memory-image-processor.js';
import { InMemoryIssueTracker } from '../../adapters/in-memory/in-memory-issue-tracker.js';
import { InMemoryJobQueue } from '../../adapters/in-memory/in-memory-job-queue.js';
import { InMemoryMailer } from '../../adapters/in-memory/in-memory-mailer.js';
import { InMemoryRateLimiter } from '../../adapters/in-memory/in-memory-rate-limiter.js';
import { InMemoryScreenshotStore } from '../../adapters/in-memory/in-memory-screenshot-store.js';
import { InMemoryRequestPacer } from '../../adapters/in-memory/in-memory-request-pacer.js';
import { InMemoryUploadRegistry } from '../../adapters/in-memory/in-memory-upload-registry.js';
import { InMemoryTicketSequence } from '../../adapters/in-memory/in-memory-ticket-sequence.js';
import { AUTH_FAILURE_LIMIT, UPLOAD_RATE_WINDOW_SECONDS } from '../limits.js';
import { provide } from './provide.js';

/**
 * Every port in memory: the default until the persistence, queue, GitHub and
 * e-mail modules replace their bindings (see `buildContainer`'s `modules`).
 */
export const inMemoryModule = new ContainerModule((options) => {
  provide(options, 'jobQueue', ['clock'], (clock) => new InMemoryJobQueue(clock));
  provide(options, 'reports', ['jobQueue'], (queue) => {
    // The in-memory repository hands a new report's jobs to its queue in the same step;
    // with another queue they would be lost, so refuse the mix loudly.
    if (!(queue instanceof InMemoryJobQueue)) {
      throw new Error('The in-memory report repository needs the in-memory job queue');
    }
    return new InMemoryIssueReportRepository(queue);
  });
  provide(options, 'tickets', [], () => new InMemoryTicketSequence());
  provide(options, 'issueTracker', [], () => new InMemoryIssueTracker());
  provide(options, 'mailer', [], () => new InMemoryMailer());
  provide(options, 'screenshots', [], () => new InMemoryScreenshotStore());
  provide(options, 'images', [], () => new InMemoryImageProcessor());
  provide(options, 'uploads', [], () => new InMemoryUploadRegistry());
  provide(options, 'pacer', ['clock'], (clock) => new InMemoryRequestPacer(clock));
  // Templates are local files with nothing to fake: tests render the real ones.
  provide(options, 'emailRenderer', [], () => new NunjucksEmailRenderer());
  provide(
    options,
    'rateLimiter',
    ['clock', 'config'],
    (clock, config) => new InMemoryRateLimiter(clock, config.issueReportRateLimit),
  );
  provide(
    options,
    'authFailures',
    ['clock'],
    (clock) =>
      new InMemoryRateLimiter(clock, AUTH_FAILURE_LIMIT.points, AUTH_FAILURE_LIMIT.windowSeconds),
  );
  // In memory in every wiring: it guards this process's image work, which is per process too.
  provide(
    options,
    'uploadLimiter',
    ['clock', 'config'],
    (clock, config) =>
      new InMemoryRateLimiter(clock, config.uploadRateLimit, UPLOAD_RATE_WINDOW_SECONDS),
  );
  // Nothing to wait for: memory is always there.
  provide(options, 'ready', [], () => async () => true);
});
