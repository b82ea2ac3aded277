import { CONTROL_PLANE_RATE, CREATE_DEPLOYMENT_INTERVAL_MS, GET_RESOURCES_RATE } from "../../../protocol/api-gateway-quotas";
import { realClock, type Clock } from "../../../protocol/clock";
import { IntervalPacer, QueuedTokenBucket } from "./token-bucket";

/** The pacing of API Gateway's control-plane quotas (protocol/api-gateway-quotas.ts) for one account and region. */
export interface RegionLimits {
  deployments: IntervalPacer;
  general: QueuedTokenBucket;
  resources: QueuedTokenBucket;
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
      general: new QueuedTokenBucket(CONTROL_PLANE_RATE, clock),
      resources: new QueuedTokenBucket(GET_RESOURCES_RATE, clock),
    };
    map.set(key, limits);
  }
  return limits;
}

export function resetLimits(): void {
  globalForLimits.gatehouseApiGatewayLimits = undefined;
}
