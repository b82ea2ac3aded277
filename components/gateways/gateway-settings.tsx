"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "../api-client";
import { FormError, useFormErrors } from "../ui/form-errors";
import { input, label, secondaryButton } from "../ui/styles";
import { ClientCredentials } from "./client-credentials";
import { GatewaySettingsForm } from "./gateway-settings-form";
import { keys, type GatewayView } from "./types";
import { useGateway } from "./use-gateway";

export function GatewaySettings({ id, isAdmin }: { id: string; isAdmin: boolean }) {
  const gateway = useGateway(id);
  const g = gateway.data;
  if (!g) return gateway.isPending ? <p className="text-sm text-slate-500">Loading…</p> : null;
  return (
    <div className="space-y-6">
      <ClientCredentials gateway={g} isAdmin={isAdmin} />
      <GatewaySettingsForm gateway={g} isAdmin={isAdmin} onReload={() => gateway.refetch({ throwOnError: true })} />
      {isAdmin && <DangerZone gateway={g} />}
    </div>
  );
}

function DangerZone({ gateway }: { gateway: GatewayView }) {
  const qc = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const errors = useFormErrors([]);
  const remove = useMutation({
    mutationFn: () => api(`gateways/${encodeURIComponent(gateway.id)}`, { method: "DELETE" }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: keys.gateway(gateway.id) });
      void qc.invalidateQueries({ queryKey: keys.gateways, exact: true });
      void qc.invalidateQueries({ queryKey: keys.services });
      router.push("/gateways");
    },
    onError: (e) => errors.fail(e),
  });
  return (
    <section aria-labelledby="danger-heading" className="rounded-lg border border-red-200 bg-white p-4 shadow-sm">
      <h2 id="danger-heading" className="text-base font-semibold text-red-800">Danger zone</h2>
      <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
        <div className="max-w-2xl text-sm text-slate-700">
          <p className="font-medium text-slate-900">Delete this gateway</p>
          <p className="mt-1">
            Removes the gateway, its OAuth client (running authorizers can no longer sign in and deny every request), its discovered API
            groups and their bindings to services. Services, their APIs and policies stay. The authorizer stack in AWS is not touched.
          </p>
        </div>
        {!open && (
          <button type="button" onClick={() => setOpen(true)} className="rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50">
            Delete gateway
          </button>
        )}
      </div>
      {open && (
        <form className="mt-4 space-y-3 rounded-md border border-red-200 bg-red-50 p-4" aria-label="Confirm gateway deletion"
          onSubmit={(e) => { e.preventDefault(); if (typed === gateway.name) remove.mutate(); }}>
          <div className="max-w-md">
            <label htmlFor="delete-confirm-name" className={label}>
              Type <strong className="font-mono">{gateway.name}</strong> to confirm
            </label>
            <input id="delete-confirm-name" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} className={input} />
          </div>
          <FormError message={errors.message} />
          <div className="flex gap-2">
            <button type="submit" disabled={typed !== gateway.name || remove.isPending}
              className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-500 disabled:opacity-50">
              {remove.isPending ? "Deleting…" : "Delete this gateway"}
            </button>
            <button type="button" onClick={() => { setOpen(false); setTyped(""); }} className={secondaryButton}>Cancel</button>
          </div>
        </form>
      )}
    </section>
  );
}
