"use client";

import { input } from "../ui/styles";
import { COMPARATORS, issuesAt, VALUELESS, type FieldRow } from "./model";

const small = "rounded-md border border-slate-300 px-2 py-1 text-sm focus:border-indigo-500 focus:outline-none";

/** The field / comparator / value rows of an identity-context or header validator. */
export function FieldRows({
  validatorIndex,
  kind,
  rows,
  issues,
  readOnly,
  onChange,
}: {
  validatorIndex: number;
  kind: string;
  rows: FieldRow[];
  issues: { path: string; message: string }[];
  readOnly: boolean;
  onChange: (rows: FieldRow[]) => void;
}) {
  const set = (i: number, patch: Partial<FieldRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const fieldHint = kind === "header" ? "header name, e.g. x-api-key" : "claim, e.g. scp or cnf.x5t#S256";
  return (
    <div className="space-y-2">
      {rows.map((r, i) => {
        const at = `validators.${validatorIndex}.conf.fields.${i}`;
        const rowIssues = issuesAt(issues, at);
        const label = `validator ${validatorIndex + 1} row ${i + 1}`;
        return (
          <div key={i} className="space-y-1">
            <div className="grid grid-cols-[1fr_10rem_1fr_auto] items-center gap-2">
              <input aria-label={`Field of ${label}`} className={`${input} font-mono`} value={r.field} placeholder={fieldHint}
                readOnly={readOnly} onChange={(e) => set(i, { field: e.target.value })} />
              <select aria-label={`Comparator of ${label}`} className={small} value={r.comparator} disabled={readOnly}
                onChange={(e) => set(i, { comparator: e.target.value })}>
                {!(COMPARATORS as readonly string[]).includes(r.comparator) && <option value={r.comparator}>{r.comparator || "(none)"}</option>}
                {COMPARATORS.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
              {VALUELESS.has(r.comparator) ? (
                <span className="text-xs text-slate-400">no value</span>
              ) : (
                <input aria-label={`Value of ${label}`} className={`${input} font-mono`} value={r.value} readOnly={readOnly}
                  placeholder={r.comparator === "matches" ? "regular expression" : "value, * or $authnCtx.…"}
                  onChange={(e) => set(i, { value: e.target.value })} />
              )}
              {!readOnly ? (
                <button type="button" aria-label={`Remove ${label}`} className="rounded px-2 text-slate-500 hover:bg-slate-100 hover:text-red-700"
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}>×</button>
              ) : <span />}
            </div>
            {rowIssues.map((m) => <p key={m} role="alert" className="text-xs text-red-700">{m}</p>)}
          </div>
        );
      })}
      {!readOnly && (
        <button type="button" className="text-sm font-medium text-indigo-700 hover:underline"
          onClick={() => onChange([...rows, { field: "", comparator: "equals", value: "" }])}>
          + Add field
        </button>
      )}
    </div>
  );
}
