/**
 * `npm run bench:github`: a backlog of 1,000 reports filed through the
 * PostgreSQL pacer against the GitHub stand-in, on a compressed clock (time
 * jumps to the next due job instead of passing). Prints the drain rate and
 * checks GitHub's limits on the stand-in's side: a second between creates,
 * 80 a minute, 500 an hour, and no rate-limit answer at all.
 *
 * Needs PostgreSQL: TEST_DATABASE_URL (an admin URL), else an embedded one, as the tests use.
 */
import { randomUUID } from 'node:crypto';
import { OctokitIssueTracker } from '../src/adapters/github/octokit-issue-tracker.js';
import { InMemoryIssueReportRepository } from '../src/adapters/in-memory/in-memory-issue-report-repository.js';
import { InMemoryJobQueue } from '../src/adapters/in-memory/in-memory-job-queue.js';
import { ManualClock } from '../src/adapters/in-memory/manual-clock.js';
import { PostgresRequestPacer } from '../src/adapters/queue/postgres-request-pacer.js';
import { SyncReportToGitHub } from '../src/application/use-cases/sync-report-to-github.js';
import { createIssueReport } from '../src/domain/issue-report.js';
import { formatTicketNumber } from '../src/domain/ticket-number.js';
import { aNewReport } from '../test/support/builders.js';
import { GitHubStandIn } from '../test/support/github-stand-in.js';
import { stopEmbeddedPostgres } from '../test/support/embedded-postgres.js';
import { createDatabase } from '../test/support/postgres.js';

const REPORTS = Number(process.argv[2] ?? 1000);
const TOKEN = 'ghp_benchBenchBench000000000000000000000';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const clock = new ManualClock(new Date('2026-03-10T09:00:00Z'));
const database = await createDatabase('bugport_bench');
const github = await GitHubStandIn.start({
  token: TOKEN,
  repo: 'acme/app',
  now: () => clock.now().getTime(),
  createLimits: [
    { limit: 1, perMs: 1000 },
    { limit: 80, perMs: MINUTE },
    { limit: 500, perMs: HOUR },
  ],
});
const pacer = new PostgresRequestPacer({ connectionString: database.url, clock });
const queue = new InMemoryJobQueue(clock);
const reports = new InMemoryIssueReportRepository(queue);
const sync = new SyncReportToGitHub({
  reports,
  clock,
  tracker: new OctokitIssueTracker({
    token: TOKEN,
    repo: 'acme/app',
    baseUrl: github.url,
    inProcessThrottling: false,
    scanPages: 1,
    now: () => clock.now().getTime(),
  }),
  github: { enabled: true, labels: ['bug', 'user-reported'] },
  pacer,
});

try {
  for (let i = 1; i <= REPORTS; i += 1) {
    const created = createIssueReport(
      aNewReport({ title: `Backlog report ${i}` }),
      { userId: 7, companyId: 1, name: 'Ada', email: null },
      {
        id: randomUUID(),
        ticketNumber: formatTicketNumber({ year: 2026, sequence: i }),
        now: clock.now(),
      },
    );
    if (!created.ok) throw new Error(created.error.message);
    await reports.add(created.value, [
      { name: 'github.sync', reportId: created.value.id, companyId: 1 },
    ]);
  }
  await queue.process('github.sync', (job, context) => sync.execute(job, context));

  const started = clock.now().getTime();
  const wallStarted = performance.now();
  let runs = 0;
  for (;;) {
    runs += await queue.drain();
    const next = Math.min(...queue.pending.map((p) => p.runAfter.getTime()));
    if (!Number.isFinite(next)) break;
    clock.set(new Date(next));
  }
  const lastCreate = Math.max(...github.issues.map((i) => i.createdAtMs));
  const simulatedHours = (lastCreate - started) / HOUR;
  const peakMinute = Math.max(
    ...github.issues.map(
      (a) =>
        github.issues.filter(
          (b) => b.createdAtMs >= a.createdAtMs && b.createdAtMs < a.createdAtMs + MINUTE,
        ).length,
    ),
  );
  const rateLimited = github.requests.filter((r) => r.status === 403 || r.status === 429).length;
  const synced = [...reports.reports.values()].filter(
    (r) => r.github.syncStatus === 'synced',
  ).length;

  console.log(
    `reports filed          ${github.issues.length} of ${REPORTS} (${synced} recorded as synced)`,
  );
  console.log(`simulated drain time   ${(simulatedHours * 60).toFixed(1)} min`);
  console.log(
    `drain rate             ${(github.issues.length / simulatedHours).toFixed(0)} issues/hour`,
  );
  console.log(`peak creates/minute    ${peakMinute} (GitHub allows 80)`);
  console.log(`handler runs           ${runs} (${(runs / REPORTS).toFixed(2)} per report)`);
  console.log(
    `requests to GitHub     ${github.requests.length} (create ${github.count('create')}, list ${github.count('list')}, search ${github.count('search')})`,
  );
  console.log(`rate-limit answers     ${rateLimited}`);
  console.log(`limit violations       ${github.violations.length}`);
  console.log(`wall time              ${((performance.now() - wallStarted) / 1000).toFixed(1)} s`);
  if (rateLimited > 0 || github.violations.length > 0 || github.issues.length !== REPORTS)
    process.exitCode = 1;
} finally {
  await pacer.close();
  await github.close();
  await database.drop();
  // Without TEST_DATABASE_URL the database came from an embedded PostgreSQL, which would keep
  // this process alive.
  await stopEmbeddedPostgres();
}
