import { expect } from 'chai';
import { InMemoryIssueReportRepository } from '../../../src/adapters/in-memory/in-memory-issue-report-repository.js';
import { InMemoryImageProcessor } from '../../../src/adapters/in-memory/in-memory-image-processor.js';
import type { InMemoryJobQueue } from '../../../src/adapters/in-memory/in-memory-job-queue.js';
import { InMemoryUploadRegistry } from '../../../src/adapters/in-memory/in-memory-upload-registry.js';
import type { IssueReportRepository } from '../../../src/application/ports/issue-report-repository.js';
import {
  SubmitIssueReport,
  type SubmitIssueReportCommand,
} from '../../../src/application/use-cases/submit-issue-report.js';
import { aStoredReport } from '../../contract/issue-report-repository.fixtures.js';
import { aNewReport, aPrincipal, aTicketNumber } from '../../support/builders.js';
import { makeFakes, type Fakes } from '../../support/fakes.js';

const HOUR = 60 * 60 * 1000;
const hashOf = (seed: string): string => seed.repeat(64).slice(0, 64);
const keyed = (key: string, seed = 'a') => ({ idempotency: { key, requestHash: hashOf(seed) } });

function setup(options: { rateLimit?: number } = {}) {
  const fakes = makeFakes(options);
  const submit = new SubmitIssueReport(fakes);
  const send = (fields: Partial<SubmitIssueReportCommand> = {}) =>
    submit.execute({ principal: aPrincipal(), report: aNewReport(), ...fields });
  return { fakes, send };
}

const ticketsUsed = (fakes: Fakes) => fakes.tickets.counters.get(2026) ?? 0;

