import type { IssueReport } from '../../domain/issue-report.js';
import {
  IDEMPOTENCY_WINDOW_MS,
  IdempotencyKeyTaken,
  type IdempotencyKeyRecord,
  type IssueReportRepository,
  type ListQuery,
  type Page,
  type RefFilter,
  type ReportRef,
  type StoredIdempotencyKey,
} from '../../application/ports/issue-report-repository.js';
import type { Job } from '../../application/ports/job-queue.js';
import type { InMemoryJobQueue } from './in-memory-job-queue.js';

const newestFirst = (a: IssueReport, b: IssueReport): number =>
  b.createdAt.getTime() - a.createdAt.getTime() || b.ticketNumber.localeCompare(a.ticketNumber);

interface KeyEntry extends StoredIdempotencyKey {
  readonly createdAt: Date;
}

const keyOf = (companyId: number, userId: number, key: string): string =>
  `${companyId}:${userId}:${key}`;

/** Reports in a Map. `add` hands its jobs to the in-memory queue in the same step. */
export class InMemoryIssueReportRepository implements IssueReportRepository {
  readonly reports = new Map<string, IssueReport>();
  readonly idempotencyKeys = new Map<string, KeyEntry>();

  /** The tail of each key's queue of work (see `holdingIdempotencyKey`). */
  private readonly keyQueues = new Map<string, Promise<unknown>>();

  constructor(private readonly queue: InMemoryJobQueue) {}

  async holdingIdempotencyKey<T>(
    companyId: number,
    userId: number,
    key: string,
    work: () => Promise<T>,
  ): Promise<T> {
    const id = keyOf(companyId, userId, key);
    const before = this.keyQueues.get(id) ?? Promise.resolve();
    const mine = before.then(work, work);
    const tail = mine.catch(() => undefined);
    this.keyQueues.set(id, tail);
    try {
      return await mine;
    } finally {
      if (this.keyQueues.get(id) === tail) this.keyQueues.delete(id);
    }
  }

  async add(
    report: IssueReport,
    jobs: readonly Job[],
    idempotency?: IdempotencyKeyRecord,
  ): Promise<void> {
    // Every check before any write, and no await until both are done: a refused add leaves nothing.
    if (this.reports.has(report.id)) throw new Error(`report ${report.id} exists`);
    for (const other of this.reports.values()) {
      if (other.ticketNumber === report.ticketNumber) {
        throw new Error(`ticket number ${report.ticketNumber} is taken`);
      }
    }
    if (idempotency) {
      const slot = keyOf(report.reporter.companyId, report.reporter.userId, idempotency.key);
      const held = this.idempotencyKeys.get(slot);
      const cutoff = report.createdAt.getTime() - IDEMPOTENCY_WINDOW_MS;
      if (held && held.createdAt.getTime() >= cutoff) {
        throw new IdempotencyKeyTaken(idempotency.key);
      }
      this.idempotencyKeys.set(slot, {
        requestHash: idempotency.requestHash,
        ticketNumber: report.ticketNumber,
        reportId: report.id,
        createdAt: report.createdAt,
      });
    }
    this.reports.set(report.id, report);
    await this.queue.enqueue(jobs);
  }

  async findByIdempotencyKey(
    companyId: number,
    userId: number,
    key: string,
    notBefore: Date,
  ): Promise<StoredIdempotencyKey | null> {
    const held = this.idempotencyKeys.get(keyOf(companyId, userId, key));
    if (!held || held.createdAt.getTime() < notBefore.getTime()) return null;
    return {
      requestHash: held.requestHash,
      ticketNumber: held.ticketNumber,
      reportId: held.reportId,
    };
  }

  async findById(companyId: number, id: string): Promise<IssueReport | null> {
    const report = this.reports.get(id);
    return report && report.reporter.companyId === companyId ? report : null;
  }

  async findByTicketNumber(companyId: number, ticketNumber: string): Promise<IssueReport | null> {
    for (const report of this.reports.values()) {
      if (report.reporter.companyId === companyId && report.ticketNumber === ticketNumber)
        return report;
    }
    return null;
  }

  async list(companyId: number, { status, page, perPage }: ListQuery): Promise<Page<IssueReport>> {
    const matches = [...this.reports.values()]
      .filter(
        (r) =>
          r.reporter.companyId === companyId &&
          (status === undefined || r.workflow.status === status),
      )
      .sort(newestFirst);
    const start = (page - 1) * perPage;
    return { items: matches.slice(start, start + perPage), total: matches.length };
  }

  async update(
    companyId: number,
    id: string,
    change: (report: IssueReport) => IssueReport,
  ): Promise<IssueReport | null> {
    // Read and write with no await in between, so racing updates cannot lose each other's writes.
    const current = this.reports.get(id);
    if (!current || current.reporter.companyId !== companyId) return null;
    const changed = change(current);
    const next = {
      ...changed,
      id: current.id,
      reporter: { ...changed.reporter, companyId: current.reporter.companyId },
    };
    this.reports.set(id, next);
    return next;
  }

  async findRefs(filter: RefFilter): Promise<readonly ReportRef[]> {
    return [...this.reports.values()]
      .filter(
        (r) =>
          (filter.github === undefined || r.github.syncStatus === filter.github.syncStatus) &&
          (filter.email === undefined || r.email.status === filter.email.status),
      )
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((r) => ({ id: r.id, companyId: r.reporter.companyId }));
  }
}
