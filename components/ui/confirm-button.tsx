"use client";

import { useState } from "react";

/** A destructive action that asks once more, inline, before it runs. */
export function ConfirmButton({
  label,
  confirmLabel,
  onConfirm,
  disabled,
}: {
  label: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" disabled={disabled} onClick={() => setAsking(true)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-red-700 hover:bg-red-50 disabled:opacity-50">
        {label}
      </button>
    );
  }
  return (
    <span className="inline-flex items-center gap-1">
      <button type="button" onClick={() => { setAsking(false); onConfirm(); }}
        className="rounded-md bg-red-600 px-2 py-1 text-xs font-medium text-white hover:bg-red-500">
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)} className="rounded-md px-2 py-1 text-xs text-slate-600 hover:bg-slate-100">
        Cancel
      </button>
    </span>
  );
}
