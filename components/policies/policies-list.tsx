"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { PolicyView } from "@/lib/policies/view";
import { api, errorMessage } from "../api-client";
import { card, errorBox, primaryButton } from "../ui/styles";
import { summarizeValidators } from "./model";

function usedBy(p: PolicyView): string {
  const parts: string[] = [];
  if (p.used_by.apis) parts.push(p.used_by.apis === 1 ? "1 API" : `${p.used_by.apis} APIs`);
  if (p.used_by.shadow_apis) parts.push(p.used_by.shadow_apis === 1 ? "shadow of 1 API" : `shadow of ${p.used_by.shadow_apis} APIs`);
  if (p.used_by.gateways) parts.push(p.used_by.gateways === 1 ? "default of 1 gateway" : `default of ${p.used_by.gateways} gateways`);
  return parts.length ? parts.join(", ") : "not used";
}

/** Every policy with a one-line summary of its validators and where it is used. */
export function PoliciesList({ canEdit }: { canEdit: boolean }) {
  const query = useQuery({ queryKey: ["policies"], queryFn: () => api<{ policies: PolicyView[] }>("policies") });
  return (
    <div className="space-y-4">
      {canEdit && (
        <div>
          <Link href="/policies/new" className={`${primaryButton} inline-block`}>New policy</Link>
        </div>
      )}
      <div className={card}>
        {query.isPending && <p className="text-sm text-slate-500">Loading…</p>}
        {query.isError && <p role="alert" className={errorBox}>{errorMessage(query.error)}</p>}
        {query.data && (
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-500 uppercase">
              <tr><th className="py-2">Policy</th><th>Validators</th><th>Used by</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {query.data.policies.map((p) => (
                <tr key={p.id} data-testid={`policy-row-${p.policy_name}`}>
                  <td className="py-2 pr-4 align-top">
                    <Link href={`/policies/${p.id}`} className="font-medium text-indigo-700 hover:underline">{p.policy_name}</Link>
                    {p.builtin && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">built-in</span>}
                    {p.description && <div className="text-xs text-slate-500">{p.description}</div>}
                  </td>
                  <td className="py-2 pr-4 align-top font-mono text-xs text-slate-700">{summarizeValidators(p.validators)}</td>
                  <td className="py-2 align-top whitespace-nowrap text-slate-600">{usedBy(p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
