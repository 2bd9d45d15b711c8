import { expect } from 'chai';
import { InMemoryIssueTracker } from '../../../src/adapters/in-memory/in-memory-issue-tracker.js';
import { InMemoryRequestPacer } from '../../../src/adapters/in-memory/in-memory-request-pacer.js';
import { DeliveryError } from '../../../src/application/errors/delivery-error.js';
import type { JobQueue } from '../../../src/application/ports/job-queue.js';
import { RequeuePendingGitHubSyncs } from '../../../src/application/use-cases/requeue-pending-github-syncs.js';
import { RetryFailedGitHubSyncs } from '../../../src/application/use-cases/retry-failed-deliveries.js';
import { SubmitIssueReport } from '../../../src/application/use-cases/submit-issue-report.js';
import { SyncReportToGitHub } from '../../../src/application/use-cases/sync-report-to-github.js';
import { formatGitHubIssue } from '../../../src/domain/github-issue.js';
import type { IssueReport } from '../../../src/domain/issue-report.js';
import { aNewReport, aPrincipal } from '../../support/builders.js';
import { RecordingLogger } from '../../support/http.js';
import { makeFakes, type Fakes } from '../../support/fakes.js';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const LABELS = ['bug', 'user-reported'];

async function setUp(options: { enabled?: boolean } = {}) {
  const fakes = makeFakes();
  const submitted = await new SubmitIssueReport(fakes).execute({
    principal: aPrincipal({ email: null }),
    report: aNewReport(),
  });
  if (!submitted.ok) throw new Error(submitted.error.message);
  const github = { enabled: options.enabled ?? true, labels: LABELS };
  const sync = new SyncReportToGitHub({ ...fakes, tracker: fakes.issueTracker, github });
  await fakes.jobQueue.process('github.sync', (job, context) => sync.execute(job, context));
  const report = (): IssueReport => {
    const stored = fakes.reports.reports.get(submitted.value.id);
    if (!stored) throw new Error('report vanished');
    return stored;
  };
  const job = { name: 'github.sync' as const, reportId: submitted.value.id, companyId: 1 };
  return { fakes, sync, report, job, github };
}

/** Delays (in seconds) of the retries the queue holds. */
const delays = (fakes: Fakes): number[] =>
  fakes.jobQueue.pending.map((p) => (p.runAfter.getTime() - fakes.clock.now().getTime()) / 1000);

const transient = (retryAfter?: number) =>
  new DeliveryError('GitHub answered 502', 'transient', retryAfter);

