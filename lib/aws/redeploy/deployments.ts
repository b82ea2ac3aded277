import "server-only";
import { and, desc, eq, max } from "drizzle-orm";
import type { Db } from "../../db/client";
import { stageDeployments } from "../../db/schema";

/** The record of the console's stage deployments, and what "last deployed" means for a stage. */
export async function lastDeploymentAt(db: Db, restApiId: string, stage: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(stageDeployments.deployedAt) })
    .from(stageDeployments)
    .where(and(eq(stageDeployments.restApiId, restApiId), eq(stageDeployments.stage, stage)));
  return row?.at ? new Date(row.at) : null;
}

export const stageKey = (restApiId: string, stage: string) => `${restApiId}/${stage}`;

/** Every stage's last deployment, for pages that check many APIs at once. */
export async function lastDeploymentsByStage(db: Db): Promise<Map<string, Date>> {
  const rows = await db
    .select({ restApiId: stageDeployments.restApiId, stage: stageDeployments.stage, at: max(stageDeployments.deployedAt) })
    .from(stageDeployments)
    .groupBy(stageDeployments.restApiId, stageDeployments.stage);
  const out = new Map<string, Date>();
  for (const r of rows) if (r.at) out.set(stageKey(r.restApiId, r.stage), new Date(r.at));
  return out;
}

/** A lookup in the shape lib/enforcement's pending-redeploy check takes. */
export async function lastDeploymentLookup(db: Db): Promise<(stage: { apiId: string; stage: string } | null) => Date | null> {
  const map = await lastDeploymentsByStage(db);
  return (s) => (s ? (map.get(stageKey(s.apiId, s.stage)) ?? null) : null);
}

/** The latest deployment the console made in an account+region (seeds the 5-second pacing after a restart). */
export async function lastDeploymentInRegion(db: Db, accountId: string, region: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: stageDeployments.deployedAt })
    .from(stageDeployments)
    .where(and(eq(stageDeployments.accountId, accountId), eq(stageDeployments.region, region)))
    .orderBy(desc(stageDeployments.deployedAt))
    .limit(1);
  return row?.at ?? null;
}

export async function recentDeployments(db: Db, restApiId: string, stage: string, limit = 20) {
  return db
    .select()
    .from(stageDeployments)
    .where(and(eq(stageDeployments.restApiId, restApiId), eq(stageDeployments.stage, stage)))
    .orderBy(desc(stageDeployments.deployedAt))
    .limit(limit);
}
