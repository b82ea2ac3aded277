import { BoundedMap } from "../../protocol/bounded-map";
import { TokenBucket, type TokenRate } from "../../protocol/token-bucket";

/**
 * A token bucket per key (a client IP, a client id, a gateway): refills at `perSecond` and holds
 * up to `burst` (the arithmetic is protocol/token-bucket.ts). In memory, per console process; at
 * most `maxTracked` keys (the key touched longest ago is forgotten first, which only ever gives it
 * a full bucket again). Written by hand around the shared bucket: the limits must be the same
 * wherever the console runs (no shared store is assumed).
 */
export type RateLimit = TokenRate;

export class RateLimiter {
  private readonly buckets: BoundedMap<string, TokenBucket>;

  constructor(
    readonly limit: RateLimit,
    maxTracked = 10_000,
  ) {
    this.buckets = new BoundedMap(maxTracked);
  }

  /** The key's bucket, touched (the newest); a full one for a key not tracked. */
  private touch(key: string, now: number): TokenBucket {
    const bucket = this.buckets.get(key) ?? new TokenBucket(this.limit, now);
    this.buckets.set(key, bucket);
    return bucket;
  }

  /** Takes one unit; returns 0 when it was available, else the seconds until one is. */
  take(key: string, now = Date.now()): number {
    const retryAfter = this.retryAfter(key, now);
    if (retryAfter > 0) return retryAfter;
    this.touch(key, now).reserve(now);
    return 0;
  }

  /** Seconds until one unit is available (0: now), without taking it. */
  retryAfter(key: string, now = Date.now()): number {
    return Math.ceil((this.buckets.get(key)?.waitMs(now) ?? 0) / 1000);
  }

  /** Spends one unit even when none is left (counting failures after the fact). */
  spend(key: string, now = Date.now()): void {
    this.touch(key, now).spend(now);
  }

  reset(): void {
    this.buckets.clear();
  }
}
