"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../api-client";
import { ConfirmActions } from "../ui/confirm-actions";
import { card, errorBox } from "../ui/styles";
import { CopyButton } from "../ui/copy-button";
import { keys, type GatewayClient, type GatewayView, type RotatedClient } from "./types";

const smallButton = "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60";

/**
 * The gateway's OAuth client as its authorizer uses it. The secret is fetched only when asked for
 * (Reveal, Copy), kept in this component's state while shown, and never put in the query cache.
 */
export function ClientCredentials({ gateway, isAdmin }: { gateway: GatewayView; isAdmin: boolean }) {
  const qc = useQueryClient();
  const clientPath = `gateways/${encodeURIComponent(gateway.id)}/client`;
  const [secret, setSecret] = useState<string | null>(null);
  const [rotatedAt, setRotatedAt] = useState<string | null>(null);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const fetchClient = useMutation({
    mutationFn: () => api<GatewayClient>(clientPath),
    gcTime: 0,
    onError: (e) => setError(errorMessage(e)),
  });
  const rotate = useMutation({
    mutationFn: () => api<RotatedClient>(`${clientPath}/rotate`, { method: "POST" }),
    gcTime: 0,
    onSuccess: (r) => {
      setSecret(r.client_secret);
      setRotatedAt(r.secret_rotated_at);
      setError(null);
      void qc.invalidateQueries({ queryKey: keys.gateway(gateway.id) });
    },
    onError: (e) => setError(errorMessage(e)),
  });

  function reveal() {
    setError(null);
    setRotatedAt(null);
    fetchClient.mutate(undefined, { onSuccess: (c) => setSecret(c.client_secret) });
  }

  async function secretForCopy(): Promise<string> {
    if (secret) return secret;
    const c = await fetchClient.mutateAsync();
    return c.client_secret;
  }

  const tokenEndpoint = `${gateway.issuer_url}/oauth2/token`;

  return (
    <section className={card} aria-labelledby="client-heading">
      <h2 id="client-heading" className="text-base font-semibold">Client credentials</h2>
      <p className="mt-0.5 text-sm text-slate-600">
        The authorizer signs in to this console with these (OAuth 2.0 client credentials, <code className="font-mono text-xs">client_secret_post</code>).
        They are the stack parameters <code className="font-mono text-xs">ACP_CLIENT_ID</code>, <code className="font-mono text-xs">ACP_CLIENT_SECRET</code> and{" "}
        <code className="font-mono text-xs">ACP_ISSUER_URL</code>.
      </p>
      <dl className="mt-4 grid gap-x-4 gap-y-3 text-sm sm:grid-cols-[9rem_1fr]">
        <CopyableField term="Client ID" testId="client-id" value={gateway.client_id} copyLabel="Copy client ID" />

        <dt className="pt-1 font-medium text-slate-600">Client secret</dt>
        <dd className="min-w-0 space-y-2">
          {isAdmin ? (
            <div className="flex flex-wrap items-center gap-2">
              <code data-testid="client-secret" aria-label={secret ? "Client secret" : "Client secret (hidden)"}
                className="max-w-full truncate rounded bg-slate-50 px-2 py-1 font-mono text-xs">
                {secret ?? "••••••••••••••••••••••••"}
              </code>
              {secret ? (
                <button type="button" className={smallButton} onClick={() => { setSecret(null); setRotatedAt(null); }}>Hide</button>
              ) : (
                <button type="button" className={smallButton} onClick={reveal} disabled={fetchClient.isPending}>
                  {fetchClient.isPending ? "Revealing…" : "Reveal"}
                </button>
              )}
              <CopyButton label="Copy client secret" value={secretForCopy} />
              {!confirmRotate && (
                <button type="button" className={`${smallButton} text-red-700 hover:bg-red-50`} onClick={() => setConfirmRotate(true)} disabled={rotate.isPending}>
                  {rotate.isPending ? "Rotating…" : "Rotate"}
                </button>
              )}
            </div>
          ) : (
            <p className="pt-1 text-slate-500">Hidden. Only admins can reveal, copy or rotate it.</p>
          )}
          {rotatedAt && (
            <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-2 text-xs text-emerald-900">
              New secret issued {new Date(rotatedAt).toLocaleString()}. Update the <code className="font-mono">ACP_CLIENT_SECRET</code> of every running authorizer of this gateway.
            </p>
          )}
          {confirmRotate && (
            <div role="group" aria-label="Rotate client secret" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
              <p className="font-medium">Rotate the client secret?</p>
              <p className="mt-1">
                A new secret is issued and the current one <strong>stops working at once</strong>: authorizers still using it can no longer
                fetch their configuration or push what they discover, until you update their stack with the new secret.
              </p>
              <ConfirmActions className="mt-3 flex gap-2" confirmLabel="Rotate secret" onConfirm={() => rotate.mutate()} onClose={() => setConfirmRotate(false)} />
            </div>
          )}
          {error && <p role="alert" className={errorBox}>{error}</p>}
        </dd>

        <CopyableField term="Issuer URL" testId="issuer-url" value={gateway.issuer_url} copyLabel="Copy issuer URL" />

        <CopyableField term="Token endpoint" testId="token-endpoint" value={tokenEndpoint} copyLabel="Copy token endpoint" />
      </dl>
    </section>
  );
}

/** One credential of the list: its value in full, and a button that copies it. */
function CopyableField({ term, testId, value, copyLabel }: { term: string; testId: string; value: string; copyLabel: string }) {
  return (
    <>
      <dt className="pt-1 font-medium text-slate-600">{term}</dt>
      <dd className="flex min-w-0 items-center gap-2">
        <code data-testid={testId} className="truncate rounded bg-slate-50 px-2 py-1 font-mono text-xs">{value}</code>
        <CopyButton label={copyLabel} value={value} />
      </dd>
    </>
  );
}
