"use client";

import type { RedeployJobView } from "./types";

function eta(seconds: number | null): string {
  if (seconds === null) return "";
  if (seconds < 60) return `about ${seconds} s left`;
  return `about ${Math.ceil(seconds / 60)} min left`;
}

const ITEM_TONE = { pending: "text-slate-500", running: "text-sky-700", succeeded: "text-emerald-700", failed: "text-red-700" } as const;

/** One redeploy job: progress, ETA at AWS's pace, and a result per API and stage. */
export function RedeployProgress({ job, onDismiss }: { job: RedeployJobView; onDismiss?: () => void }) {
  const active = job.status === "queued" || job.status === "running";
  const label = active
    ? `Redeploying ${job.succeeded + job.failed} of ${job.total} stages · ${eta(job.eta_seconds)}`
    : job.status === "succeeded"
      ? `Redeployed ${job.succeeded} stage${job.succeeded === 1 ? "" : "s"}`
      : `Redeploy finished: ${job.succeeded} deployed, ${job.failed} failed`;
  return (
    <div data-testid="redeploy-job" data-status={job.status} className="space-y-2 rounded-md border border-slate-200 bg-white p-3 text-sm">
      <div className="flex items-start justify-between gap-2">
        <p role="status" className={job.status === "failed" ? "font-medium text-red-800" : "font-medium"}>{label}</p>
        {!active && onDismiss && (
          <button type="button" onClick={onDismiss} aria-label="Dismiss redeploy result" className="rounded px-1 text-slate-500 hover:bg-slate-100">✕</button>
        )}
      </div>
      <div role="progressbar" aria-label="Redeploy progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={job.percent}
        className="h-1.5 overflow-hidden rounded bg-slate-200">
        <div className={`h-full ${job.failed > 0 ? "bg-amber-500" : "bg-indigo-600"}`} style={{ width: `${job.percent}%` }} />
      </div>
      <p className="text-xs text-slate-500">
        {job.region} · account {job.account_id} · one CreateDeployment every 5 s (AWS&apos;s limit) · requested by {job.requested_by}
      </p>
      <ul className="space-y-0.5 text-xs" aria-label="Stages">
        {job.items.map((i) => (
          <li key={i.id} className="flex flex-wrap gap-x-2">
            <span className="font-medium">{i.api_name}</span>
            <span className="text-slate-500">{i.stage}</span>
            <span className={ITEM_TONE[i.status]}>
              {i.status === "succeeded" ? `deployed (${i.deployment_id})` : i.status === "failed" ? `failed: ${i.error}` : i.status === "running" ? `deploying${i.attempts > 1 ? ` (attempt ${i.attempts})` : ""}…` : "queued"}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
