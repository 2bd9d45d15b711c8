import PgBoss from 'pg-boss';
import pg from 'pg';
import {
  JOB_NAMES,
  nextJobContext,
  type Job,
  type JobHandler,
  type JobName,
  type JobQueue,
} from '../../application/ports/job-queue.js';
import { silentLogger, type Logger } from '../../application/ports/logger.js';
import { contextOf, toJobInsert, type JobData } from './pg-boss-jobs.js';
import { PoolExecutor, normalizeValues, type ExecuteSql } from './sql-executor.js';

export type { ExecuteSql } from './sql-executor.js';

export interface PgBossJobQueueOptions {
  /** Either a URL (the queue opens and closes its own pool) or a pool the caller owns. */
  readonly connectionString?: string;
  readonly pool?: pg.Pool;
  /** PostgreSQL schema of pg-boss's tables; created (and migrated) on start. */
  readonly schema?: string;
  /** How often an idle worker looks for due jobs. pg-boss's minimum is 0.5. */
  readonly pollingIntervalSeconds?: number;
  /** Jobs of one name run at once in this process (each worker takes one job at a time). */
  readonly concurrency?: number;
  /** A job still running after this long counts as crashed and is retried. */
  readonly expireInSeconds?: number;
  /** How often expired jobs are detected (pg-boss maintenance). */
  readonly maintenanceIntervalSeconds?: number;
  /** pg-boss's own retry, for handlers that throw: count and first delay (doubling, jittered). */
  readonly errorRetry?: { readonly limit: number; readonly delaySeconds: number };
  /** How long `stop()` waits for running handlers. */
  readonly stopTimeoutSeconds?: number;
  readonly logger?: Logger;
}

/**
 * The durable queue, on pg-boss in the application's own PostgreSQL database
 * (docs/adr/0007-job-queue.md).
 *
 * - Queues use pg-boss's `short` policy with the report id as singleton key:
 *   a second enqueue of a job that is still waiting collapses into it.
 * - Workers fetch with `FOR UPDATE SKIP LOCKED`: one job, one worker.
 * - A `retry` outcome completes the job and, in the same transaction, sends
 *   its successor with `startAfter` = the requested delay, carrying attempt+1
 *   and the first enqueue time (a `paced` wait: the same attempt, and the
 *   first enqueue time moved on by the wait; see `nextJobContext`): pg-boss's own retry cannot take a per-attempt
 *   delay (Retry-After), only the fixed one set at send time.
 * - A handler that throws is failed into pg-boss's own retry (exponential
 *   backoff with jitter); a worker that dies mid-job leaves it `active`
 *   until `expireInSeconds`, then maintenance hands it out again.
 */
export class PgBossJobQueue implements JobQueue {
  private readonly executor: PoolExecutor;
  private readonly boss: PgBoss;
  private readonly logger: Logger;
  private started: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;
  /** Ids of this process's pg-boss workers, per job name, to wake them when work arrives. */
  private readonly workers = new Map<JobName, string[]>();

