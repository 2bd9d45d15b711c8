import { fail, ok, type Result } from '../../domain/errors.js';
import { parseTicketNumber } from '../../domain/ticket-number.js';
import type { Principal } from '../access/principal.js';
import { readScreenshotFile, type ScreenshotFile } from '../services/screenshot-files.js';
import type { IssueReportRepository } from '../ports/issue-report-repository.js';
import type { ScreenshotStore } from '../ports/screenshot-store.js';

export interface GetScreenshotQuery {
  readonly principal: Principal;
  readonly ticketNumber: string;
}

/**
 * The screenshot of one report of the caller's company. Another company's
 * report, a report without a screenshot and a missing file all answer the
 * same `not_found`, so nothing about other tenants can be learnt here.
 */
export class GetScreenshot {
  constructor(
    private readonly deps: {
      readonly reports: IssueReportRepository;
      readonly screenshots: ScreenshotStore;
    },
  ) {}

  async execute({ principal, ticketNumber }: GetScreenshotQuery): Promise<Result<ScreenshotFile>> {
    const missing = fail('not_found', `No screenshot for ${ticketNumber.slice(0, 40)}`);
    if (!parseTicketNumber(ticketNumber)) return missing;
    const report = await this.deps.reports.findByTicketNumber(principal.companyId, ticketNumber);
    if (!report?.screenshot.path) return missing;
    const file = await readScreenshotFile(this.deps.screenshots, report.screenshot.path);
    return file ? ok(file) : missing;
  }
}
