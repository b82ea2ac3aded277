"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, errorMessage } from "../api-client";
import { formText } from "../ui/form";
import { card, errorBox, input, label, primaryButton, secondaryButton } from "../ui/styles";

type WhoAmI =
  | { ok: true; account: string; arn: string; userId: string; region: string; endpoint: string | null }
  | { ok: false; reason: string; message: string; help: string[]; region: string; endpoint: string | null };

interface AwsSettings {
  artifacts_bucket: string | null;
  artifacts_bucket_default: string;
  version: number;
  updated_at: string | null;
  updated_by: string | null;
}

const KEYS = { identity: ["aws", "identity"], settings: ["aws", "settings"] };

/** Settings › AWS: who the console acts as, where its calls go, and the artifacts bucket. */
export function AwsPanel({ isAdmin }: { isAdmin: boolean }) {
  const qc = useQueryClient();
  const identity = useQuery({ queryKey: KEYS.identity, queryFn: () => api<WhoAmI>("aws/identity") });
  const settings = useQuery({ queryKey: KEYS.settings, queryFn: () => api<AwsSettings>("aws/settings") });
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (bucket: string | null) =>
      api<AwsSettings>("aws/settings", { method: "PUT", body: { artifacts_bucket: bucket, version: settings.data?.version ?? 0 } }),
    onSuccess: () => setError(null),
    onError: (e) => setError(errorMessage(e)),
    onSettled: () => qc.invalidateQueries({ queryKey: KEYS.settings }),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = formText(new FormData(e.currentTarget), "artifacts-bucket").trim();
    save.mutate(v === "" ? null : v);
  }

  const me = identity.data;
  return (
    <div className="space-y-4">
      <section className={card} aria-label="AWS identity">
        <div className="flex items-center justify-between">
          <h2 className="text-base font-semibold">Who the console acts as</h2>
          <button type="button" className={secondaryButton} onClick={() => void identity.refetch()} disabled={identity.isFetching}>
            {identity.isFetching ? "Checking…" : "Check again"}
          </button>
        </div>
        {identity.isError && <div role="alert" className={errorBox}>{errorMessage(identity.error)}</div>}
        {me?.ok && (
          <dl className="mt-3 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-slate-600">Account</dt><dd className="font-mono">{me.account}</dd>
            <dt className="text-slate-600">Identity (ARN)</dt><dd className="font-mono break-all">{me.arn}</dd>
            <dt className="text-slate-600">Default region</dt><dd className="font-mono">{me.region}</dd>
          </dl>
        )}
        {me && !me.ok && (
          <div role="alert" className="mt-3 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
            <p className="font-medium">{me.message}</p>
            <p className="mt-2">The console uses the AWS SDK&apos;s default credential chain. Provide credentials in one of these ways and restart it:</p>
            <ul className="mt-1 list-disc space-y-0.5 pl-5">{me.help.map((h) => <li key={h}>{h}</li>)}</ul>
          </div>
        )}
        {me && (
          <p className="mt-3 text-xs text-slate-600">
            Endpoint: {me.endpoint ? <><code className="font-mono">{me.endpoint}</code> (AWS_ENDPOINT_URL override — an emulator, not AWS)</> : "AWS (no AWS_ENDPOINT_URL override)"}
          </p>
        )}
      </section>

      <section className={card} aria-label="Artifacts bucket">
        <h2 className="text-base font-semibold">Artifacts bucket</h2>
        <p className="mt-1 text-sm text-slate-600">
          Where the console uploads the authorizer zip and the stack template, in each gateway&apos;s region (Lambda reads its code only from
          its own region). Default: <code className="font-mono text-xs">{settings.data?.artifacts_bucket_default ?? "gatehouse-artifacts-{account}-{region}"}</code>;
          use <code className="font-mono text-xs">{"{account}"}</code> and <code className="font-mono text-xs">{"{region}"}</code> in your own name for several regions.
        </p>
        <form className="mt-3 flex flex-wrap items-end gap-2" onSubmit={submit} key={settings.data?.version ?? -1}>
          <label className={`${label} min-w-72 flex-1`}>
            Bucket name
            <input name="artifacts-bucket" className={input} defaultValue={settings.data?.artifacts_bucket ?? ""} disabled={!isAdmin}
              placeholder={settings.data?.artifacts_bucket_default ?? ""} />
          </label>
          {isAdmin && <button type="submit" className={primaryButton} disabled={save.isPending}>Save</button>}
          {isAdmin && settings.data?.artifacts_bucket && (
            <button type="button" className={secondaryButton} onClick={() => save.mutate(null)} disabled={save.isPending}>Use the default</button>
          )}
        </form>
        {error && <div role="alert" className={`${errorBox} mt-2`}>{error}</div>}
        {settings.data?.updated_by && (
          <p className="mt-2 text-xs text-slate-500">Last changed by {settings.data.updated_by}{settings.data.updated_at ? ` on ${new Date(settings.data.updated_at).toLocaleString()}` : ""}.</p>
        )}
      </section>
    </div>
  );
}
