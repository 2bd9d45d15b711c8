import { expect } from 'chai';
import fc from 'fast-check';
import { SubmitIssueReport } from '../../../src/application/use-cases/submit-issue-report.js';
import { parseTicketNumber } from '../../../src/domain/ticket-number.js';
import { aNewReport, aPrincipal } from '../../support/builders.js';
import { makeFakes } from '../../support/fakes.js';

describe('ticket numbering through SubmitIssueReport (properties)', () => {
  it('numbers are unique and consecutive within the year for any interleaving of submissions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 40 }),
        fc.scheduler(),
        async (users, scheduler) => {
          const fakes = makeFakes({ rateLimit: 1000 });
          const tickets = {
            next: scheduler.scheduleFunction((year: number) => fakes.tickets.next(year)),
          };
          const submit = new SubmitIssueReport({ ...fakes, tickets });
          const runs = users.map((userId) =>
            submit.execute({ principal: aPrincipal({ userId }), report: aNewReport() }),
          );
          const results = await scheduler.waitFor(Promise.all(runs));
          const sequences = results.map((r) => {
            if (!r.ok) throw new Error(r.error.message);
            return parseTicketNumber(r.value.ticketNumber)?.sequence ?? -1;
          });
          expect([...sequences].sort((a, b) => a - b)).to.deep.equal(users.map((_, i) => i + 1));
          // Stored order follows allocation: each stored report carries the number it was given.
          expect(fakes.reports.reports.size).to.equal(users.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});
