"use client";

import { useQuery } from "@tanstack/react-query";
import { api, ApiClientError } from "../api-client";
import { PolicyOptions } from "../policies/policy-options";
import { input } from "../ui/styles";
import { keys, type PolicyOption } from "./types";

/**
 * The optional default policy of a gateway. When policies cannot be listed (the policies API is
 * missing, or failed), only "None" is offered and the reason is said under the select.
 */
export function PolicySelect({ id, value, onChange, disabled }: { id: string; value: string | null; onChange: (v: string | null) => void; disabled?: boolean }) {
  const policies = useQuery({ queryKey: keys.policies, queryFn: () => api<{ policies: PolicyOption[] }>("policies"), retry: false });
  const options = policies.data?.policies ?? [];
  const known = value === null || options.some((p) => p.id === value);
  return (
    <div>
      <select id={id} value={value ?? ""} disabled={disabled} onChange={(e) => onChange(e.target.value || null)} className={input}>
        <option value="">None</option>
        <PolicyOptions policies={options} />
        {!known && value && <option value={value}>{policies.isPending ? "Loading…" : `Unknown policy ${value.slice(0, 8)}…`}</option>}
      </select>
      {policies.isError && (
        <p className="mt-1 text-xs text-slate-500">
          {policies.error instanceof ApiClientError && policies.error.status === 404
            ? "Policies are not available in this version yet; only “None” can be chosen."
            : "Policies could not be loaded; only “None” can be chosen for now."}
        </p>
      )}
    </div>
  );
}
