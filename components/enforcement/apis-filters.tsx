"use client";

import { input, label } from "../ui/styles";
import type { ApiFilters, ApiView } from "./types";

function options(apis: ApiView[], id: (a: ApiView) => string | null, name: (a: ApiView) => string | null) {
  const seen = new Map<string, string>();
  for (const a of apis) {
    const k = id(a);
    if (k && !seen.has(k)) seen.set(k, name(a) ?? k);
  }
  return [...seen.entries()].sort((x, y) => x[1].localeCompare(y[1]));
}

/** A filter by one of the list's own values (id → name); the empty value is "all". */
function FilterSelect({ id, label: text, anyLabel, options: choices, value, onChange }: {
  id: string;
  label: string;
  anyLabel: string;
  options: [string, string][];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div>
      <label className={label} htmlFor={id}>{text}</label>
      <select id={id} className={input} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{anyLabel}</option>
        {choices.map(([key, name]) => <option key={key} value={key}>{name}</option>)}
      </select>
    </div>
  );
}

/** Service, gateway, status and text filters; the options come from the unfiltered list. */
export function ApisFilters({ all, value, onChange }: { all: ApiView[]; value: ApiFilters; onChange: (f: ApiFilters) => void }) {
  const serviceOptions = options(all, (a) => a.service_id, (a) => a.service_name);
  const gatewayOptions = options(all, (a) => a.gateway_id, (a) => a.gateway_name);
  return (
    <form role="search" aria-label="Filter APIs" className="grid grid-cols-1 gap-3 md:grid-cols-4" onSubmit={(e) => e.preventDefault()}>
      <FilterSelect id="filter-service" label="Service" anyLabel="All services" options={serviceOptions}
        value={value.service_id} onChange={(service_id) => onChange({ ...value, service_id })} />
      <FilterSelect id="filter-gateway" label="Gateway" anyLabel="All gateways" options={gatewayOptions}
        value={value.gateway_id} onChange={(gateway_id) => onChange({ ...value, gateway_id })} />
      <div>
        <label className={label} htmlFor="filter-status">Status</label>
        <select id="filter-status" className={input} value={value.status}
          onChange={(e) => onChange({ ...value, status: e.target.value as ApiFilters["status"] })}>
          <option value="">Any status</option>
          <option value="protected">Has a policy</option>
          <option value="unrestricted">Unrestricted</option>
          <option value="open">Open at the gateway</option>
          <option value="pending">Pending redeploy</option>
        </select>
      </div>
      <div>
        <label className={label} htmlFor="filter-q">Search</label>
        <input id="filter-q" type="search" className={input} placeholder="method, path, service, policy" value={value.q}
          onChange={(e) => onChange({ ...value, q: e.target.value })} />
      </div>
    </form>
  );
}
