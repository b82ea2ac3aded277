"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { PolicyReplayResult } from "@/lib/policies/replay";
import { api, errorMessage } from "../api-client";
import { allApisQuery } from "../enforcement/queries";
import { errorBox, input, label, secondaryButton } from "../ui/styles";

/**
 * Replay recent decisions: an API's decisions of the last 24 h, with the inputs their events
 * recorded (method, path, header names, claims — never tokens), through the validators being
 * edited; counts what would change.
 */
export function ReplayPanel({ validators, disabled }: { validators: unknown[]; disabled: boolean }) {
  // Opened on demand: the API list is read only when someone wants to replay.
  const [open, setOpen] = useState(false);
  // The same query and cache entry as the Enforcement › APIs page's unfiltered list.
  const apis = useQuery({ ...allApisQuery, enabled: open });
  const [apiId, setApiId] = useState("");
  const run = useMutation({
    mutationFn: (body: unknown) => api<PolicyReplayResult>("policies/replay", { method: "POST", body }),
  });
  const choices = apis.data?.apis ?? [];
  const chosen = apiId || choices[0]?.id || "";

  if (!open) {
    return (
      <div className="border-t border-slate-100 pt-4">
        <button type="button" className={secondaryButton} onClick={() => setOpen(true)}>Replay recent decisions…</button>
      </div>
    );
  }
  return (
    <div className="space-y-3 border-t border-slate-100 pt-4" aria-label="Replay recent decisions" role="group">
      <div>
        <h3 className="text-sm font-semibold">Replay recent decisions</h3>
        <p className="text-xs text-slate-600">
          Runs these validators over an API&apos;s decisions of the last 24 hours, with what their events recorded: method, path,
          header names (values are never recorded, so a header is present but empty) and the verified claims — never tokens.
        </p>
      </div>
      {apis.isError && <p className="text-xs text-red-700">The APIs could not be listed: {errorMessage(apis.error)}</p>}
      <div className="flex items-end gap-2">
        <div className="flex-1">
          <label className={label} htmlFor="replay-api">API</label>
          <select id="replay-api" className={input} value={chosen} onChange={(e) => setApiId(e.target.value)}>
            {choices.length === 0 && <option value="">No APIs yet</option>}
            {choices.map((a) => (
              <option key={a.id} value={a.id}>{a.service_name} · {a.method} {a.path}</option>
            ))}
          </select>
        </div>
        <button type="button" className={secondaryButton} disabled={disabled || !chosen || run.isPending}
          onClick={() => run.mutate({ policy: { validators }, api_id: chosen })}>
          {run.isPending ? "Replaying…" : "Replay"}
        </button>
      </div>
      {run.isError && <p role="alert" className={errorBox}>{errorMessage(run.error)}</p>}
      {run.data && !run.isError && <ReplaySummary result={run.data} />}
    </div>
  );
}

function ReplaySummary({ result: r }: { result: PolicyReplayResult }) {
  return (
    <div className="space-y-2 text-sm" data-testid="replay-result">
      <p>
        Replayed <strong>{r.replayed}</strong> {r.replayed === 1 ? "decision" : "decisions"}:{" "}
        <span className="text-red-700" data-testid="replay-allow-to-deny">{r.allow_to_deny} allow → deny</span>,{" "}
        <span className="text-emerald-700" data-testid="replay-deny-to-allow">{r.deny_to_allow} deny → allow</span>, {r.unchanged} unchanged.
        {r.without_inputs > 0 && <span className="text-slate-500"> {r.without_inputs} without recorded inputs were not replayed.</span>}
      </p>
      {r.examples.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 font-mono text-xs">
          {r.examples.map((e, i) => (
            <li key={i} className="px-3 py-1.5">
              {e.method} {e.path} <span className="text-slate-500">{new Date(e.at).toLocaleString()}</span> — {e.recorded} → {e.replayed}
              {e.failures[0] && <span className="text-slate-500"> ({e.failures[0].validator}: {e.failures[0].message})</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
