import type { Sequelize, Transaction } from 'sequelize';
import type { IssueReport } from '../../domain/issue-report.js';
import {
  IDEMPOTENCY_WINDOW_MS,
  IdempotencyKeyTaken,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  type IdempotencyKeyRecord,
  type StoredIdempotencyKey,
} from '../../application/ports/issue-report-repository.js';
import { qualified } from './schema-name.js';
import { executeSql, sqlOf } from './sql.js';

/*
 * `idempotency_keys` (migration 0005), for `SequelizeIssueReportRepository`.
 * See docs/adr/0010-idempotency.md.
 */

/**
 * One statement decides who owns a key. A live row (committed, or inserted by
 * a transaction still in flight, which this one then waits for) fails the
 * `WHERE`, so nothing is returned; an expired row is taken over in place.
 */
const claim = (table: string) => `
  INSERT INTO ${table} AS k
    (company_id, user_id, key, request_hash, report_id, ticket_number, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (company_id, user_id, key) DO UPDATE SET
    request_hash = EXCLUDED.request_hash,
    report_id = EXCLUDED.report_id,
    ticket_number = EXCLUDED.ticket_number,
    created_at = EXCLUDED.created_at
  WHERE k.created_at < $8
  RETURNING report_id`;

const find = (table: string) => `
  SELECT request_hash, ticket_number, report_id FROM ${table}
  WHERE company_id = $1 AND user_id = $2 AND key = $3 AND created_at >= $4`;

interface KeyRow {
  request_hash: string;
  ticket_number: string;
  report_id: string;
}

const isInt32 = (n: number): boolean => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31;

/**
 * Records `record` for `report` inside the transaction storing the report
 * (which must already be inserted: the row references it). Throws
 * `IdempotencyKeyTaken` when the key is live, so that the caller's
 * transaction rolls back and nothing of the report remains.
 */
export async function claimIdempotencyKey(
  sequelize: Sequelize,
  transaction: Transaction,
  report: IssueReport,
  { key, requestHash }: IdempotencyKeyRecord,
  { schema }: { readonly schema?: string | undefined } = {},
): Promise<void> {
  const cutoff = new Date(report.createdAt.getTime() - IDEMPOTENCY_WINDOW_MS);
  const statement = claim(qualified(schema, 'idempotency_keys'));
  const { rows } = await executeSql(sequelize, transaction, statement, [
    report.companyId,
    report.userId,
    key,
    requestHash,
    report.id,
    report.ticketNumber,
    report.createdAt,
    cutoff,
  ]);
  if (rows.length === 0) throw new IdempotencyKeyTaken(key);
}

/** The live record of (company, user, key), or null. */
export async function findIdempotencyKey(
  sequelize: Sequelize,
  companyId: number,
  userId: number,
  key: string,
  notBefore: Date,
  { schema }: { readonly schema?: string | undefined } = {},
): Promise<StoredIdempotencyKey | null> {
  // Input no row can hold would only make PostgreSQL raise a type error.
  if (!isInt32(companyId) || !isInt32(userId) || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return null;
  }
  const [row] = await sqlOf(sequelize).select<KeyRow>(find(qualified(schema, 'idempotency_keys')), [
    companyId,
    userId,
    key,
    notBefore,
  ]);
  return row
    ? { requestHash: row.request_hash, ticketNumber: row.ticket_number, reportId: row.report_id }
    : null;
}
