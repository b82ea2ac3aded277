"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { api, errorMessage } from "../api-client";
import { ConfirmActions } from "../ui/confirm-actions";
import { FieldError, FormError, useFormErrors } from "../ui/form-errors";
import { card, errorBox, input, label, primaryButton, secondaryButton } from "../ui/styles";
import { ConflictNotice } from "./conflict-notice";
import { useNow } from "../ui/now";
import { timeAgo } from "./time";
import { keys, type ApiGroupView, type GatewayConflict, type ServiceView } from "./types";
import { useGateway } from "./use-gateway";

export function GatewayApis({ id, isAdmin }: { id: string; isAdmin: boolean }) {
  const groups = useQuery({
    queryKey: keys.groups(id),
    queryFn: () => api<{ groups: ApiGroupView[] }>(`gateways/${encodeURIComponent(id)}/groups`),
    refetchInterval: 30_000,
  });

  // The gateway view carries the stages also connected on another gateway (shared query with the header).
  const gateway = useGateway(id);

  if (groups.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (groups.isError) return <p role="alert" className={errorBox}>{errorMessage(groups.error)}</p>;
  const list = groups.data.groups;
  const present = list.filter((g) => !g.gone_at).length;
  const connected = list.filter((g) => g.connected).length;
  const gone = list.length - present;
  const conflicts = gateway.data?.conflicts ?? [];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 className="text-base font-semibold">Discovered API groups</h2>
          <p className="text-sm text-slate-600">
            One group per REST API and stage, as the authorizer reports them. Connect a group to a service to manage the policies of its APIs.
          </p>
        </div>
        {list.length > 0 && (
          <p className="text-sm text-slate-600">
            {connected} of {present} connected{gone > 0 && <> · <span className="text-amber-800">{gone} gone from AWS</span></>}
          </p>
        )}
      </div>
      {list.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="font-medium text-slate-900">No APIs discovered yet</p>
          <p className="mx-auto mt-1 max-w-lg text-sm text-slate-600">
            When the authorizer runs, it lists the deployed REST APIs of its region and reports each stage here. Deploy the authorizer
            (see Quickstart) and make sure your APIs are deployed to a stage.
          </p>
        </div>
      ) : (
        <ul className="space-y-3">
          {list.map((g) => (
            <GroupCard key={g.id} gatewayId={id} group={g} isAdmin={isAdmin} conflicts={conflicts.filter((c) => c.group_id === g.id)} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** Whether a group is connected, not connected, or gone from AWS (whatever its binding: a gone stage is protected by nobody). */
function GroupStatus({ group, now }: { group: ApiGroupView; now: number }) {
  if (group.gone_at) {
    return (
      <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200 ring-inset"
        title="The authorizer's last complete discovery no longer found this REST API stage.">
        gone from AWS (since {now === 0 ? new Date(group.gone_at).toLocaleString() : timeAgo(group.gone_at, now)})
      </span>
    );
  }
  if (group.connected) {
    return (
      <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200 ring-inset">
        connected to service {group.service_name ?? group.service_id}
      </span>
    );
  }
  return <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-slate-200 ring-inset">not connected</span>;
}

function GroupCard({ gatewayId, group, isAdmin, conflicts }: { gatewayId: string; group: ApiGroupView; isAdmin: boolean; conflicts: GatewayConflict[] }) {
  const qc = useQueryClient();
  const now = useNow();
  const listId = useId();
  const [expanded, setExpanded] = useState(false);
  const [connecting, setConnecting] = useState(false);
  const [confirmingDisconnect, setConfirmingDisconnect] = useState(false);
  const errors = useFormErrors([]);
  const aws = group.metadata.aws;
  const groupPath = `gateways/${encodeURIComponent(gatewayId)}/groups/${encodeURIComponent(group.id)}`;

  const refresh = () => Promise.all([
    qc.invalidateQueries({ queryKey: keys.groups(gatewayId) }),
    qc.invalidateQueries({ queryKey: keys.gateway(gatewayId) }),
    qc.invalidateQueries({ queryKey: keys.gateways, exact: true }),
    qc.invalidateQueries({ queryKey: keys.services }),
  ]);
  const disconnect = useMutation({
    mutationFn: () => api<ApiGroupView>(`${groupPath}/unbind`, { method: "DELETE" }),
    onSuccess: () => errors.clear(),
    onError: (e) => errors.fail(e),
    onSettled: refresh,
  });

  return (
    <li className={card} data-testid={`group-${group.id}`} aria-label={`API group ${group.name}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-medium text-slate-900">{aws.api_name}</h3>
            <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700" title="Stage">{aws.stage}</span>
            <GroupStatus group={group} now={now} />
          </div>
          <p className="mt-1 text-xs text-slate-500">
            REST API <code className="font-mono">{aws.api_id}</code> · {group.apis_count} API{group.apis_count === 1 ? "" : "s"} · last seen{" "}
            <time dateTime={group.last_seen_at} title={new Date(group.last_seen_at).toLocaleString()}>
              {now === 0 ? new Date(group.last_seen_at).toLocaleString() : timeAgo(group.last_seen_at, now)}
            </time>
          </p>
        </div>
        <div className="flex items-center gap-2">
          <button type="button" aria-expanded={expanded} aria-controls={listId} onClick={() => setExpanded((v) => !v)}
            className="rounded-md px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100">
            {expanded ? "Hide APIs" : "Show APIs"}
          </button>
          {isAdmin && !group.service_id && !group.gone_at && !connecting && (
            <button type="button" onClick={() => setConnecting(true)} className={primaryButton}>Connect</button>
          )}
          {isAdmin && group.service_id && !confirmingDisconnect && (
            <button type="button" onClick={() => setConfirmingDisconnect(true)} disabled={disconnect.isPending} className={secondaryButton}>Disconnect</button>
          )}
        </div>
      </div>
      {group.gone_at && group.service_id && (
        <p className="mt-2 text-xs text-slate-600">
          Still bound to service {group.service_name ?? group.service_id}: if the stage comes back under the same id, its policies apply again.
        </p>
      )}
      {conflicts.length > 0 && <div className="mt-3"><ConflictNotice conflicts={conflicts} showStage={false} /></div>}
      {isAdmin && group.service_id && confirmingDisconnect && (
        <div role="group" aria-label={`Disconnect ${group.name}`} className="mt-3 flex flex-wrap items-center justify-between gap-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p>
            Disconnect this group from service “{group.service_name ?? group.service_id}”? The service and its policies stay; the
            group&apos;s APIs are no longer enforced through that service until it is connected again.
          </p>
          <ConfirmActions confirmLabel="Disconnect now" onConfirm={() => disconnect.mutate()} onClose={() => setConfirmingDisconnect(false)} />
        </div>
      )}
      <FormError message={errors.message} className="mt-3" />
      {expanded && (
        <div id={listId} className="mt-3 overflow-hidden rounded-md border border-slate-200">
          {group.apis.length === 0 ? (
            <p className="p-3 text-sm text-slate-500">This stage has no methods.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <caption className="sr-only">APIs of {group.name}</caption>
              <thead className="bg-slate-50 text-xs text-slate-500 uppercase"><tr><th className="w-24 px-3 py-1.5 font-medium">Method</th><th className="px-3 py-1.5 font-medium">Path</th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                {group.apis.map((a) => (
                  <tr key={`${a.method} ${a.path}`}>
                    <td className="px-3 py-1.5"><MethodBadge method={a.method} /></td>
                    <td className="px-3 py-1.5 font-mono text-xs">{a.path}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {connecting && (
        <ConnectPanel group={group} groupPath={groupPath} onClose={() => setConnecting(false)} onDone={() => { setConnecting(false); void refresh(); }} />
      )}
    </li>
  );
}

export function MethodBadge({ method }: { method: string }) {
  const colors: Record<string, string> = {
    GET: "bg-sky-50 text-sky-800", POST: "bg-emerald-50 text-emerald-800", PUT: "bg-amber-50 text-amber-800",
    PATCH: "bg-violet-50 text-violet-800", DELETE: "bg-red-50 text-red-800",
  };
  return <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold ${colors[method] ?? "bg-slate-100 text-slate-700"}`}>{method}</span>;
}

function ConnectPanel({ group, groupPath, onClose, onDone }: { group: ApiGroupView; groupPath: string; onClose: () => void; onDone: () => void }) {
  const services = useQuery({ queryKey: keys.services, queryFn: () => api<{ services: ServiceView[] }>("services") });
  const existing = services.data?.services ?? [];
  const [mode, setMode] = useState<"existing" | "new" | null>(null);
  // Chosen once the services are known: a default that changed when they arrive would flip the form under the user.
  const effectiveMode = mode ?? (existing.length > 0 ? "existing" : "new");
  const [serviceId, setServiceId] = useState("");
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState("");
  const errors = useFormErrors(["service_id", "service.name", "service.description"]);
  const ids = useId();

  const bind = useMutation({
    mutationFn: (body: unknown) => api<ApiGroupView>(`${groupPath}/bind`, { method: "POST", body }),
    onSuccess: onDone,
    onError: (e) => errors.fail(e),
  });

  const chosen = existing.find((s) => s.id === serviceId);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    errors.clear();
    if (effectiveMode === "existing") {
      if (!serviceId) return errors.show("Choose a service.", "service_id");
      bind.mutate({ service_id: serviceId });
    } else {
      const body: { name: string; description?: string } = { name: name.trim() };
      if (description.trim()) body.description = description.trim();
      bind.mutate({ service: body });
    }
  }

  if (services.isPending) return <p className="mt-4 text-sm text-slate-500">Loading services…</p>;
  if (services.isError) return <FormError message={services.error.message} className="mt-4" />;

  return (
    <form onSubmit={submit} aria-label={`Connect ${group.name}`} className="mt-4 space-y-3 rounded-md border border-indigo-200 bg-indigo-50/40 p-4">
      <fieldset>
        <legend className="text-sm font-medium text-slate-900">Connect “{group.name}” to</legend>
        <div className="mt-2 flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name={`${ids}-mode`} checked={effectiveMode === "existing"} disabled={existing.length === 0}
              onChange={() => setMode("existing")} className="accent-indigo-600" />
            Existing service{services.data && existing.length === 0 && <span className="text-slate-500">(none yet)</span>}
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name={`${ids}-mode`} checked={effectiveMode === "new"} onChange={() => setMode("new")} className="accent-indigo-600" />
            Create a new service
          </label>
        </div>
      </fieldset>
      {effectiveMode === "existing" ? (
        <div className="max-w-md">
          <label htmlFor={`${ids}-service`} className={label}>Service</label>
          <select id={`${ids}-service`} value={serviceId} onChange={(e) => { setServiceId(e.target.value); errors.edited("service_id"); }} className={input} required
            {...errors.field("service_id", `${ids}-service-error`)}>
            <option value="">Choose a service…</option>
            {existing.map((s) => (
              <option key={s.id} value={s.id}>{s.name}{s.group_id ? ` (connected to ${s.gateway_name ?? "a gateway"} · ${s.group_id})` : ""}</option>
            ))}
          </select>
          <FieldError id={`${ids}-service-error`} messages={errors.at("service_id")} />
          {chosen?.group_id && (
            <p className="mt-1 text-xs text-amber-800">
              This service is connected to group {chosen.group_id}; connecting replaces that group with this one.
            </p>
          )}
        </div>
      ) : (
        <div className="grid gap-3 md:grid-cols-2">
          <div>
            <label htmlFor={`${ids}-name`} className={label}>Service name</label>
            <input id={`${ids}-name`} required maxLength={200} value={name} onChange={(e) => { setName(e.target.value); errors.edited("service.name"); }} className={input}
              {...errors.field("service.name", `${ids}-name-error`)} />
            <FieldError id={`${ids}-name-error`} messages={errors.at("service.name")} />
          </div>
          <div>
            <label htmlFor={`${ids}-description`} className={label}>Service description <span className="font-normal text-slate-500">(optional)</span></label>
            <input id={`${ids}-description`} maxLength={500} value={description} onChange={(e) => { setDescription(e.target.value); errors.edited("service.description"); }}
              className={input} {...errors.field("service.description", `${ids}-description-error`)} />
            <FieldError id={`${ids}-description-error`} messages={errors.at("service.description")} />
          </div>
        </div>
      )}
      <FormError message={errors.message} />
      <div className="flex gap-2">
        <button type="submit" disabled={bind.isPending} className={primaryButton}>{bind.isPending ? "Connecting…" : "Connect group"}</button>
        <button type="button" onClick={onClose} className={secondaryButton}>Cancel</button>
      </div>
    </form>
  );
}
