import { ApiError } from "../api/errors";
import { RateLimiter } from "../api/rate-limit";

/**
 * Per-gateway throughput limits of the system API, against abuse with a gateway's credentials —
 * never reached by a real fleet: hundreds of Lambda instances polling the configuration every
 * 5 s make ~100 calls a second; a sync pushes its groups once per scheduled run.
 * - Every system call of one gateway: GATEWAY_CALLS.
 * - Group pushes (POST …/configuration) of one gateway: GROUP_PUSHES.
 * The number of groups a gateway holds is bounded too (GATEHOUSE_MAX_API_GROUPS_PER_GATEWAY,
 * lib/gateways/discovery.ts).
 */
export const GATEWAY_CALLS = { perSecond: 1000, burst: 10_000 };
export const GROUP_PUSHES = { perSecond: 0.2, burst: 20 };

export const gatewayCalls = new RateLimiter(GATEWAY_CALLS);
export const groupPushes = new RateLimiter(GROUP_PUSHES);

/** 429 with Retry-After when the gateway is over `limiter`'s limit; takes one unit otherwise. */
export function takeGatewayLimit(limiter: RateLimiter, gatewayId: string, what: string): void {
  const retryAfter = limiter.take(gatewayId);
  if (retryAfter > 0) {
    throw new ApiError("rate_limited", `Too many ${what} for this gateway; retry in ${retryAfter} s.`, { headers: { "Retry-After": String(retryAfter) } });
  }
}

/** For tests. */
export function resetGatewayLimits(): void {
  gatewayCalls.reset();
  groupPushes.reset();
}
