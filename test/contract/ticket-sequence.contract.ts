import { expect } from 'chai';
import type { TicketSequence } from '../../src/application/ports/ticket-sequence.js';

export interface TicketSequenceSubject {
  readonly sequence: TicketSequence;
  close(): Promise<void>;
}

/** What every `TicketSequence` promises (port TSDoc), run against each adapter. */
export function ticketSequenceContract(
  name: string,
  makeSubject: () => Promise<TicketSequenceSubject>,
): void {
  describe(`TicketSequence contract: ${name}`, () => {
    let subject: TicketSequenceSubject;
    beforeEach(async () => {
      subject = await makeSubject();
    });
    afterEach(() => subject.close());

    it('counts 1, 2, 3 within a year', async () => {
      const { sequence } = subject;
      expect([
        await sequence.next(2026),
        await sequence.next(2026),
        await sequence.next(2026),
      ]).to.deep.equal([1, 2, 3]);
    });

    it('restarts at 1 for each year and keeps counting each year on its own', async () => {
      const { sequence } = subject;
      expect(await sequence.next(2026)).to.equal(1);
      expect(await sequence.next(2026)).to.equal(2);
      expect(await sequence.next(2027)).to.equal(1);
      expect(await sequence.next(2026)).to.equal(3);
      expect(await sequence.next(2027)).to.equal(2);
    });

    it('hands out 1..200 exactly once to 200 simultaneous callers', async () => {
      const numbers = await Promise.all(
        Array.from({ length: 200 }, () => subject.sequence.next(2026)),
      );
      expect([...numbers].sort((a, b) => a - b)).to.deep.equal(
        Array.from({ length: 200 }, (_, i) => i + 1),
      );
    });
  });
}
