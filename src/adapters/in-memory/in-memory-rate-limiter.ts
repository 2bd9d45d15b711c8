import type { Clock } from '../../application/ports/clock.js';
import type { RateDecision, RateLimiter } from '../../application/ports/rate-limiter.js';

/** A rolling-window limiter over timestamps in memory (one process only). */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    private readonly windowSeconds = 3600,
  ) {}

  async consume(key: string): Promise<RateDecision> {
    const now = this.clock.now().getTime();
    const windowStart = now - this.windowSeconds * 1000;
    const recent = (this.events.get(key) ?? []).filter((t) => t > windowStart);
    if (recent.length >= this.limit) {
      const oldest = recent[0] ?? now;
      this.events.set(key, recent);
      return {
        allowed: false,
        retryAfterSeconds: Math.max(
          1,
          Math.ceil((oldest + this.windowSeconds * 1000 - now) / 1000),
        ),
      };
    }
    recent.push(now);
    this.events.set(key, recent);
    return { allowed: true };
  }
}
