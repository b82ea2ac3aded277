import type { ApiList, ApiView, ApisSummary } from "@/lib/enforcement/apis";
import type { ListApisQuery } from "@/lib/enforcement/schemas";
import type { PolicyView } from "@/lib/policies/view";

/** Shapes of the admin API the Enforcement pages read (types only: lib/ stays on the server). */
export type { ApiList, ApiView, ApisSummary, PolicyView };

export interface ApiFilters {
  service_id: string;
  gateway_id: string;
  status: "" | NonNullable<ListApisQuery["status"]>;
  q: string;
}

export const EMPTY_FILTERS: ApiFilters = { service_id: "", gateway_id: "", status: "", q: "" };

export const enforcementKeys = {
  apis: (filters: ApiFilters) => ["apis", filters] as const,
  allApis: ["apis", "all"] as const,
  decisions: (gatewayId: string) => ["decisions", gatewayId] as const,
  policies: ["policies"] as const,
};

export function filtersQuery(f: ApiFilters): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f) as [string, string][]) if (v.trim()) params.set(k, v.trim());
  const s = params.toString();
  return s ? `apis?${s}` : "apis";
}
