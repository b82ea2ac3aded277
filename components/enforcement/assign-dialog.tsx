"use client";

import { useEffect, useRef, useState } from "react";
import { FieldError, FormError, type FormErrors } from "../ui/form-errors";
import { input, label, primaryButton, secondaryButton } from "../ui/styles";
import type { PolicyView } from "./types";

/** Pick a policy (or Unrestricted) for one API or a selection of APIs. */
export function AssignDialog({
  title,
  description,
  initialPolicyId,
  policies,
  pending,
  errors,
  onSubmit,
  onClose,
}: {
  title: string;
  description?: string;
  initialPolicyId: string | null;
  policies: PolicyView[];
  pending: boolean;
  errors: FormErrors;
  onSubmit: (policyId: string | null) => void;
  onClose: () => void;
}) {
  const [value, setValue] = useState(initialPolicyId ?? "");
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
          onSubmit(value || null);
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
            <option value="">Unrestricted (no policy)</option>
            {policies.map((p) => (
              <option key={p.id} value={p.id}>{p.policy_name}{p.builtin ? " (built-in)" : ""}</option>
            ))}
          </select>
          <FieldError id="assign-policy-error" messages={errors.at("policy_id")} />
          <p className="mt-1 text-xs text-slate-500">The change reaches API Gateway when the API&apos;s stage is redeployed.</p>
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