describe('SyncReportToGitHub', () => {
  it('files the report as one GitHub issue and records it as synced', async () => {
    const { fakes, report } = await setUp();
    await fakes.jobQueue.drain();

    expect(fakes.issueTracker.issues).to.have.length(1);
    const [issue] = fakes.issueTracker.issues;
    expect(issue?.draft.title).to.include('BUG-2026-0001');
    expect(issue?.draft.body).to.include(issue?.draft.marker ?? '<no marker>');
    expect(issue?.draft.labels).to.include.members(LABELS);
    expect(report().github).to.include({
      syncStatus: 'synced',
      issueNumber: issue?.number,
      issueUrl: issue?.url,
      issueId: issue?.id,
      syncError: null,
    });
    expect(report().github.syncedAt).to.deep.equal(fakes.clock.now());
  });

  it('logs one line per filing, with the ticket and the issue number only', async () => {
    const { fakes, report, job } = await setUp();
    const logger = new RecordingLogger();
    const sync = new SyncReportToGitHub({
      ...fakes,
      tracker: fakes.issueTracker,
      github: { enabled: true, labels: LABELS },
      logger,
    });
    const context = { attempt: 1, firstQueuedAt: fakes.clock.now() };
    await sync.execute(job, context);
    await sync.execute(job, context); // already synced: nothing filed, nothing logged

    expect(report().github.syncStatus).to.equal('synced');
    expect(logger.entries).to.deep.equal([
      {
        level: 'info',
        fields: { ticket: 'BUG-2026-0001', issue: 1 },
        message: 'filed BUG-2026-0001 as #1',
      },
    ]);
  });

  it('files nothing again for a report already synced, gone, or of another company', async () => {
    const { fakes, sync, job } = await setUp();
    await fakes.jobQueue.drain();
    const context = { attempt: 1, firstQueuedAt: fakes.clock.now() };

    expect(await sync.execute(job, context)).to.deep.equal({ kind: 'done' });
    expect(await sync.execute({ ...job, companyId: 2 }, context)).to.deep.equal({ kind: 'done' });
    expect(await sync.execute({ ...job, reportId: 'no-such-report' }, context)).to.deep.equal({
      kind: 'done',
    });
    expect(fakes.issueTracker.issues).to.have.length(1);
  });

  it('adopts the issue an interrupted attempt created instead of filing a second one', async () => {
    const { fakes, report, github } = await setUp();
    // The earlier attempt reached GitHub, then died before writing to the database.
    const orphan = await fakes.issueTracker.create(
      formatGitHubIssue(report(), { labels: github.labels }),
    );
    await fakes.jobQueue.drain();

    expect(fakes.issueTracker.issues).to.have.length(1);
    expect(report().github).to.include({ syncStatus: 'synced', issueNumber: orphan.number });
  });

  it('retries a transient failure with exponential backoff, then files once GitHub recovers', async () => {
    const { fakes, report } = await setUp();
    fakes.issueTracker.failWith(transient(), transient(), transient());
    await fakes.jobQueue.drain();
    expect(delays(fakes)).to.deep.equal([30]);
    fakes.clock.advance(30 * SECOND);
    await fakes.jobQueue.drain();
    expect(delays(fakes)).to.deep.equal([60]);
    fakes.clock.advance(60 * SECOND);
    await fakes.jobQueue.drain();
    expect(delays(fakes)).to.deep.equal([120]);
    expect(report().github.syncStatus).to.equal('pending');

    fakes.clock.advance(120 * SECOND);
    await fakes.jobQueue.drain();
    expect(fakes.issueTracker.issues).to.have.length(1);
    expect(report().github.syncStatus).to.equal('synced');
  });

  it('waits exactly as long as GitHub asked (Retry-After), not longer', async () => {
    const { fakes, report } = await setUp();
    fakes.issueTracker.failWith(transient(90));
    await fakes.jobQueue.drain();
    expect(delays(fakes)).to.deep.equal([90]);
    fakes.clock.advance(89 * SECOND);
    expect(await fakes.jobQueue.drain()).to.equal(0);
    fakes.clock.advance(SECOND);
    await fakes.jobQueue.drain();

    expect(report().github.syncStatus).to.equal('synced');
  });

  it('caps the backoff at an hour', async () => {
    const { fakes, sync, job } = await setUp();
    fakes.issueTracker.failWith(transient());
    const outcome = await sync.execute(job, { attempt: 20, firstQueuedAt: fakes.clock.now() });

    expect(outcome).to.include({ kind: 'retry', afterSeconds: 3600 });
  });

  it('retries an uncertain failure (GitHub may have created it) no sooner than 30 s, even when asked for 1 s', async () => {
    const { fakes, sync, job } = await setUp();
    fakes.issueTracker.failWith(
      new DeliveryError('GitHub answered 502 to create the issue', 'transient', 1, {
        uncertain: true,
      }),
      new DeliveryError('GitHub answered 502 to create the issue', 'transient', 1),
    );
    const context = { attempt: 1, firstQueuedAt: fakes.clock.now() };

    expect(await sync.execute(job, context)).to.include({ kind: 'retry', afterSeconds: 30 });
    expect(await sync.execute(job, context)).to.include({ kind: 'retry', afterSeconds: 1 });
  });

  it('marks a permanent failure (401) as failed with its reason, and does not retry', async () => {
    const { fakes, report } = await setUp();
    fakes.issueTracker.failWith(
      new DeliveryError(
        'GitHub rejected the token (check GITHUB_TOKEN). GitHub answered 401',
        'permanent',
      ),
    );
    await fakes.jobQueue.drain();

    expect(fakes.jobQueue.pending).to.have.length(0);
    expect(fakes.issueTracker.issues).to.have.length(0);
    expect(report().github.syncStatus).to.equal('failed');
    expect(report().github.syncError).to.match(/rejected the token.*401/);
  });

  it('gives up on transient failures 24 hours after the job was first queued', async () => {
    const { fakes, report } = await setUp();
    for (let i = 0; i < 100; i += 1) fakes.issueTracker.failWith(transient());
    let elapsed = 0;
    while (fakes.jobQueue.pending.length > 0 && elapsed < 48 * HOUR) {
      const next = Math.min(...fakes.jobQueue.pending.map((p) => p.runAfter.getTime()));
      const step = Math.max(0, next - fakes.clock.now().getTime());
      fakes.clock.advance(step);
      elapsed += step;
      await fakes.jobQueue.drain();
    }

    expect(report().github.syncStatus).to.equal('failed');
    expect(report().github.syncError).to.match(
      /^Gave up after \d+ attempts over 24 hours: GitHub answered 502/,
    );
    expect(elapsed).to.be.within(24 * HOUR, 25 * HOUR);
  });

  it('with GitHub disabled, leaves the report pending; requeueing after enabling files it', async () => {
    const { fakes, report, github } = await setUp({ enabled: false });
    await fakes.jobQueue.drain();
    expect(fakes.jobQueue.pending).to.have.length(0);
    expect(fakes.issueTracker.issues).to.have.length(0);
    expect(report().github.syncStatus).to.equal('pending');

    const enabled = new SyncReportToGitHub({
      ...fakes,
      tracker: fakes.issueTracker,
      github: { ...github, enabled: true },
    });
    await fakes.jobQueue.process('github.sync', (job, context) => enabled.execute(job, context));
    expect(await new RequeuePendingGitHubSyncs(fakes).execute()).to.deep.equal({ requeued: 1 });
    await fakes.jobQueue.drain();

    expect(fakes.issueTracker.issues).to.have.length(1);
    expect(report().github.syncStatus).to.equal('synced');
  });
});

