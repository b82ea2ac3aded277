import "server-only";
import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { apiGroups, apis, gateways, policies } from "../../db/schema";
import { stageStateKey, storedStageStates } from "../../enforcement/aws/refresh";
import { stageNeedsDeployment } from "../../enforcement/status";

/**
 * Which stages a redeploy covers: the REST API stages of API groups connected to a service (of
 * one gateway, or of every gateway). Without `all`, exactly the stages whose deployed snapshot —
 * as read from AWS (stage_enforcement, refreshed just before) — publishes a connected method
 * without this gateway's authorizer; each with those methods as the reason.
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

/** The stages to deploy, and how many connected stages were considered (each REST API stage once). */
export interface StageSelection {
  stages: StageToDeploy[];
  considered: number;
}

export async function stagesToDeploy(db: Db, opts: { gatewayId?: string; all?: boolean }): Promise<StageSelection> {
  const groups = await db
    .select({ group: apiGroups, region: gateways.region })
    .from(apiGroups)
    .innerJoin(gateways, eq(gateways.id, apiGroups.gatewayId))
    .where(and(isNotNull(apiGroups.serviceId), isNull(apiGroups.goneAt), opts.gatewayId ? eq(apiGroups.gatewayId, opts.gatewayId) : undefined));
  if (groups.length === 0) return { stages: [], considered: 0 };
  const serviceIds = groups.map((g) => g.group.serviceId!);
  const assigned = await db
    .select({ serviceId: apis.serviceId, method: apis.method, path: apis.path, policy: policies.policyName })
    .from(apis)
    .leftJoin(policies, eq(policies.id, apis.policyId))
    .where(inArray(apis.serviceId, serviceIds));
  const states = await storedStageStates(db, opts.gatewayId);

  // A stage connected on two gateways is deployed once, for the gateway whose authorizer is on its methods
  // (the other's readiness check would refuse it: the methods use an authorizer that is not its own).
  const oursCount = (g: (typeof groups)[number]) =>
    states.get(stageStateKey(g.group.gatewayId, g.group.metadata.aws.api_id, g.group.metadata.aws.stage))?.methods.filter((m) => m.attachment === "ours").length ?? 0;
  const ordered = [...groups].sort((a, b) => oursCount(b) - oursCount(a));

  const out: StageToDeploy[] = [];
  const seen = new Set<string>();
  for (const { group, region } of ordered) {
    const { api_id: restApiId, api_name: apiName, stage } = group.metadata.aws;
    const key = `${restApiId}/${stage}`;
    if (seen.has(key)) continue;
    const state = states.get(stageStateKey(group.gatewayId, restApiId, stage));
    const behind = (state?.methods ?? []).filter((m) => stageNeedsDeployment([m]));
    if (!opts.all && behind.length === 0) continue;
    seen.add(key);
    const policyOf = (m: { method: string; path: string }) =>
      assigned.find((a) => a.serviceId === group.serviceId && a.method === m.method && a.path === m.path)?.policy ?? null;
    out.push({ gatewayId: group.gatewayId, region, restApiId, apiName, stage, changes: behind.map((m) => ({ method: m.method, path: m.path, policy: policyOf(m) })) });
  }
  const considered = new Set(groups.map(({ group }) => `${group.metadata.aws.api_id}/${group.metadata.aws.stage}`)).size;
  return { stages: out.sort((a, b) => a.apiName.localeCompare(b.apiName) || a.stage.localeCompare(b.stage)), considered };
}
