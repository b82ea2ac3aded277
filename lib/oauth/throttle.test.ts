import { beforeEach, describe, expect, it } from "vitest";
import { clientRetryAfter, MAX_FAILURES, recordClientFailure, resetClientThrottle, WINDOW_MS } from "./throttle";

describe("client authentication throttle", () => {
  beforeEach(() => resetClientThrottle());

  it(`refuses a client id after ${MAX_FAILURES} failures in the window, until the oldest leaves it`, () => {
    const t0 = 1_000_000;
    for (let i = 0; i < MAX_FAILURES - 1; i++) recordClientFailure("c1", t0 + i * 1000);
    expect(clientRetryAfter("c1", t0 + 9000)).toBe(0);
    recordClientFailure("c1", t0 + 9000);
    expect(clientRetryAfter("c1", t0 + 9000)).toBe(51);
    expect(clientRetryAfter("other", t0 + 9000)).toBe(0);
    expect(clientRetryAfter("c1", t0 + WINDOW_MS - 1)).toBe(1);
    expect(clientRetryAfter("c1", t0 + WINDOW_MS)).toBe(0);
  });
});
