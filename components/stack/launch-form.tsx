"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../api-client";
import { FieldError, FormError, useFormErrors } from "../ui/form-errors";
import { input, label, primaryButton } from "../ui/styles";
import { SettingsFields } from "./settings-fields";
import { stackKeys, type StackState, type StackView } from "./types";

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** Launch stack: name, the parameters the console fills in, settings, and the IAM acknowledgement. */
export function LaunchForm({ gatewayId, launch, canEdit }: { gatewayId: string; launch: StackState["launch"]; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [stackName, setStackName] = useState(launch.stack_name);
  const [settings, setSettings] = useState(launch.settings);
  const [acknowledged, setAcknowledged] = useState(false);
  const nameValid = STACK_NAME.test(stackName);
  const errors = useFormErrors(["stack_name", "settings", "acknowledge_iam"]);
  const mutation = useMutation({
    mutationFn: () =>
      api<StackView>(`gateways/${encodeURIComponent(gatewayId)}/stack`, {
        method: "POST",
        body: { stack_name: stackName, acknowledge_iam: acknowledged, settings },
      }),
    onSuccess: () => {
      errors.clear();
      return queryClient.invalidateQueries({ queryKey: stackKeys.stack(gatewayId) });
    },
    onError: (e) => errors.fail(e),
  });

  return (
    <form
      aria-label="Launch stack"
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate();
      }}
    >
      <label className={label}>
        Stack name
        <input className={input} value={stackName} disabled={!canEdit} aria-invalid={!nameValid || errors.at("stack_name").length > 0}
          onChange={(e) => { setStackName(e.target.value); errors.edited("stack_name"); }} />
        {!nameValid && <span className="text-xs text-red-700">Start with a letter; letters, digits and hyphens only (at most 128).</span>}
        {nameValid && <FieldError id="launch-stack-name-error" messages={errors.at("stack_name")} />}
      </label>

      <fieldset>
        <legend className="text-sm font-semibold text-slate-800">Base configuration</legend>
        <dl className="mt-2 grid gap-x-4 gap-y-1 rounded-md border border-slate-200 bg-slate-50 p-3 text-xs sm:grid-cols-[12rem_1fr]">
          <dt className="font-medium text-slate-600">Client ID <code>ACP_CLIENT_ID</code></dt>
          <dd className="font-mono break-all">{launch.client_id}</dd>
          <dt className="font-medium text-slate-600">Client secret <code>ACP_CLIENT_SECRET</code></dt>
          <dd>Passed by the console from the gateway&apos;s client — never shown here (NoEcho in the stack).</dd>
          <dt className="font-medium text-slate-600">Issuer URL <code>ACP_ISSUER_URL</code></dt>
          <dd className="font-mono break-all">{launch.issuer_url}</dd>
          <dt className="font-medium text-slate-600">Authorizer version</dt>
          <dd className="font-mono">{launch.authorizer_version}</dd>
          <dt className="font-medium text-slate-600">Region</dt>
          <dd className="font-mono">{launch.region}</dd>
          <dt className="font-medium text-slate-600">Code</dt>
          <dd>Uploaded by the console to the artifacts bucket of {launch.region} under its SHA-256.</dd>
        </dl>
      </fieldset>

      <SettingsFields value={settings} onChange={setSettings} disabled={!canEdit} errors={errors} />

      <label className="flex items-start gap-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
        <input type="checkbox" className="mt-0.5" checked={acknowledged} disabled={!canEdit} onChange={(e) => { setAcknowledged(e.target.checked); errors.edited("acknowledge_iam"); }} />
        <span>I acknowledge that AWS CloudFormation might create IAM resources (the function&apos;s execution role and its two policies).
          <FieldError id="launch-acknowledge-error" messages={errors.at("acknowledge_iam")} /></span>
      </label>

      <FormError message={errors.message} />
      <button type="submit" className={primaryButton} disabled={!canEdit || !acknowledged || !nameValid || mutation.isPending}>
        {mutation.isPending ? "Launching…" : "Launch stack"}
      </button>
      {!canEdit && <p className="text-xs text-slate-500">Only admins can launch stacks.</p>}
    </form>
  );
}
