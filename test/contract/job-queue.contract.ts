import { expect } from 'chai';
import type {
  Job,
  JobContext,
  JobOutcome,
  JobQueue,
} from '../../src/application/ports/job-queue.js';

export interface JobQueueUnderTest {
  readonly queue: JobQueue;
  /** Lets the queue work until `done()` holds; fails if it does not come to hold. */
  settle(done: () => boolean): Promise<void>;
  /** Lets `seconds` pass on the queue's clock (a no-op where the clock is real and `settle` waits). */
  elapse(seconds: number): Promise<void>;
  /** The queue's clock, in milliseconds. */
  now(): number;
  /** Another worker on the same store, where the adapter can have several. */
  readonly anotherWorker?: () => Promise<JobQueue>;
  /** Enqueues `jobs` inside a database transaction, then commits or rolls it back. */
  readonly enqueueInTransaction?: (
    jobs: readonly Job[],
    outcome: 'commit' | 'rollback',
  ) => Promise<void>;
  close(): Promise<void>;
}

interface Delivery {
  readonly job: Job;
  readonly context: JobContext;
  readonly at: number;
}

const aJob = (n: number): Job => ({
  name: 'github.sync',
  reportId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  companyId: 1 + (n % 3),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour every `JobQueue` promises: at-least-once delivery, delayed retries, one worker per job. */
/** What an adapter can do beyond the core contract; cases for the rest are not registered. */
export interface JobQueueCapabilities {
  /** Several workers (processes) can share the queue. */
  readonly sharedByWorkers: boolean;
  /** Jobs can be written inside someone else's transaction. */
  readonly transactionalEnqueue: boolean;
}

export function jobQueueContract(
  name: string,
  setup: () => Promise<JobQueueUnderTest>,
  capabilities: JobQueueCapabilities,
): void {
  describe(`JobQueue contract: ${name}`, function () {
    this.timeout(30_000);
    let subject: JobQueueUnderTest;
    let delivered: Delivery[];

    const recording =
      (decide: (d: Delivery) => JobOutcome | Promise<JobOutcome> = () => ({ kind: 'done' })) =>
      async (job: Job, context: JobContext): Promise<JobOutcome> => {
        const delivery = { job, context, at: subject.now() };
        delivered.push(delivery);
        return decide(delivery);
      };

    beforeEach(async () => {
      delivered = [];
      subject = await setup();
    });

    afterEach(async () => {
      await subject.close();
    });

    it('delivers an enqueued job to its handler, as attempt 1', async () => {
      await subject.queue.process('github.sync', recording());
      const before = subject.now();
      await subject.queue.enqueue([aJob(1)]);
      await subject.settle(() => delivered.length >= 1);

      expect(delivered).to.have.length(1);
      expect(delivered[0]?.job).to.deep.equal(aJob(1));
      expect(delivered[0]?.context.attempt).to.equal(1);
      // Queue and test may read different clocks (database vs process): allow a little skew.
      expect(delivered[0]?.context.firstQueuedAt.getTime()).to.be.closeTo(before, 5_000);
    });

    it('delivers a job to the handler of its own name only', async () => {
      const emails: Job[] = [];
      await subject.queue.process('github.sync', recording());
      await subject.queue.process('email.confirmation', async (job) => {
        emails.push(job);
        return { kind: 'done' };
      });
      await subject.queue.enqueue([aJob(1), { ...aJob(2), name: 'email.confirmation' }]);
      await subject.settle(() => delivered.length >= 1 && emails.length >= 1);

      expect(delivered.map((d) => d.job)).to.deep.equal([aJob(1)]);
      expect(emails).to.deep.equal([{ ...aJob(2), name: 'email.confirmation' }]);
    });

    it('delivers a job again after the delay its handler asked for, as attempt 2', async () => {
      await subject.queue.process(
        'github.sync',
        recording(({ context }) =>
          context.attempt === 1
            ? { kind: 'retry', afterSeconds: 1, reason: 'GitHub 502' }
            : { kind: 'done' },
        ),
      );
      await subject.queue.enqueue([aJob(1)]);
      await subject.settle(() => delivered.length >= 1);
      await subject.elapse(1);
      await subject.settle(() => delivered.length >= 2);

      const [first, second] = delivered;
      expect(second?.job).to.deep.equal(aJob(1));
      expect(second?.context.attempt).to.equal(2);
      expect(second?.context.firstQueuedAt.getTime()).to.equal(
        first?.context.firstQueuedAt.getTime(),
      );
      expect((second?.at ?? 0) - (first?.at ?? 0)).to.be.at.least(900);
    });

    it('delivers a job again after a paced wait as the same attempt, its budget start moved on by the wait', async () => {
      await subject.queue.process(
        'github.sync',
        recording(() =>
          delivered.length === 1
            ? { kind: 'retry', afterSeconds: 1, reason: 'Waiting for a slot', paced: true }
            : { kind: 'done' },
        ),
      );
      await subject.queue.enqueue([aJob(1)]);
      await subject.settle(() => delivered.length >= 1);
      await subject.elapse(1);
      await subject.settle(() => delivered.length >= 2);

      const [first, second] = delivered;
      expect(second?.job).to.deep.equal(aJob(1));
      expect(second?.context.attempt).to.equal(1);
      expect(second?.context.firstQueuedAt.getTime()).to.equal(
        (first?.context.firstQueuedAt.getTime() ?? 0) + 1000,
      );
      expect((second?.at ?? 0) - (first?.at ?? 0)).to.be.at.least(900);
    });

    it('delivers a job again when its handler throws', async () => {
      await subject.queue.process(
        'github.sync',
        recording(({ context }) => {
          if (context.attempt === 1) throw new Error('database unreachable');
          return { kind: 'done' };
        }),
      );
      await subject.queue.enqueue([aJob(1)]);
      await subject.settle(() => delivered.length >= 1);
      await subject.elapse(60);
      await subject.settle(() => delivered.length >= 2);

      expect(delivered[1]?.context.attempt).to.equal(2);
    });

    const ifSharedByWorkers = capabilities.sharedByWorkers ? it : undefined;
    ifSharedByWorkers?.(
      'never hands one job to two workers at once, and every job to someone',
      async () => {
        if (!subject.anotherWorker) throw new Error('this adapter must provide anotherWorker');
        const other = await subject.anotherWorker();
        const running = new Set<string>();
        const overlaps: string[] = [];
        const slow = recording(async ({ job }) => {
          if (running.has(job.reportId)) overlaps.push(job.reportId);
          running.add(job.reportId);
          await sleep(30);
          running.delete(job.reportId);
          return { kind: 'done' };
        });
        await subject.queue.process('github.sync', slow);
        await other.process('github.sync', slow);
        const jobs = Array.from({ length: 24 }, (_, i) => aJob(i + 1));
        await subject.queue.enqueue(jobs);
        await subject.settle(() => delivered.length >= jobs.length);
        await sleep(500);
        await other.stop();

        expect(overlaps).to.deep.equal([]);
        expect(delivered.map((d) => d.job.reportId).sort()).to.deep.equal(
          jobs.map((j) => j.reportId).sort(),
        );
      },
    );

    const ifTransactional = capabilities.transactionalEnqueue ? it : undefined;
    ifTransactional?.(
      'keeps no job enqueued in a transaction that rolls back, and delivers one that commits',
      async () => {
        if (!subject.enqueueInTransaction)
          throw new Error('this adapter must provide enqueueInTransaction');
        await subject.queue.process('github.sync', recording());
        await subject.enqueueInTransaction([aJob(1)], 'rollback');
        await subject.enqueueInTransaction([aJob(2)], 'commit');
        await subject.settle(() => delivered.length >= 1);
        await sleep(1_500);

        expect(delivered.map((d) => d.job)).to.deep.equal([aJob(2)]);
      },
    );
  });
}
