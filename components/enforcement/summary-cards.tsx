import type { ApisSummary } from "./types";

/**
 * The numbers at the top of Enforcement › APIs. "Protected" counts only APIs the gateway enforces
 * now (read from AWS); "Pending redeploy" counts stages whose deployment is behind.
 */
export function SummaryCards({ summary }: { summary: ApisSummary | undefined }) {
  const items = [
    { label: "APIs protected", value: summary?.protected, tone: "text-emerald-700" },
    { label: "Open at the gateway", value: summary?.open_at_gateway, tone: "text-red-700" },
    { label: "Unrestricted", value: summary?.unrestricted, tone: "text-amber-700" },
    { label: "Pending redeploy", value: summary?.pending_redeploy, tone: "text-indigo-700" },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Summary">
      {items.map((i) => (
        <div key={i.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <dt className="text-sm text-slate-600">{i.label}</dt>
          <dd className={`mt-1 text-2xl font-semibold ${i.tone}`} data-testid={`summary-${i.label.toLowerCase().replace(/ /g, "-")}`}>
            {i.value ?? "–"}
          </dd>
        </div>
      ))}
    </dl>
  );
}
