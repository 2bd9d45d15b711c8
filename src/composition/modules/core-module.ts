import { ContainerModule } from 'inversify';
import { GetIssueReport } from '../../application/use-cases/get-issue-report.js';
import { ListIssueReports } from '../../application/use-cases/list-issue-reports.js';
import { SubmitIssueReport } from '../../application/use-cases/submit-issue-report.js';
import { provide } from './provide.js';

/** The use cases, built from whatever adapters the other modules bound to the ports. */
export const coreModule = new ContainerModule((options) => {
  provide(
    options,
    'submitIssueReport',
    ['reports', 'tickets', 'rateLimiter', 'clock', 'ids'],
    (reports, tickets, rateLimiter, clock, ids) =>
      new SubmitIssueReport({ reports, tickets, rateLimiter, clock, ids }),
  );
  provide(options, 'listIssueReports', ['reports'], (reports) => new ListIssueReports({ reports }));
  provide(options, 'getIssueReport', ['reports'], (reports) => new GetIssueReport({ reports }));
});
