import { expect } from 'chai';
import pg from 'pg';
import { InMemoryJobQueue } from '../../src/adapters/in-memory/in-memory-job-queue.js';
import { ManualClock } from '../../src/adapters/in-memory/manual-clock.js';
import {
  PgBossJobQueue,
  type PgBossJobQueueOptions,
} from '../../src/adapters/queue/pg-boss-job-queue.js';
import type { Job } from '../../src/application/ports/job-queue.js';
import { createDatabase, type ScratchDatabase } from '../support/postgres.js';
import { jobQueueContract } from './job-queue.contract.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(done: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not settled within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Quick polling and retries, so that the suite runs in seconds. */
const FAST: Partial<PgBossJobQueueOptions> = {
  pollingIntervalSeconds: 0.5,
  errorRetry: { limit: 3, delaySeconds: 1 },
  stopTimeoutSeconds: 5,
};

jobQueueContract(
  'InMemoryJobQueue',
  async () => {
    const clock = new ManualClock();
    const queue = new InMemoryJobQueue(clock);
    return {
      queue,
      async settle(done) {
        await queue.drain();
        if (!done())
          throw new Error('drain() ran every due job and the condition still does not hold');
      },
      elapse: async (seconds) => clock.advance(seconds * 1000),
      now: () => clock.now().getTime(),
      close: () => queue.stop(),
    };
    // One process's queue in memory: no second worker, no transactions to join.
  },
  { sharedByWorkers: false, transactionalEnqueue: false },
);

jobQueueContract(
  'PgBossJobQueue on PostgreSQL',
  async () => {
    const database = await createDatabase();
    const queues: PgBossJobQueue[] = [];
    const open = async () => {
      const queue = new PgBossJobQueue({ connectionString: database.url, ...FAST });
      await queue.start();
      queues.push(queue);
      return queue;
    };
    const queue = await open();
    return {
      queue,
      settle: (done) => waitUntil(done),
      elapse: async () => undefined,
      now: () => Date.now(),
      anotherWorker: open,
      async enqueueInTransaction(jobs, outcome) {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          await client.query('BEGIN');
          await queue.enqueueWithin((text, values) => client.query(text, values), jobs);
          await client.query(outcome === 'commit' ? 'COMMIT' : 'ROLLBACK');
        } finally {
          await client.end();
        }
      },
      async close() {
        await Promise.all(queues.map((q) => q.stop()));
        await database.drop();
      },
    };
  },
  { sharedByWorkers: true, transactionalEnqueue: true },
);

describe('PgBossJobQueue specifics', function () {
  this.timeout(30_000);
  let database: ScratchDatabase;
  let queue: PgBossJobQueue;
  const job: Job = {
    name: 'github.sync',
    reportId: '00000000-0000-4000-8000-000000000001',
    companyId: 1,
  };

  beforeEach(async () => {
    database = await createDatabase();
    queue = new PgBossJobQueue({ connectionString: database.url, ...FAST });
  });

  afterEach(async () => {
    await queue.stop();
    await database.drop();
  });

  it('folds a second enqueue of a waiting job into the first', async () => {
    await queue.enqueue([job]);
    await queue.enqueue([job]);
    const seen: Job[] = [];
    await queue.process('github.sync', async (j) => {
      seen.push(j);
      return { kind: 'done' };
    });
    await waitUntil(() => seen.length >= 1);
    await sleep(1_500);

    expect(seen).to.have.length(1);
  });

  it('stop() waits for a running handler to finish', async () => {
    let finished = false;
    let started = false;
    await queue.process('github.sync', async () => {
      started = true;
      await sleep(700);
      finished = true;
      return { kind: 'done' };
    });
    await queue.enqueue([job]);
    await waitUntil(() => started);
    await queue.stop();

    expect(finished).to.equal(true);
  });

  it('hands a job out again once it outlives its expiry (a hung or vanished worker)', async () => {
    await queue.stop();
    queue = new PgBossJobQueue({
      connectionString: database.url,
      ...FAST,
      expireInSeconds: 1,
      maintenanceIntervalSeconds: 1,
    });
    const attempts: number[] = [];
    await queue.process('github.sync', async (_j, context) => {
      attempts.push(context.attempt);
      if (context.attempt === 1) await new Promise(() => undefined); // hangs for ever
      return { kind: 'done' };
    });
    await queue.enqueue([job]);
    await waitUntil(() => attempts.length >= 2, 20_000);

    expect(attempts).to.deep.equal([1, 2]);
  });
});
