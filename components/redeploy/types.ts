/** Shapes of the redeploy admin API (`/redeploy…`) as the UI reads them. */
// The server's own view types (type-only: nothing of lib/ reaches the browser bundle).
import type { RedeployRequestResult } from "@/lib/aws/redeploy/request";
import type { RedeployItemView, RedeployJobView } from "@/lib/aws/redeploy/view";

export type { RedeployItemView, RedeployJobView, RedeployRequestResult };

export const redeployKeys = {
  active: ["redeploy", "active"] as const,
  job: (id: string) => ["redeploy", "job", id] as const,
};

export const isActive = (j: RedeployJobView) => j.status === "queued" || j.status === "running";
