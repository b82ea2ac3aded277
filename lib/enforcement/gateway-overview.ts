import "server-only";
import { eq } from "drizzle-orm";
import { notFound } from "../api/errors";
import { deletedGatewayFunction, gatewayFunction } from "../aws/authorizer-function";
import { SYNC_SCHEDULE_SECONDS } from "../aws/authorizer-sync";
import type { Db } from "../db/client";
import { gateways } from "../db/schema";
import { listApis, type ApisSummary } from "./apis";
import { connectedStages, stageStateKey, storedStageStates } from "./aws/refresh";
import { stageNeedsDeployment } from "./status";

/**
 * A gateway's enforcement at a glance, for its Quickstart and APIs tab: the status summary, the
 * authorizer's last and next scheduled sync (from its own pushes), and each connected stage as
 * last read from AWS — with the read's age and error.
 */
export interface StageOverview {
  rest_api_id: string;
  stage: string;
  checked_at: string | null;
  error: string | null;
  deployment_id: string | null;
  deployed_at: string | null;
  authorizer_ids: string[];
  cache_ttl_seconds: number | null;
  methods: number;
  attached: number;
  pending_redeploy: boolean;
}

export interface GatewayEnforcementOverview {
  gateway_id: string;
  summary: ApisSummary;
  function_arn: string | null;
  cache_ttl_seconds: number;
  sync: { last_sync_at: string | null; next_sync_at: string | null; sync_requested_at: string | null; schedule_seconds: number };
  stages: StageOverview[];
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export async function gatewayEnforcementOverview(db: Db, gatewayId: string, now = Date.now()): Promise<GatewayEnforcementOverview> {
  const [gw] = await db.select().from(gateways).where(eq(gateways.id, gatewayId));
  if (!gw) throw notFound("Gateway");
  const [{ summary }, fn, deletedFn, stages, states] = await Promise.all([
    listApis(db, { gateway_id: gatewayId }, now),
    gatewayFunction(db, gatewayId),
    deletedGatewayFunction(db, gatewayId),
    connectedStages(db, { gatewayId }),
    storedStageStates(db, gatewayId),
  ]);
  let next: number | null = null;
  if (gw.lastSyncAt) {
    next = gw.lastSyncAt.getTime() + SYNC_SCHEDULE_SECONDS * 1000;
    while (next < now) next += SYNC_SCHEDULE_SECONDS * 1000;
  }
  return {
    gateway_id: gatewayId,
    summary,
    function_arn: fn?.functionArn ?? null,
    cache_ttl_seconds: gw.settings.AUTHORIZER_CACHE_TTL ?? 0,
    sync: {
      last_sync_at: iso(gw.lastSyncAt),
      next_sync_at: next === null ? null : new Date(next).toISOString(),
      sync_requested_at: iso(gw.syncRequestedAt),
      schedule_seconds: SYNC_SCHEDULE_SECONDS,
    },
    stages: stages.map((s) => {
      const st = states.get(stageStateKey(gatewayId, s.restApiId, s.stage));
      return {
        rest_api_id: s.restApiId,
        stage: s.stage,
        checked_at: iso(st?.checkedAt),
        error: st?.error ?? null,
        deployment_id: st?.deploymentId ?? null,
        deployed_at: iso(st?.deployedAt),
        authorizer_ids: st?.authorizerIds ?? [],
        cache_ttl_seconds: st?.authorizerTtlSeconds ?? null,
        methods: st?.methods.length ?? 0,
        attached: st?.methods.filter((m) => m.attachment === "ours").length ?? 0,
        // With the stack deleted nothing can be deployed (the redeploy refuses): relaunching comes first.
        pending_redeploy: deletedFn === null && stageNeedsDeployment(st?.methods ?? []),
      };
    }),
  };
}
