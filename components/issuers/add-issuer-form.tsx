"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "../api-client";
import { keys, type IssuerView } from "../gateways/types";
import { FieldError, FormError, useFormErrors } from "../ui/form-errors";
import { card, input, label, primaryButton } from "../ui/styles";

/** Adds a trusted issuer (the server reads its keys' location from its discovery document); opaque tokens optionally by introspection. */
export function AddIssuerForm() {
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
