import { expect } from 'chai';
import type { ManualClock } from '../../src/adapters/in-memory/manual-clock.js';
import type { PaceDecision, RequestPacer } from '../../src/application/ports/request-pacer.js';

export interface RequestPacerUnderTest {
  readonly clock: ManualClock;
  readonly pacer: RequestPacer;
  /** A second pacer sharing the first one's store, as another process would. */
  readonly sibling: RequestPacer;
  close(): Promise<void>;
}

const PER_MINUTE = [{ limit: 3, perSeconds: 60 }];
const go: PaceDecision = { granted: true };
const wait = (retryAfterSeconds: number): PaceDecision => ({ granted: false, retryAfterSeconds });

/** What every `RequestPacer` promises: rolling windows, booked slots in order, one budget for all who share it. */
export function requestPacerContract(
  name: string,
  setup: () => Promise<RequestPacerUnderTest>,
): void {
  describe(`RequestPacer contract: ${name}`, () => {
    let subject: RequestPacerUnderTest;

    beforeEach(async () => {
      subject = await setup();
    });

    afterEach(async () => {
      await subject.close();
    });

    it('grants up to the limit, then books the next holder for when the oldest slot leaves the window', async () => {
      const { pacer, clock } = subject;
      for (const holder of ['a', 'b', 'c']) {
        expect(await pacer.take('github', holder, PER_MINUTE)).to.deep.equal(go);
        clock.advance(10_000);
      }
      expect(await pacer.take('github', 'd', PER_MINUTE)).to.deep.equal(wait(30));
      clock.advance(30_000);
      expect(await pacer.take('github', 'd', PER_MINUTE)).to.deep.equal(go);
    });

    it('tells each waiting holder its own time, first come first served', async () => {
      const { pacer, clock } = subject;
      const rules = [{ limit: 1, perSeconds: 2 }];
      expect(await pacer.take('k', 'a', rules)).to.deep.equal(go);
      expect(await pacer.take('k', 'b', rules)).to.deep.equal(wait(2));
      expect(await pacer.take('k', 'c', rules)).to.deep.equal(wait(4));
      clock.advance(1_000);
      // Asking again changes nothing: the booking stands.
      expect(await pacer.take('k', 'c', rules)).to.deep.equal(wait(3));
      expect(await pacer.take('k', 'b', rules)).to.deep.equal(wait(1));
      clock.advance(1_000);
      expect(await pacer.take('k', 'b', rules)).to.deep.equal(go);
      clock.advance(2_000);
      expect(await pacer.take('k', 'c', rules)).to.deep.equal(go);
    });

    it('spends a slot once: a holder coming back after its grant books a new one', async () => {
      const { pacer } = subject;
      const rules = [{ limit: 1, perSeconds: 10 }];
      expect(await pacer.take('k', 'a', rules)).to.deep.equal(go);
      expect(await pacer.take('k', 'a', rules)).to.deep.equal(wait(10));
    });

    it('books for the strictest of several rules', async () => {
      const { pacer, clock } = subject;
      const rules = [
        { limit: 1, perSeconds: 1 },
        { limit: 2, perSeconds: 3600 },
      ];
      expect(await pacer.take('k', 'a', rules)).to.deep.equal(go);
      expect(await pacer.take('k', 'b', rules)).to.deep.equal(wait(1));
      clock.advance(1_000);
      expect(await pacer.take('k', 'b', rules)).to.deep.equal(go);
      expect(await pacer.take('k', 'c', rules)).to.deep.equal(wait(3599));
    });

    it('keeps one budget per key', async () => {
      const { pacer } = subject;
      const rules = [{ limit: 1, perSeconds: 60 }];
      expect(await pacer.take('github:acme', 'a', rules)).to.deep.equal(go);
      expect(await pacer.take('github:other', 'a', rules)).to.deep.equal(go);
      expect((await pacer.take('github:acme', 'b', rules)).granted).to.equal(false);
    });

    it('shares the budget with every pacer on the same store, even under a race', async () => {
      const { pacer, sibling } = subject;
      const decisions = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? pacer : sibling).take('race', `h${i}`, PER_MINUTE),
        ),
      );
      expect(decisions.filter((d) => d.granted)).to.have.length(3);
      const waits = decisions
        .flatMap((d) => (d.granted ? [] : [d.retryAfterSeconds]))
        .sort((a, b) => a - b);
      // Seventeen distinct bookings, three a minute.
      expect(waits.slice(0, 4)).to.deep.equal([60, 60, 60, 120]);
    });
  });
}
