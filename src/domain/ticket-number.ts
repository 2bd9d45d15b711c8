/**
 * Ticket numbers: `BUG-YYYY-NNNN`. `YYYY` is the UTC year of submission and
 * `NNNN` counts from 1 within that year, zero-padded to at least four digits
 * (`BUG-2026-9999` is followed by `BUG-2026-10000`). The counter itself comes
 * from the `TicketSequence` port; this module only formats and parses.
 */
export interface TicketNumber {
  readonly year: number;
  readonly sequence: number;
}

declare const formatted: unique symbol;

/**
 * A ticket number as text, `BUG-2026-0042`: only `formatTicketNumber` and
 * `toFormattedTicketNumber` make one, so a value of this type is canonical.
 */
export type FormattedTicketNumber = string & { readonly [formatted]: true };

const PATTERN = /^BUG-(\d{4})-(\d{4,})$/;

export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

export function formatTicketNumber({ year, sequence }: TicketNumber): FormattedTicketNumber {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`ticket year out of range: ${year}`);
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError(`ticket sequence must be a positive integer: ${sequence}`);
  }
  return `BUG-${year}-${String(sequence).padStart(4, '0')}` as FormattedTicketNumber;
}

/** Returns null for anything that `formatTicketNumber` could not have produced. */
export function parseTicketNumber(text: string): TicketNumber | null {
  const match = PATTERN.exec(text);
  if (!match) return null;
  const [, yearText = '', sequenceText = ''] = match;
  // Reject non-canonical forms such as BUG-2026-00042 (padding beyond four digits).
  if (sequenceText.length > 4 && sequenceText.startsWith('0')) return null;
  const sequence = Number(sequenceText);
  if (!Number.isSafeInteger(sequence) || sequence < 1) return null;
  return { year: Number(yearText), sequence };
}

/** The text as a ticket number, or null when it is not one in canonical form. */
export function toFormattedTicketNumber(text: string): FormattedTicketNumber | null {
  const parsed = parseTicketNumber(text);
  // `BUG-0999-0001` parses, but no ticket of a year before MIN_YEAR is ever formatted.
  return parsed && parsed.year >= MIN_YEAR ? formatTicketNumber(parsed) : null;
}

/** The UTC calendar year of an instant: the year a ticket submitted then belongs to. */
export const ticketYear = (now: Date): number => now.getUTCFullYear();