describe('SyncReportToGitHub with GitHub disabled and a preview', () => {
  it('writes the issue it would file to the preview, and leaves the report pending for GitHub', async () => {
    const { fakes, report, job } = await setUp({ enabled: false });
    const preview = new InMemoryIssueTracker();
    const sync = new SyncReportToGitHub({
      ...fakes,
      tracker: fakes.issueTracker,
      github: { enabled: false, labels: LABELS },
      preview,
    });
    expect(await sync.execute(job, { attempt: 1, firstQueuedAt: fakes.clock.now() })).to.deep.equal(
      { kind: 'done' },
    );

    expect(preview.issues.map((i) => i.draft)).to.deep.equal([
      formatGitHubIssue(report(), { labels: LABELS }),
    ]);
    expect(fakes.issueTracker.issues).to.have.length(0);
    expect(report().github).to.include({ syncStatus: 'pending', issueUrl: null });
  });
});

describe('SyncReportToGitHub with a pacer', () => {
  it('books each waiting filing its own slot, and drains the backlog at the allowed rate', async () => {
    const fakes = makeFakes();
    for (let i = 0; i < 3; i += 1) {
      const submitted = await new SubmitIssueReport(fakes).execute({
        principal: aPrincipal({ email: null }),
        report: aNewReport(),
      });
      if (!submitted.ok) throw new Error(submitted.error.message);
    }
    const pacer = new InMemoryRequestPacer(fakes.clock);
    const sync = new SyncReportToGitHub({
      ...fakes,
      tracker: fakes.issueTracker,
      github: { enabled: true, labels: LABELS },
      pacer,
      pace: { rules: [{ limit: 1, perSeconds: 2 }] },
    });
    await fakes.jobQueue.process('github.sync', (job, context) => sync.execute(job, context));

    await fakes.jobQueue.drain();
    expect(fakes.issueTracker.issues).to.have.length(1);
    expect(delays(fakes)).to.deep.equal([2, 4]);
    fakes.clock.advance(2 * SECOND);
    await fakes.jobQueue.drain();
    expect(fakes.issueTracker.issues).to.have.length(2);
    fakes.clock.advance(2 * SECOND);
    await fakes.jobQueue.drain();

    expect(fakes.issueTracker.issues).to.have.length(3);
    expect([...fakes.reports.reports.values()].map((r) => r.github.syncStatus)).to.deep.equal([
      'synced',
      'synced',
      'synced',
    ]);
  });
});

