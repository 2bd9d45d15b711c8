import { UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import type { IssueReport } from '../../domain/issue-report.js';
import type {
  IdempotencyKeyRecord,
  IssueReportRepository,
  ListQuery,
  Page,
  RefFilter,
  ReportRef,
  StoredIdempotencyKey,
} from '../../application/ports/issue-report-repository.js';
import type { Job } from '../../application/ports/job-queue.js';
import { translatingConnectionErrors } from './connection-errors.js';
import {
  claimIdempotencyKey,
  findIdempotencyKey,
  holdingIdempotencyKey,
} from './idempotency-keys.js';
import {
  defineIssueReportModel,
  IMMUTABLE_COLUMNS,
  type IssueReportModel,
  type IssueReportRow,
  type WritableIssueReportRow,
} from './issue-report-model.js';
import { toIssueReport, toIssueReportRow } from './issue-report-mapper.js';
import { qualified } from './schema-name.js';
import { executeSql, sqlOf } from './sql.js';

/** Runs one statement in the transaction that is storing a report; pg-boss's `db.executeSql` shape. */
export type ExecuteSql = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

/** Writes a new report's jobs through `executeSql`, i.e. in the report's own transaction. */
export type EnqueueInTransaction = (jobs: readonly Job[], executeSql: ExecuteSql) => Promise<void>;

export interface SequelizeIssueReportRepositoryOptions {
  /**
   * How the jobs of `add` reach the durable queue. Without it, `add` stores
   * the report and drops its jobs: only for tests and hosts that run no
   * background work.
   */
  readonly enqueueInTransaction?: EnqueueInTransaction;
  /** The schema `migrate` was given; unqualified (search_path) when omitted. */
  readonly schema?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isInt32 = (n: number): boolean => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31;

/** Every column but the generated `email_sent`; `create` writes these. */
type Column = keyof WritableIssueReportRow;
const immutable: ReadonlySet<Column> = new Set(IMMUTABLE_COLUMNS);

/**
 * Reports in PostgreSQL through Sequelize. Every read and update is scoped by
 * company in its WHERE clause; listing walks `idx_company` /
 * `idx_company_status` (see docs/persistence.md); a dead database surfaces as
 * `DependencyUnavailableError` with nothing half-written.
 */
export class SequelizeIssueReportRepository implements IssueReportRepository {
  private readonly model: IssueReportModel;
  private readonly writable: Column[];
  private readonly mutable: Column[];
  private readonly insertStatement: string;
  /** `issue_reports`, qualified by the schema when there is one. */
  private readonly table: string;
  /** Columns of type JSONB, read off the model so the two cannot disagree. */
  private readonly jsonb: ReadonlySet<string>;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly options: SequelizeIssueReportRepositoryOptions = {},
  ) {
    this.table = qualified(options.schema, 'issue_reports');
    this.model = defineIssueReportModel(sequelize, options.schema);
    this.writable = Object.keys(this.model.getAttributes()).filter(
      (name): name is Column => name !== 'email_sent',
    );
    this.mutable = this.writable.filter((name) => !immutable.has(name));
    this.jsonb = new Set(
      Object.entries(this.model.getAttributes())
        .filter(([, attribute]) => (attribute.type as { key?: string }).key === 'JSONB')
        .map(([name]) => name),
    );
    const placeholders = this.writable.map((column, i) =>
      this.jsonb.has(column) ? `$${i + 1}::jsonb` : `$${i + 1}`,
    );
    this.insertStatement = `INSERT INTO ${this.table} (${this.writable.join(', ')}) VALUES (${placeholders.join(', ')})`;
  }

  async add(
    report: IssueReport,
    jobs: readonly Job[],
    idempotency?: IdempotencyKeyRecord,
  ): Promise<void> {
    const enqueue = this.options.enqueueInTransaction;
    await translatingConnectionErrors('store a report', () =>
      this.sequelize.transaction(async (transaction) => {
        await this.insert(report, transaction);
        // Before the jobs: a request that lost its key race stops here and rolls back.
        if (idempotency) {
          await claimIdempotencyKey(this.sequelize, transaction, report, idempotency, {
            schema: this.options.schema,
          });
        }
        if (enqueue && jobs.length > 0) {
          await enqueue(jobs, (text, values) =>
            executeSql(this.sequelize, transaction, text, values),
          );
        }
      }),
    );
  }

  async findByIdempotencyKey(
    companyId: number,
    userId: number,
    key: string,
    notBefore: Date,
  ): Promise<StoredIdempotencyKey | null> {
    return translatingConnectionErrors('read an idempotency key', () =>
      findIdempotencyKey(this.sequelize, companyId, userId, key, notBefore, {
        schema: this.options.schema,
      }),
    );
  }

  async holdingIdempotencyKey<T>(
    companyId: number,
    userId: number,
    key: string,
    work: () => Promise<T>,
  ): Promise<T> {
    return holdingIdempotencyKey(this.sequelize, companyId, userId, key, work);
  }

  async findById(companyId: number, id: string): Promise<IssueReport | null> {
    if (!UUID.test(id) || !isInt32(companyId)) return null;
    return this.findOne('read a report', { id, company_id: companyId });
  }

  async findByTicketNumber(companyId: number, ticketNumber: string): Promise<IssueReport | null> {
    if (!isInt32(companyId)) return null;
    return this.findOne('read a report', { ticket_number: ticketNumber, company_id: companyId });
  }

  async list(companyId: number, { status, page, perPage }: ListQuery): Promise<Page<IssueReport>> {
    if (!isInt32(companyId)) return { items: [], total: 0 };
    const where = status ? 'company_id = $1 AND status = $2' : 'company_id = $1';
    const values: unknown[] = status ? [companyId, status] : [companyId];
    const offset = (page - 1) * perPage;
    const sql = sqlOf(this.sequelize);
    // Two index-only scans of the same (company[, status], created_at, ticket) index:
    // one counts, one finds the page's ids (skipping rows without reading them);
    // only the page's own rows are then fetched in full.
    const [counted, rows] = await translatingConnectionErrors('list reports', () =>
      Promise.all([
        sql.select<{ total: number }>(
          `SELECT count(*)::int AS total FROM ${this.table} WHERE ${where}`,
          values,
        ),
        Number.isSafeInteger(offset)
          ? sql.select<IssueReportRow>(
              `SELECT r.* FROM (
                 SELECT id, created_at, ticket_number FROM ${this.table} WHERE ${where}
                  ORDER BY created_at DESC, ticket_number DESC
                  LIMIT $${values.length + 1} OFFSET $${values.length + 2}
               ) page JOIN ${this.table} r ON r.id = page.id
               ORDER BY page.created_at DESC, page.ticket_number DESC`,
              [...values, perPage, offset],
            )
          : Promise.resolve([]),
      ]),
    );
    return { items: rows.map(toIssueReport), total: counted[0]?.total ?? 0 };
  }

  async update(
    companyId: number,
    id: string,
    change: (report: IssueReport) => IssueReport,
  ): Promise<IssueReport | null> {
    if (!UUID.test(id) || !isInt32(companyId)) return null;
    const where = { id, company_id: companyId };
    return translatingConnectionErrors('update a report', () =>
      this.sequelize.transaction(async (transaction) => {
        // FOR UPDATE: a second updater of this report waits here until we commit,
        // then reads our result, so neither overwrites the other's change.
        const found = await this.model.findOne({ where, transaction, lock: true });
        if (!found) return null;
        const changed = toIssueReportRow(change(toIssueReport(found.get({ plain: true }))));
        const [, stored] = await this.model.update(changed, {
          where,
          transaction,
          fields: this.mutable,
          returning: true,
        });
        const row = stored[0];
        if (!row) throw new Error(`report ${id} vanished while locked`);
        return toIssueReport(row.get({ plain: true }));
      }),
    );
  }

  async findRefs(filter: RefFilter): Promise<readonly ReportRef[]> {
    const rows = await translatingConnectionErrors('find reports', () =>
      this.model.findAll({
        attributes: ['id', 'company_id'],
        where: {
          ...(filter.github ? { github_sync_status: filter.github.syncStatus } : {}),
          ...(filter.email ? { email_status: filter.email.status } : {}),
        },
        order: [
          ['created_at', 'ASC'],
          ['id', 'ASC'],
        ],
      }),
    );
    return rows.map((row) => {
      const { id, company_id } = row.get({ plain: true });
      return { id, companyId: company_id };
    });
  }

  /**
   * One plain INSERT rather than `model.create`: this is the hot path of
   * every submission, and building a model instance cost more than the
   * statement (docs/performance.md). JSONB values go as JSON text: node-postgres
   * would turn a JS array into a PostgreSQL array literal.
   */
  private async insert(report: IssueReport, transaction: Transaction): Promise<void> {
    const row = toIssueReportRow(report);
    const values = this.writable.map((column) =>
      this.jsonb.has(column) && row[column] !== null ? JSON.stringify(row[column]) : row[column],
    );
    try {
      await sqlOf(this.sequelize, transaction).run(this.insertStatement, values);
    } catch (error) {
      if (error instanceof UniqueConstraintError) {
        // A plain error: callers need not know Sequelize's error classes.
        throw new Error(`A report with id ${report.id} or ticket ${report.ticketNumber} exists`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  private async findOne(
    operation: string,
    where: { id?: string; ticket_number?: string; company_id: number },
  ): Promise<IssueReport | null> {
    const found = await translatingConnectionErrors(operation, () => this.model.findOne({ where }));
    return found ? toIssueReport(found.get({ plain: true })) : null;
  }
}
