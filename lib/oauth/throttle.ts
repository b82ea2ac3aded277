import { FailureWindow } from "../security/failure-window";

/**
 * Slows secret guessing at the token and introspection endpoints: after MAX_FAILURES failed
 * client authentications for one client id (known or not) within WINDOW_MS, that client id is
 * refused with 429 (`slow_down`, Retry-After) — even with the right secret — until the oldest
 * failure leaves the window (the shared failure window, lib/security/failure-window.ts). In memory,
 * per console process; bounded in size.
 *
 * Trade-off: someone who knows a client id (it is not secret) can delay that client's token
 * requests by failing on purpose. Tokens already issued keep working and authorizers retry, and
 * a 256-bit secret cannot be guessed anyway; the throttle bounds the cost of trying.
 */
export const WINDOW_MS = 60_000;
export const MAX_FAILURES = 10;
const MAX_TRACKED = 10_000;

const failures = new FailureWindow({ windowMs: WINDOW_MS, maxFailures: MAX_FAILURES, maxTracked: MAX_TRACKED });

/** Seconds to wait before trying again, or 0 when the client id may try now. */
export function clientRetryAfter(clientId: string, now = Date.now()): number {
  const retry = failures.retryAfterMs(clientId, now);
  return retry > 0 ? Math.max(1, Math.ceil(retry / 1000)) : 0;
}

export function recordClientFailure(clientId: string, now = Date.now()): void {
  failures.record(clientId, now);
}

/** For tests. */
export function resetClientThrottle(): void {
  failures.clear();
}
