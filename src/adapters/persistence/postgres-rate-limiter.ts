import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Sequelize } from 'sequelize';
import type { RateDecision, RateLimiter } from '../../application/ports/rate-limiter.js';
import { translatingConnectionErrors } from './connection-errors.js';
import { checkedSchema } from './schema-name.js';

export interface PostgresRateLimiterOptions {
  /** Separates limiters sharing the table: `reports`, `auth-failures`. */
  readonly keyPrefix: string;
  /** Events allowed per key in one window. */
  readonly points: number;
  readonly windowSeconds: number;
  /** The schema of the table (which must exist: `migrate` creates it); unqualified when omitted. */
  readonly schema?: string;
}

/** One table for every limiter; rate-limiter-flexible creates it if missing. */
export const RATE_LIMIT_TABLE = 'bugport_rate_limits';

/**
 * A rate limiter that holds across every process on the database, on
 * rate-limiter-flexible's PostgreSQL store: one row per key, updated with an
 * atomic upsert. Its window is fixed, starting with a key's first event (the
 * tenth report in an hour is refused until an hour after the first), which is
 * the library's model; see docs/adr/0011-rate-limiting.md.
 */
export class PostgresRateLimiter implements RateLimiter {
  private constructor(private readonly limiter: RateLimiterPostgres) {}

  /** Resolves once the table exists (created by the first process to need it). */
  static open(
    sequelize: Sequelize,
    options: PostgresRateLimiterOptions,
  ): Promise<PostgresRateLimiter> {
    return translatingConnectionErrors(
      'create the rate-limit table',
      () =>
        new Promise<PostgresRateLimiter>((resolve, reject) => {
          const limiter: RateLimiterPostgres = new RateLimiterPostgres(
            {
              storeClient: sequelize,
              storeType: 'sequelize',
              tableName: RATE_LIMIT_TABLE,
              ...(checkedSchema(options.schema) === undefined
                ? {}
                : { schemaName: options.schema }),
              keyPrefix: options.keyPrefix,
              points: options.points,
              duration: options.windowSeconds,
              // Rows of windows that ended an hour ago are deleted every five minutes.
              clearExpiredByTimeout: true,
            },
            (error?: unknown) =>
              error ? reject(error) : resolve(new PostgresRateLimiter(limiter)),
          );
        }),
    );
  }

  async consume(key: string): Promise<RateDecision> {
    try {
      await translatingConnectionErrors('count a rate-limited event', () =>
        this.limiter.consume(key),
      );
      return { allowed: true };
    } catch (refusal) {
      // The library rejects with its result object when the key is over its limit.
      if (refusal instanceof RateLimiterRes) {
        return {
          allowed: false,
          retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)),
        };
      }
      throw refusal;
    }
  }
}
