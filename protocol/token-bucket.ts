/**
 * A token bucket's arithmetic, shared by everything that paces or limits calls: the console's
 * per-region API Gateway quotas (lib/aws/redeploy/limits.ts), its per-key request limits
 * (lib/api/rate-limit.ts), the console's and the authorizer's sides of the decision-event budget
 * (lib/gateways/events-rate.ts, lambda/analytics/queue.ts) and the authorizer's sync
 * (lambda/sync/throttle.ts). The caller passes
 * the time of each step (its own clock, protocol/clock.ts), so the bucket never reads a clock and
 * a test drives it with plain numbers. Written by hand: a few lines of arithmetic the authorizer
 * bundles too (lambda/ imports only policy/ and protocol/, and its bundle stays dependency-free);
 * the rate-limiting libraries on npm bring stores, timers and Node-only code it has no use for.
 * Pure: no platform or project imports.
 */
export interface TokenRate {
  /** Tokens added per second. */
  perSecond: number;
  /** Tokens held at most (a full bucket allows this many calls at once). */
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private at: number;

  /** A bucket holding `tokens` (full by default) at `now` (ms). */
  constructor(
    /** May change (a rate that comes from configuration): the next refill uses the new one. */
    public rate: TokenRate,
    now: number,
    tokens = rate.burst,
  ) {
    this.tokens = tokens;
    this.at = now;
  }

  /** Tokens held at `now`: refilled since the last change, at most `burst`; below 0 while a debt is paid off. */
  level(now: number): number {
    return Math.min(this.rate.burst, this.tokens + ((now - this.at) / 1000) * this.rate.perSecond);
  }

  /** Milliseconds from `now` until a whole token is there (0 when one is). */
  waitMs(now: number): number {
    const tokens = this.level(now);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.rate.perSecond) * 1000);
  }

  /**
   * Takes one token at `now` even when none is there (the debt is paid by waiting) and returns
   * how long the caller must wait before its call: `waitMs(now)` before the take.
   */
  reserve(now: number): number {
    const wait = this.waitMs(now);
    this.set(this.level(now) - 1, now);
    return wait;
  }

  /** Takes as many whole tokens as are there at `now`, at most `max`; returns how many. */
  takeUpTo(max: number, now: number): number {
    const tokens = this.level(now);
    const n = Math.min(max, Math.floor(tokens));
    this.set(n > 0 ? tokens - n : tokens, now);
    return Math.max(0, n);
  }

  /** Spends one token without going below empty (counting failures after the fact). */
  spend(now: number): void {
    this.set(Math.max(0, this.level(now) - 1), now);
  }

  /** No whole token for the next `ms` after `now` (the remote side said to slow down). */
  hold(ms: number, now: number): void {
    this.set(Math.min(this.level(now), 1 - (ms / 1000) * this.rate.perSecond), now);
  }

  private set(tokens: number, now: number): void {
    this.tokens = tokens;
    this.at = now;
  }
}
