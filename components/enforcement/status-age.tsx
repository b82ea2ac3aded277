"use client";

import { useMutation } from "@tanstack/react-query";
import type { RefreshResult } from "@/lib/enforcement/aws/refresh";
import { api, errorMessage } from "../api-client";
import { useNow } from "../ui/now";
import { secondaryButton } from "../ui/styles";

/** How old the AWS facts behind the statuses are, and a button that reads them again now. */
export function StatusAge({ checkedAt, gatewayId, onRefreshed }: { checkedAt: string | null; gatewayId?: string; onRefreshed: () => void }) {
  const now = useNow(5000);
  const refresh = useMutation({
    mutationFn: () => api<RefreshResult>("enforcement/refresh", { method: "POST", body: gatewayId ? { gateway_id: gatewayId } : {} }),
    onSettled: () => onRefreshed(),
  });
  const age = checkedAt ? Math.max(0, Math.round((now - new Date(checkedAt).getTime()) / 1000)) : null;
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
      <span data-testid="status-age">
        {age === null ? "Not read from AWS yet." : `Status read from AWS ${age < 90 ? `${age} s` : `${Math.round(age / 60)} min`} ago.`}
      </span>
      <button type="button" className={secondaryButton} disabled={refresh.isPending} onClick={() => refresh.mutate()}>
        {refresh.isPending ? "Reading AWS…" : "Refresh"}
      </button>
      {refresh.isError && <span role="alert" className="text-red-700">{errorMessage(refresh.error)}</span>}
      {refresh.data && refresh.data.errors.length > 0 && (
        <span role="alert" className="text-red-700">{refresh.data.errors.length} stage(s) could not be read: {refresh.data.errors[0]!.error}</span>
      )}
    </div>
  );
}
