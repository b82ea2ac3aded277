"use client";

import { useState } from "react";

/**
 * Copies a value (or one fetched on click) to the clipboard and says so for a moment.
 * `label` names what is copied, for screen readers and tests: "Copy client ID".
 */
export function CopyButton({ label, value, className }: { label: string; value: string | (() => Promise<string>); className?: string }) {
  const [state, setState] = useState<"idle" | "busy" | "copied" | "failed">("idle");
  async function copy() {
    setState("busy");
    try {
      const text = typeof value === "string" ? value : await value();
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2000);
  }
  return (
    <>
    <button type="button" aria-label={label} onClick={() => void copy()} disabled={state === "busy"}
      className={className ?? "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60"}>
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : state === "busy" ? "Copying…" : "Copy"}
    </button>
    <span role="status" className="sr-only">{state === "copied" ? `${label}: copied to the clipboard` : ""}</span>
    </>
  );
}