  constructor(private readonly options: PgBossJobQueueOptions) {
    if (!options.pool && !options.connectionString) {
      throw new Error('PgBossJobQueue needs a connectionString or a pool');
    }
    // Silent unless told otherwise; pg-boss's 'error' event must have a listener.
    this.logger = options.logger ?? silentLogger;
    const pool =
      options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 6 });
    if (!options.pool) {
      // An idle connection dropped by the server (restart, failover) must not crash
      // the process: the pool discards it and opens a fresh one when needed.
      pool.on('error', (error) =>
        this.logger.warn({ err: error.message }, 'job queue connection lost'),
      );
    }
    this.executor = new PoolExecutor(pool, !options.pool);
    this.boss = new PgBoss({
      db: { executeSql: this.executor.executeSql },
      schema: options.schema ?? 'pgboss',
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    });
    this.boss.on('error', (error) =>
      this.logger.error({ err: { name: error.name, message: error.message } }, 'job queue error'),
    );
  }

  /** Installs or migrates pg-boss's schema and creates the queues. Called lazily by every method. */
  start(): Promise<void> {
    this.started ??= this.install().catch((error: unknown) => {
      this.started = undefined;
      throw error;
    });
    return this.started;
  }

  async enqueue(jobs: readonly Job[]): Promise<void> {
    await this.start();
    await this.insert(jobs.map((job) => toJobInsert(job)));
    for (const name of new Set(jobs.map((job) => job.name))) {
      for (const id of this.workers.get(name) ?? []) this.boss.notifyWorker(id);
    }
  }

  /**
   * Writes jobs through someone else's connection, typically inside the
   * transaction that stores their report: they exist if and only if it
   * commits. `executeSql` must run on that transaction's connection.
   * pg-boss's tables must live in the same database.
   */
  async enqueueWithin(executeSql: ExecuteSql, jobs: readonly Job[]): Promise<void> {
    await this.start();
    const db = {
      executeSql: (text: string, values: unknown[]) => executeSql(text, normalizeValues(values)),
    };
    await this.insert(
      jobs.map((job) => toJobInsert(job)),
      db,
    );
  }

  async process(name: JobName, handler: JobHandler): Promise<void> {
    await this.start();
    const workOptions = {
      batchSize: 1,
      includeMetadata: true as const,
      pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2,
    };
    for (let i = 0; i < Math.max(1, this.options.concurrency ?? 1); i += 1) {
      const worker: { id?: string } = {};
      worker.id = await this.boss.work<JobData>(name, workOptions, async ([job]) => {
        if (!job) return;
        await this.run(name, handler, job);
        // pg-boss waits a polling interval after every fetch; a worker that just
        // finished a job looks for the next one at once, only an idle one waits.
        if (worker.id) this.boss.notifyWorker(worker.id);
      });
      this.workers.set(name, [...(this.workers.get(name) ?? []), worker.id]);
    }
  }

  /** Stops fetching, waits for running handlers (up to `stopTimeoutSeconds`), closes the pool. */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    if (this.started) {
      await this.started.catch(() => undefined);
      await this.boss.stop({
        graceful: true,
        wait: true,
        timeout: (this.options.stopTimeoutSeconds ?? 30) * 1000,
      });
    }
    await this.executor.close();
  }

  private async install(): Promise<void> {
    await this.boss.start();
    const errorRetry = this.options.errorRetry ?? { limit: 12, delaySeconds: 30 };
    for (const name of JOB_NAMES) {
      const queue = {
        name,
        policy: 'short' as const,
        retryLimit: errorRetry.limit,
        retryDelay: errorRetry.delaySeconds,
        retryBackoff: true,
        expireInSeconds: this.options.expireInSeconds ?? 15 * 60,
      };
      await this.boss.createQueue(name, queue);
      // createQueue keeps an existing queue as it was; apply changed settings.
      await this.boss.updateQueue(name, queue);
    }
  }

  private async run(name: JobName, handler: JobHandler, row: PgBoss.JobWithMetadata<JobData>) {
    const job: Job = { name, reportId: row.data.reportId, companyId: row.data.companyId };
    const context = contextOf(row);
    const outcome = await handler(job, context);
    if (outcome.kind === 'done') return;

    const successor = toJobInsert(job, {
      ...nextJobContext(context, outcome),
      afterSeconds: outcome.afterSeconds,
    });
    // Both or neither: a crash in between leaves this job active, to expire and run again.
    await this.executor.transaction(async (executeSql) => {
      await this.insert([successor], { executeSql });
      await this.boss.complete(name, row.id, { retry: outcome.reason }, { db: { executeSql } });
    });
  }

  private async insert(jobs: PgBoss.JobInsert<JobData>[], db?: PgBoss.Db): Promise<void> {
    if (jobs.length === 0) return;
    await (db ? this.boss.insert(jobs, { db }) : this.boss.insert(jobs));
  }
}
