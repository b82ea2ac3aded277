"use client";

import type { EnforcementStatus, EnforcementStatusCode } from "@/lib/enforcement/status";

/** What the gateway really does with an API, as read from AWS and the authorizer's reports. */
const LOOK: Record<EnforcementStatusCode, { label: string; tone: string }> = {
  enforced: { label: "Enforced", tone: "bg-emerald-50 text-emerald-800" },
  unrestricted: { label: "Unrestricted", tone: "bg-slate-100 text-slate-700" },
  live_at_next_reload: { label: "Live at the next reload", tone: "bg-sky-50 text-sky-800" },
  cached: { label: "Cached decisions", tone: "bg-sky-50 text-sky-800" },
  not_attached: { label: "Not attached", tone: "bg-amber-50 text-amber-800" },
  attached_not_deployed: { label: "Attached, not deployed", tone: "bg-amber-50 text-amber-800" },
  open_at_gateway: { label: "Open at the gateway", tone: "bg-red-600 text-white" },
  not_connected: { label: "Not connected", tone: "bg-slate-100 text-slate-600" },
  gone: { label: "Gone from AWS", tone: "bg-slate-100 text-slate-600" },
  unknown: { label: "Unknown", tone: "bg-slate-100 text-slate-600" },
};

export function enforcementLabel(code: EnforcementStatusCode): string {
  return LOOK[code].label;
}

export function EnforcementBadge({ status }: { status: EnforcementStatus }) {
  const look = LOOK[status.code];
  const label = status.code === "cached" && status.cached_until ? `Cached decisions until ${new Date(status.cached_until).toLocaleTimeString()}` : look.label;
  const age = status.checked_at ? ` (read from AWS ${new Date(status.checked_at).toLocaleString()})` : "";
  return (
    <span className={`rounded px-2 py-0.5 text-xs font-medium ${look.tone}`} data-testid="api-enforcement" data-status={status.code} title={`${status.reason}${age}`}>
      {label}
    </span>
  );
}
