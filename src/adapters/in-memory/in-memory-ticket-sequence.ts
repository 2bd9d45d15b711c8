import type { TicketSequence } from '../../application/ports/ticket-sequence.js';

export class InMemoryTicketSequence implements TicketSequence {
  readonly counters = new Map<number, number>();

  async next(year: number): Promise<number> {
    const value = (this.counters.get(year) ?? 0) + 1;
    this.counters.set(year, value);
    return value;
  }
}
