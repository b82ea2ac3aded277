"use client";

import { useNow } from "../ui/now";
import { ACTIVE_WINDOW_MS, timeAgo } from "./time";

/** Whether the gateway's authorizer has talked to the console, and how recently. */
export function ConnectionStatus({ lastActive }: { lastActive: string | null }) {
  const now = useNow();
  if (!lastActive) {
    return (
      <span className={`${badge} bg-slate-100 text-slate-600 ring-slate-200`} title="No authorizer has fetched this gateway's configuration yet.">
        <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-slate-400" />
        never connected
      </span>
    );
  }
  const at = new Date(lastActive);
  const recent = now === 0 || now - at.getTime() <= ACTIVE_WINDOW_MS;
  const ago = now === 0 ? at.toLocaleString() : timeAgo(lastActive, now);
  return recent ? (
    <span className={`${badge} bg-emerald-50 text-emerald-800 ring-emerald-200`} title={`Last active ${at.toLocaleString()}`}>
      <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-emerald-500" />
      connected · last active {ago}
    </span>
  ) : (
    <span className={`${badge} bg-amber-50 text-amber-800 ring-amber-200`}
      title={`No contact for more than ${ACTIVE_WINDOW_MS / 60_000} minutes (last ${at.toLocaleString()}). A running authorizer polls every few seconds.`}>
      <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-amber-500" />
      connected · last active {ago}
    </span>
  );
}

const badge = "inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";
