import type pg from 'pg';

/**
 * How pg-boss (and the persistence adapter's transaction) run one statement.
 * Same shape as pg-boss's `Db.executeSql`.
 */
export type ExecuteSql = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

/**
 * pg-boss passes `undefined` for unset options; node-postgres turns that into
 * NULL, but other executors (Sequelize `bind`) may refuse it.
 */
export const normalizeValues = (values: readonly unknown[] | undefined): unknown[] =>
  (values ?? []).map((value) => (value === undefined ? null : value));

/**
 * The pool pg-boss runs on. pg-boss fires some statements without awaiting
 * them (completing a job after its handler returns), so `close` waits for
 * every statement in flight before ending the pool: a stopping worker never
 * loses a completion nor raises an unhandled rejection.
 */
export class PoolExecutor {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    readonly pool: pg.Pool,
    private readonly ownsPool: boolean,
  ) {}

  readonly executeSql: ExecuteSql = async (text, values) => {
    const running = this.pool.query(text, normalizeValues(values));
    this.inFlight.add(running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(running);
    }
  };

  /** Runs `work` inside one transaction on one connection, with an executor bound to it. */
  transaction<T>(work: (executeSql: ExecuteSql) => Promise<T>): Promise<T> {
    const running = this.inTransaction(work);
    this.inFlight.add(running);
    return running.finally(() => this.inFlight.delete(running));
  }

  private async inTransaction<T>(work: (executeSql: ExecuteSql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(async (text, values) =>
        client.query(text, normalizeValues(values)),
      );
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Ends the pool once no statement has been issued for a short quiet
   * period: pg-boss may still fire a completion or failure right after its
   * `stop()` resolves, and a statement on an ended pool is an unhandled
   * rejection. Gives up waiting after `maxWaitMs`.
   */
  async close({ quietMs = 100, maxWaitMs = 5_000 } = {}): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    do {
      await Promise.allSettled([...this.inFlight]);
      await new Promise((resolve) => setTimeout(resolve, quietMs));
    } while (this.inFlight.size > 0 && Date.now() < deadline);
    if (this.ownsPool) await this.pool.end();
  }
}
