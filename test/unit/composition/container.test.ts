import assert from 'node:assert/strict';
import { ContainerModule } from 'inversify';
import { InMemoryIssueReportRepository } from '../../../src/adapters/in-memory/in-memory-issue-report-repository.js';
import { InMemoryJobQueue } from '../../../src/adapters/in-memory/in-memory-job-queue.js';
import { ManualClock } from '../../../src/adapters/in-memory/manual-clock.js';
import { buildContainer, resolve } from '../../../src/composition/container.js';
import { TOKENS } from '../../../src/composition/tokens.js';
import { aNewReport, aPrincipal } from '../../support/builders.js';
import { testConfig } from '../../support/http.js';

describe('buildContainer', () => {
  it('wires the use cases to one shared in-memory store by default', async () => {
    const container = buildContainer({ config: testConfig() });
    const principal = aPrincipal();

    const submitted = await resolve(container, 'submitIssueReport').execute({
      principal,
      report: aNewReport(),
    });
    const listed = await resolve(container, 'listIssueReports').execute({ principal });

    assert.ok(submitted.ok);
    assert.ok(listed.ok);
    assert.equal(listed.value.pagination.total, 1);
  });

  it('lets a later module replace a port binding with rebind (how persistence plugs in)', async () => {
    const queue = new InMemoryJobQueue(new ManualClock());
    const replacement = new InMemoryIssueReportRepository(queue);
    const persistence = new ContainerModule((options) => {
      options.rebind(TOKENS.reports).toConstantValue(replacement);
      options.rebind(TOKENS.jobQueue).toConstantValue(queue);
    });
    const container = buildContainer({ config: testConfig(), modules: [persistence] });

    await resolve(container, 'submitIssueReport').execute({
      principal: aPrincipal(),
      report: aNewReport(),
    });

    assert.equal(resolve(container, 'reports'), replacement);
    assert.equal(replacement.reports.size, 1);
    assert.equal(queue.pending.length, 2);
  });

  it('lets overrides win over every module', () => {
    const clock = new ManualClock();
    const container = buildContainer({ config: testConfig(), overrides: { clock } });

    assert.equal(resolve(container, 'clock'), clock);
  });

  it('refuses the in-memory repository with a queue it cannot feed', () => {
    const container = buildContainer({
      config: testConfig(),
      overrides: {
        jobQueue: { enqueue: async () => {}, process: async () => {}, stop: async () => {} },
      },
    });

    assert.throws(() => resolve(container, 'reports'), /in-memory job queue/);
  });
});
