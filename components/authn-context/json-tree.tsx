"use client";

import { useState } from "react";

/**
 * A read-only, collapsible view of a JSON value, laid out like pretty-printed JSON.
 * Every object and array has a toggle button (aria-expanded) named after its key.
 * Values are rendered as text, never as markup.
 */
export function JsonTree({ value, label }: { value: unknown; label: string }) {
  // Expand all / Collapse all remount the nodes with a new default; each node then toggles on its own.
  const [view, setView] = useState({ open: true, generation: 0 });
  return (
    <div>
      <div className="mb-2 flex gap-2">
        <button type="button" className={smallButton} onClick={() => setView((v) => ({ open: true, generation: v.generation + 1 }))}>
          Expand all
        </button>
        <button type="button" className={smallButton} onClick={() => setView((v) => ({ open: false, generation: v.generation + 1 }))}>
          Collapse all
        </button>
      </div>
      <div role="group" aria-label={label} className="overflow-x-auto rounded-md bg-slate-50 p-3 font-mono text-xs leading-5 text-slate-800">
        <ul>
          <JsonNode key={view.generation} name={null} value={value} depth={0} defaultOpen={view.open} last />
        </ul>
      </div>
    </div>
  );
}

const smallButton = "rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50";

interface NodeProps {
  /** The key in the parent object, the index in the parent array, or null for the root. */
  name: string | number | null;
  value: unknown;
  depth: number;
  defaultOpen: boolean;
  last: boolean;
}

function JsonNode({ name, value, depth, defaultOpen, last }: NodeProps) {
  // The root always starts open: "Collapse all" folds its children.
  const [open, setOpen] = useState(depth === 0 || defaultOpen);
  const comma = last ? null : <span className="text-slate-400">,</span>;
  const keyLabel = typeof name === "string" ? <span className="text-slate-900">{JSON.stringify(name)}</span> : null;

  if (value === null || typeof value !== "object") {
    return (
      <li className="pl-4">
        {keyLabel}
        {keyLabel && <span className="text-slate-400">: </span>}
        <Scalar value={value} />
        {comma}
      </li>
    );
  }

  const isArray = Array.isArray(value);
  const entries: [string | number, unknown][] = isArray
    ? (value as unknown[]).map((v, i) => [i, v])
    : Object.entries(value as Record<string, unknown>);
  const [openBracket, closeBracket] = isArray ? ["[", "]"] : ["{", "}"];

  if (entries.length === 0) {
    return (
      <li className="pl-4">
        {keyLabel}
        {keyLabel && <span className="text-slate-400">: </span>}
        <span className="text-slate-500">{openBracket + closeBracket}</span>
        {comma}
      </li>
    );
  }

  const toggleName = name === null ? "root" : typeof name === "number" ? `item ${name}` : name;
  const summary = isArray ? `${entries.length} ${entries.length === 1 ? "item" : "items"}` : `${entries.length} ${entries.length === 1 ? "key" : "keys"}`;
  return (
    <li>
      <button
        type="button"
        aria-expanded={open}
        aria-label={toggleName}
        title={open ? "Collapse" : "Expand"}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex w-4 justify-center text-slate-500 hover:text-indigo-600"
      >
        <span aria-hidden="true">{open ? "▾" : "▸"}</span>
      </button>
      {keyLabel}
      {keyLabel && <span className="text-slate-400">: </span>}
      <span className="text-slate-500">{openBracket}</span>
      {open ? (
        <>
          <ul className="ml-2 border-l border-slate-200 pl-2">
            {entries.map(([k, v], i) => (
              <JsonNode key={String(k)} name={k} value={v} depth={depth + 1} defaultOpen={defaultOpen} last={i === entries.length - 1} />
            ))}
          </ul>
          <span className="pl-4 text-slate-500">{closeBracket}</span>
        </>
      ) : (
        <>
          <span className="mx-1 rounded bg-slate-200 px-1 text-slate-600">… {summary}</span>
          <span className="text-slate-500">{closeBracket}</span>
        </>
      )}
      {comma}
    </li>
  );
}

function Scalar({ value }: { value: unknown }) {
  if (typeof value === "string") return <span className="break-all text-emerald-700">{JSON.stringify(value)}</span>;
  if (typeof value === "number") return <span className="text-sky-700">{String(value)}</span>;
  if (typeof value === "boolean") return <span className="text-purple-700">{String(value)}</span>;
  if (value === null) return <span className="text-purple-700">null</span>;
  // JSON.parse yields nothing else; anything else (undefined) shows as its type.
  return <span className="text-slate-500">{typeof value}</span>;
}
