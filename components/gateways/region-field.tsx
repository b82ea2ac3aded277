"use client";

import { useState } from "react";
import { input, label } from "../ui/styles";
import { COMMON_REGIONS, regionError } from "./settings-meta";

const OTHER = "__other__";

/** AWS region: a select of common regions, or any other region code typed in and checked. */
export function RegionField({ id, value, onChange, disabled }: { id: string; value: string; onChange: (v: string) => void; disabled?: boolean }) {
  const [custom, setCustom] = useState(() => !COMMON_REGIONS.some((r) => r.code === value));
  const error = custom && value !== "" ? regionError(value) : null;
  return (
    <div className="space-y-2">
      <select id={id} value={custom ? OTHER : value} disabled={disabled} className={input}
        onChange={(e) => {
          if (e.target.value === OTHER) {
            setCustom(true);
            onChange("");
          } else {
            setCustom(false);
            onChange(e.target.value);
          }
        }}>
        {COMMON_REGIONS.map((r) => <option key={r.code} value={r.code}>{r.code} — {r.name}</option>)}
        <option value={OTHER}>Other region…</option>
      </select>
      {custom && (
        <div>
          <label htmlFor={`${id}-custom`} className={label}>Region code</label>
          <input id={`${id}-custom`} value={value} disabled={disabled} required placeholder="e.g. ap-southeast-3" spellCheck={false}
            aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-custom-error` : undefined}
            onChange={(e) => onChange(e.target.value.trim().toLowerCase())} className={`${input} font-mono`} />
          {error && <p id={`${id}-custom-error`} className="mt-1 text-xs text-red-700">{error}</p>}
        </div>
      )}
    </div>
  );
}
