"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../api-client";
import { isStaleWrite } from "../gateways/gateway-settings-form";
import { keys, type IssuerView } from "../gateways/types";
import { ConfirmButton } from "../ui/confirm-button";
import { FormError, useFormErrors } from "../ui/form-errors";
import { card, errorBox } from "../ui/styles";
import { AddIssuerForm } from "./add-issuer-form";

export function IssuersPanel({ isAdmin }: { isAdmin: boolean }) {
  const qc = useQueryClient();
  const issuers = useQuery({ queryKey: keys.issuers, queryFn: () => api<{ issuers: IssuerView[] }>("issuers") });
  const errors = useFormErrors([]);
  const after = {
    onSuccess: () => errors.clear(),
    onError: (e: unknown) =>
      isStaleWrite(e) ? errors.show("This identity source was changed by someone else meanwhile. The list is reloaded: try again.") : errors.fail(e),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.issuers }),
  };
  const toggle = useMutation({
    mutationFn: (i: IssuerView) => api<IssuerView>(`issuers/${i.id}`, { method: "PUT", body: { version: i.version, enabled: !i.enabled } }),
    ...after,
  });
  const remove = useMutation({ mutationFn: (id: string) => api(`issuers/${id}`, { method: "DELETE" }), ...after });
  const list = issuers.data?.issuers ?? [];

  return (
    <div className="space-y-4">
      <p className="max-w-3xl text-sm text-slate-600">
        The issuers whose end-user access tokens the authorizers accept. Every gateway&apos;s configuration carries the enabled ones: the
        authorizer verifies a JWT&apos;s signature with the issuer&apos;s keys (<code className="font-mono text-xs">jwks_uri</code>, read from its
        discovery document), its <code className="font-mono text-xs">iss</code> and, when set, its audience.
      </p>
      {isAdmin && <AddIssuerForm />}
      <FormError message={errors.message} />
      <div className={card}>
        <h2 className="mb-3 text-base font-semibold">Trusted issuers</h2>
        {issuers.isPending && <p className="text-sm text-slate-500">Loading…</p>}
        {issuers.isError && <p role="alert" className={errorBox}>{errorMessage(issuers.error)}</p>}
        {issuers.data && list.length === 0 && (
          <p className="text-sm text-slate-500">
            None yet. Until one is added, authorizers can only enforce policies that need no identity (e.g. headers, or Block/Allow).
          </p>
        )}
        {list.length > 0 && (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-slate-500 uppercase">
                <tr><th className="py-2 pr-4 font-medium">Issuer</th><th className="pr-4 font-medium">Audiences</th><th className="pr-4 font-medium">Opaque tokens</th><th className="pr-4 font-medium">Status</th><th className="text-right font-medium">Actions</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {list.map((i) => (
                  <IssuerRow key={i.id} issuer={i} isAdmin={isAdmin} toggling={toggle.isPending} onToggle={() => toggle.mutate(i)} onRemove={() => remove.mutate(i.id)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}

/** One trusted issuer; admins may enable/disable or remove it. */
function IssuerRow({ issuer: i, isAdmin, toggling, onToggle, onRemove }: {
  issuer: IssuerView;
  isAdmin: boolean;
  toggling: boolean;
  onToggle: () => void;
  onRemove: () => void;
}) {
  return (
    <tr data-testid={`issuer-row-${i.issuer}`} className={i.enabled ? undefined : "text-slate-500"}>
      <td className="py-2.5 pr-4 align-top">
        <div className="font-mono text-xs break-all text-slate-900">{i.issuer}</div>
        <div className="mt-0.5 text-xs break-all text-slate-500">JWKS: {i.jwks_uri}</div>
      </td>
      <td className="pr-4 align-top">
        {i.audiences.length === 0 ? <span className="text-xs text-slate-500">any</span> : (
          <div className="flex flex-wrap gap-1">{i.audiences.map((a) => <span key={a} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{a}</span>)}</div>
        )}
      </td>
      <td className="pr-4 align-top text-xs">
        {i.introspection_endpoint ? (
          <div className="space-y-0.5">
            <div className="break-all">{i.introspection_endpoint}</div>
            {i.introspection_client_id && <div>client <span className="font-mono">{i.introspection_client_id}</span></div>}
            {i.has_introspection_secret && <span className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] font-medium text-slate-700">secret set</span>}
          </div>
        ) : <span className="text-slate-500">JWT only</span>}
      </td>
      <td className="pr-4 align-top"><EnabledBadge enabled={i.enabled} /></td>
      <td className="space-x-2 text-right align-top whitespace-nowrap">
        {isAdmin && (
          <>
            <button type="button" disabled={toggling} onClick={onToggle}
              aria-label={`${i.enabled ? "Disable" : "Enable"} ${i.issuer}`}
              className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60">
              {i.enabled ? "Disable" : "Enable"}
            </button>
            <ConfirmButton label="Remove" confirmLabel="Remove issuer" onConfirm={onRemove} />
          </>
        )}
      </td>
    </tr>
  );
}

function EnabledBadge({ enabled }: { enabled: boolean }) {
  return enabled
    ? <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800">enabled</span>
    : <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">disabled</span>;
}
