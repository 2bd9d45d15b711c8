import { expect } from 'chai';
import type { Clock } from '../../src/application/ports/clock.js';
import type { IdGenerator } from '../../src/application/ports/id-generator.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The contract of the `IdGenerator` port: UUID-shaped (they go into UUID columns), never repeated. */
export function idGeneratorContract(name: string, make: () => IdGenerator): void {
  describe(`IdGenerator contract: ${name}`, () => {
    it('mints 10,000 distinct UUIDs', () => {
      const ids = make();
      const minted = Array.from({ length: 10_000 }, () => ids.next());
      expect(minted.every((id) => UUID.test(id))).to.equal(true);
      expect(new Set(minted).size).to.equal(minted.length);
    });
  });
}

/** The contract of the `Clock` port: a fresh instant each call, never going backwards. */
export function clockContract(name: string, make: () => Clock): void {
  describe(`Clock contract: ${name}`, () => {
    it('never goes backwards', () => {
      const clock = make();
      const readings = Array.from({ length: 1_000 }, () => clock.now().getTime());
      expect(readings.every((t, i) => i === 0 || t >= (readings[i - 1] ?? t))).to.equal(true);
    });

    it('hands out a copy: changing a returned Date does not move the clock', () => {
      const clock = make();
      const first = clock.now();
      const before = first.getTime();
      first.setUTCFullYear(1999);
      expect(clock.now().getTime()).to.be.at.least(before);
    });
  });
}
