import { expect } from 'chai';
import { GetIssueReport } from '../../../src/application/use-cases/get-issue-report.js';
import { ListIssueReports } from '../../../src/application/use-cases/list-issue-reports.js';
import { SubmitIssueReport } from '../../../src/application/use-cases/submit-issue-report.js';
import { changeStatus } from '../../../src/domain/workflow.js';
import { aNewReport, aPrincipal } from '../../support/builders.js';
import { makeFakes } from '../../support/fakes.js';

async function seeded() {
  const fakes = makeFakes({ rateLimit: 1000 });
  const submit = new SubmitIssueReport(fakes);
  const tickets: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    fakes.clock.advance(1000);
    const companyId = i % 2 === 0 ? 1 : 2;
    const result = await submit.execute({
      principal: aPrincipal({ companyId, userId: companyId * 10 }),
      report: aNewReport({ title: `report ${i}` }),
    });
    if (!result.ok) throw new Error(result.error.message);
    tickets.push(result.value.ticketNumber);
  }
  return { fakes, tickets };
}

describe('ListIssueReports', () => {
  it('lists only the caller company, newest first, with pagination', async () => {
    const { fakes } = await seeded();
    const list = new ListIssueReports(fakes);
    const result = await list.execute({ principal: aPrincipal({ companyId: 1 }), perPage: 2 });
    if (!result.ok) throw new Error('expected success');
    expect(result.value.reports.map((r) => r.problem.title)).to.deep.equal([
      'report 4',
      'report 2',
    ]);
    expect(result.value.pagination).to.deep.equal({ page: 1, perPage: 2, total: 3, pages: 2 });
    const last = await list.execute({
      principal: aPrincipal({ companyId: 1 }),
      perPage: 2,
      page: 2,
    });
    expect(last.ok && last.value.reports.map((r) => r.problem.title)).to.deep.equal(['report 0']);
  });

  it('clamps per_page to 100 and answers a page past the end with an empty list', async () => {
    const { fakes } = await seeded();
    const result = await new ListIssueReports(fakes).execute({
      principal: aPrincipal({ companyId: 2 }),
      perPage: 500,
      page: 9,
    });
    if (!result.ok) throw new Error('expected success');
    expect(result.value.reports).to.deep.equal([]);
    expect(result.value.pagination).to.deep.equal({ page: 9, perPage: 100, total: 2, pages: 1 });
  });

  it('filters by status', async () => {
    const { fakes } = await seeded();
    const [first] = [...fakes.reports.reports.values()];
    if (!first) throw new Error('seed failed');
    await fakes.reports.update(first.reporter.companyId, first.id, (r) => {
      const moved = changeStatus(r, 'in_review', fakes.clock.now());
      if (!moved.ok) throw new Error('move refused');
      return moved.value;
    });
    const result = await new ListIssueReports(fakes).execute({
      principal: aPrincipal({ companyId: first.reporter.companyId }),
      status: 'in_review',
    });
    expect(result.ok && result.value.reports.map((r) => r.id)).to.deep.equal([first.id]);
  });
});

describe('GetIssueReport', () => {
  it('returns a report of the caller company', async () => {
    const { fakes, tickets } = await seeded();
    const result = await new GetIssueReport(fakes).execute({
      principal: aPrincipal({ companyId: 1 }),
      ticketNumber: tickets[0] ?? '',
    });
    expect(result.ok && result.value.problem.title).to.equal('report 0');
  });

  it('answers another company report exactly like a missing one', async () => {
    const { fakes, tickets } = await seeded();
    const get = new GetIssueReport(fakes);
    const foreign = await get.execute({
      principal: aPrincipal({ companyId: 1 }),
      ticketNumber: tickets[1] ?? '',
    });
    const missing = await get.execute({
      principal: aPrincipal({ companyId: 1 }),
      ticketNumber: 'BUG-2026-0999',
    });
    expect(foreign.ok).to.equal(false);
    expect(missing.ok).to.equal(false);
    if (foreign.ok || missing.ok) return;
    expect(foreign.error.code).to.equal('not_found');
    expect(missing.error.code).to.equal('not_found');
    expect(foreign.error.message.replace(tickets[1] ?? '', 'X')).to.equal(
      missing.error.message.replace('BUG-2026-0999', 'X'),
    );
  });

  it('answers a malformed ticket number with not_found', async () => {
    const { fakes } = await seeded();
    const result = await new GetIssueReport(fakes).execute({
      principal: aPrincipal(),
      ticketNumber: "'; DROP TABLE issue_reports; --",
    });
    expect(!result.ok && result.error.code).to.equal('not_found');
  });
});
