import { BoundedMap } from "../../protocol/bounded-map";
import { FailureWindow } from "../security/failure-window";

/**
 * Slows password guessing without letting anyone lock an account's owner out. In memory, per
 * console process; written here because it is a few counters, not worth a dependency.
 *
 * - Per source (the client's address, lib/api/forwarded.ts): at most SOURCE_MAX_FAILURES failed
 *   sign-ins within SOURCE_WINDOW_MS. Beyond that, attempts from the source are refused before
 *   any password is hashed, until its oldest failure leaves the window.
 * - Per source and username: after PAIR_FREE_FAILURES failures in a row, each next attempt must
 *   wait PAIR_BASE_DELAY_MS · 2^(n − free) after the last failure, at most PAIR_MAX_DELAY_MS; a
 *   success clears it. What others do from their addresses never holds back the owner signing
 *   in from theirs — there is no lock by username alone.
 * - Both tables hold at most MAX_TRACKED keys; the one touched longest ago is dropped first, so
 *   a flood of sources or usernames cannot grow memory without bound. The per-source window is the
 *   shared failure window (lib/security/failure-window.ts), as for OAuth clients.
 */
export const SOURCE_WINDOW_MS = 10 * 60 * 1000;
export const SOURCE_MAX_FAILURES = 30;
export const PAIR_FREE_FAILURES = 5;
export const PAIR_BASE_DELAY_MS = 1000;
export const PAIR_MAX_DELAY_MS = 15 * 60 * 1000;
/** A source+username pair with no failure for this long starts afresh. */
const PAIR_FORGET_MS = 60 * 60 * 1000;
export const MAX_TRACKED = 10_000;

const sourceFailures = new FailureWindow({ windowMs: SOURCE_WINDOW_MS, maxFailures: SOURCE_MAX_FAILURES, maxTracked: MAX_TRACKED });
const pairFailures = new BoundedMap<string, { count: number; last: number }>(MAX_TRACKED);

const pairKey = (source: string, username: string) => `${source}\u0000${username.toLowerCase()}`;

function pairDelayMs(count: number): number {
  if (count < PAIR_FREE_FAILURES) return 0;
  return Math.min(PAIR_BASE_DELAY_MS * 2 ** (count - PAIR_FREE_FAILURES), PAIR_MAX_DELAY_MS);
}

export type SignInVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; message: string };

function wait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 120 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`;
}

/** Whether an attempt may be checked now (before any hashing). */
export function signInAllowed(source: string, username: string, now = Date.now()): SignInVerdict {
  const retry = sourceFailures.retryAfterMs(source, now);
  if (retry > 0) {
    return { allowed: false, retryAfterSeconds: Math.ceil(retry / 1000), message: `Too many failed sign-ins from your address. Try again in ${wait(retry)}.` };
  }
  const pair = pairFailures.get(pairKey(source, username));
  if (pair && now - pair.last < PAIR_FORGET_MS) {
    const pairRetry = pair.last + pairDelayMs(pair.count) - now;
    if (pairRetry > 0) {
      return { allowed: false, retryAfterSeconds: Math.ceil(pairRetry / 1000), message: `Too many failed attempts for this user. Try again in ${wait(pairRetry)}.` };
    }
  }
  return { allowed: true };
}

export function recordSignInFailure(source: string, username: string, now = Date.now()): void {
  sourceFailures.record(source, now);
  const key = pairKey(source, username);
  const pair = pairFailures.get(key);
  const count = pair && now - pair.last < PAIR_FORGET_MS ? pair.count + 1 : 1;
  pairFailures.set(key, { count, last: now });
}

/** A success clears the pair's delay. The source's failures stay: one good account must not buy more guesses at others. */
export function recordSignInSuccess(source: string, username: string): void {
  pairFailures.delete(pairKey(source, username));
}

/** How many keys each table holds (for tests of the bound). */
export function trackedCounts(): { sources: number; pairs: number } {
  return { sources: sourceFailures.size, pairs: pairFailures.size };
}

/** For tests. */
export function resetSignInThrottle(): void {
  sourceFailures.clear();
  pairFailures.clear();
}
