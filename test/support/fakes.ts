import { InMemoryIssueReportRepository } from '../../src/adapters/in-memory/in-memory-issue-report-repository.js';
import { InMemoryIssueTracker } from '../../src/adapters/in-memory/in-memory-issue-tracker.js';
import { InMemoryJobQueue } from '../../src/adapters/in-memory/in-memory-job-queue.js';
import { InMemoryMailer } from '../../src/adapters/in-memory/in-memory-mailer.js';
import { InMemoryRateLimiter } from '../../src/adapters/in-memory/in-memory-rate-limiter.js';
import { InMemoryScreenshotStore } from '../../src/adapters/in-memory/in-memory-screenshot-store.js';
import { InMemoryTicketSequence } from '../../src/adapters/in-memory/in-memory-ticket-sequence.js';
import { ManualClock } from '../../src/adapters/in-memory/manual-clock.js';
import { SequentialIdGenerator } from '../../src/adapters/in-memory/sequential-id-generator.js';

/** Every port as an in-memory fake, sharing one clock: the state tests assert on. */
export function makeFakes(options: { rateLimit?: number; now?: Date } = {}) {
  const clock = new ManualClock(options.now ?? new Date('2026-03-10T09:30:00Z'));
  const jobQueue = new InMemoryJobQueue(clock);
  return {
    clock,
    ids: new SequentialIdGenerator(),
    jobQueue,
    reports: new InMemoryIssueReportRepository(jobQueue),
    tickets: new InMemoryTicketSequence(),
    issueTracker: new InMemoryIssueTracker(),
    mailer: new InMemoryMailer(),
    screenshots: new InMemoryScreenshotStore(),
    rateLimiter: new InMemoryRateLimiter(clock, options.rateLimit ?? 10),
  };
}

export type Fakes = ReturnType<typeof makeFakes>;
