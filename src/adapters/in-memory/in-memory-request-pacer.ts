import type { Clock } from '../../application/ports/clock.js';
import type {
  PaceDecision,
  PaceRule,
  RequestPacer,
} from '../../application/ports/request-pacer.js';

interface Slot {
  readonly at: number;
  /** Null once spent. */
  holder: string | null;
}

/** Booked slots in memory: one process only. */
export class InMemoryRequestPacer implements RequestPacer {
  /** Slots per key, in time order (milliseconds since the epoch). */
  readonly slots = new Map<string, Slot[]>();

  constructor(private readonly clock: Clock) {}

  async take(key: string, holder: string, rules: readonly PaceRule[]): Promise<PaceDecision> {
    const now = this.clock.now().getTime();
    const longest = Math.max(0, ...rules.map((rule) => rule.perSeconds)) * 1000;
    const slots = (this.slots.get(key) ?? []).filter((slot) => slot.at > now - longest);
    this.slots.set(key, slots);

    const booked = slots.find((slot) => slot.holder === holder);
    if (booked) {
      if (booked.at > now) return { granted: false, retryAfterSeconds: (booked.at - now) / 1000 };
      booked.holder = null;
      return { granted: true };
    }
    let at = Math.max(now, slots[slots.length - 1]?.at ?? now);
    for (const { limit, perSeconds } of rules) {
      // One more fits once the limit-th latest slot has left the window.
      const blocking = slots[slots.length - limit];
      if (blocking) at = Math.max(at, blocking.at + perSeconds * 1000);
    }
    slots.push({ at, holder: at > now ? holder : null });
    return at > now ? { granted: false, retryAfterSeconds: (at - now) / 1000 } : { granted: true };
  }
}