describe('SyncReportToGitHub waiting for pacing under a backlog', () => {
  it('does not count pacing waits against the 24-hour budget nor as attempts', async () => {
    const { fakes, report } = await setUp();
    const rules = [{ limit: 1, perSeconds: 26 * 3600 }];
    const pacer = new InMemoryRequestPacer(fakes.clock);
    // Another report took the only slot of the next 26 hours.
    expect(await pacer.take('github:filing', 'another report', rules)).to.deep.equal({
      granted: true,
    });
    const sync = new SyncReportToGitHub({
      ...fakes,
      tracker: fakes.issueTracker,
      github: { enabled: true, labels: LABELS },
      pacer,
      pace: { rules },
    });
    await fakes.jobQueue.process('github.sync', (job, context) => sync.execute(job, context));
    for (let i = 0; i < 1000; i += 1) fakes.issueTracker.failWith(transient());

    await fakes.jobQueue.drain();
    expect(delays(fakes)).to.deep.equal([26 * 3600]);
    fakes.clock.advance(26 * HOUR);
    await fakes.jobQueue.drain();

    // The first request failed 26 hours after queueing: a first failure, retried after the first backoff.
    expect(report().github.syncStatus).to.equal('pending');
    expect(delays(fakes)).to.deep.equal([30]);

    for (let runs = 0; fakes.jobQueue.pending.length > 0 && runs < 500; runs += 1) {
      const next = Math.min(...fakes.jobQueue.pending.map((p) => p.runAfter.getTime()));
      fakes.clock.advance(Math.max(0, next - fakes.clock.now().getTime()));
      await fakes.jobQueue.drain();
    }
    // Every attempt but the failing ones waited 26 hours for its slot: days, not 24 hours, went by.
    const attempts = 1000 - fakes.issueTracker.failures.length;
    expect(attempts).to.be.above(10);
    expect(report().github.syncStatus).to.equal('failed');
    expect(report().github.syncError).to.match(
      new RegExp(`^Gave up after ${attempts} attempts over 24 hours: GitHub answered 502`),
    );
  });
});

describe('RetryFailedGitHubSyncs', () => {
  it('puts failed syncs back to pending with a fresh job, which files them', async () => {
    const { fakes, report } = await setUp();
    fakes.issueTracker.failWith(new DeliveryError('GitHub rejected the token', 'permanent'));
    await fakes.jobQueue.drain();
    expect(report().github.syncStatus).to.equal('failed');

    expect(await new RetryFailedGitHubSyncs(fakes).execute()).to.deep.equal({ requeued: 1 });
    expect(report().github).to.include({ syncStatus: 'pending', syncError: null });
    await fakes.jobQueue.drain();

    expect(fakes.issueTracker.issues).to.have.length(1);
    expect(report().github.syncStatus).to.equal('synced');
    expect(await new RetryFailedGitHubSyncs(fakes).execute()).to.deep.equal({ requeued: 0 });
  });

  it('puts the reports back to failed, with their reason, when the queue refuses the jobs', async () => {
    const { fakes, report } = await setUp();
    fakes.issueTracker.failWith(new DeliveryError('GitHub rejected the token', 'permanent'));
    await fakes.jobQueue.drain();
    const broken: JobQueue = {
      enqueue: async () => {
        throw new Error('queue down');
      },
      process: async () => undefined,
      stop: async () => undefined,
    };
    const retry = new RetryFailedGitHubSyncs({ ...fakes, jobQueue: broken });

    let thrown: unknown;
    await retry.execute().catch((error: unknown) => (thrown = error));
    expect(thrown).to.be.instanceOf(Error);
    expect(report().github).to.include({
      syncStatus: 'failed',
      syncError: 'GitHub rejected the token',
    });
  });
});
