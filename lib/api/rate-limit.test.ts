import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows the burst, then one per refill interval, per key", () => {
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 });
    const t0 = 1_000_000;
    expect([0, 1, 2].map(() => limiter.take("a", t0))).toEqual([0, 0, 0]);
    expect(limiter.take("a", t0)).toBe(1);
    expect(limiter.take("b", t0)).toBe(0);
    expect(limiter.take("a", t0 + 500)).toBe(0);
    expect(limiter.take("a", t0 + 500)).toBe(1);
  });

  it("spend counts failures without going below empty; forgets the oldest key past maxTracked", () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 2 }, 2);
    const t0 = 0;
    for (let i = 0; i < 5; i++) limiter.spend("x", t0);
    expect(limiter.retryAfter("x", t0)).toBe(1);
    expect(limiter.retryAfter("x", t0 + 1000)).toBe(0);
    limiter.spend("y", t0);
    limiter.spend("z", t0); // x is forgotten: a full bucket again
    expect(limiter.retryAfter("x", t0)).toBe(0);
  });
});
