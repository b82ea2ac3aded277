"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent } from "react";
import type { AwsSettingsView as AwsSettings } from "@/lib/aws/settings";
import { api } from "../api-client";
import { formText } from "../ui/form";
import { FieldError, FormError, useFormErrors } from "../ui/form-errors";
import { card, input, label, primaryButton, secondaryButton } from "../ui/styles";
import { AwsIdentity } from "./aws-identity";

const KEYS = { settings: ["aws", "settings"] };

/** Settings › AWS: who the console acts as, where its calls go, and the artifacts bucket. */
export function AwsPanel({ isAdmin }: { isAdmin: boolean }) {
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: KEYS.settings, queryFn: () => api<AwsSettings>("aws/settings") });
  const errors = useFormErrors(["artifacts_bucket"]);
  const save = useMutation({
    mutationFn: (bucket: string | null) =>
      api<AwsSettings>("aws/settings", { method: "PUT", body: { artifacts_bucket: bucket, version: settings.data?.version ?? 0 } }),
    onSuccess: () => errors.clear(),
    onError: (e) => errors.fail(e),
    onSettled: () => qc.invalidateQueries({ queryKey: KEYS.settings }),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = formText(new FormData(e.currentTarget), "artifacts-bucket").trim();
    save.mutate(v === "" ? null : v);
  }

  return (
    <div className="space-y-4">
      <AwsIdentity />

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
              placeholder={settings.data?.artifacts_bucket_default ?? ""} onChange={() => errors.edited("artifacts_bucket")}
              {...errors.field("artifacts_bucket", "artifacts-bucket-error")} />
            <FieldError id="artifacts-bucket-error" messages={errors.at("artifacts_bucket")} />
          </label>
          {isAdmin && <button type="submit" className={primaryButton} disabled={save.isPending}>Save</button>}
          {isAdmin && settings.data?.artifacts_bucket && (
            <button type="button" className={secondaryButton} onClick={() => save.mutate(null)} disabled={save.isPending}>Use the default</button>
          )}
        </form>
        <FormError message={errors.message} className="mt-2 block" />
        {settings.data?.updated_by && (
          <p className="mt-2 text-xs text-slate-500">Last changed by {settings.data.updated_by}{settings.data.updated_at ? ` on ${new Date(settings.data.updated_at).toLocaleString()}` : ""}.</p>
        )}
      </section>
    </div>
  );
}
