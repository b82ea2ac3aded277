import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import type { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Db } from "../../db/client";
import { redeployItems, redeployJobs, stageDeployments, type RedeployItem, type RedeployJob } from "../../db/schema";
import { refreshEnforcement } from "../../enforcement/aws/refresh";
import { errorFields, log } from "../../log";
import { gatewayFunction, type GatewayFunction } from "../authorizer-function";
import { invokeSync } from "../authorizer-sync";
import { awsClients } from "../clients";
import { realClock, type Clock } from "../../../protocol/clock";
import { deployStage, findMarkedDeployment, type DeployOptions, type StageTarget } from "./deploy-stage";
import { lastDeploymentInRegion } from "./deployments";
import { limitsFor, limitsKey, type RegionLimits } from "./limits";
import { ensureStageReady, verifyDeployment, type ReadinessDeps } from "./readiness";

/**
 * The in-process worker of the redeploy queues: one loop per account+region, working its active
 * job item by item. A job carries a lease (owner + expiry, renewed while working), so a console
 * restart — or a second console on the same PostgreSQL — resumes it without doubling it.
 */
export interface WorkerDeps {
  clock: Clock;
  apiGateway: (region: string) => APIGatewayClient;
  db: () => Promise<Db>;
  jitter?: () => number;
  leaseMs: number;
  /** Asks a gateway's authorizer to sync now (attach) before its stage is deployed. */
  sync: (fn: GatewayFunction) => Promise<unknown>;
  readyWaitMs?: number;
}

const defaults: WorkerDeps = {
  clock: realClock,
  apiGateway: (region) => awsClients(region).apiGateway,
  db: getDb,
  leaseMs: 30_000,
  sync: (fn) => invokeSync(fn),
};

const globalForWorker = globalThis as unknown as {
  gatehouseRedeploy?: { deps: WorkerDeps; loops: Map<string, Promise<void>>; rekick: Set<string>; owner: string };
};

