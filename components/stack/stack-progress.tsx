"use client";

import type { StackView } from "./types";

const TONE: Record<StackView["phase"], string> = {
  in_progress: "bg-sky-100 text-sky-800",
  complete: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  deleted: "bg-slate-100 text-slate-700",
};

function resourceTone(status: string): string {
  if (status.endsWith("_FAILED")) return "text-red-700";
  if (status.endsWith("_COMPLETE") && !status.includes("ROLLBACK") && !status.startsWith("DELETE")) return "text-emerald-700";
  if (status.endsWith("IN_PROGRESS")) return "text-sky-700";
  return "text-slate-600";
}

/** The stack's status, a progress bar, resource by resource, the failure with what to do, and the events. */
export function StackProgress({ stack }: { stack: StackView }) {
  const verb = stack.operation === "launch" ? "Creating" : stack.operation === "update" ? "Updating" : "Deleting";
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">{stack.stack_name}</span>
        <span data-testid="stack-status" className={`rounded px-2 py-0.5 text-xs font-semibold ${TONE[stack.phase]}`}>{stack.status}</span>
        <span className="text-xs text-slate-500">{stack.region} · account {stack.account_id} · authorizer {stack.authorizer_version}</span>
      </div>

      <div>
        <div className="mb-1 flex justify-between text-xs text-slate-600">
          <span>{stack.phase === "in_progress" ? `${verb} resources…` : `${stack.progress.done} of ${stack.progress.total} resources`}</span>
          <span>{stack.progress.percent}%</span>
        </div>
        <div role="progressbar" aria-label="Stack progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={stack.progress.percent}
          className="h-2 overflow-hidden rounded bg-slate-200">
          <div className={`h-full transition-all ${stack.phase === "failed" ? "bg-red-500" : "bg-indigo-600"}`} style={{ width: `${stack.progress.percent}%` }} />
        </div>
      </div>

      {stack.phase === "deleted" && (
        <p role="status" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">
          {stack.status_reason ?? "The stack was deleted."} — the authorizer is not running. Launch the stack again to deploy it.
        </p>
      )}

      {stack.failure && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-medium">
            {stack.failure.logicalResourceId ? <>{stack.failure.logicalResourceId} <span className="text-xs font-normal">({stack.failure.resourceType})</span> failed: </> : "The stack failed: "}
            {stack.failure.reason}
          </p>
          {stack.failure.advice && <p className="mt-1">{stack.failure.advice}</p>}
        </div>
      )}

      {stack.progress.resources.length > 0 && (
        <table className="w-full text-left text-xs" aria-label="Stack resources">
          <thead className="text-slate-500"><tr><th className="py-1">Resource</th><th>Type</th><th>Status</th></tr></thead>
          <tbody>
            {stack.progress.resources.map((r) => (
              <tr key={r.logicalResourceId} className="border-t border-slate-100">
                <td className="py-1 font-mono">{r.logicalResourceId}</td>
                <td className="text-slate-500">{r.resourceType}</td>
                <td className={resourceTone(r.status)}>{r.status}{r.reason && r.status.endsWith("FAILED") ? ` — ${r.reason}` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {Object.keys(stack.outputs).length > 0 && (
        <dl className="grid gap-x-4 gap-y-1 text-xs sm:grid-cols-[8rem_1fr]">
          {Object.entries(stack.outputs).map(([k, v]) => (
            <div key={k} className="contents"><dt className="font-medium text-slate-600">{k}</dt><dd className="font-mono break-all">{v}</dd></div>
          ))}
        </dl>
      )}

      {stack.events.length > 0 && (
        <details className="text-xs">
          <summary className="cursor-pointer text-slate-600">Events ({stack.events.length})</summary>
          <ol className="mt-2 max-h-64 space-y-1 overflow-auto">
            {stack.events.map((e) => (
              <li key={e.event_id} className="flex gap-2">
                <time className="shrink-0 text-slate-500">{new Date(e.at).toLocaleTimeString()}</time>
                <span className="font-mono">{e.logical_resource_id}</span>
                <span className={resourceTone(e.status)}>{e.status}</span>
                {e.reason && <span className="text-slate-500">{e.reason}</span>}
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
