import {
  OctokitIssueTracker,
  type OctokitIssueTrackerOptions,
} from '../../src/adapters/github/octokit-issue-tracker.js';
import { createSequelize } from '../../src/adapters/persistence/create-sequelize.js';
import { SequelizeIssueReportRepository } from '../../src/adapters/persistence/sequelize-issue-report-repository.js';
import {
  PgBossJobQueue,
  type PgBossJobQueueOptions,
} from '../../src/adapters/queue/pg-boss-job-queue.js';
import { PostgresRequestPacer } from '../../src/adapters/queue/postgres-request-pacer.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import type { PaceRule } from '../../src/application/ports/request-pacer.js';
import type { RetryPolicy } from '../../src/application/services/delivery-retry.js';
import { SyncReportToGitHub } from '../../src/application/use-cases/sync-report-to-github.js';

/** Seconds instead of minutes, so that fault scenarios play out within a test's patience. */
export const FAST_RETRY: RetryPolicy = {
  firstDelaySeconds: 0.5,
  maxDelaySeconds: 2,
  minDelaySeconds: 0.2,
  giveUpAfterSeconds: 3600,
  serverDelay: 'exact',
};

export const FAST_QUEUE: Partial<PgBossJobQueueOptions> = {
  pollingIntervalSeconds: 0.5,
  expireInSeconds: 3,
  maintenanceIntervalSeconds: 1,
  errorRetry: { limit: 5, delaySeconds: 1 },
  stopTimeoutSeconds: 5,
};

export interface GitHubWorkerOptions {
  readonly databaseUrl: string;
  readonly github: Pick<OctokitIssueTrackerOptions, 'token' | 'repo' | 'baseUrl'> &
    Partial<OctokitIssueTrackerOptions>;
  readonly labels?: readonly string[];
  readonly queue?: Partial<PgBossJobQueueOptions>;
  readonly retry?: RetryPolicy;
  readonly pace?: readonly PaceRule[];
}

/**
 * The production pipeline, wired by hand as src/composition will: Sequelize
 * reports whose jobs go to pg-boss in the report's transaction, the
 * PostgreSQL pacer, Octokit, and `SyncReportToGitHub` working `github.sync`.
 */
export async function startGitHubWorker(options: GitHubWorkerOptions) {
  const clock = new SystemClock();
  const sequelize = createSequelize(options.databaseUrl, { pool: { max: 4 } });
  const queue = new PgBossJobQueue({
    connectionString: options.databaseUrl,
    ...FAST_QUEUE,
    ...options.queue,
  });
  const reports = new SequelizeIssueReportRepository(sequelize, {
    enqueueInTransaction: (jobs, executeSql) => queue.enqueueWithin(executeSql, jobs),
  });
  const pacer = new PostgresRequestPacer({ connectionString: options.databaseUrl, clock });
  const tracker = new OctokitIssueTracker({
    inProcessThrottling: false,
    retryBaseMs: 5,
    inRequestRetries: 0,
    ...options.github,
  });
  const sync = new SyncReportToGitHub({
    reports,
    tracker,
    clock,
    github: { enabled: true, labels: options.labels ?? ['bug', 'user-reported'] },
    retry: options.retry ?? FAST_RETRY,
    pacer,
    // Paced through PostgreSQL as in production, at a rate a test can wait for.
    pace: { rules: options.pace ?? [{ limit: 20, perSeconds: 1 }] },
  });
  await queue.process('github.sync', (job, context) => sync.execute(job, context));
  return {
    queue,
    reports,
    async stop() {
      await queue.stop();
      await pacer.close();
      await sequelize.close();
    },
  };
}
