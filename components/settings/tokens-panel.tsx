"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TokenView as TokenRow } from "@/lib/tokens/service";
import { api, errorMessage } from "../api-client";
import { ConfirmButton } from "../ui/confirm-button";
import { CopyButton } from "../ui/copy-button";
import { formText } from "../ui/form";
import { FieldError, FormError, useFormErrors } from "../ui/form-errors";
import { card, errorBox, input, label, primaryButton, secondaryButton } from "../ui/styles";

const TOKENS_KEY = ["tokens"];

export function TokensPanel() {
  const qc = useQueryClient();
  const tokens = useQuery({ queryKey: TOKENS_KEY, queryFn: () => api<{ tokens: TokenRow[] }>("tokens") });
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const errors = useFormErrors(["name"]);
  const create = useMutation({
    mutationFn: (name: string) => api<{ token: TokenRow; secret: string }>("tokens", { method: "POST", body: { name } }),
    onSuccess: (r) => { setCreated({ name: r.token.name, secret: r.secret }); errors.clear(); },
    onError: (e) => errors.fail(e),
    onSettled: () => qc.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`tokens/${id}`, { method: "DELETE" }),
    onError: (e) => errors.fail(e),
    onSettled: () => qc.invalidateQueries({ queryKey: TOKENS_KEY }),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    create.mutate(formText(new FormData(form), "token-name"), { onSuccess: () => form.reset() });
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        API tokens authenticate scripts against the admin API (<code className="font-mono text-xs">/api/admin/default/…</code>) with{" "}
        <code className="font-mono text-xs">Authorization: Bearer &lt;token&gt;</code>. A token has your role and is shown only once.
      </p>
      <p className="text-sm text-slate-600">
        The API is described by its OpenAPI 3.1 document:{" "}
        <a href="/api/admin/default/openapi.json" target="_blank" rel="noreferrer" className="font-medium text-indigo-700 underline" data-testid="openapi-link">
          /api/admin/default/openapi.json
        </a>{" "}
        (for generated clients and automation; send the same bearer token).
      </p>
      <form onSubmit={submit} className={`${card} flex items-start gap-3`} aria-label="Create API token">
        <div className="flex-1"><label className={label} htmlFor="token-name">Token name</label>
          <input id="token-name" name="token-name" required maxLength={80} placeholder="e.g. ci-pipeline" className={input}
            onChange={() => errors.edited("name")} {...errors.field("name", "token-name-error")} />
          <FieldError id="token-name-error" messages={errors.at("name")} /></div>
        <button type="submit" disabled={create.isPending} className={`${primaryButton} mt-6`}>Create token</button>
      </form>
      <FormError message={errors.message} />
      {created && (
        <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-4" data-testid="new-token">
          <p className="text-sm font-medium text-emerald-900">Token “{created.name}” created. Copy it now: it will not be shown again.</p>
          <div className="mt-2 flex items-center gap-2">
            <code data-testid="new-token-value" className="flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs">{created.secret}</code>
            <CopyButton key={created.secret} label="Copy API token" value={created.secret} className={secondaryButton} />
            <button type="button" className={secondaryButton} onClick={() => setCreated(null)}>Done</button>
          </div>
        </div>
      )}
      <div className={card}>
        <h2 className="mb-3 text-base font-semibold">Your tokens</h2>
        {tokens.isPending && <p className="text-sm text-slate-500">Loading…</p>}
        {tokens.isError && <p role="alert" className={errorBox}>{errorMessage(tokens.error)}</p>}
        {tokens.data?.tokens.length === 0 && <p className="text-sm text-slate-500">No tokens yet.</p>}
        {tokens.data && tokens.data.tokens.length > 0 && (
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-500 uppercase"><tr><th className="py-2">Name</th><th>Token</th><th>Role</th><th>Created</th><th>Last used</th><th className="text-right">Status</th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {tokens.data.tokens.map((t) => <ApiTokenRow key={t.id} token={t} onRevoke={() => revoke.mutate(t.id)} />)}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

/** One of the caller's API tokens (its prefix only); an active one may be revoked. */
function ApiTokenRow({ token: t, onRevoke }: { token: TokenRow; onRevoke: () => void }) {
  return (
    <tr data-testid={`token-row-${t.name}`}>
      <td className="py-2 font-medium">{t.name}</td>
      <td className="font-mono text-xs text-slate-500">{t.prefix}…</td>
      <td>{t.role}</td>
      <td className="text-slate-600">{new Date(t.created_at).toLocaleString()}</td>
      <td className="text-slate-600">{t.last_used_at ? new Date(t.last_used_at).toLocaleString() : "never"}</td>
      <td className="text-right">
        {t.revoked_at ? <span className="text-xs text-slate-500">revoked</span> :
          <ConfirmButton label="Revoke" confirmLabel="Revoke now" onConfirm={onRevoke} />}
      </td>
    </tr>
  );
}
