"use client";

import { errorBox } from "../ui/styles";

/** The policy's validators as JSON; a parse error is shown and leaves the visual editor as it was. */
export function JsonView({ text, error, readOnly, onChange }: { text: string; error: string | null; readOnly: boolean; onChange: (text: string) => void }) {
  return (
    <div className="space-y-2">
      <label htmlFor="policy-json" className="block text-sm font-medium text-slate-700">Validators (JSON)</label>
      <textarea id="policy-json" spellCheck={false} readOnly={readOnly} value={text} onChange={(e) => onChange(e.target.value)} rows={16}
        aria-invalid={error ? true : undefined}
        className="block w-full rounded-md border border-slate-300 p-2 font-mono text-xs focus:border-indigo-500 focus:outline-none" />
      {error && <p role="alert" className={errorBox}>{error} The visual editor keeps the last valid version.</p>}
    </div>
  );
}
