/**
 * Slows password guessing: after 10 failures for one username within 15 minutes, further
 * attempts are refused until the window passes. In memory, per console process.
 */
const WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES = 10;
const failures = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const list = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (list.length === 0) failures.delete(key);
  else failures.set(key, list);
  return list;
}

export function isSignInLocked(username: string, now = Date.now()): boolean {
  return recent(username.toLowerCase(), now).length >= MAX_FAILURES;
}

export function recordSignInFailure(username: string, now = Date.now()): void {
  const key = username.toLowerCase();
  failures.set(key, [...recent(key, now), now]);
}

export function clearSignInFailures(username: string): void {
  failures.delete(username.toLowerCase());
}
