/**
 * When is an API's policy assignment "not live until redeploy"?
 *
 * Rule: an API is pending when its enforcement changed (`policyChangedAt`, set on every policy
 * assign/clear) after the last deployment of its REST API stage. With no deployment on record
 * (`lastDeploymentAt` null) every API whose assignment ever changed is pending.
 */
export function isPendingRedeploy(api: { policyChangedAt: Date | null }, lastDeploymentAt: Date | null): boolean {
  if (!api.policyChangedAt) return false;
  if (!lastDeploymentAt) return true;
  return api.policyChangedAt.getTime() > lastDeploymentAt.getTime();
}

/**
 * The last deployment time of an API's REST API stage (null: none recorded, or the API has no
 * stage). listApis loads it from the redeploy record (lib/aws/redeploy/deployments).
 */
export type LastDeploymentLookup = (stage: { gatewayId: string; apiId: string; stage: string } | null) => Date | null;
