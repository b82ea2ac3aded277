import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { recordAudit, type AuditActor } from "../../audit/record";
import type { Db } from "../../db/client";
import { redeployItems, redeployJobs, type RedeployJob } from "../../db/schema";
import type { StageToDeploy } from "./select";
import { isUniqueViolation } from "../../db/unavailable";

/**
 * The redeploy queue of an account+region: at most one queued or running job (a partial unique
 * index says so). A request while one is active joins it — the same job, with the new stages
 * appended — instead of starting a second one that would compete for the same 5-second slots.
 */
const ACTIVE = ["queued", "running"] as const;

class JobEnded extends Error {}


export interface Enqueued {
  job: RedeployJob;
  joined: boolean;
  added: number;
}

export async function enqueueStages(db: Db, accountId: string, region: string, stages: StageToDeploy[], actor: AuditActor): Promise<Enqueued> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const [active] = await tx
          .select()
          .from(redeployJobs)
          .where(and(eq(redeployJobs.accountId, accountId), eq(redeployJobs.region, region), inArray(redeployJobs.status, [...ACTIVE])))
          .for("update");
        let job: RedeployJob | undefined;
        if (active) {
          // Bumping the version tells a worker about to close the job that it has new work.
          [job] = await tx
            .update(redeployJobs)
            .set({ version: sql`${redeployJobs.version} + 1`, updatedAt: new Date() })
            .where(and(eq(redeployJobs.id, active.id), inArray(redeployJobs.status, [...ACTIVE])))
            .returning();
          if (!job) throw new JobEnded();
        } else {
          [job] = await tx.insert(redeployJobs).values({ accountId, region, requestedBy: actor.username, requestedByUserId: actor.userId }).returning();
        }
        const current = job!;
        const items = await tx.select().from(redeployItems).where(eq(redeployItems.jobId, current.id));
        let position = items.reduce((m, i) => Math.max(m, i.position), 0);
        const addedStages: string[] = [];
        for (const s of stages) {
          const existing = items.find((i) => i.restApiId === s.restApiId && i.stage === s.stage);
          const fields = {
            gatewayId: s.gatewayId,
            apiName: s.apiName,
            changes: s.changes,
            requestedBy: actor.username,
            requestedByUserId: actor.userId,
          };
          if (existing?.status === "pending" || existing?.status === "running") continue;
          addedStages.push(`${s.apiName} (${s.restApiId}) ${s.stage}`);
          position++;
          if (existing) {
            // Deployed earlier in this job and changed again since: deploy it once more.
            await tx
              .update(redeployItems)
              .set({ ...fields, position, status: "pending", attempts: 0, awsDeploymentId: null, error: null, startedAt: null, finishedAt: null })
              .where(eq(redeployItems.id, existing.id));
          } else {
            await tx.insert(redeployItems).values({ ...fields, jobId: current.id, restApiId: s.restApiId, stage: s.stage, position });
          }
        }
        if (addedStages.length > 0) {
          await recordAudit(tx, actor, {
            action: active ? "apis.redeploy_join" : "apis.redeploy",
            targetType: "deployment",
            targetId: current.id,
            targetName: `${accountId}/${region}`,
            after: { stages: addedStages },
          });
        }
        return { job: current, joined: Boolean(active), added: addedStages.length };
      });
    } catch (err) {
      // A concurrent request created the job, or the job just ended: look again.
      if (attempt < 5 && (err instanceof JobEnded || isUniqueViolation(err))) continue;
      throw err;
    }
  }
}

export async function activeJobs(db: Db): Promise<RedeployJob[]> {
  return db.select().from(redeployJobs).where(inArray(redeployJobs.status, [...ACTIVE]));
}
