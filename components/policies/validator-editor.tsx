"use client";

import { useState } from "react";
import { card, secondaryButton } from "../ui/styles";
import { FieldRows } from "./field-rows";
import { FIELD_VALIDATORS, fieldRows, issuesAt, newValidator, renameValidator, setRows, VALIDATOR_NAMES, validatorName } from "./model";

const DESCRIBE: Record<string, string> = {
  true: "always passes",
  false: "always fails (deny)",
  "identity-context": "checks the caller's authn context (token claims)",
  header: "checks request headers (names are case-insensitive)",
};

/** The visual validator editor: pick validators, add field / comparator / value rows, remove them. */
export function ValidatorEditor({
  validators,
  issues,
  readOnly,
  onChange,
}: {
  validators: unknown[];
  issues: { path: string; message: string }[];
  readOnly: boolean;
  onChange: (validators: unknown[]) => void;
}) {
  const [adding, setAdding] = useState<string>("identity-context");
  const replace = (i: number, v: unknown) => onChange(validators.map((x, j) => (j === i ? v : x)));
  return (
    <div className="space-y-3">
      {validators.length === 0 && <p className="text-sm text-slate-500">No validators yet.</p>}
      {validators.map((v, i) => {
        const name = validatorName(v);
        const own = issuesAt(issues, `validators.${i}`).filter((m) => !issuesAt(issues, `validators.${i}.conf.fields`).includes(m));
        return (
          <fieldset key={i} className={`${card} space-y-3`} aria-label={`Validator ${i + 1}`}>
            <div className="flex items-center gap-3">
              <span className="text-xs font-semibold text-slate-500">#{i + 1}</span>
              <select aria-label={`Kind of validator ${i + 1}`} className="rounded-md border border-slate-300 px-2 py-1 text-sm font-medium"
                value={name} disabled={readOnly} onChange={(e) => replace(i, renameValidator(v, e.target.value))}>
                {!(VALIDATOR_NAMES as readonly string[]).includes(name) && <option value={name}>{name || "(none)"}</option>}
                {VALIDATOR_NAMES.map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
              <span className="flex-1 text-xs text-slate-500">{DESCRIBE[name] ?? "unknown validator"}</span>
              {!readOnly && (
                <button type="button" className="text-xs text-red-700 hover:underline" aria-label={`Remove validator ${i + 1}`}
                  onClick={() => onChange(validators.filter((_, j) => j !== i))}>
                  Remove
                </button>
              )}
            </div>
            {own.map((m) => <p key={m} role="alert" className="text-xs text-red-700">{m}</p>)}
            {FIELD_VALIDATORS.has(name) && (
              <FieldRows validatorIndex={i} kind={name} rows={fieldRows(v)} issues={issues} readOnly={readOnly}
                onChange={(rows) => replace(i, setRows(v, rows))} />
            )}
          </fieldset>
        );
      })}
      {!readOnly && (
        <div className="flex items-center gap-2">
          <label htmlFor="add-validator" className="text-sm text-slate-700">Add validator</label>
          <select id="add-validator" className="rounded-md border border-slate-300 px-2 py-1 text-sm" value={adding} onChange={(e) => setAdding(e.target.value)}>
            {VALIDATOR_NAMES.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
          <button type="button" className={secondaryButton} onClick={() => onChange([...validators, newValidator(adding)])}>Add</button>
        </div>
      )}
    </div>
  );
}
