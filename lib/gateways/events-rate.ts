import { BoundedMap } from "../../protocol/bounded-map";
import { TokenBucket, type TokenRate } from "../../protocol/token-bucket";

/**
 * The analytics rate limit of a gateway (`events_per_second`): a token bucket per gateway (the
 * arithmetic is protocol/token-bucket.ts, as on the authorizer's side of the same budget) that
 * refills at that rate and holds up to BURST_SECONDS of it, because authorizers send events in
 * batches. The rate is the gateway's current setting, read on every call. In memory, per console
 * process; at most MAX_TRACKED gateways (the one touched longest ago is forgotten first, which
 * only ever gives it a full bucket again).
 */
export const BURST_SECONDS = 10;
const MAX_TRACKED = 10_000;

const buckets = new BoundedMap<string, TokenBucket>(MAX_TRACKED);

const rateOf = (perSecond: number): TokenRate => ({ perSecond, burst: perSecond * BURST_SECONDS });

/** Takes up to `wanted` events from the budget; returns how many may be stored. */
export function takeEventBudget(gatewayId: string, perSecond: number, wanted: number, now = Date.now()): number {
  const rate = rateOf(perSecond);
  const bucket = buckets.get(gatewayId) ?? new TokenBucket(rate, now);
  bucket.rate = rate;
  buckets.set(gatewayId, bucket);
  return bucket.takeUpTo(wanted, now);
}

/** Seconds until at least one event fits again. */
export function eventBudgetRetryAfter(gatewayId: string, perSecond: number, now = Date.now()): number {
  const bucket = buckets.get(gatewayId);
  if (!bucket) return 0;
  bucket.rate = rateOf(perSecond);
  return Math.ceil(bucket.waitMs(now) / 1000);
}

/** For tests. */
export function resetEventBudgets(): void {
  buckets.clear();
}
