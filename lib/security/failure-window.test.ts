import { describe, expect, it } from "vitest";
import { FailureWindow } from "./failure-window";

describe("FailureWindow", () => {
  it("waits from the maxFailures-th failure until the oldest of them leaves the window, per key", () => {
    const w = new FailureWindow({ windowMs: 10_000, maxFailures: 3, maxTracked: 100 });
    w.record("k", 0);
    w.record("k", 1000);
    expect(w.retryAfterMs("k", 1000)).toBe(0);
    w.record("k", 2000);
    expect(w.retryAfterMs("k", 2000)).toBe(8000);
    expect(w.retryAfterMs("other", 2000)).toBe(0);
    w.record("k", 3000); // only the newest maxFailures count: the oldest is now 1000
    expect(w.retryAfterMs("k", 3000)).toBe(8000);
    expect(w.retryAfterMs("k", 11_000)).toBe(0);
  });

  it("tracks at most maxTracked keys and forgets a key whose failures all left the window", () => {
    const w = new FailureWindow({ windowMs: 1000, maxFailures: 1, maxTracked: 2 });
    for (const k of ["a", "b", "c"]) w.record(k, 0);
    expect(w.size).toBe(2);
    expect(w.retryAfterMs("a", 0)).toBe(0); // dropped first
    expect(w.retryAfterMs("c", 0)).toBe(1000);
    expect(w.retryAfterMs("c", 1000)).toBe(0);
    expect(w.size).toBe(1);
  });
});
