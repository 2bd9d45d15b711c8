import type { Sequelize } from 'sequelize';
import type { TicketSequence } from '../../application/ports/ticket-sequence.js';
import { translatingConnectionErrors } from './connection-errors.js';
import { qualified } from './schema-name.js';
import { sqlOf } from './sql.js';

/**
 * One statement, atomic in PostgreSQL whatever the number of processes: the
 * first ticket of a year inserts its counter row, every later one bumps it
 * under the row lock the upsert takes, and RETURNING hands back the value this
 * statement wrote. It runs in its own short transaction (not the report's),
 * so the counter row is locked for microseconds; a report that then fails to
 * store leaves a gap, never a duplicate. See docs/adr/0004-ticket-sequence.md.
 */
const next = (table: string) => `
  INSERT INTO ${table} AS c (year, last_value) VALUES ($1, 1)
  ON CONFLICT (year) DO UPDATE SET last_value = c.last_value + 1
  RETURNING last_value`;

export class PostgresTicketSequence implements TicketSequence {
  private readonly statement: string;

  /** `schema`: the one `migrate` was given; unqualified (search_path) when omitted. */
  constructor(
    private readonly sequelize: Sequelize,
    { schema }: { readonly schema?: string | undefined } = {},
  ) {
    this.statement = next(qualified(schema, 'ticket_counters'));
  }

  async next(year: number): Promise<number> {
    if (!Number.isInteger(year) || year < 1000 || year > 9999) {
      throw new RangeError(`ticket year out of range: ${year}`);
    }
    const [row] = await translatingConnectionErrors('number a ticket', () =>
      sqlOf(this.sequelize).select<{ last_value: number }>(this.statement, [year]),
    );
    if (!row) throw new Error('ticket counter upsert returned no row');
    return row.last_value;
  }
}
