import { realClock, type Clock } from "./clock";
import { IntervalPacer, TokenBucket } from "./token-bucket";

/**
 * API Gateway's control-plane quotas per account and region (they cannot be raised):
 * CreateDeployment 1 per 5 s; GetResources 5 per 2 s; every other call shares 10 per second with a burst of 40.
 */
export const CREATE_DEPLOYMENT_INTERVAL_MS = 5000;
export const GENERAL_RATE_PER_SECOND = 10;
export const GENERAL_BURST = 40;
/** GetResources has its own quota: 5 requests every 2 seconds. */
export const RESOURCES_BURST = 5;
export const RESOURCES_RATE_PER_SECOND = 2.5;

export interface RegionLimits {
  deployments: IntervalPacer;
  general: TokenBucket;
  resources: TokenBucket;
}

export const limitsKey = (accountId: string, region: string) => `${accountId}/${region}`;

const globalForLimits = globalThis as unknown as { gatehouseApiGatewayLimits?: Map<string, RegionLimits> };

/** One set of limits per account+region, shared by everything in this process that calls there. */
export function limitsFor(accountId: string, region: string, clock: Clock = realClock, lastDeploymentAt?: number): RegionLimits {
  const map = (globalForLimits.gatehouseApiGatewayLimits ??= new Map<string, RegionLimits>());
  const key = limitsKey(accountId, region);
  let limits = map.get(key);
  if (!limits) {
    const seed = lastDeploymentAt ? clock.now() + Math.max(0, lastDeploymentAt + CREATE_DEPLOYMENT_INTERVAL_MS - Date.now()) : 0;
    limits = {
      deployments: new IntervalPacer(CREATE_DEPLOYMENT_INTERVAL_MS, clock, seed),
      general: new TokenBucket(GENERAL_BURST, GENERAL_RATE_PER_SECOND, clock),
      resources: new TokenBucket(RESOURCES_BURST, RESOURCES_RATE_PER_SECOND, clock),
    };
    map.set(key, limits);
  }
  return limits;
}

export function resetLimits(): void {
  globalForLimits.gatehouseApiGatewayLimits = undefined;
}
