/**
 * Hands out ticket numbers within a year: 1, 2, 3, … and restarting at 1 for
 * each new year. Never returns the same number twice for a year, under any
 * concurrency and across processes sharing one store. A number handed out to
 * a submission that then fails is not reused (a gap, never a duplicate).
 */
export interface TicketSequence {
  next(year: number): Promise<number>;
}
