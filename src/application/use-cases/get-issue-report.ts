import { fail, ok, type Result } from '../../domain/errors.js';
import type { IssueReport } from '../../domain/issue-report.js';
import { parseTicketNumber } from '../../domain/ticket-number.js';
import type { Principal } from '../access/principal.js';
import type { IssueReportRepository } from '../ports/issue-report-repository.js';

export interface GetIssueReportQuery {
  readonly principal: Principal;
  readonly ticketNumber: string;
}

/**
 * One report of the caller's company. Another company's report, a malformed
 * ticket number and a missing report all answer the same `not_found`.
 */
export class GetIssueReport {
  constructor(private readonly deps: { readonly reports: IssueReportRepository }) {}

  async execute({ principal, ticketNumber }: GetIssueReportQuery): Promise<Result<IssueReport>> {
    const missing = fail('not_found', `No report ${ticketNumber.slice(0, 40)}`);
    if (!parseTicketNumber(ticketNumber)) return missing;
    const report = await this.deps.reports.findByTicketNumber(principal.companyId, ticketNumber);
    return report ? ok(report) : missing;
  }
}
