import type {
  EmailStatus,
  GitHubSyncStatus,
  IssueReport,
  Status,
} from '../../domain/issue-report.js';
import type { Job } from './job-queue.js';

export interface ListQuery {
  readonly status?: Status;
  /** 1-based. */
  readonly page: number;
  readonly perPage: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** All matches in the company, not only this page. */
  readonly total: number;
}

/** A pointer to a report, for operator commands that work across companies. */
export interface ReportRef {
  readonly id: string;
  readonly companyId: number;
}

/**
 * Where reports live. Tenant scoping is structural: every read and update
 * takes the company id, so a query without a tenant cannot be written; a
 * report of another company is indistinguishable from no report.
 *
 * Errors: throws `DependencyUnavailableError` when the store cannot be
 * reached; nothing is then half-written.
 */
export interface IssueReportRepository {
  /**
   * Stores a new report together with the jobs that must follow it,
   * atomically: afterwards both exist, or neither does. Throws if the id or
   * the ticket number is taken.
   */
  add(report: IssueReport, jobs: readonly Job[]): Promise<void>;

  findById(companyId: number, id: string): Promise<IssueReport | null>;

  findByTicketNumber(companyId: number, ticketNumber: string): Promise<IssueReport | null>;

  /** Newest first (by `createdAt`, then ticket number). A page past the end is empty. */
  list(companyId: number, query: ListQuery): Promise<Page<IssueReport>>;

  /**
   * Reads one report, applies `change` and writes the result, with no other
   * update of the same report in between (concurrent workers cannot lose each
   * other's writes). Returns the stored report, or null when there is none.
   */
  update(
    companyId: number,
    id: string,
    change: (report: IssueReport) => IssueReport,
  ): Promise<IssueReport | null>;

  /**
   * The one read across companies: references (never contents) of reports in
   * a given sync or e-mail state, oldest first, for operator commands such
   * as `github:retry-failed`.
   */
  findRefs(filter: {
    readonly githubSyncStatus?: GitHubSyncStatus;
    readonly emailStatus?: EmailStatus;
  }): Promise<readonly ReportRef[]>;
}
