import { expect } from 'chai';
import fc from 'fast-check';
import {
  formatTicketNumber,
  parseTicketNumber,
  toFormattedTicketNumber,
  MAX_YEAR,
  MIN_YEAR,
} from '../../../src/domain/ticket-number.js';

const aTicket = fc.record({
  year: fc.integer({ min: MIN_YEAR, max: MAX_YEAR }),
  sequence: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
});

describe('ticket numbers (properties)', () => {
  it('parse(format(t)) == t for any year and number', () => {
    fc.assert(
      fc.property(aTicket, (ticket) => {
        expect(parseTicketNumber(formatTicketNumber(ticket))).to.deep.equal(ticket);
      }),
    );
  });

  it('format is injective: different tickets never share a number', () => {
    fc.assert(
      fc.property(aTicket, aTicket, (a, b) => {
        fc.pre(a.year !== b.year || a.sequence !== b.sequence);
        expect(formatTicketNumber(a)).to.not.equal(formatTicketNumber(b));
      }),
    );
  });

  it('always has the BUG-YYYY-NNNN shape with at least four digits', () => {
    fc.assert(
      fc.property(aTicket, (ticket) => {
        expect(formatTicketNumber(ticket)).to.match(/^BUG-\d{4}-\d{4,}$/);
      }),
    );
  });

  it('parse rejects whatever format could not have produced', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseTicketNumber(text);
        if (parsed) expect(formatTicketNumber(parsed)).to.equal(text);
      }),
    );
  });
});

describe('ticket numbers (examples)', () => {
  it('pads to four digits and goes on past 9999', () => {
    expect(formatTicketNumber({ year: 2026, sequence: 42 })).to.equal('BUG-2026-0042');
    expect(formatTicketNumber({ year: 2026, sequence: 9999 })).to.equal('BUG-2026-9999');
    expect(formatTicketNumber({ year: 2026, sequence: 10000 })).to.equal('BUG-2026-10000');
  });

  it('refuses nonsense', () => {
    for (const bad of [
      '',
      'BUG-2026-042',
      'BUG-2026-00042',
      'bug-2026-0042',
      'BUG-2026-0000',
      'BUG-26-0001',
    ]) {
      expect(parseTicketNumber(bad), bad).to.equal(null);
    }
    expect(() => formatTicketNumber({ year: 2026, sequence: 0 })).to.throw(RangeError);
  });
});

describe('ticket numbers as text (toFormattedTicketNumber)', () => {
  it('takes back every number formatTicketNumber writes', () => {
    fc.assert(
      fc.property(aTicket, (ticket) => {
        const text = formatTicketNumber(ticket);
        expect(toFormattedTicketNumber(text)).to.equal(text);
      }),
    );
  });

  it('answers null, never throws, for text formatTicketNumber could not have written', () => {
    for (const bad of ['', 'BUG-2026-042', 'BUG-2026-00042', 'BUG-0999-0001', 'BUG-2026-0000']) {
      expect(toFormattedTicketNumber(bad), bad).to.equal(null);
    }
  });
});