function state() {
  return (globalForWorker.gatehouseRedeploy ??= {
    deps: defaults,
    loops: new Map<string, Promise<void>>(),
    rekick: new Set<string>(),
    owner: `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  });
}

/** Tests and the benchmark swap the clock, the client or the database. */
export function configureRedeployWorker(partial: Partial<WorkerDeps>): void {
  state().deps = { ...state().deps, ...partial };
}

export function resetRedeployWorker(): void {
  globalForWorker.gatehouseRedeploy = undefined;
}

/** Whether a lease belongs to a process that is gone (an earlier run of this console on this host). */
function ownerIsGone(owner: string | null): boolean {
  if (!owner) return true;
  const [host, pid, boot] = owner.split(":");
  if (host !== os.hostname()) return false;
  if (Number(pid) === process.pid) return owner !== state().owner && boot !== undefined;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch {
    return true;
  }
}

async function claim(db: Db, accountId: string, region: string): Promise<RedeployJob | "leased" | "changed" | null> {
  const { owner, deps } = state();
  const [job] = await db
    .select()
    .from(redeployJobs)
    .where(and(eq(redeployJobs.accountId, accountId), eq(redeployJobs.region, region), inArray(redeployJobs.status, ["queued", "running"])));
  if (!job) return null;
  const leasedElsewhere = job.leaseOwner && job.leaseOwner !== owner && job.leaseExpiresAt && job.leaseExpiresAt.getTime() > Date.now();
  if (leasedElsewhere && !ownerIsGone(job.leaseOwner)) return "leased";
  const [claimed] = await db
    .update(redeployJobs)
    .set({
      status: "running",
      leaseOwner: owner,
      leaseExpiresAt: new Date(Date.now() + deps.leaseMs),
      startedAt: job.startedAt ?? new Date(),
      updatedAt: new Date(),
    })
    .where(and(eq(redeployJobs.id, job.id), eq(redeployJobs.version, job.version)))
    .returning();
  // Null: the job changed meanwhile (a request joined it, another worker took it): look again.
  return claimed ?? "changed";
}

/** Extends the lease; false when another worker holds it now (this one must stop). */
async function renewLease(db: Db, jobId: string): Promise<boolean> {
  const { owner, deps } = state();
  const renewed = await db
    .update(redeployJobs)
    .set({ leaseExpiresAt: new Date(Date.now() + deps.leaseMs) })
    .where(and(eq(redeployJobs.id, jobId), eq(redeployJobs.leaseOwner, owner)))
    .returning({ id: redeployJobs.id });
  return renewed.length > 0;
}

function target(job: RedeployJob, item: RedeployItem): StageTarget {
  return {
    restApiId: item.restApiId,
    stage: item.stage,
    marker: `gatehouse:${item.id}`,
    description: `Gatehouse redeploy (gatehouse:${item.id}) requested by ${item.requestedBy}`,
  };
}

/** Items left "running" by a process that stopped mid-call: done if AWS has their deployment, else again pending. */
async function recoverInterrupted(db: Db, job: RedeployJob, api: APIGatewayClient, limits: RegionLimits, opts: DeployOptions): Promise<void> {
  const interrupted = await db
    .select()
    .from(redeployItems)
    .where(and(eq(redeployItems.jobId, job.id), eq(redeployItems.status, "running")));
  for (const item of interrupted) {
    const found = await findMarkedDeployment(api, limits, target(job, item), opts).catch(() => null);
    if (found) await recordSuccess(db, job, item, found, item.attempts);
    else await db.update(redeployItems).set({ status: "pending" }).where(eq(redeployItems.id, item.id));
  }
}

async function recordSuccess(db: Db, job: RedeployJob, item: RedeployItem, deploymentId: string, attempts: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(redeployItems)
      .set({ status: "succeeded", awsDeploymentId: deploymentId, attempts, error: null, finishedAt: new Date() })
      .where(eq(redeployItems.id, item.id));
    await tx.insert(stageDeployments).values({
      accountId: job.accountId,
      region: job.region,
      restApiId: item.restApiId,
      stage: item.stage,
      awsDeploymentId: deploymentId,
      deployedBy: item.requestedBy,
      deployedByUserId: item.requestedByUserId,
      jobId: job.id,
      gatewayId: item.gatewayId,
      changes: item.changes,
    });
  });
}

/** Closes the job unless a request joined it since `version` was read. */
async function tryFinish(db: Db, job: RedeployJob): Promise<boolean> {
  const [fresh] = await db.select().from(redeployJobs).where(eq(redeployJobs.id, job.id));
  if (!fresh) return true;
  const [left] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(redeployItems)
    .where(and(eq(redeployItems.jobId, job.id), inArray(redeployItems.status, ["pending", "running"])));
  if ((left?.n ?? 0) > 0) return false;
  const [failed] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(redeployItems)
    .where(and(eq(redeployItems.jobId, job.id), eq(redeployItems.status, "failed")));
  const [closed] = await db
    .update(redeployJobs)
    .set({ status: (failed?.n ?? 0) > 0 ? "failed" : "succeeded", finishedAt: new Date(), leaseOwner: null, leaseExpiresAt: null, updatedAt: new Date() })
    .where(and(eq(redeployJobs.id, job.id), eq(redeployJobs.version, fresh.version)))
    .returning();
  return Boolean(closed);
}

async function failItem(db: Db, item: RedeployItem, error: string, attempts: number): Promise<void> {
  await db.update(redeployItems).set({ status: "failed", error, attempts, finishedAt: new Date() }).where(eq(redeployItems.id, item.id));
}

/**
 * One stage: attached first (or "not ready"), then deployed, then the deployment's summary
 * checked and recorded; the stage's enforcement status is read again from AWS afterwards.
 */
async function deployItem(db: Db, job: RedeployJob, item: RedeployItem, api: APIGatewayClient, limits: RegionLimits, opts: DeployOptions): Promise<void> {
  const { deps } = state();
  const fn = item.gatewayId ? await gatewayFunction(db, item.gatewayId) : null;
  const readiness: ReadinessDeps = { api, limits, opts, sync: deps.sync, waitMs: deps.readyWaitMs };
  const ready = await ensureStageReady(readiness, item.restApiId, fn);
  if (!ready.ok) {
    await failItem(db, item, ready.reason, 0);
  } else {
    const result = await deployStage(api, limits, target(job, item), {
      ...opts,
      onAttempt: (attempts) => void db.update(redeployItems).set({ attempts }).where(eq(redeployItems.id, item.id)).catch(() => undefined),
    });
    if (!result.ok) await failItem(db, item, result.error, result.attempts);
    else {
      await recordSuccess(db, job, item, result.deploymentId, result.attempts);
      try {
        const verification = await verifyDeployment(readiness, { restApiId: item.restApiId, stage: item.stage }, result.deploymentId, ready.fn, ready.methods);
        const error =
          verification.unprotected > 0
            ? `Deployed ${result.deploymentId}, but ${verification.unprotected} connected method(s) were published without this gateway's authorizer (they changed during the deployment?): redeploy the stage.`
            : null;
        await db
          .update(redeployItems)
          .set({ verification, ...(error ? { status: "failed" as const, error } : {}) })
          .where(eq(redeployItems.id, item.id));
      } catch (err) {
        await db
          .update(redeployItems)
          .set({ error: `Deployed, but the deployment could not be checked: ${(err as Error).message}` })
          .where(eq(redeployItems.id, item.id));
      }
    }
  }
  if (item.gatewayId) {
    await refreshEnforcement(db, { gatewayId: item.gatewayId, restApiId: item.restApiId, stage: item.stage }).catch(() => undefined);
  }
}

