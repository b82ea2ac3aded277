import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { apiGroups, apis, gateways, policies } from "../../db/schema";
import { lastDeploymentsByStage, stageKey } from "./deployments";

/**
 * Which stages a redeploy covers: the REST API stages of API groups connected to a service
 * (groups of one gateway, or of every gateway), each with the APIs whose enforcement changed
 * since the stage's last deployment. Without `all`, only stages with such changes.
 */
export interface StageChange {
  method: string;
  path: string;
  policy: string | null;
}

export interface StageToDeploy {
  gatewayId: string;
  region: string;
  restApiId: string;
  apiName: string;
  stage: string;
  changes: StageChange[];
}

export async function stagesToDeploy(db: Db, opts: { gatewayId?: string; all?: boolean }): Promise<StageToDeploy[]> {
  const groups = await db
    .select({ group: apiGroups, region: gateways.region })
    .from(apiGroups)
    .innerJoin(gateways, eq(gateways.id, apiGroups.gatewayId))
    .where(and(isNotNull(apiGroups.serviceId), opts.gatewayId ? eq(apiGroups.gatewayId, opts.gatewayId) : undefined));
  if (groups.length === 0) return [];
  const serviceIds = groups.map((g) => g.group.serviceId!);
  const changed = await db
    .select({ serviceId: apis.serviceId, method: apis.method, path: apis.path, changedAt: apis.policyChangedAt, policy: policies.policyName })
    .from(apis)
    .leftJoin(policies, eq(policies.id, apis.policyId))
    .where(and(inArray(apis.serviceId, serviceIds), isNotNull(apis.policyChangedAt)));
  const last = await lastDeploymentsByStage(db);

  const out: StageToDeploy[] = [];
  const seen = new Set<string>();
  for (const { group, region } of groups) {
    const { api_id: restApiId, api_name: apiName, stage } = group.metadata.aws;
    const key = stageKey(restApiId, stage);
    if (seen.has(key)) continue;
    const lastAt = last.get(key)?.getTime() ?? -Infinity;
    const changes = changed
      .filter((a) => a.serviceId === group.serviceId && a.changedAt && a.changedAt.getTime() > lastAt)
      .map((a) => ({ method: a.method, path: a.path, policy: a.policy ?? null }));
    if (!opts.all && changes.length === 0) continue;
    seen.add(key);
    out.push({ gatewayId: group.gatewayId, region, restApiId, apiName, stage, changes });
  }
  return out.sort((a, b) => a.apiName.localeCompare(b.apiName) || a.stage.localeCompare(b.stage));
}
