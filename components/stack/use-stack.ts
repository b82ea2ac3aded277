"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "../api-client";
import { stackKeys, type StackState } from "./types";

/**
 * The gateway's stack, polled every 2 s while an operation runs (each poll reads AWS's new
 * events), and every 30 s once settled: the stack API re-reads AWS, so a stack updated or deleted
 * outside the console shows up on an open page. A deleted stack is final.
 */
export function useStack(gatewayId: string) {
  return useQuery({
    queryKey: stackKeys.stack(gatewayId),
    queryFn: () => api<StackState>(`gateways/${encodeURIComponent(gatewayId)}/stack`),
    refetchInterval: (q) => {
      const phase = q.state.data?.stack?.phase;
      if (phase === "in_progress") return 2000;
      return phase === undefined || phase === "deleted" ? false : 30_000;
    },
  });
}
