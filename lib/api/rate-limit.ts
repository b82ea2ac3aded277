/**
 * A token bucket per key (a client IP, a client id, a gateway): refills at `perSecond` and holds
 * up to `burst`. In memory, per console process; at most `maxTracked` keys (the key touched longest
 * ago is forgotten first, which only ever gives it a full bucket again). Written by hand: a few
 * lines, and the limits must be the same wherever the console runs (no shared store is assumed).
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly limit: RateLimit,
    private readonly maxTracked = 10_000,
  ) {}

  private level(key: string, now: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.limit.burst;
    return Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
  }

  private store(key: string, tokens: number, now: number): void {
    if (!this.buckets.has(key) && this.buckets.size >= this.maxTracked) {
      const first = this.buckets.keys().next();
      if (!first.done) this.buckets.delete(first.value);
    }
    this.buckets.delete(key);
    this.buckets.set(key, { tokens, at: now });
  }

  /** Takes one unit; returns 0 when it was available, else the seconds until one is. */
  take(key: string, now = Date.now()): number {
    const retryAfter = this.retryAfter(key, now);
    if (retryAfter > 0) return retryAfter;
    this.store(key, this.level(key, now) - 1, now);
    return 0;
  }

  /** Seconds until one unit is available (0: now), without taking it. */
  retryAfter(key: string, now = Date.now()): number {
    const tokens = this.level(key, now);
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.limit.perSecond));
  }

  /** Spends one unit even when none is left (counting failures after the fact). */
  spend(key: string, now = Date.now()): void {
    this.store(key, Math.max(0, this.level(key, now) - 1), now);
  }

  reset(): void {
    this.buckets.clear();
  }
}
