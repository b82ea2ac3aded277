import { BoundedMap } from "../../protocol/bounded-map";

/**
 * Failures per key within a sliding window: at most `maxFailures` within `windowMs`, after which
 * the key waits until its oldest failure leaves the window. The sign-in throttle (per source,
 * lib/auth/sign-in-throttle.ts) and the client-authentication throttle (per client id,
 * lib/oauth/throttle.ts) each keep one with their own limits. In memory, per console process; at
 * most `maxTracked` keys, the one touched longest ago dropped first, so a flood of keys cannot grow
 * memory without bound. Written by hand: a list of timestamps per key; rate-limiter packages count
 * fixed windows or need a store, and the retry time must name the exact moment the oldest failure
 * leaves the window.
 */
export interface FailureWindowLimits {
  windowMs: number;
  maxFailures: number;
  maxTracked: number;
}

export class FailureWindow {
  private readonly failures: BoundedMap<string, number[]>;

  constructor(readonly limits: FailureWindowLimits) {
    this.failures = new BoundedMap(limits.maxTracked);
  }

  /** The key's failures still within the window at `now` (a key with none is forgotten). */
  private recent(key: string, now: number): number[] {
    const held = this.failures.get(key);
    if (!held) return [];
    const list = held.filter((t) => now - t < this.limits.windowMs);
    if (list.length === 0) this.failures.delete(key);
    return list;
  }

  /** Milliseconds until the key may try again (0: now). */
  retryAfterMs(key: string, now: number): number {
    const list = this.recent(key, now);
    if (list.length < this.limits.maxFailures) return 0;
    return list[list.length - this.limits.maxFailures]! + this.limits.windowMs - now;
  }

  record(key: string, now: number): void {
    this.failures.set(key, [...this.recent(key, now), now].slice(-this.limits.maxFailures));
  }

  /** How many keys are tracked (for tests of the bound). */
  get size(): number {
    return this.failures.size;
  }

  clear(): void {
    this.failures.clear();
  }
}
