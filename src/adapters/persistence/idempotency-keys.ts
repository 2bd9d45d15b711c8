import type { Sequelize, Transaction } from 'sequelize';
import type { IssueReport } from '../../domain/issue-report.js';
import {
  IDEMPOTENCY_WINDOW_MS,
  IdempotencyKeyTaken,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  type IdempotencyKeyRecord,
  type StoredIdempotencyKey,
} from '../../application/ports/issue-report-repository.js';
import { translatingConnectionErrors } from './connection-errors.js';
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
const CLAIM = `
  INSERT INTO idempotency_keys AS k
    (company_id, user_id, key, request_hash, report_id, ticket_number, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (company_id, user_id, key) DO UPDATE SET
    request_hash = EXCLUDED.request_hash,
    report_id = EXCLUDED.report_id,
    ticket_number = EXCLUDED.ticket_number,
    created_at = EXCLUDED.created_at
  WHERE k.created_at < $8
  RETURNING report_id`;

const FIND = `
  SELECT request_hash, ticket_number, report_id FROM idempotency_keys
  WHERE company_id = $1 AND user_id = $2 AND key = $3 AND created_at >= $4`;

interface KeyRow {
  request_hash: string;
  ticket_number: string;
  report_id: string;
}

const isInt32 = (n: number): boolean => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31;

/*
 * Settling racers before anything is counted or numbered: a transaction-level
 * advisory lock on the key's hash (two-int form, so it cannot meet the
 * one-bigint locks used elsewhere). A racer that does not get it gives its
 * connection back and tries again shortly, rather than blocking on it: 20
 * blocked racers would hold 20 connections while the winner waits for one.
 */
const KEY_LOCK_SPACE = 0x62756731; // "bug1"
const TRY_KEY_LOCK = 'SELECT pg_try_advisory_xact_lock($1::int, hashtext($2)) AS locked';
const KEY_LOCK_POLL_MS = 15;
/** After this long without the lock, work goes ahead anyway: `add`'s claim still keeps it to one report. */
const KEY_LOCK_MAX_WAIT_MS = 30_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` holding the key's lock (see the repository port's `holdingIdempotencyKey`). */
export async function holdingIdempotencyKey<T>(
  sequelize: Sequelize,
  companyId: number,
  userId: number,
  key: string,
  work: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + KEY_LOCK_MAX_WAIT_MS;
  for (;;) {
    // Only the lock's own statements are translated: what `work` throws passes through as it is.
    const { transaction, locked } = await translatingConnectionErrors(
      'lock an idempotency key',
      async () => {
        const held = await sequelize.transaction();
        try {
          const [row] = await sqlOf(sequelize, held).select<{ locked: boolean }>(TRY_KEY_LOCK, [
            KEY_LOCK_SPACE,
            `${companyId}:${userId}:${key}`,
          ]);
          return { transaction: held, locked: row?.locked === true };
        } catch (error) {
          await held.rollback().catch(() => undefined);
          throw error;
        }
      },
    );
    if (locked) {
      try {
        return await work();
      } finally {
        // Ending the transaction releases the lock (as does a dead connection).
        await transaction.rollback().catch(() => undefined);
      }
    }
    await transaction.rollback().catch(() => undefined);
    if (Date.now() > deadline) return work();
    await pause(KEY_LOCK_POLL_MS + Math.random() * KEY_LOCK_POLL_MS);
  }
}

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
): Promise<void> {
  const cutoff = new Date(report.createdAt.getTime() - IDEMPOTENCY_WINDOW_MS);
  const { rows } = await executeSql(sequelize, transaction, CLAIM, [
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
): Promise<StoredIdempotencyKey | null> {
  // Input no row can hold would only make PostgreSQL raise a type error.
  if (!isInt32(companyId) || !isInt32(userId) || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return null;
  }
  const [row] = await sqlOf(sequelize).select<KeyRow>(FIND, [companyId, userId, key, notBefore]);
  return row
    ? { requestHash: row.request_hash, ticketNumber: row.ticket_number, reportId: row.report_id }
    : null;
}
