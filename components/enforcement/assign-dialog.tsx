"use client";

import { useEffect, useRef, useState } from "react";
import { PolicyOptions } from "../policies/policy-options";
import { FieldError, FormError, type FormErrors } from "../ui/form-errors";
import { input, label, primaryButton, secondaryButton } from "../ui/styles";
import type { PolicyView } from "./types";

/** "(keep)" in the bulk dialog: leave each selected API's current value as it is. */
const KEEP = "__keep__";

/** What the dialog submits: a field left out is unchanged. */
export interface AssignChoice {
  policyId?: string | null;
  shadowPolicyId?: string | null;
}

/**
 * Pick a policy (or Unrestricted) and a shadow policy (or none) for one API or a selection of
 * APIs. In bulk both start at "keep"; only what is to change is submitted.
 */
export function AssignDialog({
  title,
  description,
  initialPolicyId,
  initialShadowPolicyId,
  bulk = false,
  policies,
  pending,
  errors,
  onSubmit,
  onClose,
}: {
  title: string;
  description?: string;
  initialPolicyId: string | null;
  initialShadowPolicyId?: string | null;
  bulk?: boolean;
  policies: PolicyView[];
  pending: boolean;
  errors: FormErrors;
  onSubmit: (choice: AssignChoice) => void;
  onClose: () => void;
}) {
  // In bulk both start at "keep": changing only the shadow must never clear the APIs' policies.
  const [value, setValue] = useState(bulk ? KEEP : (initialPolicyId ?? ""));
  const initialShadow = bulk ? KEEP : (initialShadowPolicyId ?? "");
  const [shadow, setShadow] = useState(initialShadow);
  const selectRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    selectRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  return (
    <div className="fixed inset-0 z-40 flex items-center justify-center bg-slate-900/40 p-4">
      <form
        role="dialog"
        aria-modal="true"
        aria-labelledby="assign-dialog-title"
        className="w-full max-w-md space-y-4 rounded-lg bg-white p-5 shadow-xl"
        onSubmit={(e) => {
          e.preventDefault();
          const choice: AssignChoice = {};
          if (value !== KEEP) choice.policyId = value || null;
          if (shadow !== initialShadow) choice.shadowPolicyId = shadow || null;
          if (choice.policyId === undefined && choice.shadowPolicyId === undefined) {
            errors.show("Choose a policy or a shadow policy to change.");
            return;
          }
          onSubmit(choice);
        }}
      >
        <div>
          <h2 id="assign-dialog-title" className="text-base font-semibold">{title}</h2>
          {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
        </div>
        <div>
          <label className={label} htmlFor="assign-policy">Policy</label>
          <select id="assign-policy" ref={selectRef} value={value} onChange={(e) => { setValue(e.target.value); errors.edited("policy_id"); }} className={input}
            {...errors.field("policy_id", "assign-policy-error")}>
            {bulk && <option value={KEEP}>Keep each API&apos;s policy</option>}
            <option value="">Unrestricted (no policy)</option>
            <PolicyOptions policies={policies} />
          </select>
          <FieldError id="assign-policy-error" messages={errors.at("policy_id")} />
          <p className="mt-1 text-xs text-slate-500">The change reaches API Gateway when the API&apos;s stage is redeployed.</p>
        </div>
        <div>
          <label className={label} htmlFor="assign-shadow-policy">Shadow policy</label>
          <select id="assign-shadow-policy" value={shadow} onChange={(e) => { setShadow(e.target.value); errors.edited("shadow_policy_id"); }} className={input}
            {...errors.field("shadow_policy_id", "assign-shadow-policy-error")}>
            {bulk && <option value={KEEP}>Keep each API&apos;s shadow policy</option>}
            <option value="">None</option>
            <PolicyOptions policies={policies} />
          </select>
          <FieldError id="assign-shadow-policy-error" messages={errors.at("shadow_policy_id")} />
          <p className="mt-1 text-xs text-slate-500">Evaluated on every request beside the policy and counted as would allow / would deny; it never decides the answer.</p>
        </div>
        <FormError message={errors.message} />
        <div className="flex justify-end gap-2">
          <button type="button" className={secondaryButton} onClick={onClose}>Cancel</button>
          <button type="submit" className={primaryButton} disabled={pending}>{pending ? "Updating…" : "Update"}</button>
        </div>
      </form>
    </div>
  );
}
