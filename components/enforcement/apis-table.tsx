"use client";

import { EnforcementBadge } from "./enforcement-badge";
import type { ApiView } from "./types";

interface Group {
  serviceId: string;
  serviceName: string;
  apis: ApiView[];
}

function groupByService(apis: ApiView[]): Group[] {
  const groups = new Map<string, Group>();
  for (const a of apis) {
    let g = groups.get(a.service_id);
    if (!g) groups.set(a.service_id, (g = { serviceId: a.service_id, serviceName: a.service_name, apis: [] }));
    g.apis.push(a);
  }
  return [...groups.values()];
}

const METHOD_TONE: Record<string, string> = {
  GET: "bg-sky-50 text-sky-800",
  POST: "bg-emerald-50 text-emerald-800",
  PUT: "bg-amber-50 text-amber-800",
  PATCH: "bg-amber-50 text-amber-800",
  DELETE: "bg-red-50 text-red-800",
};

/** The APIs grouped by service, with selection checkboxes (admins) and an Edit action per row. */
export function ApisTable({
  apis,
  canEdit,
  selected,
  onToggle,
  onToggleMany,
  onEdit,
  onPromote,
  promoting = false,
}: {
  apis: ApiView[];
  canEdit: boolean;
  selected: Set<string>;
  onToggle: (id: string) => void;
  onToggleMany: (ids: string[], on: boolean) => void;
  onEdit: (api: ApiView) => void;
  onPromote: (api: ApiView) => void;
  promoting?: boolean;
}) {
  const groups = groupByService(apis);
  return (
    <div className="space-y-4">
      {groups.map((g) => {
        const allOn = g.apis.every((a) => selected.has(a.id));
        return (
          <section key={g.serviceId} className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" aria-label={`Service ${g.serviceName}`}>
            <h2 className="border-b border-slate-100 bg-slate-50 px-4 py-2 text-sm font-semibold">{g.serviceName}</h2>
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-slate-500 uppercase">
                <tr>
                  {canEdit && (
                    <th className="w-8 px-4 py-2">
                      <input type="checkbox" aria-label={`Select all APIs of ${g.serviceName}`} checked={allOn}
                        onChange={() => onToggleMany(g.apis.map((a) => a.id), !allOn)} />
                    </th>
                  )}
                  <th className="px-4 py-2">API</th>
                  <th>Gateway</th>
                  <th>REST API · stage</th>
                  <th>Policy</th>
                  <th>At the gateway</th>
                  <th title="Authorized / unauthorized decisions, last 24 hours">24 h</th>
                  <th title="The shadow policy and what it would have denied of the decisions it evaluated, last 24 hours">Shadow · 24 h</th>
                  {canEdit && <th className="px-4 text-right">Actions</th>}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {g.apis.map((a) => (
                  <ApiRow key={a.id} api={a} canEdit={canEdit} checked={selected.has(a.id)} onToggle={onToggle} onEdit={onEdit} onPromote={onPromote} promoting={promoting} />
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </div>
  );
}

function ApiRow({ api: a, canEdit, checked, onToggle, onEdit, onPromote, promoting }: {
  api: ApiView;
  canEdit: boolean;
  checked: boolean;
  onToggle: (id: string) => void;
  onEdit: (api: ApiView) => void;
  onPromote: (api: ApiView) => void;
  promoting: boolean;
}) {
  const name = `${a.method} ${a.path}`;
  return (
    <tr data-testid={`api-row-${a.service_name}-${a.method}-${a.path}`}>
      {canEdit && (
        <td className="px-4 py-2">
          <input type="checkbox" aria-label={`Select ${name}`} checked={checked} onChange={() => onToggle(a.id)} />
        </td>
      )}
      <td className="px-4 py-2">
        <span className={`mr-2 inline-block rounded px-1.5 py-0.5 font-mono text-xs font-semibold ${METHOD_TONE[a.method] ?? "bg-slate-100 text-slate-700"}`}>{a.method}</span>
        <span className="font-mono">{a.path}</span>
      </td>
      <td className="text-slate-700">{a.gateway_name ?? <span className="text-slate-400">—</span>}</td>
      <td className="text-slate-700">
        {a.rest_api ? <>{a.rest_api.api_name} <span className="text-slate-400">·</span> {a.rest_api.stage}</> : <span className="text-slate-400">—</span>}
      </td>
      <td>
        {a.policy_name ? (
          <span className="rounded bg-emerald-50 px-2 py-0.5 text-emerald-800" data-testid="api-status">{a.policy_name}</span>
        ) : (
          <span className="rounded bg-amber-50 px-2 py-0.5 text-amber-800" data-testid="api-status">Unrestricted</span>
        )}
      </td>
      <td>
        <EnforcementBadge status={a.enforcement} />
        {a.pending_redeploy && <span className="ml-2 text-xs text-indigo-700">stage behind: redeploy</span>}
      </td>
      <td className="font-mono text-xs" data-testid="decisions-24h">
        <span className="text-emerald-700" title="authorized">{a.decisions_24h.authorized}</span>
        {" / "}
        <span className="text-red-700" title="unauthorized">{a.decisions_24h.unauthorized}</span>
      </td>
      <td className="text-xs" data-testid="shadow-24h">
        <ShadowCell api={a} />
      </td>
      {canEdit && (
        <td className="space-x-1 px-4 text-right whitespace-nowrap">
          {a.shadow_policy_id && (
            <button type="button" aria-label={`Promote the shadow policy of ${name} to enforced`} disabled={promoting} onClick={() => onPromote(a)}
              className="rounded-md border border-indigo-300 bg-white px-2 py-1 text-xs font-medium text-indigo-800 hover:bg-indigo-50">
              Promote to enforced
            </button>
          )}
          <button type="button" aria-label={`Edit ${name}`} onClick={() => onEdit(a)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-50">
            Edit
          </button>
        </td>
      )}
    </tr>
  );
}

/** The shadow policy's name and its last 24 h: would deny N of M (and how many were broken). */
function ShadowCell({ api: a }: { api: ApiView }) {
  if (!a.shadow_policy_id || !a.shadow_24h) return <span className="text-slate-400">—</span>;
  const c = a.shadow_24h;
  return (
    <div>
      <span className="rounded bg-indigo-50 px-2 py-0.5 text-indigo-800" data-testid="shadow-policy">{a.shadow_policy_name}</span>
      <div className="mt-0.5 font-mono" data-testid="shadow-would-deny">
        would deny <span className="text-red-700">{c.would_deny}</span> of {c.total}
        {c.broken > 0 && <span className="ml-1 text-amber-700" title="The shadow policy was missing or failed to compile: it denied nothing.">· {c.broken} broken</span>}
      </div>
      {a.shadow_counts_invoked_only && (
        <div className="text-slate-500" data-testid="shadow-invoked-only"
          title="The gateway's authorizer cache TTL is above 0: API Gateway answers repeated requests from its cache without invoking the authorizer, so they are not counted.">
          invoked decisions only (authorizer cache on)
        </div>
      )}
    </div>
  );
}
