import "server-only";
import { asc, desc, eq, inArray } from "drizzle-orm";
import { notFound } from "../../api/errors";
import type { Db } from "../../db/client";
import { redeployItems, redeployJobs, type RedeployItem, type RedeployJob } from "../../db/schema";
import { CREATE_DEPLOYMENT_INTERVAL_MS } from "../../../protocol/api-gateway-quotas";

/** A redeploy job as the UI follows it: progress, an ETA from AWS's pace, a result per API and stage. */
export interface RedeployItemView {
  id: string;
  gateway_id: string | null;
  rest_api_id: string;
  api_name: string;
  stage: string;
  status: RedeployItem["status"];
  attempts: number;
  deployment_id: string | null;
  error: string | null;
  requested_by: string;
  changes: RedeployItem["changes"];
  started_at: string | null;
  finished_at: string | null;
}

export interface RedeployJobView {
  id: string;
  account_id: string;
  region: string;
  status: RedeployJob["status"];
  requested_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  total: number;
  succeeded: number;
  failed: number;
  remaining: number;
  percent: number;
  /** Seconds until the last stage is deployed at one CreateDeployment per 5 s (null when done). */
  eta_seconds: number | null;
  items: RedeployItemView[];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function etaSeconds(remaining: number, lastFinishedAt: number | null, now: number): number | null {
  if (remaining === 0) return null;
  const firstSlot = Math.max(now, (lastFinishedAt ?? now) + CREATE_DEPLOYMENT_INTERVAL_MS);
  return Math.ceil((firstSlot - now + (remaining - 1) * CREATE_DEPLOYMENT_INTERVAL_MS) / 1000);
}

export function toJobView(job: RedeployJob, items: RedeployItem[], now = Date.now()): RedeployJobView {
  const succeeded = items.filter((i) => i.status === "succeeded").length;
  const failed = items.filter((i) => i.status === "failed").length;
  const remaining = items.length - succeeded - failed;
  const lastFinished = items.reduce<number | null>((m, i) => (i.finishedAt && i.status === "succeeded" ? Math.max(m ?? 0, i.finishedAt.getTime()) : m), null);
  return {
    id: job.id,
    account_id: job.accountId,
    region: job.region,
    status: job.status,
    requested_by: job.requestedBy,
    created_at: job.createdAt.toISOString(),
    started_at: iso(job.startedAt),
    finished_at: iso(job.finishedAt),
    total: items.length,
    succeeded,
    failed,
    remaining,
    percent: items.length === 0 ? 100 : Math.round(((succeeded + failed) / items.length) * 100),
    eta_seconds: job.status === "succeeded" || job.status === "failed" ? null : etaSeconds(remaining, lastFinished, now),
    items: items.map((i) => ({
      id: i.id,
      gateway_id: i.gatewayId,
      rest_api_id: i.restApiId,
      api_name: i.apiName,
      stage: i.stage,
      status: i.status,
      attempts: i.attempts,
      deployment_id: i.awsDeploymentId,
      error: i.error,
      requested_by: i.requestedBy,
      changes: i.changes,
      started_at: iso(i.startedAt),
      finished_at: iso(i.finishedAt),
    })),
  };
}

export async function jobViews(db: Db, jobs: RedeployJob[]): Promise<RedeployJobView[]> {
  if (jobs.length === 0) return [];
  const items = await db
    .select()
    .from(redeployItems)
    .where(inArray(redeployItems.jobId, jobs.map((j) => j.id)))
    .orderBy(asc(redeployItems.position));
  return jobs.map((j) => toJobView(j, items.filter((i) => i.jobId === j.id)));
}

export async function getJobView(db: Db, jobId: string): Promise<RedeployJobView> {
  const [job] = await db.select().from(redeployJobs).where(eq(redeployJobs.id, jobId));
  if (!job) throw notFound("Redeploy job");
  const [view] = await jobViews(db, [job]);
  return view!;
}

/** Active jobs first, then the most recent finished ones. */
export async function listJobViews(db: Db, opts: { active?: boolean; limit?: number }): Promise<RedeployJobView[]> {
  const jobs = opts.active
    ? await db.select().from(redeployJobs).where(inArray(redeployJobs.status, ["queued", "running"])).orderBy(asc(redeployJobs.createdAt))
    : await db.select().from(redeployJobs).orderBy(desc(redeployJobs.createdAt)).limit(opts.limit ?? 10);
  return jobViews(db, jobs);
}