async function work(db: Db, job: RedeployJob): Promise<void> {
  const { deps } = state();
  const api = deps.apiGateway(job.region);
  const lastAt = await lastDeploymentInRegion(db, job.accountId, job.region);
  const limits = limitsFor(job.accountId, job.region, deps.clock, lastAt?.getTime());
  const opts: DeployOptions = { clock: deps.clock, jitter: deps.jitter };
  let lost = false;
  const renew = setInterval(
    () =>
      void renewLease(db, job.id)
        .then((held) => {
          if (!held) lost = true;
        })
        .catch(() => undefined),
    Math.max(1000, deps.leaseMs / 3),
  );
  renew.unref?.();
  try {
    await recoverInterrupted(db, job, api, limits, opts);
    while (!lost) {
      const [item] = await db
        .select()
        .from(redeployItems)
        .where(and(eq(redeployItems.jobId, job.id), eq(redeployItems.status, "pending")))
        .orderBy(asc(redeployItems.position))
        .limit(1);
      if (!item) {
        if (await tryFinish(db, job)) return;
        continue;
      }
      const [taken] = await db
        .update(redeployItems)
        .set({ status: "running", startedAt: new Date() })
        .where(and(eq(redeployItems.id, item.id), eq(redeployItems.status, "pending")))
        .returning({ id: redeployItems.id });
      if (!taken) continue;
      await deployItem(db, job, item, api, limits, opts);
    }
  } finally {
    clearInterval(renew);
  }
}

async function loop(accountId: string, region: string): Promise<void> {
  const db = await state().deps.db();
  const { rekick } = state();
  const key = limitsKey(accountId, region);
  for (;;) {
    rekick.delete(key);
    const job = await claim(db, accountId, region);
    if (job === "changed") continue;
    if (job === null) {
      // A request may have enqueued while we looked.
      if (rekick.has(key)) continue;
      return;
    }
    if (job === "leased") {
      // Another console works it; look again once its lease could have expired.
      later(accountId, region);
      return;
    }
    await work(db, job);
  }
}

const scheduled = new Set<string>();

function later(accountId: string, region: string): void {
  const key = limitsKey(accountId, region);
  if (scheduled.has(key)) return;
  scheduled.add(key);
  setTimeout(() => {
    scheduled.delete(key);
    void kickWorker(accountId, region);
  }, state().deps.leaseMs).unref?.();
}

/** Starts (or finds) the worker of an account+region; resolves when its queue is empty. */
export function kickWorker(accountId: string, region: string): Promise<void> {
  const { loops, rekick } = state();
  const key = limitsKey(accountId, region);
  const running = loops.get(key);
  if (running) {
    rekick.add(key);
    return running;
  }
  const run = loop(accountId, region)
    .catch((err: unknown) => {
      log.error({ worker: key, error: errorFields(err) }, "redeploy worker stopped");
      // Try again later: the job is persisted and its lease expires.
      later(accountId, region);
    })
    .finally(() => {
      loops.delete(key);
      if (rekick.delete(key)) void kickWorker(accountId, region);
    });
  loops.set(key, run);
  return run;
}

/** After a start: pick up every job left queued or running. */
export async function resumeRedeployQueues(db?: Db): Promise<void> {
  const conn = db ?? (await state().deps.db());
  const jobs = await conn.select().from(redeployJobs).where(inArray(redeployJobs.status, ["queued", "running"]));
  for (const j of jobs) void kickWorker(j.accountId, j.region);
}
