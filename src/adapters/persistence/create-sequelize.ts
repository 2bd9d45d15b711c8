import { Sequelize } from 'sequelize';

export interface CreateSequelizeOptions {
  /** Receives each SQL statement; off by default. */
  readonly logging?: false | ((sql: string) => void);
  readonly pool?: {
    readonly max?: number;
    readonly min?: number;
    /** How long a query waits for a free connection before failing (→ 503). */
    readonly acquireMs?: number;
    readonly idleMs?: number;
  };
  /** How long opening one connection may take before it counts as unreachable. */
  readonly connectTimeoutMs?: number;
  readonly applicationName?: string;
}

/**
 * A Sequelize instance with the settings the persistence adapter relies on.
 * Timeouts are short on purpose: when PostgreSQL is gone, a request should
 * fail fast with 503 instead of hanging for Sequelize's default 60 s acquire
 * timeout, and the pool drops broken connections and opens fresh ones when
 * the database returns. A host that builds its own instance should keep
 * `timezone: '+00:00'` (the default) so that timestamps stay UTC.
 */
export function createSequelize(url: string, options: CreateSequelizeOptions = {}): Sequelize {
  const pool = options.pool ?? {};
  return new Sequelize(url, {
    dialect: 'postgres',
    logging: options.logging ?? false,
    timezone: '+00:00',
    pool: {
      max: pool.max ?? 10,
      min: pool.min ?? 0,
      acquire: pool.acquireMs ?? 10_000,
      idle: pool.idleMs ?? 10_000,
      evict: 1_000,
    },
    dialectOptions: {
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      keepAlive: true,
      application_name: options.applicationName ?? 'bugport',
    },
    define: { timestamps: false, freezeTableName: true },
  });
}
