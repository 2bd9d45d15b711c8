import { ContainerModule } from 'inversify';
import { InMemoryIssueReportRepository } from '../../adapters/in-memory/in-memory-issue-report-repository.js';
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
 * Every outside port in memory: the ports of `buildContainer` when no others
 * are given (tests, demos). The standalone wiring never loads it: its
 * modules bind every port themselves (docs/adr/0018).
 */
export const inMemoryModule = new ContainerModule((options) => {
  provide(options, 'jobQueue', ({ get }) => new InMemoryJobQueue(get('clock')));
  provide(options, 'reports', ({ get }) => {
    const queue = get('jobQueue');
    // The in-memory repository hands a new report's jobs to its queue in the same step;
    // with another queue they would be lost, so refuse the mix loudly.
    if (!(queue instanceof InMemoryJobQueue)) {
      throw new Error('The in-memory report repository needs the in-memory job queue');
    }
    return new InMemoryIssueReportRepository(queue);
  });
  provide(options, 'tickets', () => new InMemoryTicketSequence());
  provide(options, 'issueTracker', () => new InMemoryIssueTracker());
  provide(options, 'githubPreview', () => null);
  provide(options, 'mailer', () => new InMemoryMailer());
  provide(options, 'screenshots', () => new InMemoryScreenshotStore());
  provide(options, 'images', () => new InMemoryImageProcessor());
  provide(options, 'uploads', () => new InMemoryUploadRegistry());
  provide(options, 'pacer', ({ get }) => new InMemoryRequestPacer(get('clock')));
  provide(
    options,
    'rateLimiter',
    ({ get }) => new InMemoryRateLimiter(get('clock'), get('config').issueReportRateLimit),
  );
  provide(
    options,
    'authFailures',
    ({ get }) =>
      new InMemoryRateLimiter(
        get('clock'),
        AUTH_FAILURE_LIMIT.points,
        AUTH_FAILURE_LIMIT.windowSeconds,
      ),
  );
  // Per process here; the standalone wiring counts uploads in PostgreSQL.
  provide(
    options,
    'uploadLimiter',
    ({ get }) =>
      new InMemoryRateLimiter(
        get('clock'),
        get('config').uploadRateLimit,
        UPLOAD_RATE_WINDOW_SECONDS,
      ),
  );
  // Nothing to wait for: memory is always there.
  provide(options, 'ready', () => async () => true);
});
