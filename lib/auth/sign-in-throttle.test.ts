import { describe, expect, it } from "vitest";
import { clearSignInFailures, isSignInLocked, recordSignInFailure } from "./sign-in-throttle";

describe("sign-in throttle", () => {
  it("locks a username after 10 failures within 15 minutes, case-insensitively", () => {
    const t0 = 1_000_000;
    for (let i = 0; i < 9; i++) recordSignInFailure("Mallory", t0 + i);
    expect(isSignInLocked("mallory", t0 + 10)).toBe(false);
    recordSignInFailure("MALLORY", t0 + 11);
    expect(isSignInLocked("mallory", t0 + 12)).toBe(true);
    expect(isSignInLocked("someone-else", t0 + 12)).toBe(false);
    expect(isSignInLocked("mallory", t0 + 15 * 60 * 1000 + 20)).toBe(false);
  });

  it("a success clears the failures", () => {
    for (let i = 0; i < 10; i++) recordSignInFailure("trent");
    expect(isSignInLocked("trent")).toBe(true);
    clearSignInFailures("Trent");
    expect(isSignInLocked("trent")).toBe(false);
  });
});
