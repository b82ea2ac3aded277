import { consoleRoute, json } from "@/lib/api/route";
import { requestRedeploy } from "@/lib/aws/redeploy/request";
import { createRedeployBodySchema, listRedeployQuerySchema } from "@/lib/aws/redeploy/schemas";
import { listJobViews } from "@/lib/aws/redeploy/view";
import { resumeRedeployQueues } from "@/lib/aws/redeploy/worker";

/** Redeploy APIs: queue the affected stages (joins a job already running in that account+region). */
export const POST = consoleRoute({ role: "admin", body: createRedeployBodySchema }, async ({ db, body, caller }) => {
  const result = await requestRedeploy(db, caller, body);
  return json(result, result.job ? 202 : 200);
});

/** `?active=1`: the queued/running jobs (what a reloaded page follows); otherwise the latest jobs. */
export const GET = consoleRoute({ role: "viewer", query: listRedeployQuerySchema }, async ({ db, query }) => {
  const active = query.active === "1" || query.active === "true";
  if (active) await resumeRedeployQueues(db);
  return json({ jobs: await listJobViews(db, { active }) });
});
