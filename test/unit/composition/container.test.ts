import { expect } from 'chai';
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

    expect(submitted.ok).to.equal(true);
    if (!listed.ok) expect.fail(`listing failed: ${listed.error.message}`);
    expect(listed.value.pagination.total).to.equal(1);
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

    expect(resolve(container, 'reports')).to.equal(replacement);
    expect(replacement.reports.size).to.equal(1);
    expect(queue.pending.length).to.equal(2);
  });

  it('lets overrides win over every module', () => {
    const clock = new ManualClock();
    const container = buildContainer({ config: testConfig(), overrides: { clock } });

    expect(resolve(container, 'clock')).to.equal(clock);
  });

  it('refuses the in-memory repository with a queue it cannot feed', () => {
    const container = buildContainer({
      config: testConfig(),
      overrides: {
        jobQueue: { enqueue: async () => {}, process: async () => {}, stop: async () => {} },
      },
    });

    expect(() => resolve(container, 'reports')).to.throw(/in-memory job queue/);
  });
});
