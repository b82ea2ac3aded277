import { and, asc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { apiGroups, apis, gateways, policies, services, type Api, type ApiGroupMetadata } from "../db/schema";
import { decisionCounts24h, type DecisionCounts } from "./decisions";
import { lastDeploymentLookup } from "../aws/redeploy/deployments";
import { isPendingRedeploy, type LastDeploymentLookup } from "./pending";
import type { ListApisQuery } from "./schemas";

/** Enforcement › APIs: every API of every service with its policy, gateway and stage. */

export interface ApiView {
  id: string;
  service_id: string;
  service_name: string;
  gateway_id: string | null;
  gateway_name: string | null;
  rest_api: { api_id: string; api_name: string; stage: string } | null;
  method: string;
  path: string;
  policy_id: string | null;
  policy_name: string | null;
  status: "protected" | "unrestricted";
  pending_redeploy: boolean;
  policy_changed_at: string | null;
  decisions_24h: DecisionCounts;
  version: number;
}

export interface ApisSummary {
  protected: number;
  unrestricted: number;
  pending_redeploy: number;
}

const gatewayIdExpr = sql<string | null>`coalesce(${services.gatewayId}, ${apiGroups.gatewayId})`;

/** `%` and `_` typed by the user are literal characters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function conditions(filter: ListApisQuery & { ids?: string[] }): SQL | undefined {
  const where: SQL[] = [];
  if (filter.ids) where.push(inArray(apis.id, filter.ids));
  if (filter.service_id) where.push(eq(apis.serviceId, filter.service_id));
  if (filter.gateway_id) where.push(sql`${gatewayIdExpr} = ${filter.gateway_id}`);
  if (filter.status === "protected") where.push(isNotNull(apis.policyId));
  if (filter.status === "unrestricted") where.push(isNull(apis.policyId));
  if (filter.q) {
    const p = likePattern(filter.q);
    where.push(or(ilike(apis.method, p), ilike(apis.path, p), ilike(services.name, p), ilike(policies.policyName, p))!);
  }
  return where.length ? and(...where) : undefined;
}

interface Row {
  api: Api;
  serviceName: string;
  gatewayId: string | null;
  gatewayName: string | null;
  metadata: ApiGroupMetadata | null;
  policyName: string | null;
}

function toView(r: Row, counts: DecisionCounts | undefined, lastDeployment: LastDeploymentLookup): ApiView {
  const aws = r.metadata?.aws ?? null;
  const stage = aws && r.gatewayId ? { gatewayId: r.gatewayId, apiId: aws.api_id, stage: aws.stage } : null;
  return {
    id: r.api.id,
    service_id: r.api.serviceId,
    service_name: r.serviceName,
    gateway_id: r.gatewayId,
    gateway_name: r.gatewayName,
    rest_api: aws ? { api_id: aws.api_id, api_name: aws.api_name, stage: aws.stage } : null,
    method: r.api.method,
    path: r.api.path,
    policy_id: r.api.policyId,
    policy_name: r.policyName,
    status: r.api.policyId ? "protected" : "unrestricted",
    pending_redeploy: isPendingRedeploy(r.api, lastDeployment(stage)),
    policy_changed_at: r.api.policyChangedAt?.toISOString() ?? null,
    decisions_24h: counts ?? { authorized: 0, unauthorized: 0 },
    version: r.api.version,
  };
}

export async function listApis(
  db: Db,
  filter: ListApisQuery & { ids?: string[] } = {},
  lastDeploymentOverride?: LastDeploymentLookup,
): Promise<{ apis: ApiView[]; summary: ApisSummary }> {
  // The stages' last deployments, as the redeploy queue recorded them (lib/aws/redeploy).
  const lastDeployment = lastDeploymentOverride ?? (await lastDeploymentLookup(db));
  const rows = await db
    .select({
      api: apis,
      serviceName: services.name,
      gatewayId: gatewayIdExpr,
      gatewayName: gateways.name,
      metadata: apiGroups.metadata,
      policyName: policies.policyName,
    })
    .from(apis)
    .innerJoin(services, eq(services.id, apis.serviceId))
    .leftJoin(apiGroups, eq(apiGroups.serviceId, services.id))
    .leftJoin(gateways, eq(gateways.id, gatewayIdExpr))
    .leftJoin(policies, eq(policies.id, apis.policyId))
    .where(conditions(filter))
    .orderBy(asc(services.name), asc(services.id), asc(apis.position), asc(apis.path), asc(apis.method));
  const counts = await decisionCounts24h(db, rows.map((r) => r.api.id));
  let views = rows.map((r) => toView(r, counts.get(r.api.id), lastDeployment));
  if (filter.status === "pending") views = views.filter((v) => v.pending_redeploy);
  const summary: ApisSummary = { protected: 0, unrestricted: 0, pending_redeploy: 0 };
  for (const v of views) {
    summary[v.status] += 1;
    if (v.pending_redeploy) summary.pending_redeploy += 1;
  }
  return { apis: views, summary };
}

export async function getApiView(db: Db, id: string): Promise<ApiView | undefined> {
  return (await listApis(db, { ids: [id] })).apis[0];
}
