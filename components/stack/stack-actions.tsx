"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../api-client";
import { FieldError, FormError, useFormErrors } from "../ui/form-errors";
import { input, primaryButton, secondaryButton } from "../ui/styles";
import { SettingsFields } from "./settings-fields";
import { stackKeys, type StackState, type StackView } from "./types";

/** Update configuration (UpdateStack, followed live) and Delete stack (typed confirmation). */
export function StackActions({ gatewayId, stack, settings }: { gatewayId: string; stack: StackView; settings: StackState["launch"]["settings"] }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(settings);
  const [deleting, setDeleting] = useState(false);
  const [confirmName, setConfirmName] = useState("");
  const refresh = () => queryClient.invalidateQueries({ queryKey: stackKeys.stack(gatewayId) });
  const path = `gateways/${encodeURIComponent(gatewayId)}/stack`;
  const updateErrors = useFormErrors(["settings"]);
  const removeErrors = useFormErrors(["confirm_stack_name"]);

  const update = useMutation({
    mutationFn: () => api<StackView>(path, { method: "PUT", body: { settings: draft, version: stack.version } }),
    onSuccess: async () => {
      setEditing(false);
      updateErrors.clear();
      await refresh();
    },
    onError: (e) => updateErrors.fail(e),
  });
  const remove = useMutation({
    mutationFn: () => api<StackView>(path, { method: "DELETE", body: { confirm_stack_name: confirmName } }),
    onSuccess: async () => {
      setDeleting(false);
      setConfirmName("");
      removeErrors.clear();
      await refresh();
    },
    onError: (e) => removeErrors.fail(e),
  });
  const busy = stack.phase === "in_progress";

  return (
    <div className="space-y-3">
      {!stack.secret_current && (
        <p className="rounded-md border border-amber-200 bg-amber-50 p-2 text-xs text-amber-900">
          The gateway&apos;s client secret was rotated after this stack received it: update the stack to pass the new secret.
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <button type="button" className={secondaryButton} disabled={busy || !stack.can_update} onClick={() => { setDraft(settings); setEditing((v) => !v); }}>
          Update configuration
        </button>
        <button type="button" className="rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60"
          disabled={busy} onClick={() => setDeleting((v) => !v)}>
          Delete stack
        </button>
      </div>

      {editing && (
        <form aria-label="Update configuration" className="space-y-3 rounded-md border border-slate-200 p-3"
          onSubmit={(e) => { e.preventDefault(); update.mutate(); }}>
          <SettingsFields value={draft} onChange={setDraft} errors={updateErrors} />
          <p className="text-xs text-slate-500">
            UpdateStack keeps the current template unless the console ships a new one; the client secret stays as it is unless the gateway rotated it.
          </p>
          <FormError message={updateErrors.message} />
          <div className="flex gap-2">
            <button type="submit" className={primaryButton} disabled={update.isPending}>{update.isPending ? "Updating…" : "Update stack"}</button>
            <button type="button" className={secondaryButton} onClick={() => setEditing(false)}>Cancel</button>
          </div>
        </form>
      )}

      {deleting && (
        <form aria-label="Delete stack" className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm"
          onSubmit={(e) => { e.preventDefault(); remove.mutate(); }}>
          <p>Deleting removes the authorizer function, its role and triggers. APIs still attached to it will answer 500 until redeployed without it.</p>
          <label className="block">
            Type <code className="font-mono">{stack.stack_name}</code> to confirm
            <input className={input} value={confirmName} onChange={(e) => { setConfirmName(e.target.value); removeErrors.edited("confirm_stack_name"); }} aria-label="Stack name to confirm" />
            <FieldError id="stack-confirm-name-error" messages={removeErrors.at("confirm_stack_name")} />
          </label>
          <FormError message={removeErrors.message} />
          <button type="submit" className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-500 disabled:opacity-60"
            disabled={confirmName !== stack.stack_name || remove.isPending}>
            {remove.isPending ? "Deleting…" : "Delete stack"}
          </button>
        </form>
      )}
    </div>
  );
}
