import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { resolve as resolveService } from '../../src/composition/container.js';
import { openRuntime, type Runtime } from '../../src/composition/runtime.js';
import { startServer, type RunningServer } from '../../src/composition/start-server.js';
import { startWorkers } from '../../src/composition/start-workers.js';
import { formatGitHubIssue } from '../../src/domain/github-issue.js';
import { aReportBody, RecordingLogger, signToken, testConfig } from '../support/http.js';
import { createDatabase, type ScratchDatabase } from '../support/postgres.js';

/**
 * GITHUB_ENABLED=false in the standalone wiring (PostgreSQL, pg-boss, the
 * worker): the issue that would have been filed is written, redacted, to
 * `<GITHUB_OUTBOX_DIR>/<ticket>.md`, and the report says so.
 */

const PLANTED_TOKEN = 'ghp_OutboxLeak0AbCdEfGhIjKlMnOpQrStUvWxYz01';
const PLANTED_PASSWORD = 'PwOutbox-Hunter2-Zq9x';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within 15 s`);
    await sleep(100);
  }
}

describe('GitHub disabled: the standalone wiring writes each issue to data/github/<ticket>.md', function () {
  this.timeout(30_000);
  let root: string;
  let outbox: string;
  let database: ScratchDatabase | undefined;
  let runtime: Runtime | undefined;
  let server: RunningServer | undefined;
  const logger = new RecordingLogger();

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'bugport-outbox-e2e-'));
    outbox = join(root, 'data', 'github');
    database = await createDatabase();
    const config = testConfig({
      DATABASE_URL: database.url,
      GITHUB_OUTBOX_DIR: outbox,
      ISSUE_REPORT_RATE_LIMIT: '1000',
    });
    expect(config.githubEnabled).to.equal(false);
    runtime = await openRuntime(config, pino({ level: 'silent' }));
    server = await startServer(config, { logger }, runtime.modules);
    await startWorkers(server.container, server.config);
  });

  after(async () => {
    await server?.close();
    await runtime?.close();
    await database?.drop();
    await rm(root, { recursive: true, force: true });
  });

  it('writes the title line, the labels and the redacted body, and leaves the report waiting for GitHub', async () => {
    // No e-mail address: no confirmation e-mail, so nothing goes to data/mail.
    const token = await signToken({ email: null });
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${server?.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const submitted = await call(
      'POST',
      '/api/support/report',
      aReportBody({
        title: 'Export button does nothing',
        severity: 'high',
        description: `Pasted my token ${PLANTED_TOKEN} and password=${PLANTED_PASSWORD} by mistake`,
      }),
    );
    expect(submitted.status, JSON.stringify(submitted.body)).to.equal(201);
    const ticket = String(submitted.body.ticket_number);
    const file = join(outbox, `${ticket}.md`);

    await waitFor('the outbox file', () => readFile(file, 'utf8').catch(() => undefined));
    expect(await readdir(outbox)).to.deep.equal([`${ticket}.md`]);

    // Exactly what the formatter makes of the stored report, as GitHub would have received it.
    const stored = await resolveService(server!.container, 'reports').findByTicketNumber(1, ticket);
    if (!stored) throw new Error('the report is not stored');
    const draft = formatGitHubIssue(stored, { labels: ['bug', 'user-reported'] });
    const text = await readFile(file, 'utf8');
    expect(text).to.equal(
      `# ${draft.title}\n\nLabels: ${draft.labels.join(', ')}\n\n${draft.body}\n`,
    );
    expect(text.split('\n')[0]).to.equal(`# [${ticket}] Export button does nothing`);
    expect(text).to.include('Labels: bug, user-reported, category:bug, severity:high');
    expect(text).to.include(`<!-- bugport:${ticket} -->`);
    expect(text).to.include('REDACTED');
    expect(text).to.not.include(PLANTED_TOKEN);
    expect(text).to.not.include(PLANTED_PASSWORD);

    // A preview, not a filing: the report waits for GitHub to be enabled.
    expect(stored?.github).to.include({
      syncStatus: 'pending',
      issueUrl: null,
      issueNumber: null,
      syncError: null,
    });
    const answer = await call('GET', `/api/support/report/${ticket}`);
    expect((answer.body.report as Record<string, unknown>).github_issue_url).to.equal(null);
    const lines = logger.entries.map((e) => e.message ?? '').filter((m) => m.includes(ticket));
    expect(lines).to.deep.equal([
      `filed ${ticket} to ${file} (GITHUB_ENABLED=false: the local outbox)`,
    ]);
    for (const entry of logger.entries) {
      const logged = JSON.stringify(entry);
      expect(logged).to.not.include(PLANTED_TOKEN);
      expect(logged).to.not.include('Export button');
    }
  });
});
