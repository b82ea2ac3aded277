"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TestIssuerState } from "@/lib/test-issuer/issuer";
import { api } from "../api-client";
import { CopyButton } from "../ui/copy-button";
import { formText } from "../ui/form";
import { FormError, namedFieldErrors, useFormErrors } from "../ui/form-errors";
import { card, input, label, primaryButton, secondaryButton } from "../ui/styles";

const KEY = ["test-issuer"];
/** The mint request's fields (API paths) and the form's input names. */
const MINT_FIELDS = { sub: "test-sub", scopes: "test-scopes", ttl_seconds: "test-ttl", claims: "test-claims" } as const;

/** Settings › Test tokens: the built-in test issuer (off by default; not for production). */
export function TestTokensPanel({ isAdmin }: { isAdmin: boolean }) {
  const qc = useQueryClient();
  const state = useQuery({ queryKey: KEY, queryFn: () => api<TestIssuerState>("test-issuer") });
  const toggleErrors = useFormErrors([]);
  const errors = useFormErrors(Object.keys(MINT_FIELDS));
  const [minted, setMinted] = useState<string | null>(null);
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => api<TestIssuerState>("test-issuer", { method: "PUT", body: { enabled, version: state.data?.version } }),
    onSuccess: () => toggleErrors.clear(),
    onError: (e) => toggleErrors.fail(e),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
  const mint = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<{ access_token: string }>("test-issuer/tokens", { method: "POST", body }),
    onSuccess: (r) => { setMinted(r.access_token); errors.clear(); },
    onError: (e) => errors.fail(e),
  });
  // Uncontrolled fields: an edit is seen on the form, by the field's name.
  const { edited, issue } = namedFieldErrors(errors, MINT_FIELDS);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const claimsText = formText(f, "test-claims").trim();
    let claims: unknown = {};
    if (claimsText) {
      try {
        claims = JSON.parse(claimsText);
      } catch {
        errors.show("Not valid JSON: write an object such as {\"tid\": \"acme\"}.", "claims");
        return;
      }
    }
    mint.mutate({
      sub: formText(f, "test-sub"),
      scopes: formText(f, "test-scopes").split(/[\s,]+/).filter(Boolean),
      claims,
      ttl_seconds: Number(formText(f, "test-ttl", "3600")),
    });
  }

  const s = state.data;
  return (
    <div className="space-y-4">
      <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
        <strong>Not for production.</strong> The built-in test issuer mints tokens for any subject and scopes you choose. While it is
        enabled every authorizer of this console trusts it; disable it when you are done trying enforcement.
      </div>
      <FormError message={toggleErrors.message} />
      <section className={card} aria-label="Test issuer">
        <div className="flex items-center justify-between gap-4">
          <div>
            <h2 className="text-base font-semibold">Built-in test issuer</h2>
            {s && <p className="text-xs text-slate-500">Issuer <code className="font-mono">{s.issuer}</code> · audience <code className="font-mono">{s.audience}</code></p>}
          </div>
          {s && (
            <div className="flex items-center gap-2">
              <span data-testid="test-issuer-state" className={`rounded-full px-2 py-0.5 text-xs font-medium ${s.enabled ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-600"}`}>
                {s.enabled ? "enabled" : "disabled"}
              </span>
              {isAdmin && (
                <button type="button" className={secondaryButton} disabled={toggle.isPending} onClick={() => toggle.mutate(!s.enabled)}>
                  {s.enabled ? "Disable test issuer" : "Enable test issuer"}
                </button>
              )}
            </div>
          )}
        </div>
      </section>
      {s?.enabled && isAdmin && (
        <form onSubmit={submit} onChange={edited} className={`${card} space-y-3`} aria-label="Mint a test token">
          <h2 className="text-base font-semibold">Mint a token</h2>
          <div className="grid gap-3 md:grid-cols-3">
            <div><label className={label} htmlFor="test-sub">Subject</label>
              <input id="test-sub" name="test-sub" required defaultValue="test-user" className={input} {...errors.field("sub", "test-sub-error")} />{issue("sub")}</div>
            <div><label className={label} htmlFor="test-scopes">Scopes</label>
              <input id="test-scopes" name="test-scopes" placeholder="orders.read orders.write" className={input} {...errors.field("scopes", "test-scopes-error")} />{issue("scopes")}</div>
            <div><label className={label} htmlFor="test-ttl">Lifetime (seconds)</label>
              <input id="test-ttl" name="test-ttl" type="number" min={60} max={86400} defaultValue={3600} className={input}
                {...errors.field("ttl_seconds", "test-ttl-error")} />{issue("ttl_seconds")}</div>
          </div>
          <div><label className={label} htmlFor="test-claims">Extra claims (JSON object)</label>
            <textarea id="test-claims" name="test-claims" rows={3} placeholder='{"tid": "acme"}' className={`${input} font-mono text-xs`}
              {...errors.field("claims", "test-claims-error")} />{issue("claims")}</div>
          <FormError message={errors.message} />
          <button type="submit" disabled={mint.isPending} className={primaryButton}>Mint token</button>
          {minted && (
            <div className="space-y-1">
              <div className="flex items-center justify-between gap-2">
                <p className="text-xs text-slate-600">Use it as <code className="font-mono">Authorization: Bearer …</code>; it is not stored.</p>
                <CopyButton label="Copy test token" value={minted} />
              </div>
              <textarea readOnly aria-label="Minted test token" data-testid="minted-token" rows={4} value={minted} className={`${input} font-mono text-xs`} />
            </div>
          )}
        </form>
      )}
    </div>
  );
}
