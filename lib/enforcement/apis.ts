import "server-only";
import { and, asc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { stackDeleted } from "../aws/authorizer-function";
import { apiGroups, apis, authorizerStacks, gateways, policies, services, type Api, type ApiGroupMetadata, type AuthorizerStack, type StageEnforcement } from "../db/schema";
import { SETTINGS_CATALOGUE } from "../../protocol/settings/catalogue";
import { stackDurationMs } from "../../protocol/settings/go-duration";
import { stageStateKey, storedStageStates } from "./aws/refresh";
import { alias } from "drizzle-orm/pg-core";
import { decisionCounts24h, shadowCounts24h, type DecisionCounts, type ShadowCounts } from "./decisions";
import type { ListApisQuery } from "./schemas";
import { enforcementStatus, stageNeedsDeployment, type EnforcementStatus } from "./status";

/**
 * Enforcement › APIs: every API of every service with its policy, gateway and stage, and its
 * enforcement status computed from what AWS and the authorizer reported (lib/enforcement/status).
 */

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
  /** The assignment: a policy, or none. What the gateway really does is `enforcement`. */
  status: "protected" | "unrestricted";
  enforcement: EnforcementStatus;
  /** Its stage's deployed snapshot differs from what must be enforced: a redeploy changes it. */
  pending_redeploy: boolean;
  policy_changed_at: string | null;
  decisions_24h: DecisionCounts;
  /** The shadow policy (docs/shadow-policies.md): evaluated beside the enforced one, never deciding. */
  shadow_policy_id: string | null;
  shadow_policy_name: string | null;
  /** What the current shadow policy would have answered in the last 24 h (null: no shadow policy). */
  shadow_24h: ShadowCounts | null;
  /**
   * The gateway's authorizer cache TTL is above 0: API Gateway answers repeated requests from its
   * cache without invoking the authorizer, so the shadow counts cover invoked decisions only.
   */
  shadow_counts_invoked_only: boolean;
  version: number;
}

export interface ApisSummary {
  /** APIs with a policy that the gateway enforces now (status Enforced). */
  protected: number;
  /** APIs with a policy, whatever the gateway does. */
  with_policy: number;
  unrestricted: number;
  /** APIs with a policy that the deployed stage lets through. */
  open_at_gateway: number;
  /** Stages (not APIs) whose deployed snapshot differs from what must be enforced. */
  pending_redeploy: number;
  /** The oldest read of AWS behind these statuses (null: none yet). */
  checked_at: string | null;
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
    where.push(or(ilike(apis.method, p), ilike(apis.path, p), ilike(services.name, p), ilike(policies.policyName, p), ilike(shadowPolicies.policyName, p))!);
  }
  return where.length ? and(...where) : undefined;
}

interface Row {
  api: Api;
  serviceName: string;
  gatewayId: string | null;
  gatewayName: string | null;
  metadata: ApiGroupMetadata | null;
  groupGatewayId: string | null;
  goneAt: Date | null;
  policyName: string | null;
  shadowPolicyName: string | null;
  cacheTtl: number | null;
  configRevision: number | null;
  configFetchedRevision: number | null;
  configFetchedAt: Date | null;
  /** The gateway's stored reload interval, the one its console-launched stack was given, and the one its authorizer reported (ms). */
  reloadInterval: { stored: string | null; stack: string | null; reportedMs: number | null };
  stack: Pick<AuthorizerStack, "status"> | null;
}

const RELOAD = SETTINGS_CATALOGUE.find((e) => e.env === "ACP_RELOAD_INTERVAL")!;

/**
 * How often this gateway's authorizer really reloads, which decides when a fetched change is live
 * in every warm instance. The function's environment wins over the configuration document, and
 * the template always sets it from the stack's ReloadInterval: for a stack the console launched,
 * that parameter is what it configured, not the gateway's stored setting (a launch or update may
 * override it, and editing the Settings tab does not change a running stack); without such a
 * stack (quick-create), the stored setting is what the link filled in. What the authorizer itself
 * reported on its fetches covers what the console cannot see (a value typed in the AWS console, a
 * stack changed outside Gatehouse): the longer of the two counts.
 */
function reloadIntervalMs(r: Row): number {
  const configured = (r.stack ? r.reloadInterval.stack : null) ?? r.reloadInterval.stored;
  const configuredMs = (configured ? stackDurationMs(configured) : null) ?? stackDurationMs(RELOAD.default)!;
  return Math.max(configuredMs, r.reloadInterval.reportedMs ?? 0);
}

