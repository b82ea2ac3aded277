"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, errorMessage } from "../api-client";
import { isStaleWrite } from "../gateways/gateway-settings-form";
import { keys, type IssuerView } from "../gateways/types";
import { ConfirmButton } from "../ui/confirm-button";
import { FieldError, FormError, useFormErrors } from "../ui/form-errors";
import { card, errorBox, input, label, primaryButton } from "../ui/styles";

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
      <td className="pr-4 align-top">
        {i.enabled
          ? <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800">enabled</span>
          : <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">disabled</span>}
      </td>
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

function AddIssuerForm() {
  const qc = useQueryClient();
  const [issuer, setIssuer] = useState("");
  const [audiences, setAudiences] = useState("");
  const [introspection, setIntrospection] = useState(false);
  const [endpoint, setEndpoint] = useState("");
  const [clientId, setClientId] = useState("");
  const [secret, setSecret] = useState("");
  const errors = useFormErrors(["issuer", "audiences", "introspection_endpoint", "introspection_client_id", "introspection_client_secret"]);
  const change = (path: string, set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    errors.edited(path);
  };

  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<IssuerView>("issuers", { method: "POST", body }),
    onSuccess: () => {
      setIssuer(""); setAudiences(""); setEndpoint(""); setClientId(""); setSecret(""); setIntrospection(false); errors.clear();
    },
    onError: (e) => errors.fail(e),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.issuers }),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const body: Record<string, unknown> = {
      issuer: issuer.trim(),
      audiences: audiences.split(",").map((a) => a.trim()).filter(Boolean),
    };
    if (introspection && endpoint.trim()) {
      body.introspection_endpoint = endpoint.trim();
      if (clientId.trim()) body.introspection_client_id = clientId.trim();
      if (secret) body.introspection_client_secret = secret;
    }
    create.mutate(body);
  }

  return (
    <form onSubmit={submit} aria-label="Add trusted issuer" className={`${card} space-y-3`}>
      <h2 className="text-base font-semibold">Add a trusted issuer</h2>
      <div className="grid gap-3 md:grid-cols-2">
        <div>
          <label htmlFor="issuer-url" className={label}>Issuer URL</label>
          <input id="issuer-url" type="url" required value={issuer} onChange={change("issuer", setIssuer)}
            placeholder="https://idp.example.com/realms/main" spellCheck={false} className={`${input} font-mono`}
            aria-describedby={errors.at("issuer").length ? "issuer-url-error issuer-url-help" : "issuer-url-help"} aria-invalid={errors.at("issuer").length ? true : undefined} />
          <FieldError id="issuer-url-error" messages={errors.at("issuer")} />
          <p id="issuer-url-help" className="mt-1 text-xs text-slate-500">Its <code className="font-mono">/.well-known/openid-configuration</code> is fetched now to find the JWKS.</p>
        </div>
        <div>
          <label htmlFor="issuer-audiences" className={label}>Accepted audiences <span className="font-normal text-slate-500">(comma-separated, optional)</span></label>
          <input id="issuer-audiences" value={audiences} onChange={change("audiences", setAudiences)} placeholder="petstore-api, https://api.example.com"
            spellCheck={false} className={input} aria-describedby={errors.at("audiences").length ? "issuer-audiences-error issuer-audiences-help" : "issuer-audiences-help"}
            aria-invalid={errors.at("audiences").length ? true : undefined} />
          <FieldError id="issuer-audiences-error" messages={errors.at("audiences")} />
          <p id="issuer-audiences-help" className="mt-1 text-xs text-slate-500">Empty: any audience is accepted.</p>
        </div>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={introspection} onChange={(e) => setIntrospection(e.target.checked)} className="accent-indigo-600" />
        This issuer also hands out opaque tokens (introspection)
      </label>
      {introspection && (
        <div className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3">
          <p className="text-xs text-slate-600">
            Opaque (non-JWT) tokens cannot be verified locally: the authorizer asks the issuer&apos;s RFC 7662 introspection endpoint
            about each one, authenticating with these client credentials. The secret is stored encrypted and never shown again.
          </p>
          <div className="grid gap-3 md:grid-cols-3">
            <div>
              <label htmlFor="issuer-introspection-endpoint" className={label}>Introspection endpoint</label>
              <input id="issuer-introspection-endpoint" type="url" required value={endpoint} onChange={change("introspection_endpoint", setEndpoint)} spellCheck={false}
                className={`${input} font-mono`} {...errors.field("introspection_endpoint", "issuer-introspection-endpoint-error")} />
              <FieldError id="issuer-introspection-endpoint-error" messages={errors.at("introspection_endpoint")} />
            </div>
            <div>
              <label htmlFor="issuer-introspection-client-id" className={label}>Introspection client ID</label>
              <input id="issuer-introspection-client-id" value={clientId} onChange={change("introspection_client_id", setClientId)} spellCheck={false}
                className={input} {...errors.field("introspection_client_id", "issuer-introspection-client-id-error")} />
              <FieldError id="issuer-introspection-client-id-error" messages={errors.at("introspection_client_id")} />
            </div>
            <div>
              <label htmlFor="issuer-introspection-secret" className={label}>Introspection client secret</label>
              <input id="issuer-introspection-secret" type="password" autoComplete="new-password" value={secret} onChange={change("introspection_client_secret", setSecret)}
                className={input} {...errors.field("introspection_client_secret", "issuer-introspection-secret-error")} />
              <FieldError id="issuer-introspection-secret-error" messages={errors.at("introspection_client_secret")} />
            </div>
          </div>
        </div>
      )}
      <FormError message={errors.message} />
      <button type="submit" disabled={create.isPending} className={primaryButton}>{create.isPending ? "Adding… (fetching discovery)" : "Add issuer"}</button>
    </form>
  );
}
