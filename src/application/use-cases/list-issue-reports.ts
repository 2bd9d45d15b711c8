import { ok, type Result } from '../../domain/errors.js';
import type { IssueReport, Status } from '../../domain/issue-report.js';
import type { Principal } from '../access/principal.js';
import type { IssueReportRepository } from '../ports/issue-report-repository.js';

export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 20;

export interface ListIssueReportsQuery {
  readonly principal: Principal;
  readonly page?: number;
  readonly perPage?: number;
  readonly status?: Status;
}

export interface Pagination {
  readonly page: number;
  readonly perPage: number;
  readonly total: number;
  readonly pages: number;
}

export interface IssueReportList {
  readonly reports: readonly IssueReport[];
  readonly pagination: Pagination;
}

/** The reports of the caller's company, newest first. `perPage` above 100 is clamped. */
export class ListIssueReports {
  constructor(private readonly deps: { readonly reports: IssueReportRepository }) {}

  async execute(query: ListIssueReportsQuery): Promise<Result<IssueReportList>> {
    const page = Math.max(1, Math.trunc(query.page ?? 1));
    const perPage = Math.min(
      MAX_PER_PAGE,
      Math.max(1, Math.trunc(query.perPage ?? DEFAULT_PER_PAGE)),
    );
    const { items, total } = await this.deps.reports.list(query.principal.companyId, {
      page,
      perPage,
      ...(query.status ? { status: query.status } : {}),
    });
    return ok({
      reports: items,
      pagination: { page, perPage, total, pages: Math.ceil(total / perPage) },
    });
  }
}
