import { InMemoryRequestPacer } from '../../src/adapters/in-memory/in-memory-request-pacer.js';
import { ManualClock } from '../../src/adapters/in-memory/manual-clock.js';
import { PostgresRequestPacer } from '../../src/adapters/queue/postgres-request-pacer.js';
import { createDatabase } from '../support/postgres.js';
import { requestPacerContract } from './request-pacer.contract.js';

requestPacerContract('InMemoryRequestPacer', async () => {
  const clock = new ManualClock();
  const pacer = new InMemoryRequestPacer(clock);
  return { clock, pacer, sibling: pacer, close: async () => undefined };
});

requestPacerContract('PostgresRequestPacer', async () => {
  const database = await createDatabase();
  const clock = new ManualClock();
  const pacer = new PostgresRequestPacer({ connectionString: database.url, clock });
  const sibling = new PostgresRequestPacer({ connectionString: database.url, clock });
  return {
    clock,
    pacer,
    sibling,
    async close() {
      await pacer.close();
      await sibling.close();
      await database.drop();
    },
  };
});
