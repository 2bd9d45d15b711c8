import pg from 'pg';
import type { Clock } from '../../application/ports/clock.js';
import type {
  PaceDecision,
  PaceRule,
  RequestPacer,
} from '../../application/ports/request-pacer.js';

export interface PostgresRequestPacerOptions {
  /** Either a URL (the pacer opens and closes its own small pool) or a pool the caller owns. */
  readonly connectionString?: string;
  readonly pool?: pg.Pool;
  /** Slots are stamped with this clock, so that a compressed clock can drive benchmarks. */
  readonly clock: Clock;
  readonly table?: string;
  /** The PostgreSQL schema of the table (created when missing); unqualified when omitted. */
  readonly schema?: string;
}

const SAFE_NAME = /^[a-z_][a-z0-9_]*$/;
/** Duplicate-object errors when two processes create the table at the same instant. */
const CREATE_RACE_CODES = new Set(['23505', '42P07']);

/**
 * A rolling-window pacer shared by every process on one database: a log of
 * booked and spent slots per key, read and written under a transaction-scoped
 * advisory lock on the key, so two workers can never book the same slot. The
 * table is tiny (the longest window's worth of rows per key, plus bookings
 * ahead; older rows are deleted on the way) and created idempotently on first
 * use. See docs/adr/0006-github-pacing.md.
 *
 * Slot times come from the injected clock: processes sharing a pacer should
 * keep their clocks in sync (NTP), as they must for ticket years anyway.
 */
export class PostgresRequestPacer implements RequestPacer {
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  /** The table's name as the statements use it: schema-qualified when there is a schema. */
  private readonly table: string;
  /** Its bare name, for the names of its indexes (which live in the table's schema). */
  private readonly tableName: string;
  private ready: Promise<void> | undefined;

  constructor(private readonly options: PostgresRequestPacerOptions) {
    if (options.pool) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else if (options.connectionString) {
      this.pool = new pg.Pool({ connectionString: options.connectionString, max: 4 });
      // An idle connection dropped by the server (restart, failover) must not crash the
      // process: the pool discards it and the next take opens a fresh one.
      this.pool.on('error', () => undefined);
      this.ownsPool = true;
    } else {
      throw new Error('PostgresRequestPacer needs a connectionString or a pool');
    }
    this.tableName = options.table ?? 'bugport_request_slots';
    if (!SAFE_NAME.test(this.tableName)) {
      throw new Error(`Unsafe pacer table name: ${this.tableName}`);
    }
    if (options.schema !== undefined && !SAFE_NAME.test(options.schema)) {
      throw new Error(`Unsafe pacer schema name: ${options.schema}`);
    }
    this.table =
      options.schema === undefined ? this.tableName : `"${options.schema}".${this.tableName}`;
  }

  async take(key: string, holder: string, rules: readonly PaceRule[]): Promise<PaceDecision> {
    await this.ensureTable();
    const now = this.options.clock.now().getTime();
    const longest = Math.max(0, ...rules.map((rule) => rule.perSeconds));
    const client = await this.pool.connect();
    const query = async (text: string, values: unknown[]) =>
      (await client.query<{ taken_at: Date }>(text, values)).rows;
    try {
      await client.query('BEGIN');
      // Serializes bookings per key across every process sharing the database.
      await query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `bugport.pacer:${key}`,
      ]);
      await query(`DELETE FROM ${this.table} WHERE key = $1 AND taken_at <= $2`, [
        key,
        new Date(now - longest * 1000),
      ]);
      const decision = await this.decide(query, { key, holder, rules, now });
      await client.query('COMMIT');
      return decision;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async decide(
    query: (text: string, values: unknown[]) => Promise<{ taken_at: Date }[]>,
    {
      key,
      holder,
      rules,
      now,
    }: { key: string; holder: string; rules: readonly PaceRule[]; now: number },
  ): Promise<PaceDecision> {
    const t = this.table;
    const [booked] = await query(
      `SELECT taken_at FROM ${t} WHERE key = $1 AND holder = $2 LIMIT 1`,
      [key, holder],
    );
    if (booked) {
      const wait = booked.taken_at.getTime() - now;
      if (wait > 0) return { granted: false, retryAfterSeconds: wait / 1000 };
      await query(`UPDATE ${t} SET holder = NULL WHERE key = $1 AND holder = $2`, [key, holder]);
      return { granted: true };
    }
    const [latest] = await query(`SELECT max(taken_at) AS taken_at FROM ${t} WHERE key = $1`, [
      key,
    ]);
    let at = Math.max(now, latest?.taken_at?.getTime() ?? now);
    for (const { limit, perSeconds } of rules) {
      // One more fits once the limit-th latest slot has left the window.
      const [blocking] = await query(
        `SELECT taken_at FROM ${t} WHERE key = $1 ORDER BY taken_at DESC OFFSET $2 LIMIT 1`,
        [key, Math.max(0, limit - 1)],
      );
      if (blocking) at = Math.max(at, blocking.taken_at.getTime() + perSeconds * 1000);
    }
    await query(`INSERT INTO ${t} (key, taken_at, holder) VALUES ($1, $2, $3)`, [
      key,
      new Date(at),
      at > now ? holder : null,
    ]);
    return at > now ? { granted: false, retryAfterSeconds: (at - now) / 1000 } : { granted: true };
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  private ensureTable(): Promise<void> {
    this.ready ??= this.createTable().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async createTable(): Promise<void> {
    const [t, name, schema] = [this.table, this.tableName, this.options.schema];
    const ddl = `${schema === undefined ? '' : `CREATE SCHEMA IF NOT EXISTS "${schema}";`}
      CREATE TABLE IF NOT EXISTS ${t} (key text NOT NULL, taken_at timestamptz NOT NULL, holder text);
      CREATE INDEX IF NOT EXISTS ${name}_key_taken_at ON ${t} (key, taken_at);
      CREATE INDEX IF NOT EXISTS ${name}_key_holder ON ${t} (key, holder) WHERE holder IS NOT NULL`;
    try {
      await this.pool.query(ddl);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !CREATE_RACE_CODES.has(code)) throw error;
      await this.pool.query(ddl);
    }
  }
}
