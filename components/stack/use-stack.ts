"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "../api-client";
import { stackKeys, type StackState } from "./types";

/** The gateway's stack, polled every 2 s while an operation runs (each poll reads AWS's new events). */
export function useStack(gatewayId: string) {
  return useQuery({
    queryKey: stackKeys.stack(gatewayId),
    queryFn: () => api<StackState>(`gateways/${encodeURIComponent(gatewayId)}/stack`),
    refetchInterval: (q) => (q.state.data?.stack?.phase === "in_progress" ? 2000 : false),
  });
}
