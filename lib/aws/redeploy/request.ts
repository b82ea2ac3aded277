import "server-only";
import { eq } from "drizzle-orm";
import { notFound } from "../../api/errors";
import type { AuditActor } from "../../audit/record";
import type { Db } from "../../db/client";
import { gateways } from "../../db/schema";
import { refreshEnforcement } from "../../enforcement/aws/refresh";
import { accountFor } from "../identity";
import { enqueueStages } from "./queue";
import type { CreateRedeployBody } from "./schemas";
import { stagesToDeploy, type StageToDeploy } from "./select";
import { jobViews, type RedeployJobView } from "./view";
import { kickWorker } from "./worker";

/**
 * "Redeploy APIs": find the stages to deploy, queue them per account+region (joining a job
 * already running there), and start the workers. Answers the jobs, or none when nothing changed.
 */
export interface RedeployRequestResult {
  job: RedeployJobView | null;
  jobs: RedeployJobView[];
  joined: boolean;
  message: string;
}

const FRESH_ENOUGH_MS = 3000;

/** Why a plain redeploy queued nothing: what it looked at, and what "all connected stages" would do instead. */
export function nothingToRedeploy(considered: number, oneGateway: boolean, unread = ""): string {
  if (considered === 0) return `No connected stages ${oneGateway ? "on this gateway" : "on any gateway"}: connect an API group to a service first.`;
  const one = considered === 1;
  const stages = one ? "the 1 connected stage" : `all ${considered} connected stages`;
  const them = one ? "it" : "them";
  return (
    `Nothing to redeploy: checked ${stages} ${oneGateway ? "of this gateway" : "across all gateways"} against AWS just now; ` +
    `none needs a deployment, because ${one ? "its" : "each one's"} deployment already publishes its connected methods with ` +
    `${oneGateway ? "this gateway's" : "its gateway's"} authorizer (policy changes reach ${them} at the authorizer's next reload, without one). ` +
    `Tick "all connected stages" to deploy ${them} anyway.${unread}`
  );
}

export async function requestRedeploy(db: Db, actor: AuditActor, body: CreateRedeployBody): Promise<RedeployRequestResult> {
  if (body.gateway_id) {
    const [g] = await db.select({ id: gateways.id }).from(gateways).where(eq(gateways.id, body.gateway_id));
    if (!g) throw notFound("Gateway");
  }
  // What the stages really publish, read from AWS now (reads younger than a few seconds are reused).
  const read = body.all ? null : await refreshEnforcement(db, { gatewayId: body.gateway_id, maxAgeMs: FRESH_ENOUGH_MS });
  const { stages, considered } = await stagesToDeploy(db, { gatewayId: body.gateway_id, all: body.all });
  const unread = read && read.errors.length > 0 ? ` ${read.errors.length} stage(s) could not be read from AWS: ${read.errors[0]!.error}` : "";
  if (stages.length === 0) {
    return { job: null, jobs: [], joined: false, message: nothingToRedeploy(considered, Boolean(body.gateway_id), unread) };
  }
  const byRegion = new Map<string, StageToDeploy[]>();
  for (const s of stages) byRegion.set(s.region, [...(byRegion.get(s.region) ?? []), s]);

  const enqueued = [];
  for (const [region, list] of byRegion) {
    const account = await accountFor(region);
    const e = await enqueueStages(db, account, region, list, actor);
    enqueued.push(e);
    void kickWorker(account, region);
  }
  const jobs = await jobViews(db, enqueued.map((e) => e.job));
  const joined = enqueued.some((e) => e.joined);
  return {
    job: jobs[0] ?? null,
    jobs,
    joined,
    message: `${stages.length} stage${stages.length === 1 ? "" : "s"} queued${joined ? " (joined the redeploy already running)" : ""}.`,
  };
}
