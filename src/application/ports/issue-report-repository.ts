import type {
  EmailDelivery,
  GitHubDelivery,
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

/** Which reports `findRefs` finds, in the report's own shape: every slice given must match. */
export interface RefFilter {
  readonly github?: Pick<GitHubDelivery, 'syncStatus'>;
  readonly email?: Pick<EmailDelivery, 'status'>;
}

/** A pointer to a report, for operator commands that work across companies. */
export interface ReportRef {
  readonly id: string;
  readonly companyId: number;
}

/** How long a submission's `Idempotency-Key` is remembered: a repeat within it is answered as the first submission was. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The longest `Idempotency-Key` accepted, in characters; adapters may rely on it. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * The `Idempotency-Key` stored with a report: the key the client chose and a
 * digest of its request. The user and company are the report's own.
 */
export interface IdempotencyKeyRecord {
  /** 1–`MAX_IDEMPOTENCY_KEY_LENGTH` characters, checked by the caller. */
  readonly key: string;
  /** A digest of the request, 64 hex characters (SHA-256); compared for equality only. */
  readonly requestHash: string;
}

/** What a remembered key points at: enough to answer a retry as the first attempt was answered. */
export interface StoredIdempotencyKey {
  readonly requestHash: string;
  readonly ticketNumber: string;
  readonly reportId: string;
}

/**
 * Thrown by `add` when the report's (company, user, key) already has a live
 * record: another request with that key won. Nothing of the refused report
 * was stored; the caller reads the winner with `findByIdempotencyKey`.
 */
export class IdempotencyKeyTaken extends Error {
  constructor(key: string) {
    super(`Idempotency key ${JSON.stringify(key)} is already in use`);
    this.name = 'IdempotencyKeyTaken';
  }
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
   * Stores a new report together with the jobs that must follow it, and its
   * idempotency record when given, atomically: afterwards all exist, or none
   * does. Throws if the id or the ticket number is taken.
   *
   * The record is keyed by (report's company, report's user, `key`). A record
   * is live for `IDEMPOTENCY_WINDOW_MS` from the `createdAt` of its report;
   * if a live one exists (committed, or committed by a racing `add` while
   * this one waits), `add` stores nothing and throws `IdempotencyKeyTaken`.
   * An expired record is replaced.
   */
  add(report: IssueReport, jobs: readonly Job[], idempotency?: IdempotencyKeyRecord): Promise<void>;

  /**
   * The record `add` stored for (company, user, key), or null when there is
   * none or it was created before `notBefore` (expired records count as
   * absent even before they are overwritten).
   */
  findByIdempotencyKey(
    companyId: number,
    userId: number,
    key: string,
    notBefore: Date,
  ): Promise<StoredIdempotencyKey | null>;

  /**
   * Runs `work` while no other request (in any process on the same store)
   * runs work for the same (company, user, key): racing retries are settled
   * one after the other, so only the first is counted and numbered, and the
   * rest find its record. Optional: without it, races are still resolved to
   * one report by `add`, but each racer is counted and draws a number.
   */
  holdingIdempotencyKey?<T>(
    companyId: number,
    userId: number,
    key: string,
    work: () => Promise<T>,
  ): Promise<T>;

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
  findRefs(filter: RefFilter): Promise<readonly ReportRef[]>;
}
