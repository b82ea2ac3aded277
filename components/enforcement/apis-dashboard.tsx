"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, ApiClientError, errorMessage } from "../api-client";
import { useFormErrors } from "../ui/form-errors";
import { errorBox, primaryButton } from "../ui/styles";
import { ApisFilters } from "./apis-filters";
import { ApisTable } from "./apis-table";
import { AssignDialog, type AssignChoice } from "./assign-dialog";
import { DecisionsChart } from "./decisions-chart";
import { OpenAtGatewayBanner } from "./open-banner";
import { StatusAge } from "./status-age";
import { SummaryCards } from "./summary-cards";
import { allApisQuery } from "./queries";
import { EMPTY_FILTERS, enforcementKeys, filtersQuery, type ApiFilters, type ApiList, type ApiView, type PolicyView } from "./types";
import { useSettledFilters } from "./use-deferred-filters";

type Editing = { kind: "one"; api: ApiView } | { kind: "bulk"; ids: string[] } | null;


/** Enforcement › APIs: summary, decisions chart, filters, the APIs by service, and assignments. */
export function ApisDashboard({ canEdit }: { canEdit: boolean }) {
  const qc = useQueryClient();
  const [filters, setFilters] = useState<ApiFilters>(EMPTY_FILTERS);
  const settled = useSettledFilters(filters);
  const filtered = (Object.values(settled) as string[]).some((v) => v.trim() !== "");
  // The statuses come from AWS reads the server refreshes in the background; poll them.
  const all = useQuery({ ...allApisQuery, refetchInterval: 15_000 });
  const list = useQuery({ queryKey: enforcementKeys.apis(settled), queryFn: () => api<ApiList>(filtersQuery(settled)), enabled: filtered });
  const policies = useQuery({ queryKey: enforcementKeys.policies, queryFn: () => api<{ policies: PolicyView[] }>("policies"), enabled: canEdit });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<Editing>(null);
  const dialogErrors = useFormErrors(["policy_id", "shadow_policy_id"]);
  const [notice, setNotice] = useState<string | null>(null);

  const shown = filtered ? list : all;
  const latest = new Map((all.data?.apis ?? []).concat(shown.data?.apis ?? []).map((a) => [a.id, a]));

  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ["apis"] }), qc.invalidateQueries({ queryKey: enforcementKeys.policies })]);
  const close = () => {
    setEditing(null);
    dialogErrors.clear();
  };
  const assign = useMutation({
    mutationFn: async (v: { editing: NonNullable<Editing>; choice: AssignChoice }) => {
      const fields = {
        ...(v.choice.policyId !== undefined ? { policy_id: v.choice.policyId } : {}),
        ...(v.choice.shadowPolicyId !== undefined ? { shadow_policy_id: v.choice.shadowPolicyId } : {}),
      };
      if (v.editing.kind === "one") {
        const current = latest.get(v.editing.api.id) ?? v.editing.api;
        await api(`apis/${current.id}`, { method: "PUT", body: { ...fields, version: current.version } });
        return 1;
      }
      const versions = Object.fromEntries(v.editing.ids.flatMap((id) => (latest.has(id) ? [[id, latest.get(id)!.version]] : [])));
      await api("apis/assign", { method: "POST", body: { api_ids: v.editing.ids, ...fields, versions } });
      return v.editing.ids.length;
    },
    onSuccess: (n) => {
      close();
      setSelected(new Set());
      setNotice(`Updated ${n === 1 ? "1 API" : `${n} APIs`}. Attached and deployed APIs get it at the authorizer's next reload; the status column says when it is live.`);
    },
    onError: (e) =>
      e instanceof ApiClientError && e.status === 409
        ? dialogErrors.show(`${e.message} The list was reloaded with the latest state; check it and update again.`)
        : dialogErrors.fail(e),
    onSettled: () => refresh(),
  });

  const promote = useMutation({
    mutationFn: async (a: ApiView) => {
      const current = latest.get(a.id) ?? a;
      await api(`apis/${current.id}/promote-shadow`, { method: "POST", body: { version: current.version } });
      return current;
    },
    onMutate: () => setNotice(null),
    onSuccess: (a) =>
      setNotice(`${a.shadow_policy_name ?? "The shadow policy"} is now the enforced policy of ${a.method} ${a.path}. Attached and deployed APIs get it at the authorizer's next reload.`),
    onSettled: () => refresh(),
  });

  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (!n.delete(id)) n.add(id); return n; });
  const toggleMany = (ids: string[], on: boolean) =>
    setSelected((s) => { const n = new Set(s); for (const id of ids) if (on) n.add(id); else n.delete(id); return n; });
  const selectedIds = [...selected].filter((id) => latest.has(id));

  return (
    <div className="space-y-4">
      <OpenAtGatewayBanner count={all.data?.summary.open_at_gateway} />
      <SummaryCards summary={all.data?.summary} />
      <StatusAge checkedAt={all.data?.summary.checked_at ?? null} onRefreshed={() => void refresh()} />
      <DecisionsChart gatewayId={settled.gateway_id} />
      <ApisFilters all={all.data?.apis ?? []} value={filters} onChange={setFilters} />
      {notice && <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">{notice}</p>}
      {canEdit && (
        <div className="flex items-center gap-3">
          <button type="button" className={primaryButton} disabled={selectedIds.length === 0}
            onClick={() => { setNotice(null); setEditing({ kind: "bulk", ids: selectedIds }); }}>
            Assign policy to selected{selectedIds.length ? ` (${selectedIds.length})` : ""}
          </button>
          {selectedIds.length > 0 && (
            <button type="button" className="text-sm text-slate-600 hover:underline" onClick={() => setSelected(new Set())}>Clear selection</button>
          )}
        </div>
      )}
      {promote.isError && (
        <p role="alert" className={errorBox}>
          {errorMessage(promote.error)}
          {promote.error instanceof ApiClientError && promote.error.status === 409 ? " The list was reloaded with the latest state." : ""}
        </p>
      )}
      {shown.isError && <p role="alert" className={errorBox}>{errorMessage(shown.error)}</p>}
      {shown.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {shown.data && shown.data.apis.length === 0 && (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
          {filtered ? "No API matches these filters." : "No APIs yet. Connect a discovered API group to a service on a gateway's page."}
        </div>
      )}
      {shown.data && shown.data.apis.length > 0 && (
        <ApisTable apis={shown.data.apis} canEdit={canEdit} selected={selected} onToggle={toggle} onToggleMany={toggleMany}
          onEdit={(a) => { setNotice(null); setEditing({ kind: "one", api: a }); }}
          onPromote={(a) => promote.mutate(a)} promoting={promote.isPending} />
      )}
      {editing && (
        <AssignDialog
          title={editing.kind === "one" ? `Edit ${editing.api.method} ${editing.api.path}` : `Assign a policy to ${editing.ids.length} APIs`}
          description={editing.kind === "one" ? `Service ${editing.api.service_name}` : undefined}
          initialPolicyId={editing.kind === "one" ? editing.api.policy_id : null}
          initialShadowPolicyId={editing.kind === "one" ? editing.api.shadow_policy_id : null}
          bulk={editing.kind === "bulk"}
          policies={policies.data?.policies ?? []}
          pending={assign.isPending}
          errors={dialogErrors}
          onClose={close}
          onSubmit={(choice) => assign.mutate({ editing, choice })}
        />
      )}
    </div>
  );
}
