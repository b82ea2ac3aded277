"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { GatewayEnforcementOverview } from "@/lib/enforcement/gateway-overview";
import type { SyncNowResult } from "@/lib/aws/authorizer-sync";
import type { FlushResult } from "@/lib/enforcement/aws/flush";
import { api, errorMessage } from "../api-client";
import { OpenAtGatewayBanner } from "../enforcement/open-banner";
import { StatusAge } from "../enforcement/status-age";
import { card, secondaryButton } from "../ui/styles";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString() : "—");

/**
 * A gateway's enforcement as AWS reports it: APIs open at the gateway, each connected stage's
 * deployment and attachments with the read's age, the authorizer's last and next sync, and the
 * actions that change it without guessing — Sync now, Refresh, Flush authorizer cache.
 */
export function EnforcementPanel({ gatewayId, canEdit }: { gatewayId: string; canEdit: boolean }) {
  const qc = useQueryClient();
  const key = ["gateway-enforcement", gatewayId];
  const overview = useQuery({
    queryKey: key,
    queryFn: () => api<GatewayEnforcementOverview>(`gateways/${gatewayId}/enforcement`),
    refetchInterval: 10_000,
  });
  const invalidate = () => Promise.all([qc.invalidateQueries({ queryKey: key }), qc.invalidateQueries({ queryKey: ["apis"] }), qc.invalidateQueries({ queryKey: ["gateway"] })]);
  const sync = useMutation({
    mutationFn: () => api<{ sync: SyncNowResult }>(`gateways/${gatewayId}/sync`, { method: "POST" }),
    onSettled: () => invalidate(),
  });
  const flush = useMutation({
    mutationFn: () => api<FlushResult>(`gateways/${gatewayId}/flush-cache`, { method: "POST" }),
    onSettled: () => invalidate(),
  });
  const o = overview.data;
  return (
    <section className={`${card} space-y-3`} aria-label="Enforcement at the gateway">
      <h2 className="font-medium text-slate-900">Enforcement at the gateway</h2>
      {overview.isError && <p role="alert" className="text-sm text-red-700">{errorMessage(overview.error)}</p>}
      {o && <OpenAtGatewayBanner count={o.summary.open_at_gateway} href={`/enforcement/apis`} />}
      {o && (
        <p className="text-sm text-slate-600" data-testid="sync-times">
          Authorizer sync: last {when(o.sync.last_sync_at)}, next {o.sync.next_sync_at ? `about ${when(o.sync.next_sync_at)}` : "once its stack runs"} (every{" "}
          {o.sync.schedule_seconds} s). {o.summary.protected} API{o.summary.protected === 1 ? "" : "s"} enforced, {o.summary.pending_redeploy} stage
          {o.summary.pending_redeploy === 1 ? "" : "s"} behind.
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        {canEdit && (
          <button type="button" className={secondaryButton} disabled={sync.isPending || !o?.function_arn} onClick={() => sync.mutate()}
            title={o?.function_arn ? "Invoke the authorizer now: it discovers and attaches itself at once" : "Launch the authorizer stack first"}>
            {sync.isPending ? "Syncing…" : "Sync now"}
          </button>
        )}
        {canEdit && o && o.cache_ttl_seconds > 0 && (
          <button type="button" className={secondaryButton} disabled={flush.isPending} onClick={() => flush.mutate()}>
            {flush.isPending ? "Flushing…" : "Flush authorizer cache"}
          </button>
        )}
        <StatusAge checkedAt={o?.summary.checked_at ?? null} gatewayId={gatewayId} onRefreshed={() => void invalidate()} />
      </div>
      {sync.isError && <p role="alert" className="text-sm text-red-700">{errorMessage(sync.error)}</p>}
      {sync.data && (
        <p role="status" className="text-sm text-slate-700" data-testid="sync-result">
          {sync.data.sync.ok ? "Synced" : "The sync reported problems"}: {sync.data.sync.attached} method(s) attached, {sync.data.sync.detached} detached
          {sync.data.sync.errors.length > 0 ? ` — ${sync.data.sync.errors[0]}` : ""}.
        </p>
      )}
      {flush.isError && <p role="alert" className="text-sm text-red-700">{errorMessage(flush.error)}</p>}
      {flush.data && <p role="status" className="text-sm text-slate-700">Flushed {flush.data.flushed.length} stage(s){flush.data.errors.length ? `, ${flush.data.errors.length} failed: ${flush.data.errors[0]!.error}` : ""}.</p>}
      {o && o.stages.length > 0 && (
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500 uppercase">
            <tr><th>REST API · stage</th><th>Deployment</th><th>Attached</th><th>Read from AWS</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {o.stages.map((s) => (
              <tr key={`${s.rest_api_id}/${s.stage}`} data-testid={`stage-${s.rest_api_id}-${s.stage}`} data-pending={s.pending_redeploy ? "1" : "0"}>
                <td className="py-1 font-mono">{s.rest_api_id} · {s.stage}</td>
                <td>{s.deployment_id ?? "—"}{s.pending_redeploy && <span className="ml-2 text-xs text-indigo-700">behind: redeploy</span>}</td>
                <td>{s.attached} of {s.methods}</td>
                <td className="text-slate-600">{when(s.checked_at)}{s.error && <span className="ml-2 text-red-700">{s.error}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
