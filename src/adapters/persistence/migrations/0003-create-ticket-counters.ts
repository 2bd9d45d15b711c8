import type { Migration } from './migration.js';

/**
 * One row per year: the last ticket number handed out. `PostgresTicketSequence`
 * bumps it with a single upsert, which row-locks it for the statement only
 * (see docs/adr/0004-ticket-sequence.md).
 */
export const createTicketCounters: Migration = {
  name: '0003-create-ticket-counters',
  async up({ query }) {
    await query(`
      CREATE TABLE ticket_counters (
        year integer PRIMARY KEY CHECK (year BETWEEN 1000 AND 9999),
        last_value integer NOT NULL CHECK (last_value > 0)
      );
    `);
  },
  async down({ query }) {
    await query('DROP TABLE ticket_counters;');
  },
};
