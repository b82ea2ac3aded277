"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { api, errorMessage } from "../api-client";
import { card, errorBox, primaryButton } from "../ui/styles";
import { ConnectionStatus } from "./connection-status";
import { keys, type GatewayView } from "./types";

export function GatewaysList({ isAdmin }: { isAdmin: boolean }) {
  const gateways = useQuery({
    queryKey: keys.gateways,
    queryFn: () => api<{ gateways: GatewayView[] }>("gateways"),
    // The connection status moves on its own: authorizers poll the system API.
    refetchInterval: 30_000,
  });
  const create = isAdmin ? (
    <Link href="/gateways/new" className={primaryButton}>Create gateway</Link>
  ) : null;

  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold">Gateways</h1>
          <p className="mt-0.5 text-sm text-slate-600">Each gateway is one Lambda authorizer protecting REST APIs on Amazon API Gateway.</p>
        </div>
        {gateways.data && gateways.data.gateways.length > 0 && create}
      </div>
      {gateways.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {gateways.isError && <p role="alert" className={errorBox}>{errorMessage(gateways.error)}</p>}
      {gateways.data?.gateways.length === 0 && (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <p className="font-medium text-slate-900">No gateways yet</p>
          <p className="mx-auto mt-1 max-w-md text-sm text-slate-600">
            Create a gateway, deploy its authorizer in your AWS account, and the REST APIs it discovers show up here to be
            connected and protected.
          </p>
          <div className="mt-4">{create ?? <p className="text-sm text-slate-500">An admin can create one.</p>}</div>
        </div>
      )}
      {gateways.data && gateways.data.gateways.length > 0 && (
        <div className={`${card} overflow-x-auto p-0`}>
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500 uppercase">
              <tr>
                <th className="px-4 py-2 font-medium">Name</th>
                <th className="px-4 py-2 font-medium">Region</th>
                <th className="px-4 py-2 font-medium">Authorizer</th>
                <th className="px-4 py-2 font-medium">API groups</th>
                <th className="px-4 py-2 font-medium">Auto-bind</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {gateways.data.gateways.map((g) => <GatewayRow key={g.id} gateway={g} />)}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** One gateway: its name links to its page; the authorizer's connection and the API groups it discovered. */
function GatewayRow({ gateway: g }: { gateway: GatewayView }) {
  return (
    <tr data-testid={`gateway-row-${g.name}`} className="hover:bg-slate-50">
      <td className="px-4 py-3">
        <Link href={`/gateways/${g.id}`} className="font-medium text-indigo-700 hover:underline">{g.name}</Link>
        {g.description && <div className="max-w-xs truncate text-xs text-slate-500">{g.description}</div>}
      </td>
      <td className="px-4 py-3 font-mono text-xs text-slate-700">{g.region}</td>
      <td className="px-4 py-3"><ConnectionStatus lastActive={g.last_active} /></td>
      <td className="px-4 py-3 text-slate-700" data-testid="groups-count">
        {g.groups_count === 0 ? (
          <span className="text-slate-500">none discovered</span>
        ) : (
          <span>{g.connected_groups_count} of {g.groups_count} connected</span>
        )}
      </td>
      <td className="px-4 py-3">
        {g.create_and_bind_services_automatically
          ? <span className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-700">on</span>
          : <span className="text-xs text-slate-500">off</span>}
      </td>
    </tr>
  );
}