describe('SubmitIssueReport with an idempotency key', () => {
  it('answers a repeat with the first ticket, storing and queueing nothing more', async () => {
    const { fakes, send } = setup();
    const first = await send(keyed('k1'));
    const again = await send(keyed('k1'));
    if (!first.ok || !again.ok) throw new Error('expected two successes');
    expect(first.value).to.deep.include({ ticketNumber: 'BUG-2026-0001', replayed: false });
    expect(again.value).to.deep.equal({ ...first.value, replayed: true });
    expect(fakes.reports.reports.size).to.equal(1);
    expect(fakes.jobQueue.pending).to.have.length(2);
    expect(ticketsUsed(fakes)).to.equal(1);
  });

  it('does not count a repeat towards the rate limit', async () => {
    const { send } = setup({ rateLimit: 1 });
    const first = await send(keyed('k1'));
    const repeat = await send(keyed('k1'));
    const another = await send(keyed('k2'));
    expect(first.ok && repeat.ok && repeat.value.replayed).to.equal(true);
    expect(another.ok ? 'ok' : another.error.code).to.equal('rate_limited');
  });

  it('refuses the same key with a different request as idempotency_key_reused', async () => {
    const { fakes, send } = setup();
    await send(keyed('k1', 'a'));
    const changed = await send({ ...keyed('k1', 'b'), report: aNewReport({ title: 'Other' }) });
    expect(changed.ok ? 'ok' : changed.error.code).to.equal('idempotency_key_reused');
    expect(fakes.reports.reports.size).to.equal(1);
    expect(ticketsUsed(fakes)).to.equal(1);
  });

  it('keeps keys per user: another user with the same key files their own report', async () => {
    const { fakes, send } = setup();
    const mine = await send(keyed('k1'));
    const theirs = await send({ ...keyed('k1'), principal: aPrincipal({ userId: 8 }) });
    expect(mine.ok && mine.value.ticketNumber).to.equal('BUG-2026-0001');
    expect(theirs.ok && theirs.value).to.deep.include({
      ticketNumber: 'BUG-2026-0002',
      replayed: false,
    });
    expect(fakes.reports.reports.size).to.equal(2);
  });

  it('remembers a key for 24 hours; afterwards it files a new report', async () => {
    const { fakes, send } = setup();
    await send(keyed('k1'));
    fakes.clock.advance(24 * HOUR);
    const lastMoment = await send(keyed('k1', 'b'));
    expect(lastMoment.ok ? 'ok' : lastMoment.error.code).to.equal('idempotency_key_reused');
    fakes.clock.advance(1);
    const later = await send(keyed('k1', 'b'));
    expect(later.ok && later.value).to.deep.include({
      ticketNumber: 'BUG-2026-0002',
      replayed: false,
    });
    const repeat = await send(keyed('k1', 'b'));
    expect(repeat.ok && repeat.value).to.deep.include({
      ticketNumber: 'BUG-2026-0002',
      replayed: true,
    });
    expect(fakes.reports.reports.size).to.equal(2);
  });

  it('remembers only successes: a refused first attempt may be retried with the same key', async () => {
    const { fakes, send } = setup({ rateLimit: 1 });
    const invalid = await send({ ...keyed('k1', 'x'), report: aNewReport({ title: ' ' }) });
    expect(invalid.ok ? 'ok' : invalid.error.code).to.equal('validation_failed');
    await send(); // uses up the hour's only report
    const limited = await send(keyed('k1'));
    expect(limited.ok ? 'ok' : limited.error.code).to.equal('rate_limited');
    fakes.clock.advance(HOUR + 1);
    const retried = await send(keyed('k1'));
    expect(retried.ok && retried.value).to.deep.include({
      ticketNumber: 'BUG-2026-0002',
      replayed: false,
    });
  });

  it('gives requests racing with one key the same ticket and stores one report', async () => {
    const { fakes, send } = setup();
    const results = await Promise.all(Array.from({ length: 5 }, () => send(keyed('k1'))));
    const tickets = results.map((result) => (result.ok ? result.value.ticketNumber : 'failed'));
    expect(new Set(tickets)).to.deep.equal(new Set(['BUG-2026-0001']));
    expect(results.filter((result) => result.ok && !result.value.replayed)).to.have.length(1);
    expect(fakes.reports.reports.size).to.equal(1);
    expect(fakes.jobQueue.pending).to.have.length(2);
  });

  /**
   * The repository without its key lock (`holdingIdempotencyKey` is optional): the one
   * configuration in which a twin can be stored between the look-up and the write.
   */
  const withoutKeyLock = (repo: IssueReportRepository): IssueReportRepository => ({
    add: (...args) => repo.add(...args),
    findByIdempotencyKey: (...args) => repo.findByIdempotencyKey(...args),
    findById: (...args) => repo.findById(...args),
    findByTicketNumber: (...args) => repo.findByTicketNumber(...args),
    list: (...args) => repo.list(...args),
    update: (...args) => repo.update(...args),
    findRefs: (...args) => repo.findRefs(...args),
  });

  it('looks the key up once while holding its lock, even when the rate limit refuses', async () => {
    class CountingRepository extends InMemoryIssueReportRepository {
      lookups = 0;
      override async findByIdempotencyKey(
        ...args: Parameters<IssueReportRepository['findByIdempotencyKey']>
      ) {
        this.lookups += 1;
        return super.findByIdempotencyKey(...args);
      }
    }
    const fakes = makeFakes({ rateLimit: 1 });
    const reports = new CountingRepository(fakes.jobQueue);
    const submit = new SubmitIssueReport({ ...fakes, reports });
    const send = (key: string) =>
      submit.execute({ principal: aPrincipal(), report: aNewReport(), ...keyed(key) });
    expect((await send('k1')).ok).to.equal(true);
    expect(reports.lookups).to.equal(1);
    const refused = await send('k2');
    expect(refused.ok ? 'ok' : refused.error.code).to.equal('rate_limited');
    expect(reports.lookups).to.equal(2);
  });

  describe('when a twin with the same key is stored between the lookup and the write', () => {
    /** A racing request with the same key commits just before this one's own `add`. */
    class RacedRepository extends InMemoryIssueReportRepository {
      readonly twin = aStoredReport({ ticketNumber: aTicketNumber('BUG-2026-0900') });

      constructor(
        queue: InMemoryJobQueue,
        private readonly twinHash: string,
      ) {
        super(queue);
      }

      override async add(
        ...[report, jobs, idempotency]: Parameters<IssueReportRepository['add']>
      ): Promise<void> {
        if (idempotency) {
          const twin = { ...this.twin, createdAt: report.createdAt };
          await super.add(twin, [], { key: idempotency.key, requestHash: this.twinHash });
        }
        return super.add(report, jobs, idempotency);
      }
    }

    function racedBy(fakes: Fakes, twinHash: string) {
      const repo = new RacedRepository(fakes.jobQueue, twinHash);
      return { repo, twin: repo.twin };
    }

    it('answers with the twin’s ticket and stores nothing of its own', async () => {
      const fakes = makeFakes();
      const { repo, twin } = racedBy(fakes, hashOf('a'));
      const result = await new SubmitIssueReport({
        ...fakes,
        reports: withoutKeyLock(repo),
      }).execute({
        principal: aPrincipal(),
        report: aNewReport(),
        ...keyed('k1'),
      });
      expect(result.ok && result.value).to.deep.equal({
        id: twin.id,
        ticketNumber: 'BUG-2026-0900',
        replayed: true,
      });
      expect([...repo.reports.keys()]).to.deep.equal([twin.id]);
      expect(fakes.jobQueue.pending).to.have.length(0);
    });

    it('answers idempotency_key_reused when the twin sent a different request', async () => {
      const fakes = makeFakes();
      const { repo } = racedBy(fakes, hashOf('b'));
      const result = await new SubmitIssueReport({
        ...fakes,
        reports: withoutKeyLock(repo),
      }).execute({
        principal: aPrincipal(),
        report: aNewReport(),
        ...keyed('k1', 'a'),
      });
      expect(result.ok ? 'ok' : result.error.code).to.equal('idempotency_key_reused');
    });
  });

  it('answers a repeat that the rate limit would refuse, once its twin is stored', async () => {
    /** The first lookup misses, as it does when the twin commits just after it. */
    class LateTwinRepository extends InMemoryIssueReportRepository {
      missesLeft = 0;
      override async findByIdempotencyKey(
        ...args: Parameters<IssueReportRepository['findByIdempotencyKey']>
      ) {
        if (this.missesLeft > 0) {
          this.missesLeft -= 1;
          return null;
        }
        return super.findByIdempotencyKey(...args);
      }
    }
    const fakes = makeFakes({ rateLimit: 1 });
    const reports = new LateTwinRepository(fakes.jobQueue);
    const submit = new SubmitIssueReport({ ...fakes, reports: withoutKeyLock(reports) });
    const send = () =>
      submit.execute({ principal: aPrincipal(), report: aNewReport(), ...keyed('k1') });
    const first = await send();
    reports.missesLeft = 1;
    const repeat = await send();
    expect(first.ok && first.value.replayed).to.equal(false);
    expect(repeat.ok ? repeat.value : repeat.error.code).to.deep.include({
      ticketNumber: 'BUG-2026-0001',
      replayed: true,
    });
    expect(reports.reports.size).to.equal(1);
  });

  it('saves no second screenshot for a repeat', async () => {
    const fakes = makeFakes();
    const submit = new SubmitIssueReport({
      ...fakes,
      screenshotSupport: {
        images: new InMemoryImageProcessor(),
        store: fakes.screenshots,
        uploads: new InMemoryUploadRegistry(),
      },
    });
    const png = Buffer.concat([
      Buffer.from('89504e470d0a1a0a0000000d494844520000000a0000000a', 'hex'),
      Buffer.alloc(24, 1),
    ]);
    const command = {
      principal: aPrincipal(),
      report: aNewReport(),
      screenshotData: png.toString('base64'),
      ...keyed('k1'),
    };
    const first = await submit.execute(command);
    const again = await submit.execute(command);
    expect(first.ok && again.ok && again.value.ticketNumber).to.equal('BUG-2026-0001');
    expect(fakes.screenshots.files.size).to.equal(1);
  });
});
