import { expect } from 'chai';
import { SubmitIssueReport } from '../../../src/application/use-cases/submit-issue-report.js';
import { aNewReport, aPrincipal } from '../../support/builders.js';
import { makeFakes } from '../../support/fakes.js';

describe('SubmitIssueReport', () => {
  it('stores the report with the reporter from the principal and queues both follow-ups', async () => {
    const fakes = makeFakes();
    const result = await new SubmitIssueReport(fakes).execute({
      principal: aPrincipal({ userId: 9, companyId: 3, name: 'Grace', email: 'grace@example.com' }),
      report: aNewReport({ title: '  Padded title  ' }),
    });
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.value.ticketNumber).to.equal('BUG-2026-0001');
    const stored = fakes.reports.reports.get(result.value.id);
    expect(stored?.reporter).to.include({
      userId: 9,
      companyId: 3,
      name: 'Grace',
      email: 'grace@example.com',
    });
    expect(stored?.problem).to.include({ title: 'Padded title' });
    expect(stored?.workflow).to.include({ status: 'new' });
    expect(stored?.github).to.include({ syncStatus: 'pending' });
    expect(stored?.email).to.include({ status: 'pending' });
    expect(fakes.jobQueue.pending.map((p) => p.job)).to.deep.equal([
      { name: 'github.sync', reportId: result.value.id, companyId: 3 },
      { name: 'email.confirmation', reportId: result.value.id, companyId: 3 },
    ]);
    // Nothing was delivered inline.
    expect(fakes.issueTracker.issues).to.have.length(0);
    expect(fakes.mailer.sent).to.have.length(0);
  });

  it('uses the UTC year of the clock and restarts numbering each year', async () => {
    const fakes = makeFakes({ now: new Date('2026-12-31T23:59:59Z') });
    const submit = new SubmitIssueReport(fakes);
    const principal = aPrincipal();
    const first = await submit.execute({ principal, report: aNewReport() });
    fakes.clock.set(new Date('2027-01-01T00:00:00Z'));
    const second = await submit.execute({ principal, report: aNewReport() });
    expect(first.ok && first.value.ticketNumber).to.equal('BUG-2026-0001');
    expect(second.ok && second.value.ticketNumber).to.equal('BUG-2027-0001');
  });

  it('does not queue an e-mail for a reporter without an address, and records why', async () => {
    const fakes = makeFakes();
    const result = await new SubmitIssueReport(fakes).execute({
      principal: aPrincipal({ email: null }),
      report: aNewReport(),
    });
    if (!result.ok) throw new Error('expected success');
    expect(fakes.jobQueue.pending.map((p) => p.job.name)).to.deep.equal(['github.sync']);
    expect(fakes.reports.reports.get(result.value.id)?.email.status).to.equal('skipped');
  });

  it('refuses a blank title without counting it against the rate limit or using a number', async () => {
    const fakes = makeFakes({ rateLimit: 1 });
    const submit = new SubmitIssueReport(fakes);
    const bad = await submit.execute({
      principal: aPrincipal(),
      report: aNewReport({ title: '   ' }),
    });
    expect(bad.ok).to.equal(false);
    if (!bad.ok) expect(bad.error.details).to.deep.equal([{ path: 'title', message: 'Required' }]);
    const good = await submit.execute({ principal: aPrincipal(), report: aNewReport() });
    expect(good.ok && good.value.ticketNumber).to.equal('BUG-2026-0001');
    expect(fakes.reports.reports.size).to.equal(1);
  });

  it('refuses over the rate limit with a retry delay, storing nothing', async () => {
    const fakes = makeFakes({ rateLimit: 2 });
    const submit = new SubmitIssueReport(fakes);
    await submit.execute({ principal: aPrincipal(), report: aNewReport() });
    await submit.execute({ principal: aPrincipal(), report: aNewReport() });
    const third = await submit.execute({ principal: aPrincipal(), report: aNewReport() });
    expect(third.ok).to.equal(false);
    if (third.ok) return;
    expect(third.error.code).to.equal('rate_limited');
    expect(third.error.retryAfterSeconds).to.be.within(1, 3600);
    expect(fakes.reports.reports.size).to.equal(2);
    // Another user is not affected.
    const other = await submit.execute({
      principal: aPrincipal({ userId: 99 }),
      report: aNewReport(),
    });
    expect(other.ok).to.equal(true);
  });

  it('keeps only the newest 500 entries of each debug array', async () => {
    const fakes = makeFakes();
    const consoleErrors = Array.from({ length: 600 }, (_, i) => ({ message: `e${i}` }));
    const result = await new SubmitIssueReport(fakes).execute({
      principal: aPrincipal(),
      report: aNewReport({ consoleErrors }),
    });
    if (!result.ok) throw new Error('expected success');
    const stored = fakes.reports.reports.get(result.value.id);
    expect(stored?.debug.consoleErrors).to.have.length(500);
    expect(stored?.debug.consoleErrors[0]).to.deep.equal({ message: 'e100' });
    expect(stored?.debug.consoleErrors[499]).to.deep.equal({ message: 'e599' });
  });
});
