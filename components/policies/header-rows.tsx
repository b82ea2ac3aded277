"use client";

import { input } from "../ui/styles";

export interface HeaderRow {
  name: string;
  value: string;
}

/** Request headers of a policy test as key / value rows. */
export function HeaderRows({ rows, onChange }: { rows: HeaderRow[]; onChange: (rows: HeaderRow[]) => void }) {
  const set = (i: number, patch: Partial<HeaderRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-2">
      <span className="block text-sm font-medium text-slate-700">Headers</span>
      {rows.map((r, i) => (
        <div key={i} className="grid grid-cols-[1fr_2fr_auto] gap-2">
          <input aria-label={`Header ${i + 1} name`} className={`${input} font-mono`} placeholder="name" value={r.name} onChange={(e) => set(i, { name: e.target.value })} />
          <input aria-label={`Header ${i + 1} value`} className={`${input} font-mono`} placeholder="value" value={r.value} onChange={(e) => set(i, { value: e.target.value })} />
          <button type="button" aria-label={`Remove header ${i + 1}`} className="rounded px-2 text-slate-500 hover:bg-slate-100 hover:text-red-700"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}>×</button>
        </div>
      ))}
      <button type="button" className="text-sm font-medium text-indigo-700 hover:underline" onClick={() => onChange([...rows, { name: "", value: "" }])}>
        + Add header
      </button>
    </div>
  );
}
