import { InMemoryRateLimiter } from '../../src/adapters/in-memory/in-memory-rate-limiter.js';
import { ManualClock } from '../../src/adapters/in-memory/manual-clock.js';
import { createSequelize } from '../../src/adapters/persistence/create-sequelize.js';
import { PostgresRateLimiter } from '../../src/adapters/persistence/postgres-rate-limiter.js';
import { createDatabase } from '../support/postgres.js';
import { rateLimiterContract } from './rate-limiter.contract.js';

rateLimiterContract(
  'InMemoryRateLimiter',
  async () => {
    const clock = new ManualClock();
    return {
      make: async (points, windowSeconds) => new InMemoryRateLimiter(clock, points, windowSeconds),
      elapse: async (seconds) => clock.advance(seconds * 1000),
      close: async () => undefined,
    };
  },
  // Counts live in one process's memory.
  { sharedAcrossInstances: false },
);

rateLimiterContract(
  'PostgresRateLimiter on PostgreSQL',
  async () => {
    const database = await createDatabase();
    // Each limiter its own Sequelize pool: as two server processes would be.
    const pools = [createSequelize(database.url), createSequelize(database.url)];
    let made = 0;
    return {
      make: (points, windowSeconds) =>
        PostgresRateLimiter.open(pools[(made += 1) % 2] ?? pools[0]!, {
          keyPrefix: 'contract',
          points,
          windowSeconds,
        }),
      // The library reads the system clock: real time has to pass.
      elapse: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
      async close() {
        await Promise.all(pools.map((pool) => pool.close()));
        await database.drop();
      },
    };
  },
  { sharedAcrossInstances: true },
);
