"use client";

import { useQuery } from "@tanstack/react-query";
import type { DecisionBucket as Bucket } from "@/lib/enforcement/decisions";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { api, errorMessage } from "../api-client";
import { card, errorBox } from "../ui/styles";
import { enforcementKeys } from "./types";

function hourLabel(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/**
 * Authorized / unauthorized decisions per hour over the last 24 h (optionally one gateway's),
 * and beside them the decisions shadow policies would have denied (shown when there are any).
 */
export function DecisionsChart({ gatewayId }: { gatewayId: string }) {
  const query = useQuery({
    queryKey: enforcementKeys.decisions(gatewayId),
    queryFn: () => api<{ buckets: Bucket[] }>(`decisions?hours=24&bucket=1h${gatewayId ? `&gateway_id=${gatewayId}` : ""}`),
    refetchInterval: 60_000,
  });
  const buckets = query.data?.buckets ?? [];
  const total = buckets.reduce((n, b) => n + b.authorized + b.unauthorized, 0);
  const shadowDenies = buckets.reduce((n, b) => n + b.shadow_would_deny, 0);
  return (
    <section className={card} aria-label="Decisions over the last 24 hours">
      <div className="mb-2 flex items-baseline justify-between">
        <h2 className="text-base font-semibold">Decisions, last 24 hours</h2>
        <span className="text-xs text-slate-500">{query.data ? `${total} in total` : ""}</span>
      </div>
      {query.isError && <p role="alert" className={errorBox}>{errorMessage(query.error)}</p>}
      {query.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {query.data && total === 0 && (
        <p className="text-sm text-slate-500">No decisions yet: authorizers report them once they enforce requests (analytics enabled).</p>
      )}
      {query.data && total > 0 && (
        <div className="h-48 w-full">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={buckets} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="start" tickFormatter={hourLabel} fontSize={11} minTickGap={24} />
              <YAxis allowDecimals={false} fontSize={11} />
              <Tooltip labelFormatter={(v: unknown) => (typeof v === "string" ? new Date(v).toLocaleString() : "")} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="authorized" name="Authorized" stackId="d" fill="#059669" />
              <Bar dataKey="unauthorized" name="Unauthorized" stackId="d" fill="#dc2626" />
              {shadowDenies > 0 && <Bar dataKey="shadow_would_deny" name="Shadow would deny" fill="#6366f1" />}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}
