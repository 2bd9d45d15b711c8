import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createSequelize } from '../../src/adapters/persistence/create-sequelize.js';
import { migrate } from '../../src/adapters/persistence/migrate.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { RetryFailedGitHubSyncs } from '../../src/application/use-cases/retry-failed-deliveries.js';
import { issueMarker } from '../../src/domain/github-issue.js';
import { createIssueReport, type IssueReport } from '../../src/domain/issue-report.js';
import { formatTicketNumber } from '../../src/domain/ticket-number.js';
import { aNewReport } from '../support/builders.js';
import { GitHubStandIn } from '../support/github-stand-in.js';
import {
  FAST_RETRY,
  startGitHubWorker,
  type GitHubWorkerOptions,
} from '../support/github-worker.js';
import { createDatabase, type ScratchDatabase } from '../support/postgres.js';

const TOKEN = 'ghp_pipelineTestToken0000000000000000000';
const REPO = 'acme/app';
type Worker = Awaited<ReturnType<typeof startGitHubWorker>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(done: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
}

describe('GitHub pipeline: pg-boss, PostgreSQL reports, Octokit and the GitHub stand-in', function () {
  this.timeout(60_000);
  let database: ScratchDatabase;
  let github: GitHubStandIn;
  let workers: Worker[];
  let tickets: number;

  const startWorker = async (overrides: Partial<GitHubWorkerOptions['github']> = {}) => {
    const worker = await startGitHubWorker({
      databaseUrl: database.url,
      github: { token: TOKEN, repo: REPO, baseUrl: github.url, ...overrides },
    });
    workers.push(worker);
    return worker;
  };

  /** Stores reports (and their jobs, in the same transaction) as POST /report does. */
  async function submit(worker: Worker, count: number): Promise<IssueReport[]> {
    const stored: IssueReport[] = [];
    for (let i = 0; i < count; i += 1) {
      tickets += 1;
      const created = createIssueReport(
        aNewReport({ title: `Export broken #${tickets}` }),
        { userId: 7, companyId: 1 + (tickets % 2), name: 'Ada', email: null },
        {
          id: randomUUID(),
          ticketNumber: formatTicketNumber({ year: 2026, sequence: tickets }),
          now: new Date(),
        },
      );
      if (!created.ok) throw new Error(created.error.message);
      const report = created.value;
      await worker.reports.add(report, [
        { name: 'github.sync', reportId: report.id, companyId: report.reporter.companyId },
      ]);
      stored.push(report);
    }
    return stored;
  }

  const current = async (worker: Worker, reports: readonly IssueReport[]) =>
    Promise.all(
      reports.map(
        async (r) => (await worker.reports.findById(r.reporter.companyId, r.id)) as IssueReport,
      ),
    );

  const settled = (worker: Worker, reports: readonly IssueReport[], status: 'synced' | 'failed') =>
    waitUntil(async () =>
      (await current(worker, reports)).every((r) => r.github.syncStatus === status),
    );

  /** Every report filed exactly once, and recorded with the very issue that carries its marker. */
  async function expectFiledExactlyOnce(worker: Worker, reports: readonly IssueReport[]) {
    expect(github.issues).to.have.length(reports.length);
    for (const report of await current(worker, reports)) {
      const carrying = github.issues.filter((i) =>
        i.body.includes(issueMarker(report.ticketNumber)),
      );
      expect(carrying, report.ticketNumber).to.have.length(1);
      expect(report.github.syncStatus).to.equal('synced');
      expect(report.github.issueNumber).to.equal(carrying[0]?.number);
      expect(report.github.issueUrl).to.equal(carrying[0]?.html_url);
    }
  }

  beforeEach(async () => {
    workers = [];
    tickets = 0;
    database = await createDatabase();
    const sequelize = createSequelize(database.url);
    await migrate(sequelize);
    await sequelize.close();
    github = await GitHubStandIn.start({ token: TOKEN, repo: REPO });
  });

  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await github.close();
    await database.drop();
  });

  it('rides out GitHub answering 502 for a while, then files each report once', async () => {
    github.fail('any', 8, { status: 502, message: 'Bad Gateway' });
    const worker = await startWorker();
    const reports = await submit(worker, 3);
    await settled(worker, reports, 'synced');

    expect(github.requests.filter((r) => r.status === 502)).to.have.length(8);
    await expectFiledExactlyOnce(worker, reports);
  });

  describe('GitHub creates the issue but its answer is lost', () => {
    // Octokit's in-call retries as in production: neither they nor the queue may file twice.
    const productionRetries = { inRequestRetries: 2, retryBaseMs: 100 };

    it('the connection drops before the answer: one issue, report synced with its URL', async () => {
      github.fail('create', 1, { afterHandling: 'destroy' });
      const worker = await startWorker(productionRetries);
      const reports = await submit(worker, 1);
      await settled(worker, reports, 'synced');

      expect(
        github.requests.filter((r) => r.route === 'create').map((r) => r.status),
      ).to.deep.equal([-1]);
      await expectFiledExactlyOnce(worker, reports);
    });

    it('502 after creating, with search lagging a minute: one issue, report synced with its URL', async () => {
      await github.close();
      github = await GitHubStandIn.start({ token: TOKEN, repo: REPO, searchLagMs: 60_000 });
      github.fail('create', 1, { afterHandling: 502 });
      const worker = await startWorker(productionRetries);
      const reports = await submit(worker, 1);
      await settled(worker, reports, 'synced');
      await sleep(1_000); // no late second create either

      expect(github.count('create')).to.equal(1);
      await expectFiledExactlyOnce(worker, reports);
    });

    it('a timeout while GitHub is still creating: the retry waits, finds it, files nothing twice', async () => {
      github.fail('create', 1, { delayMs: 1_500 });
      const worker = await startGitHubWorker({
        databaseUrl: database.url,
        github: { token: TOKEN, repo: REPO, baseUrl: github.url, timeoutMs: 300 },
        retry: { ...FAST_RETRY, uncertainDelaySeconds: 3 },
      });
      workers.push(worker);
      const reports = await submit(worker, 1);
      await settled(worker, reports, 'synced');

      expect(github.count('create')).to.equal(1);
      await expectFiledExactlyOnce(worker, reports);
    });
  });

  it('waits as long as a 403 with Retry-After says, then files the report once', async () => {
    github.fail('create', 1, {
      status: 403,
      headers: { 'retry-after': '2' },
      message: 'You have exceeded a secondary rate limit',
    });
    const worker = await startWorker();
    const reports = await submit(worker, 1);
    await settled(worker, reports, 'synced');

    const creates = github.requests.filter((r) => r.route === 'create');
    expect(creates.map((r) => r.status)).to.deep.equal([403, 201]);
    expect((creates[1]?.at ?? 0) - (creates[0]?.at ?? 0)).to.be.at.least(1_900);
    await expectFiledExactlyOnce(worker, reports);
  });

  it('with two workers at once, files every report exactly once', async () => {
    const first = await startWorker();
    await startWorker();
    const reports = await submit(first, 12);
    await settled(first, reports, 'synced');

    await expectFiledExactlyOnce(first, reports);
  });

  it('marks a rejected token as failed without a retry storm; retry-failed files them once the token is fixed', async () => {
    const wrong = await startWorker({ token: 'ghp_revokedRevokedRevoked00000000000000' });
    const reports = await submit(wrong, 2);
    await settled(wrong, reports, 'failed');
    await sleep(1_500);

    expect(github.requests).to.have.length(2); // one look-up per report, then nothing
    for (const report of await current(wrong, reports)) {
      expect(report.github.syncError)
        .to.match(/rejected the token/)
        .and.not.include('ghp_revoked');
    }

    await wrong.stop();
    workers = workers.filter((w) => w !== wrong);
    const fixed = await startWorker();
    const retried = await new RetryFailedGitHubSyncs({
      reports: fixed.reports,
      jobQueue: fixed.queue,
      clock: new SystemClock(),
    }).execute();
    expect(retried).to.deep.equal({ requeued: 2 });
    await settled(fixed, reports, 'synced');

    await expectFiledExactlyOnce(fixed, reports);
  });

  it('files once when a worker is SIGKILLed between GitHub’s answer and the database write', async () => {
    const worker: { child?: ChildProcess } = {};
    await github.close();
    github = await GitHubStandIn.start({
      token: TOKEN,
      repo: REPO,
      // The issue exists on GitHub; the worker dies before it can hear so or write it down.
      onCreate: async () => {
        const { child } = worker;
        if (child && child.exitCode === null && child.signalCode === null) {
          const exited = once(child, 'exit');
          child.kill('SIGKILL');
          await exited;
        }
      },
    });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/github-worker-process.ts'],
      {
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          GITHUB_TOKEN: TOKEN,
          GITHUB_REPO: REPO,
          GITHUB_API_URL: github.url,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    worker.child = child;
    try {
      const [ready] = (await once(child.stdout ?? child, 'data')) as [Buffer];
      expect(ready.toString()).to.include('ready');

      // The web server's side: it stores the report and its job; the child takes the job.
      const web = await startGitHubWorker({
        databaseUrl: database.url,
        github: { token: TOKEN, repo: REPO, baseUrl: github.url },
      });
      await web.queue.stop(); // it only enqueues (within the report's transaction); no worker
      const reports = await submit(web, 1);
      await waitUntil(async () => child.signalCode === 'SIGKILL');
      expect(github.issues).to.have.length(1);
      expect((await current(web, reports))[0]?.github.syncStatus).to.equal('pending');
      await web.stop();

      // A fresh worker: the dead one's job expires, runs again, and adopts the orphan issue.
      const survivor = await startWorker();
      await settled(survivor, reports, 'synced');

      expect(github.count('create')).to.equal(1);
      await expectFiledExactlyOnce(survivor, reports);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
