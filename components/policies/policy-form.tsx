"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { PolicyView } from "@/lib/policies/view";
import { api, ApiClientError } from "../api-client";
import { ConfirmButton } from "../ui/confirm-button";
import { FieldError, FormError, useFormErrors, valueAtPath } from "../ui/form-errors";
import { card, errorBox, input, label, primaryButton, secondaryButton } from "../ui/styles";
import { JsonView } from "./json-view";
import { parseValidatorsJson } from "./model";
import { TestPanel } from "./test-panel";
import { usePolicyDraft } from "./use-policy-draft";
import { ValidatorEditor } from "./validator-editor";

/** Create or edit a policy: name, description, validators (visual or JSON), save, delete, test. */
export function PolicyForm({ initial, canEdit, onReload }: { initial?: PolicyView; canEdit: boolean; onReload?: () => void }) {
  const router = useRouter();
  const qc = useQueryClient();
  const readOnly = !canEdit || Boolean(initial?.builtin);
  const [name, setName] = useState(initial?.policy_name ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [version, setVersion] = useState(initial?.version ?? 0);
  const draft = usePolicyDraft(initial?.validators ?? []);
  const [tab, setTab] = useState<"visual" | "json">("visual");
  const errors = useFormErrors(["policy_name", "description", "validators"]);
  const [stale, setStale] = useState(false);
  const [saved, setSaved] = useState(false);

  const fail = (e: unknown) => {
    setSaved(false);
    if (e instanceof ApiClientError && e.status === 409 && /changed by someone else/.test(e.message)) {
      setStale(true);
      errors.clear();
      return;
    }
    if (e instanceof ApiClientError && e.status === 409) return errors.show(e.message, "policy_name");
    errors.fail(e);
  };
  /** The validators changed as a whole: the messages of the paths whose value changed go. */
  const validatorsEdited = (next: unknown[]) => {
    const before = draft.validators;
    errors.editedWhere((path) => {
      if (!path.startsWith("validators")) return false;
      const rest = path.slice("validators".length).replace(/^\./, "");
      return JSON.stringify(valueAtPath(before, rest)) !== JSON.stringify(valueAtPath(next, rest));
    });
  };
  const save = useMutation({
    mutationFn: () => {
      const body = { policy_name: name, description, validators: draft.validators };
      return initial
        ? api<PolicyView>(`policies/${initial.id}`, { method: "PUT", body: { ...body, version } })
        : api<PolicyView>("policies", { method: "POST", body });
    },
    onSuccess: (p) => {
      errors.clear();
      setSaved(true);
      setVersion(p.version);
      void qc.invalidateQueries({ queryKey: ["policies"] });
      if (!initial) router.push(`/policies/${p.id}`);
    },
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: () => api(`policies/${initial!.id}`, { method: "DELETE" }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["policies"] });
      router.push("/policies");
    },
    onError: (e) => errors.fail(e),
  });

  return (
    <div className="space-y-4">
      {initial?.builtin && (
        <p className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">
          <strong>{initial.policy_name}</strong> is a built-in policy: it cannot be changed or deleted. You can still test it below.
        </p>
      )}
      <form className="space-y-4" aria-label={initial ? `Edit policy ${initial.policy_name}` : "New policy"}
        onSubmit={(e) => { e.preventDefault(); if (!draft.jsonError) save.mutate(); }}>
        <div className={`${card} grid grid-cols-1 gap-3 md:grid-cols-2`}>
          <div>
            <label className={label} htmlFor="policy-name">Name</label>
            <input id="policy-name" className={input} value={name} required maxLength={100} readOnly={readOnly}
              {...errors.field("policy_name", "policy-name-error")} onChange={(e) => { setName(e.target.value); errors.edited("policy_name"); }} />
            <FieldError id="policy-name-error" messages={errors.at("policy_name")} />
          </div>
          <div>
            <label className={label} htmlFor="policy-description">Description</label>
            <input id="policy-description" className={input} value={description} maxLength={1000} readOnly={readOnly}
              {...errors.field("description", "policy-description-error")} onChange={(e) => { setDescription(e.target.value); errors.edited("description"); }} />
            <FieldError id="policy-description-error" messages={errors.at("description")} />
          </div>
        </div>
        <div className="space-y-3">
          <div role="tablist" aria-label="Validator editor" className="flex gap-1 border-b border-slate-200">
            {(["visual", "json"] as const).map((t) => (
              <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}
                className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${tab === t ? "border-indigo-600 font-medium text-indigo-700" : "border-transparent text-slate-600"}`}>
                {t === "visual" ? "Visual editor" : "JSON"}
              </button>
            ))}
          </div>
          {tab === "visual" ? (
            <>
              {draft.jsonError && <p role="alert" className={errorBox}>The JSON view has an error; this shows the last valid version.</p>}
              <ValidatorEditor validators={draft.validators} issues={errors.issues} readOnly={readOnly}
                onChange={(next) => { validatorsEdited(next); draft.fromVisual(next); }} />
            </>
          ) : (
            <JsonView text={draft.jsonText} error={draft.jsonError} readOnly={readOnly}
              onChange={(text) => { const parsed = parseValidatorsJson(text); if (parsed.ok) validatorsEdited(parsed.validators); draft.fromJson(text); }} />
          )}
          <FieldError id="policy-validators-error" messages={errors.at("validators", true)} />
        </div>
        {stale && (
          <div role="alert" className={`${errorBox} flex items-center justify-between gap-3`}>
            <span>This policy was changed by someone else meanwhile — reload to see their version. Your edits stay here until you reload.</span>
            {onReload && <button type="button" className={secondaryButton} onClick={onReload}>Reload</button>}
          </div>
        )}
        <FormError message={errors.message} />
        {saved && !errors.message && <p role="status" className="text-sm text-emerald-700">Saved.</p>}
        {!readOnly && (
          <div className="flex items-center gap-3">
            <button type="submit" className={primaryButton} disabled={save.isPending || Boolean(draft.jsonError)}>
              {save.isPending ? "Saving…" : initial ? "Save changes" : "Create policy"}
            </button>
            {initial && <ConfirmButton label="Delete policy" confirmLabel={`Delete ${initial.policy_name}`} disabled={remove.isPending} onConfirm={() => remove.mutate()} />}
          </div>
        )}
      </form>
      <TestPanel validators={draft.validators} disabled={Boolean(draft.jsonError)} />
    </div>
  );
}
