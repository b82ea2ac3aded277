import { describe, expect, it } from "vitest";
import { CONTROL_PLANE_RATE } from "./api-gateway-quotas";
import { TokenBucket } from "./token-bucket";

describe("TokenBucket", () => {
  it("allows API Gateway's burst of 40 at once, then one call every 100 ms", () => {
    const bucket = new TokenBucket(CONTROL_PLANE_RATE, 0);
    expect(Array.from({ length: 40 }, () => bucket.reserve(0))).toEqual(Array(40).fill(0));
    // Each further reservation at the same moment waits 100 ms longer than the one before.
    expect([bucket.reserve(0), bucket.reserve(0), bucket.reserve(0)]).toEqual([100, 200, 300]);
    expect(bucket.waitMs(300)).toBe(100);
    expect(bucket.waitMs(400)).toBe(0);
  });

  it("refills at most to the burst, spends without debt, and holds off for a given time", () => {
    const bucket = new TokenBucket({ perSecond: 2, burst: 3 }, 0);
    for (let i = 0; i < 5; i++) bucket.spend(0);
    expect(bucket.level(0)).toBe(0);
    expect(bucket.level(60_000)).toBe(3);
    bucket.hold(2000, 60_000);
    expect(bucket.waitMs(60_000)).toBe(2000);
    expect(bucket.waitMs(62_000)).toBe(0);
  });

  it("takes whole tokens in bulk up to a maximum, starting from the level given", () => {
    const bucket = new TokenBucket({ perSecond: 5, burst: 5 }, 0, 0);
    expect(bucket.takeUpTo(10, 0)).toBe(0);
    expect(bucket.takeUpTo(3, 1000)).toBe(3);
    expect(bucket.takeUpTo(10, 1000)).toBe(2);
    bucket.rate = { perSecond: 10, burst: 10 };
    expect(bucket.takeUpTo(100, 2000)).toBe(10);
  });
});
