/**
 * Slows secret guessing at the token and introspection endpoints: after MAX_FAILURES failed
 * client authentications for one client id (known or not) within WINDOW_MS, that client id is
 * refused with 429 (`slow_down`, Retry-After) — even with the right secret — until the oldest
 * failure leaves the window. In memory, per console process; bounded in size.
 *
 * Trade-off: someone who knows a client id (it is not secret) can delay that client's token
 * requests by failing on purpose. Tokens already issued keep working and authorizers retry, and
 * a 256-bit secret cannot be guessed anyway; the throttle bounds the cost of trying.
 */
export const WINDOW_MS = 60_000;
export const MAX_FAILURES = 10;
const MAX_TRACKED = 10_000;

const failures = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const list = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (list.length === 0) failures.delete(key);
  else failures.set(key, list);
  return list;
}

/** Seconds to wait before trying again, or 0 when the client id may try now. */
export function clientRetryAfter(clientId: string, now = Date.now()): number {
  const list = recent(clientId, now);
  if (list.length < MAX_FAILURES) return 0;
  const oldest = list[list.length - MAX_FAILURES]!;
  return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
}

export function recordClientFailure(clientId: string, now = Date.now()): void {
  const list = recent(clientId, now);
  if (!failures.has(clientId) && failures.size >= MAX_TRACKED) {
    // Drop the entry touched longest ago (Map keeps insertion order; re-set entries move last).
    const first = failures.keys().next();
    if (!first.done) failures.delete(first.value);
  }
  failures.delete(clientId);
  failures.set(clientId, [...list, now].slice(-MAX_FAILURES));
}

/** For tests. */
export function resetClientThrottle(): void {
  failures.clear();
}
