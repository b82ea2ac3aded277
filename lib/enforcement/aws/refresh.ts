import "server-only";
import type { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { deletedGatewayFunction, gatewayFunction, type GatewayFunction } from "../../aws/authorizer-function";
import { awsClients } from "../../aws/clients";
import { describeAwsError } from "../../aws/errors";
import { refreshStack } from "../../aws/stack/refresh";
import { realClock } from "../../../protocol/clock";
import type { DeployOptions } from "../../aws/redeploy/deploy-stage";
import { limitsFor } from "../../aws/redeploy/limits";
import type { Db } from "../../db/client";
import { apiGroups, authorizerStacks, gateways, stageEnforcement, type StageEnforcement } from "../../db/schema";
import { readStage, StageGoneError } from "./read-stage";

/**
 * Keeps `stage_enforcement` (what AWS says about each connected REST API stage) up to date:
 * after every console action that changes AWS, on the *Refresh* button, and in the background.
 * Reads are paced by the account+region's API Gateway quotas shared with the redeploy queue,
 * and one stage is never read twice at once. A failed read keeps the previous facts and
 * records why, so the UI shows the age and the error instead of guessing.
 */
export interface RefreshScope {
  gatewayId?: string;
  restApiId?: string;
  stage?: string;
  /** Skip stages read more recently than this (ms); 0 = always read. */
  maxAgeMs?: number;
}

export interface RefreshResult {
  stages: number;
  read: number;
  errors: { rest_api_id: string; stage: string; error: string }[];
}

export interface RefreshDeps {
  apiGateway: (region: string) => APIGatewayClient;
  options: () => DeployOptions;
}

const globalForRefresh = globalThis as unknown as {
  gatehouseEnforcementRefresh?: { inFlight: Map<string, Promise<void>>; deps: RefreshDeps };
};

function state() {
  return (globalForRefresh.gatehouseEnforcementRefresh ??= {
    inFlight: new Map<string, Promise<void>>(),
    deps: { apiGateway: (region) => awsClients(region).apiGateway, options: () => ({ clock: realClock, maxAttempts: 3 }) },
  });
}

/** Tests swap the client or the clock. */
export function configureEnforcementRefresh(partial: Partial<RefreshDeps>): void {
  state().deps = { ...state().deps, ...partial };
}

interface StageRow {
  gatewayId: string;
  region: string;
  restApiId: string;
  stage: string;
}

/** The connected, not gone, stages in scope (one row per gateway + REST API + stage). */
export async function connectedStages(db: Db, scope: RefreshScope = {}): Promise<StageRow[]> {
  const rows = await db
    .select({ gatewayId: apiGroups.gatewayId, region: gateways.region, metadata: apiGroups.metadata })
    .from(apiGroups)
    .innerJoin(gateways, eq(gateways.id, apiGroups.gatewayId))
    .where(and(isNotNull(apiGroups.serviceId), isNull(apiGroups.goneAt), scope.gatewayId ? eq(apiGroups.gatewayId, scope.gatewayId) : undefined));
  const out = new Map<string, StageRow>();
  for (const r of rows) {
    const { api_id: restApiId, stage } = r.metadata.aws;
    if (scope.restApiId && scope.restApiId !== restApiId) continue;
    if (scope.stage && scope.stage !== stage) continue;
    out.set(stageStateKey(r.gatewayId, restApiId, stage), { gatewayId: r.gatewayId, region: r.region, restApiId, stage });
  }
  return [...out.values()];
}

async function save(db: Db, row: StageRow, values: Partial<StageEnforcement>): Promise<void> {
  await db
    .insert(stageEnforcement)
    .values({ gatewayId: row.gatewayId, restApiId: row.restApiId, stage: row.stage, ...values })
    .onConflictDoUpdate({ target: [stageEnforcement.gatewayId, stageEnforcement.restApiId, stageEnforcement.stage], set: values });
}

const NO_FUNCTION = "This gateway's authorizer function is not known (no running stack launched from the console): what protects its methods cannot be told.";

/** The gateway's running function, or else the one its stack had before AWS reported the stack deleted. */
interface GatewayFunctions {
  running: GatewayFunction | null;
  deleted: GatewayFunction | null;
}

async function readOne(db: Db, row: StageRow, fns: GatewayFunctions, errors: RefreshResult["errors"]): Promise<void> {
  const { deps } = state();
  const checkedAt = new Date();
  // A stack deleted outside the console: its methods are still read — what the stage deploys is
  // still what requests meet (no authorizer: open; the deleted function's: 500; another's: that
  // one decides), and the console must keep saying so instead of "unknown".
  const fn = fns.running ?? fns.deleted;
  if (!fn) {
    await save(db, row, { checkedAt, error: NO_FUNCTION, methods: [], authorizerIds: [] });
    return;
  }
  try {
    const opts = deps.options();
    const limits = limitsFor(fn.accountId, row.region, opts.clock);
    const read = await readStage(deps.apiGateway(row.region), limits, opts, {
      restApiId: row.restApiId,
      stage: row.stage,
      functionArn: fns.running?.functionArn ?? null,
      deletedFunctionArn: fns.running ? null : (fns.deleted?.functionArn ?? null),
    });
    await save(db, row, { checkedAt, error: null, ...read });
  } catch (err) {
    const gone = err instanceof StageGoneError;
    const f = describeAwsError(err);
    const message = gone ? err.message : `AWS could not be read: ${f.code}: ${f.message}`;
    errors.push({ rest_api_id: row.restApiId, stage: row.stage, error: message });
    // Keep the previous facts (they carry their own checked_at) and say why they are not newer.
    await save(db, row, gone ? { error: message, methods: [], deploymentId: null, deployedAt: null, checkedAt } : { error: message });
  }
}

/** The gateway's function, its stack read from AWS first: a stack deleted outside the console has none running. */
async function currentFunctions(db: Db, gatewayId: string): Promise<GatewayFunctions> {
  const [record] = await db.select().from(authorizerStacks).where(eq(authorizerStacks.gatewayId, gatewayId));
  if (record) await refreshStack(db, record).catch(() => undefined);
  const running = await gatewayFunction(db, gatewayId);
  return { running, deleted: running ? null : await deletedGatewayFunction(db, gatewayId) };
}

export async function refreshEnforcement(db: Db, scope: RefreshScope = {}): Promise<RefreshResult> {
  const maxAge = scope.maxAgeMs ?? 0;
  const stored = maxAge > 0 ? await storedStageStates(db, scope.gatewayId) : new Map<string, StageEnforcement>();
  const isFresh = (key: string) => {
    const s = stored.get(key);
    return s !== undefined && !s.error && Date.now() - s.checkedAt.getTime() < maxAge;
  };
  const stages = await connectedStages(db, scope);
  const result: RefreshResult = { stages: stages.length, read: 0, errors: [] };
  const due = stages.filter((row) => !isFresh(stageStateKey(row.gatewayId, row.restApiId, row.stage)));
  const functions = new Map<string, Promise<GatewayFunctions>>();
  const { inFlight } = state();
  await Promise.all(
    due.map(async (row) => {
      const key = stageStateKey(row.gatewayId, row.restApiId, row.stage);
      let running = inFlight.get(key);
      if (!running) {
        let fn = functions.get(row.gatewayId);
        if (!fn) functions.set(row.gatewayId, (fn = currentFunctions(db, row.gatewayId)));
        running = fn.then((f) => readOne(db, row, f, result.errors)).finally(() => inFlight.delete(key));
        inFlight.set(key, running);
      }
      await running;
      result.read += 1;
    }),
  );
  return result;
}

/** The key of a stage's stored facts: one gateway's view of one REST API stage. */
export const stageStateKey = (gatewayId: string, restApiId: string, stage: string) => `${gatewayId}/${restApiId}/${stage}`;

/** Stored stage facts, keyed `${gatewayId}/${restApiId}/${stage}`. */
export async function storedStageStates(db: Db, gatewayId?: string): Promise<Map<string, StageEnforcement>> {
  const rows = await db.select().from(stageEnforcement).where(gatewayId ? eq(stageEnforcement.gatewayId, gatewayId) : sql`true`);
  return new Map(rows.map((r) => [stageStateKey(r.gatewayId, r.restApiId, r.stage), r]));
}

export async function markCacheFlushed(db: Db, row: { gatewayId: string; restApiId: string; stage: string }, at: Date): Promise<void> {
  await db
    .update(stageEnforcement)
    .set({ cacheFlushedAt: at })
    .where(and(eq(stageEnforcement.gatewayId, row.gatewayId), eq(stageEnforcement.restApiId, row.restApiId), eq(stageEnforcement.stage, row.stage)));
}
