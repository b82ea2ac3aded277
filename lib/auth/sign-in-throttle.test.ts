import { beforeEach, describe, expect, it } from "vitest";
import {
  MAX_TRACKED,
  PAIR_FREE_FAILURES,
  PAIR_MAX_DELAY_MS,
  SOURCE_MAX_FAILURES,
  SOURCE_WINDOW_MS,
  recordSignInFailure,
  recordSignInSuccess,
  resetSignInThrottle,
  signInAllowed,
  trackedCounts,
} from "./sign-in-throttle";

beforeEach(() => resetSignInThrottle());

describe("sign-in throttle", () => {
  it("limits failures per source, whatever the usernames, until they leave the window", () => {
    const t0 = 1_000_000;
    for (let i = 0; i < SOURCE_MAX_FAILURES; i++) {
      expect(signInAllowed("198.51.100.7", `random-${i}`, t0 + i).allowed).toBe(true);
      recordSignInFailure("198.51.100.7", `random-${i}`, t0 + i);
    }
    const refused = signInAllowed("198.51.100.7", "admin", t0 + 100);
    expect(refused).toMatchObject({ allowed: false, message: expect.stringContaining("from your address") as unknown });
    // Another source is not affected; the first one may try again once its oldest failure is old enough.
    expect(signInAllowed("203.0.113.5", "admin", t0 + 100).allowed).toBe(true);
    expect(signInAllowed("198.51.100.7", "admin", t0 + SOURCE_WINDOW_MS).allowed).toBe(true);
  });

  it("delays one source's guesses at one username progressively, up to a cap, never the owner elsewhere", () => {
    let now = 5_000_000;
    const delays: number[] = [];
    for (let i = 0; i < 25; i++) {
      const v = signInAllowed("198.51.100.7", "Admin", now);
      if (!v.allowed) {
        delays.push(v.retryAfterSeconds);
        now += v.retryAfterSeconds * 1000;
        // Spread over time, the source never reaches its own limit: only the pair delays it.
        expect(signInAllowed("198.51.100.7", "admin", now).allowed).toBe(true);
      }
      recordSignInFailure("198.51.100.7", i % 2 ? "admin" : "ADMIN", now);
      now += SOURCE_WINDOW_MS; // far enough apart that the per-source limit never applies
    }
    expect(delays.length).toBeGreaterThan(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(PAIR_MAX_DELAY_MS / 1000);
    // The owner, from their own address, is let in at once however long the attack went on.
    expect(signInAllowed("192.0.2.10", "admin", now).allowed).toBe(true);
  });

  it("lets the first failures through without delay, and a success clears the pair", () => {
    const t0 = 9_000_000;
    for (let i = 0; i < PAIR_FREE_FAILURES - 1; i++) recordSignInFailure("s", "trent", t0);
    expect(signInAllowed("s", "trent", t0).allowed).toBe(true);
    recordSignInFailure("s", "trent", t0);
    expect(signInAllowed("s", "trent", t0).allowed).toBe(false);
    recordSignInSuccess("s", "Trent");
    expect(signInAllowed("s", "trent", t0).allowed).toBe(true);
  });

  it("keeps at most MAX_TRACKED keys per table", () => {
    const t0 = 20_000_000;
    for (let i = 0; i < MAX_TRACKED + 500; i++) recordSignInFailure(`10.0.${i >> 8}.${i & 255}`, `user-${i}`, t0);
    expect(trackedCounts()).toEqual({ sources: MAX_TRACKED, pairs: MAX_TRACKED });
  });
});
