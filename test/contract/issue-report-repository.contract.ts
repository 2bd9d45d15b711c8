import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import {
  IDEMPOTENCY_WINDOW_MS,
  IdempotencyKeyTaken,
  type IssueReportRepository,
} from '../../src/application/ports/issue-report-repository.js';
import type { Job } from '../../src/application/ports/job-queue.js';
import type { IssueReport } from '../../src/domain/issue-report.js';
import { patchReport, type ReportPatch } from '../support/builders.js';
import { aFullReport, aStoredReport } from './issue-report-repository.fixtures.js';
import { rejection } from '../support/rejection.js';

export interface IssueReportRepositorySubject {
  readonly repo: IssueReportRepository;
  /** Every job `add` has stored so far, in order. */
  jobsWritten(): Promise<readonly Job[]>;
  close(): Promise<void>;
}

const jobsOf = (report: IssueReport): Job[] => [
  { name: 'github.sync', reportId: report.id, companyId: report.reporter.companyId },
  { name: 'email.confirmation', reportId: report.id, companyId: report.reporter.companyId },
];

/** A request digest as the HTTP edge makes them: 64 hex characters. */
const hashOf = (seed: string): string => seed.repeat(64).slice(0, 64);

const DAY = IDEMPOTENCY_WINDOW_MS;

/**
 * The behaviour every `IssueReportRepository` promises (port TSDoc), run
 * against each adapter: in memory and PostgreSQL alike.
 */
