import type { Sequelize } from 'sequelize';
import { InMemoryTicketSequence } from '../../src/adapters/in-memory/in-memory-ticket-sequence.js';
import { createSequelize } from '../../src/adapters/persistence/create-sequelize.js';
import { PostgresTicketSequence } from '../../src/adapters/persistence/postgres-ticket-sequence.js';
import { createMigratedDatabase, type ScratchDatabase } from '../support/postgres.js';
import { ticketSequenceContract } from './ticket-sequence.contract.js';

ticketSequenceContract('InMemoryTicketSequence', async () => ({
  sequence: new InMemoryTicketSequence(),
  close: async () => undefined,
}));

describe('PostgresTicketSequence on PostgreSQL', () => {
  let database: ScratchDatabase;
  let sequelize: Sequelize;

  before(async () => {
    database = await createMigratedDatabase();
    sequelize = createSequelize(database.url);
  });
  beforeEach(() => sequelize.query('TRUNCATE ticket_counters'));
  after(async () => {
    await sequelize?.close();
    await database?.drop();
  });

  ticketSequenceContract('PostgresTicketSequence', async () => ({
    sequence: new PostgresTicketSequence(sequelize),
    close: async () => undefined,
  }));
});
