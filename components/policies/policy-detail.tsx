"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { PolicyView } from "@/lib/policies/view";
import { api, errorMessage } from "../api-client";
import { errorBox } from "../ui/styles";
import { PolicyForm } from "./policy-form";

/** Loads one policy and shows its editor; "Reload" after a conflict remounts it with the latest version. */
export function PolicyDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  const [generation, setGeneration] = useState(0);
  const query = useQuery({ queryKey: ["policies", id], queryFn: () => api<PolicyView>(`policies/${id}`), staleTime: Infinity });
  if (query.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (query.isError) return <p role="alert" className={errorBox}>{errorMessage(query.error)}</p>;
  const p = query.data;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{p.policy_name}</h1>
        <p className="text-sm text-slate-600">
          Used by {p.used_by.apis === 1 ? "1 API" : `${p.used_by.apis} APIs`}
          {p.used_by.shadow_apis ? `, as the shadow policy of ${p.used_by.shadow_apis === 1 ? "1 API" : `${p.used_by.shadow_apis} APIs`}` : ""}
          {p.used_by.gateways ? ` and as the default policy of ${p.used_by.gateways} gateway(s)` : ""}.
        </p>
      </div>
      <PolicyForm key={`${id}:${generation}`} initial={p} canEdit={canEdit}
        onReload={() => void query.refetch().then(() => setGeneration((g) => g + 1))} />
    </div>
  );
}
