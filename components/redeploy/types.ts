/** Shapes of the redeploy admin API (`/redeploy…`) as the UI reads them. */
export interface RedeployItemView {
  id: string;
  gateway_id: string | null;
  rest_api_id: string;
  api_name: string;
  stage: string;
  status: "pending" | "running" | "succeeded" | "failed";
  attempts: number;
  deployment_id: string | null;
  error: string | null;
  requested_by: string;
  changes: { method: string; path: string; policy: string | null }[];
  started_at: string | null;
  finished_at: string | null;
}

export interface RedeployJobView {
  id: string;
  account_id: string;
  region: string;
  status: "queued" | "running" | "succeeded" | "failed";
  requested_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  total: number;
  succeeded: number;
  failed: number;
  remaining: number;
  percent: number;
  eta_seconds: number | null;
  items: RedeployItemView[];
}

export interface RedeployRequestResult {
  job: RedeployJobView | null;
  jobs: RedeployJobView[];
  joined: boolean;
  message: string;
}

export const redeployKeys = {
  active: ["redeploy", "active"] as const,
  job: (id: string) => ["redeploy", "job", id] as const,
};

export const isActive = (j: RedeployJobView) => j.status === "queued" || j.status === "running";
