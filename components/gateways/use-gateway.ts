"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "../api-client";
import { keys, type GatewayView } from "./types";

/** One gateway, refreshed now and then so its connection status stays current. */
export function useGateway(id: string) {
  return useQuery({
    queryKey: keys.gateway(id),
    queryFn: () => api<GatewayView>(`gateways/${encodeURIComponent(id)}`),
    refetchInterval: 30_000,
  });
}
