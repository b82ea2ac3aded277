/**
 * The analytics rate limit of a gateway (`events_per_second`): a token bucket per gateway that
 * refills at that rate and holds up to BURST_SECONDS of it, because authorizers send events in
 * batches. In memory, per console process.
 */
export const BURST_SECONDS = 10;
const MAX_TRACKED = 10_000;

const buckets = new Map<string, { tokens: number; at: number }>();

/** Takes up to `wanted` events from the budget; returns how many may be stored. */
export function takeEventBudget(gatewayId: string, perSecond: number, wanted: number, now = Date.now()): number {
  const capacity = perSecond * BURST_SECONDS;
  const bucket = buckets.get(gatewayId) ?? { tokens: capacity, at: now };
  const tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
  const granted = Math.max(0, Math.min(wanted, Math.floor(tokens)));
  if (!buckets.has(gatewayId) && buckets.size >= MAX_TRACKED) buckets.clear();
  buckets.set(gatewayId, { tokens: tokens - granted, at: now });
  return granted;
}

/** Seconds until at least one event fits again. */
export function eventBudgetRetryAfter(gatewayId: string, perSecond: number, now = Date.now()): number {
  const bucket = buckets.get(gatewayId);
  if (!bucket) return 0;
  const tokens = bucket.tokens + ((now - bucket.at) / 1000) * perSecond;
  return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / perSecond));
}

/** For tests. */
export function resetEventBudgets(): void {
  buckets.clear();
}