function toView(r: Row, counts: DecisionCounts | undefined, shadow: ShadowCounts | undefined, stages: Map<string, StageEnforcement>, now: number): ApiView {
  const aws = r.metadata?.aws ?? null;
  const stage = aws && r.groupGatewayId ? (stages.get(stageStateKey(r.groupGatewayId, aws.api_id, aws.stage)) ?? null) : null;
  const functionDeleted = stackDeleted(r.stack);
  const enforcement = enforcementStatus({
    hasPolicy: r.api.policyId !== null,
    policyChangedAt: r.api.policyChangedAt,
    connected: aws !== null,
    gone: r.goneAt !== null,
    stage,
    method: r.api.method,
    path: r.api.path,
    functionDeleted,
    gateway:
      r.configRevision === null
        ? null
        : {
            configRevision: r.configRevision,
            configFetchedRevision: r.configFetchedRevision,
            configFetchedAt: r.configFetchedAt,
            reloadIntervalMs: reloadIntervalMs(r),
          },
    now,
  });
  const method = stage?.methods.find((m) => m.method === r.api.method && m.path === r.api.path);
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
    enforcement,
    // With the stack deleted nothing can be deployed (the redeploy refuses): relaunching comes first.
    pending_redeploy: r.goneAt === null && !functionDeleted && method !== undefined && stageNeedsDeployment([method]),
    policy_changed_at: r.api.policyChangedAt?.toISOString() ?? null,
    decisions_24h: counts ?? { authorized: 0, unauthorized: 0 },
    shadow_policy_id: r.api.shadowPolicyId,
    shadow_policy_name: r.api.shadowPolicyId ? r.shadowPolicyName : null,
    shadow_24h: r.api.shadowPolicyId ? (shadow ?? { total: 0, would_deny: 0, broken: 0 }) : null,
    shadow_counts_invoked_only: (r.cacheTtl ?? 0) > 0,
    version: r.api.version,
  };
}

const shadowPolicies = alias(policies, "shadow_policies");

/** `GET /apis`: the APIs the filter selects and the counts over them. */
export interface ApiList {
  apis: ApiView[];
  summary: ApisSummary;
}

export async function listApis(db: Db, filter: ListApisQuery & { ids?: string[] } = {}, now = Date.now()): Promise<ApiList> {
  const rows: Row[] = await db
    .select({
      api: apis,
      serviceName: services.name,
      gatewayId: gatewayIdExpr,
      gatewayName: gateways.name,
      metadata: apiGroups.metadata,
      groupGatewayId: apiGroups.gatewayId,
      goneAt: apiGroups.goneAt,
      policyName: policies.policyName,
      shadowPolicyName: shadowPolicies.policyName,
      cacheTtl: sql<number | null>`(${gateways.settings}->>'AUTHORIZER_CACHE_TTL')::float8`.mapWith((v) => (v === null ? null : Number(v))),
      configRevision: gateways.configRevision,
      configFetchedRevision: gateways.configFetchedRevision,
      configFetchedAt: gateways.configFetchedAt,
      storedReloadInterval: sql<string | null>`${gateways.settings}->>${RELOAD.consoleKey}`,
      stackReloadInterval: sql<string | null>`${authorizerStacks.parameters}->>${RELOAD.parameter}`,
      reportedReloadIntervalMs: gateways.reportedReloadIntervalMs,
      stackStatus: authorizerStacks.status,
    })
    .from(apis)
    .innerJoin(services, eq(services.id, apis.serviceId))
    .leftJoin(apiGroups, eq(apiGroups.serviceId, services.id))
    .leftJoin(gateways, eq(gateways.id, gatewayIdExpr))
    .leftJoin(policies, eq(policies.id, apis.policyId))
    .leftJoin(shadowPolicies, eq(shadowPolicies.id, apis.shadowPolicyId))
    .leftJoin(authorizerStacks, eq(authorizerStacks.gatewayId, gateways.id))
    .where(conditions(filter))
    .orderBy(asc(services.name), asc(services.id), asc(apis.position), asc(apis.path), asc(apis.method))
    .then((rs) =>
      rs.map(({ stackStatus, storedReloadInterval, stackReloadInterval, reportedReloadIntervalMs, ...r }) => ({
        ...r,
        reloadInterval: { stored: storedReloadInterval, stack: stackReloadInterval, reportedMs: reportedReloadIntervalMs },
        stack: stackStatus === null ? null : { status: stackStatus },
      })),
    );
  const shadows = rows.flatMap((r) => (r.api.shadowPolicyId ? [{ apiId: r.api.id, policyId: r.api.shadowPolicyId }] : []));
  const [counts, shadowCounts, stages] = await Promise.all([
    decisionCounts24h(db, rows.map((r) => r.api.id)),
    shadowCounts24h(db, shadows),
    storedStageStates(db, filter.gateway_id),
  ]);
  let views = rows.map((r) => toView(r, counts.get(r.api.id), shadowCounts.get(r.api.id), stages, now));
  if (filter.status === "pending") views = views.filter((v) => v.pending_redeploy);
  if (filter.status === "open") views = views.filter((v) => v.enforcement.code === "open_at_gateway");
  const summary: ApisSummary = { protected: 0, with_policy: 0, unrestricted: 0, open_at_gateway: 0, pending_redeploy: 0, checked_at: null };
  const pendingStages = new Set<string>();
  let oldest: string | null = null;
  for (const v of views) {
    if (v.status === "protected") summary.with_policy += 1;
    else summary.unrestricted += 1;
    if (v.enforcement.code === "enforced") summary.protected += 1;
    if (v.enforcement.code === "open_at_gateway") summary.open_at_gateway += 1;
    if (v.pending_redeploy && v.rest_api) pendingStages.add(stageStateKey(v.gateway_id ?? "", v.rest_api.api_id, v.rest_api.stage));
    const at = v.enforcement.checked_at;
    if (at && (oldest === null || at < oldest)) oldest = at;
  }
  summary.pending_redeploy = pendingStages.size;
  summary.checked_at = oldest;
  return { apis: views, summary };
}

export async function getApiView(db: Db, id: string): Promise<ApiView | undefined> {
  return (await listApis(db, { ids: [id] })).apis[0];
}