export function issueReportRepositoryContract(
  name: string,
  makeSubject: () => Promise<IssueReportRepositorySubject>,
): void {
  describe(`IssueReportRepository contract: ${name}`, () => {
    let subject: IssueReportRepositorySubject;
    let repo: IssueReportRepository;

    beforeEach(async () => {
      subject = await makeSubject();
      repo = subject.repo;
    });
    afterEach(() => subject.close());

    const addAll = async (reports: readonly IssueReport[]) => {
      for (const report of reports) await repo.add(report, []);
    };

    it('gives back every field of a stored report, by id and by ticket number', async () => {
      const full = aFullReport();
      const bare = aStoredReport({ reporter: { email: null }, email: { status: 'skipped' } });
      await addAll([full, bare]);
      expect(await repo.findById(1, full.id)).to.deep.equal(full);
      expect(await repo.findByTicketNumber(1, full.ticketNumber)).to.deep.equal(full);
      expect(await repo.findById(1, bare.id)).to.deep.equal(bare);
    });

    it('answers for its own company only: another company sees nothing', async () => {
      const report = aStoredReport({ reporter: { companyId: 1 } });
      await repo.add(report, []);
      expect(await repo.findById(2, report.id)).to.equal(null);
      expect(await repo.findByTicketNumber(2, report.ticketNumber)).to.equal(null);
      expect(await repo.findById(1, randomUUID())).to.equal(null);
      expect(await repo.findByTicketNumber(1, 'BUG-2026-9999')).to.equal(null);
    });

    it('stores the jobs of a report together with it', async () => {
      const report = aStoredReport();
      await repo.add(report, jobsOf(report));
      expect(await subject.jobsWritten()).to.deep.equal(jobsOf(report));
    });

    it('refuses a taken ticket number and leaves nothing of the refused report', async () => {
      const first = aStoredReport();
      await repo.add(first, jobsOf(first));
      const clash = aStoredReport({ ticketNumber: first.ticketNumber, reporter: { companyId: 2 } });
      await rejection(repo.add(clash, jobsOf(clash)));
      expect(await repo.findById(2, clash.id)).to.equal(null);
      expect(await subject.jobsWritten()).to.deep.equal(jobsOf(first));
      expect(await repo.findById(1, first.id)).to.deep.equal(first);
    });

    it('refuses a taken id', async () => {
      const first = aStoredReport();
      await repo.add(first, []);
      await rejection(repo.add(aStoredReport({ id: first.id }), []));
      expect((await repo.list(1, { page: 1, perPage: 10 })).total).to.equal(1);
    });

    it('lists a company newest first, then by ticket number, with the total', async () => {
      const sameInstant = new Date('2026-03-12T00:00:00Z');
      const reports = [aStoredReport(), aStoredReport(), aStoredReport({ createdAt: sameInstant })];
      const tie = aStoredReport({ createdAt: sameInstant });
      const otherCompany = aStoredReport({ reporter: { companyId: 2 } });
      await addAll([...reports, tie, otherCompany]);
      const page = await repo.list(1, { page: 1, perPage: 10 });
      expect(page.total).to.equal(4);
      expect(page.items.map((r) => r.id)).to.deep.equal([
        tie.id, // same instant as reports[2], higher ticket number
        reports[2]?.id,
        reports[1]?.id,
        reports[0]?.id,
      ]);
      expect(page.items[0]).to.deep.equal(tie);
    });

    it('filters by status, counting only the matches', async () => {
      const resolved = [
        aStoredReport({ workflow: { status: 'resolved' } }),
        aStoredReport({ workflow: { status: 'resolved' } }),
      ];
      await addAll([
        aStoredReport(),
        ...resolved,
        aStoredReport({ workflow: { status: 'closed' } }),
      ]);
      await repo.add(
        aStoredReport({ workflow: { status: 'resolved' }, reporter: { companyId: 2 } }),
        [],
      );
      const page = await repo.list(1, { status: 'resolved', page: 1, perPage: 10 });
      expect(page.total).to.equal(2);
      expect(page.items.map((r) => r.id)).to.deep.equal([resolved[1]?.id, resolved[0]?.id]);
      expect(await repo.list(1, { status: 'assigned', page: 1, perPage: 10 })).to.deep.equal({
        items: [],
        total: 0,
      });
    });

    it('pages through a list; a page past the end is empty but still has the total', async () => {
      const reports = Array.from({ length: 5 }, () => aStoredReport());
      await addAll(reports);
      const ids = async (page: number) =>
        (await repo.list(1, { page, perPage: 2 })).items.map((r) => r.id);
      const newestFirst = reports.map((r) => r.id).reverse();
      expect(await ids(1)).to.deep.equal(newestFirst.slice(0, 2));
      expect(await ids(2)).to.deep.equal(newestFirst.slice(2, 4));
      expect(await ids(3)).to.deep.equal(newestFirst.slice(4));
      expect(await repo.list(1, { page: 4, perPage: 2 })).to.deep.equal({ items: [], total: 5 });
      expect(await repo.list(3, { page: 1, perPage: 2 })).to.deep.equal({ items: [], total: 0 });
    });

    it('applies an update, returns the stored report, and keeps it', async () => {
      const report = aStoredReport();
      await repo.add(report, []);
      const later = new Date('2026-03-11T08:00:00Z');
      const change: ReportPatch = {
        workflow: { status: 'in_progress', assignedTo: 'grace' },
        updatedAt: later,
      };
      const updated = await repo.update(1, report.id, (current) => patchReport(current, change));
      const expected = patchReport(report, change);
      expect(updated).to.deep.equal(expected);
      expect(await repo.findById(1, report.id)).to.deep.equal(expected);
    });

    it('updates within its own company only', async () => {
      const report = aStoredReport({ reporter: { companyId: 1 } });
      await repo.add(report, []);
      let called = false;
      const result = await repo.update(2, report.id, (current) => {
        called = true;
        return patchReport(current, { problem: { title: 'hijacked' } });
      });
      expect(result).to.equal(null);
      expect(called).to.equal(false);
      expect(await repo.findById(1, report.id)).to.deep.equal(report);
      expect(await repo.update(1, randomUUID(), (current) => current)).to.equal(null);
    });

    it('loses no write when updates of one report race', async () => {
      const report = aStoredReport({ workflow: { internalNotes: '' } });
      await repo.add(report, []);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          repo.update(1, report.id, (current) =>
            patchReport(current, {
              workflow: {
                internalNotes: `${current.workflow.internalNotes ?? ''}${String.fromCharCode(65 + i)}`,
              },
            }),
          ),
        ),
      );
      const notes = (await repo.findById(1, report.id))?.workflow.internalNotes ?? '';
      expect([...notes].sort().join('')).to.equal('ABCDEFGHIJKLMNOPQRST');
    });

    it('finds references by sync and e-mail state, across companies, oldest first', async () => {
      const failedA = aStoredReport({
        github: { syncStatus: 'failed' },
        reporter: { companyId: 1 },
      });
      const synced = aStoredReport({ github: { syncStatus: 'synced' } });
      const failedB = aStoredReport({
        github: { syncStatus: 'failed' },
        reporter: { companyId: 2 },
        email: { status: 'failed' },
      });
      await addAll([failedB, synced, failedA]);
      expect(await repo.findRefs({ github: { syncStatus: 'failed' } })).to.deep.equal([
        { id: failedA.id, companyId: 1 },
        { id: failedB.id, companyId: 2 },
      ]);
      expect(
        await repo.findRefs({ github: { syncStatus: 'failed' }, email: { status: 'failed' } }),
      ).to.deep.equal([{ id: failedB.id, companyId: 2 }]);
      expect(await repo.findRefs({ email: { status: 'sent' } })).to.deep.equal([]);
    });

    describe('idempotency keys', () => {
      const key = 'retry-7f3a';
      const before = (report: IssueReport, ms = 0) => new Date(report.createdAt.getTime() - ms);

      it('finds the record stored with a report, for its company and user only', async () => {
        const report = aStoredReport({ reporter: { companyId: 1, userId: 7 } });
        await repo.add(report, jobsOf(report), { key, requestHash: hashOf('a') });
        expect(await repo.findByIdempotencyKey(1, 7, key, before(report, DAY))).to.deep.equal({
          requestHash: hashOf('a'),
          ticketNumber: report.ticketNumber,
          reportId: report.id,
        });
        expect(await repo.findByIdempotencyKey(1, 8, key, before(report, DAY))).to.equal(null);
        expect(await repo.findByIdempotencyKey(2, 7, key, before(report, DAY))).to.equal(null);
        expect(await repo.findByIdempotencyKey(1, 7, 'other', before(report, DAY))).to.equal(null);
      });

      it('refuses a live key with IdempotencyKeyTaken and stores nothing of the second report', async () => {
        const first = aStoredReport();
        await repo.add(first, jobsOf(first), { key, requestHash: hashOf('a') });
        const second = aStoredReport();
        const error = await rejection(
          repo.add(second, jobsOf(second), { key, requestHash: hashOf('b') }),
        );
        expect(error).to.be.instanceOf(IdempotencyKeyTaken);
        expect(await repo.findById(1, second.id)).to.equal(null);
        expect(await subject.jobsWritten()).to.deep.equal(jobsOf(first));
        expect((await repo.list(1, { page: 1, perPage: 10 })).total).to.equal(1);
        expect(await repo.findByIdempotencyKey(1, 7, key, before(second, DAY))).to.include({
          requestHash: hashOf('a'),
          reportId: first.id,
        });
      });

      it('keeps keys of different users and companies apart', async () => {
        const mine = aStoredReport({ reporter: { companyId: 1, userId: 7 } });
        const colleague = aStoredReport({ reporter: { companyId: 1, userId: 8 } });
        const elsewhere = aStoredReport({ reporter: { companyId: 2, userId: 7 } });
        for (const report of [mine, colleague, elsewhere]) {
          await repo.add(report, [], { key, requestHash: hashOf(String(report.reporter.userId)) });
        }
        const found = async (companyId: number, userId: number) =>
          (await repo.findByIdempotencyKey(companyId, userId, key, before(mine, DAY)))?.reportId;
        expect(await found(1, 7)).to.equal(mine.id);
        expect(await found(1, 8)).to.equal(colleague.id);
        expect(await found(2, 7)).to.equal(elsewhere.id);
      });

      it('treats a record older than notBefore as absent, and lets a later add replace it', async () => {
        const old = aStoredReport();
        await repo.add(old, [], { key, requestHash: hashOf('a') });
        const justAfter = new Date(old.createdAt.getTime() + 1);
        expect(await repo.findByIdempotencyKey(1, 7, key, justAfter)).to.equal(null);
        expect(await repo.findByIdempotencyKey(1, 7, key, old.createdAt)).to.not.equal(null);

        const dayLater = new Date(old.createdAt.getTime() + DAY + 1);
        const fresh = aStoredReport({ createdAt: dayLater, updatedAt: dayLater });
        await repo.add(fresh, jobsOf(fresh), { key, requestHash: hashOf('b') });
        expect(await repo.findByIdempotencyKey(1, 7, key, before(fresh, DAY))).to.deep.equal({
          requestHash: hashOf('b'),
          ticketNumber: fresh.ticketNumber,
          reportId: fresh.id,
        });
        expect(await repo.findById(1, old.id)).to.deep.equal(old);
        expect(await repo.findById(1, fresh.id)).to.deep.equal(fresh);
      });

      it('still refuses a key exactly 24 hours old: it expires after, not at, the window', async () => {
        const first = aStoredReport();
        await repo.add(first, [], { key, requestHash: hashOf('a') });
        const atEdge = new Date(first.createdAt.getTime() + DAY);
        const second = aStoredReport({ createdAt: atEdge, updatedAt: atEdge });
        expect(
          await rejection(repo.add(second, [], { key, requestHash: hashOf('a') })),
        ).to.be.instanceOf(IdempotencyKeyTaken);
        expect(await repo.findById(1, second.id)).to.equal(null);
      });

      it('lets exactly one of many racing adds with one key through', async () => {
        const racers = Array.from({ length: 10 }, () => aStoredReport());
        const outcomes = await Promise.allSettled(
          racers.map((report) =>
            repo.add(report, jobsOf(report), { key, requestHash: hashOf('a') }),
          ),
        );
        const won = outcomes.flatMap((outcome, i) =>
          outcome.status === 'fulfilled' ? [racers[i]] : [],
        );
        expect(won).to.have.length(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected')
            expect(outcome.reason).to.be.instanceOf(IdempotencyKeyTaken);
        }
        const winner = won[0] as IssueReport;
        expect((await repo.list(1, { page: 1, perPage: 20 })).items.map((r) => r.id)).to.deep.equal(
          [winner.id],
        );
        expect(await subject.jobsWritten()).to.deep.equal(jobsOf(winner));
        expect(
          (await repo.findByIdempotencyKey(1, 7, key, before(winner, DAY)))?.reportId,
        ).to.equal(winner.id);
      });
    });
  });
}
