import { expect } from 'chai';
import type { RateLimiter } from '../../src/application/ports/rate-limiter.js';

export interface RateLimiterUnderTest {
  /** A limiter allowing `points` events per key in `windowSeconds`. */
  make(points: number, windowSeconds: number): Promise<RateLimiter>;
  /** Lets `seconds` pass for the limiter (a manual clock, or real waiting). */
  elapse(seconds: number): Promise<void>;
  close(): Promise<void>;
}

export interface RateLimiterCapabilities {
  /** Two limiters built by `make` share their counts (a common store, across processes). */
  readonly sharedAcrossInstances: boolean;
}

/** The contract of the `RateLimiter` port, run against every adapter. */
export function rateLimiterContract(
  name: string,
  setup: () => Promise<RateLimiterUnderTest>,
  capabilities: RateLimiterCapabilities,
): void {
  describe(`RateLimiter contract: ${name}`, function () {
    this.timeout(20_000);
    let subject: RateLimiterUnderTest;
    let unique = 0;
    const aKey = () => `user-${process.pid}-${Date.now()}-${(unique += 1)}`;

    beforeEach(async () => {
      subject = await setup();
    });

    afterEach(async () => {
      await subject.close();
    });

    it('allows `points` events per key, then refuses with a wait within the window', async () => {
      const limiter = await subject.make(3, 60);
      const key = aKey();
      const decisions = [];
      for (let i = 0; i < 4; i += 1) decisions.push(await limiter.consume(key));
      expect(decisions.slice(0, 3)).to.deep.equal([
        { allowed: true },
        { allowed: true },
        { allowed: true },
      ]);
      const refused = decisions[3];
      expect(refused?.allowed).to.equal(false);
      if (refused && !refused.allowed) expect(refused.retryAfterSeconds).to.be.within(1, 60);
    });

    it('counts each key on its own', async () => {
      const limiter = await subject.make(1, 60);
      const [a, b] = [aKey(), aKey()];
      expect(await limiter.consume(a)).to.deep.equal({ allowed: true });
      expect(await limiter.consume(b)).to.deep.equal({ allowed: true });
      expect((await limiter.consume(a)).allowed).to.equal(false);
    });

    it('allows again once the window has passed', async () => {
      const limiter = await subject.make(1, 1);
      const key = aKey();
      expect(await limiter.consume(key)).to.deep.equal({ allowed: true });
      expect((await limiter.consume(key)).allowed).to.equal(false);
      await subject.elapse(1.2);
      expect(await limiter.consume(key)).to.deep.equal({ allowed: true });
    });

    if (capabilities.sharedAcrossInstances) {
      it('holds across two limiters on one store (two processes)', async () => {
        const [first, second] = [await subject.make(2, 60), await subject.make(2, 60)];
        const key = aKey();
        expect(await first.consume(key)).to.deep.equal({ allowed: true });
        expect(await second.consume(key)).to.deep.equal({ allowed: true });
        expect((await first.consume(key)).allowed).to.equal(false);
        expect((await second.consume(key)).allowed).to.equal(false);
      });

      it('never lets more than `points` through when many race for one key', async () => {
        const limiters = [await subject.make(5, 60), await subject.make(5, 60)];
        const key = aKey();
        const decisions = await Promise.all(
          Array.from({ length: 30 }, (_, i) => limiters[i % 2]?.consume(key)),
        );
        expect(decisions.filter((d) => d?.allowed)).to.have.length(5);
      });
    }
  });
}
