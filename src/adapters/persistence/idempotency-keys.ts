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

/*
 * Settling racers before anything is counted or numbered: a transaction-level
 * advisory lock on the key's hash (two-int form, so it cannot meet the
 * one-bigint locks used elsewhere), held by an idle transaction while the
 * submission runs on other connections.
 *
 * Two ways that could starve the connection pool, and what prevents them:
 * - A racer that does not get the lock gives its connection back and tries
 *   again shortly, rather than blocking on it (20 blocked racers would hold
 *   20 connections while the winner waits for one).
 * - At most half the pool holds key locks at once in this process; further
 *   keyed submissions wait their turn in memory. Otherwise 10 submissions
 *   with 10 different keys would hold all 10 connections of the pool as
 *   locks, and none could get one for its work.
 */
const KEY_LOCK_SPACE = 0x62756731; // "bug1"
const TRY_KEY_LOCK = 'SELECT pg_try_advisory_xact_lock($1::int, hashtext($2)) AS locked';
const KEY_LOCK_POLL_MS = 15;
/** After this long without the lock, work goes ahead anyway: `add`'s claim still keeps it to one report. */
const KEY_LOCK_MAX_WAIT_MS = 30_000;
const DEFAULT_POOL_MAX = 5;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A counting semaphore: at most `limit` holders, the rest queued in order. */
class Slots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}

const slotsOf = new WeakMap<Sequelize, Slots>();
/** Null for a pool of one connection (a host's choice): a lock would leave none for the work. */
function lockSlots(sequelize: Sequelize): Slots | null {
  const poolMax = sequelize.config.pool?.max ?? DEFAULT_POOL_MAX;
  if (poolMax < 2) return null;
  let slots = slotsOf.get(sequelize);
  if (!slots) {
    slots = new Slots(Math.floor(poolMax / 2));
    slotsOf.set(sequelize, slots);
  }
  return slots;
}

/** Begins a transaction and tries the key's lock in it; the transaction is ended when not locked. */
const tryKeyLock = (sequelize: Sequelize, name: string) =>
  // Only the lock's own statements are translated: what `work` throws passes through as it is.
  translatingConnectionErrors('lock an idempotency key', async () => {
    const held = await sequelize.transaction();
    try {
      const [row] = await sqlOf(sequelize, held).select<{ locked: boolean }>(TRY_KEY_LOCK, [
        KEY_LOCK_SPACE,
        name,
      ]);
      if (row?.locked === true) return held;
    } catch (error) {
      await held.rollback().catch(() => undefined);
      throw error;
    }
    await held.rollback().catch(() => undefined);
    return null;
  });

/** Runs `work` holding the key's lock (see the repository port's `holdingIdempotencyKey`). */
export async function holdingIdempotencyKey<T>(
  sequelize: Sequelize,
  companyId: number,
  userId: number,
  key: string,
  work: () => Promise<T>,
): Promise<T> {
  const slots = lockSlots(sequelize);
  // Without the lock, `add`'s claim alone keeps racers to one report (the behaviour before it).
  if (!slots) return work();
  const deadline = Date.now() + KEY_LOCK_MAX_WAIT_MS;
  for (;;) {
    // A slot only while trying or holding the lock, never while waiting to try again.
    await slots.acquire();
    let transaction: Transaction | null;
    try {
      transaction = await tryKeyLock(sequelize, `${companyId}:${userId}:${key}`);
    } catch (error) {
      slots.release();
      throw error;
    }
    if (transaction) {
      try {
        return await work();
      } finally {
        // Ending the transaction releases the lock (as does a dead connection).
        await transaction.rollback().catch(() => undefined);
        slots.release();
      }
    }
    slots.release();
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
  { schema }: { readonly schema?: string | undefined } = {},
): Promise<void> {
  const cutoff = new Date(report.createdAt.getTime() - IDEMPOTENCY_WINDOW_MS);
  const statement = claim(qualified(schema, 'idempotency_keys'));
  const { rows } = await executeSql(sequelize, transaction, statement, [
    report.reporter.companyId,
    report.reporter.userId,
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
