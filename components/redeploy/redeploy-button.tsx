"use client";

import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../api-client";
import { errorBox, primaryButton } from "../ui/styles";
import { RedeployProgress } from "./redeploy-progress";
import { isActive, redeployKeys, type RedeployJobView, type RedeployRequestResult } from "./types";

/**
 * "Redeploy APIs": queues CreateDeployment for every stage whose enforcement changed (of one
 * gateway, or all), then follows the queue. After a reload it finds the running job again; a
 * click while one runs joins it.
 */
export function RedeployButton({ gatewayId, canEdit = true }: { gatewayId?: string; canEdit?: boolean }) {
  const queryClient = useQueryClient();
  const [tracked, setTracked] = useState<string[]>([]);
  const [all, setAll] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const active = useQuery({
    queryKey: redeployKeys.active,
    queryFn: () => api<{ jobs: RedeployJobView[] }>("redeploy?active=1"),
    refetchInterval: (q) => ((q.state.data?.jobs.length ?? 0) > 0 ? 2000 : false),
  });
  // Jobs found running (e.g. after a reload) are followed to their end, like the ones started here.
  const activeIds = (active.data?.jobs ?? []).map((j) => j.id).join(",");
  const [seenActive, setSeenActive] = useState("");
  if (activeIds !== seenActive) {
    setSeenActive(activeIds);
    if (activeIds) setTracked((t) => [...new Set([...t, ...activeIds.split(",")])]);
  }

  const jobs = useQueries({
    queries: tracked.map((id) => ({
      queryKey: redeployKeys.job(id),
      queryFn: () => api<RedeployJobView>(`redeploy/${id}`),
      refetchInterval: (q: { state: { data?: RedeployJobView } }) => (!q.state.data || isActive(q.state.data) ? 1500 : false),
    })),
  });

  const start = useMutation({
    mutationFn: () => api<RedeployRequestResult>("redeploy", { method: "POST", body: { ...(gatewayId ? { gateway_id: gatewayId } : {}), ...(all ? { all: true } : {}) } }),
    onSuccess: async (result) => {
      setNotice(result.message);
      if (result.jobs.length > 0) setTracked((t) => [...new Set([...t, ...result.jobs.map((j) => j.id)])]);
      await queryClient.invalidateQueries({ queryKey: redeployKeys.active });
    },
  });
  const running = jobs.some((q) => q.data && isActive(q.data));

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={primaryButton} disabled={!canEdit || start.isPending} onClick={() => start.mutate()}>
          {start.isPending ? "Queueing…" : running ? "Redeploy APIs (joins the running queue)" : "Redeploy APIs"}
        </button>
        <label className="flex items-center gap-1 text-xs text-slate-600" title="Deploy every connected stage, not only those whose deployment lacks the authorizer">
          <input type="checkbox" checked={all} disabled={!canEdit} onChange={(e) => setAll(e.target.checked)} aria-describedby="redeploy-all-help" />
          all connected stages
        </label>
        <span id="redeploy-all-help" className="text-xs text-slate-500">
          {all
            ? "Every connected stage gets a new deployment."
            : "Only stages whose deployment does not yet publish their connected methods with the authorizer are deployed."}
        </span>
      </div>
      {start.isError && <div role="alert" className={errorBox}>{errorMessage(start.error)}</div>}
      {notice && <p role="status" className="text-xs text-slate-600">{notice}</p>}
      {jobs.map((q, i) =>
        q.data ? <RedeployProgress key={tracked[i]} job={q.data} onDismiss={() => setTracked((t) => t.filter((id) => id !== tracked[i]))} /> : null,
      )}
    </div>
  );
}
