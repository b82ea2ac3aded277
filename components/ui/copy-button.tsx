"use client";

import { useState } from "react";
import { copyToClipboard } from "./clipboard";

/**
 * The console's one Copy button: copies a value (or one fetched on click) with copyToClipboard
 * (./clipboard.ts) and says so for a moment. `label` names what is copied, for screen readers and
 * tests: "Copy client ID". `onResult` hears whether the copy worked (the decoder then offers the
 * text for a manual copy).
 */
export function CopyButton({
  label,
  value,
  className,
  idleText = "Copy",
  onResult,
}: {
  label: string;
  value: string | (() => Promise<string>);
  className?: string;
  /** What the button says before and between copies. */
  idleText?: string;
  onResult?: (copied: boolean) => void;
}) {
  const [state, setState] = useState<"idle" | "busy" | "copied" | "failed">("idle");
  async function copy() {
    setState("busy");
    let copied = false;
    try {
      copied = await copyToClipboard(typeof value === "string" ? value : await value());
    } catch {
      copied = false;
    }
    setState(copied ? "copied" : "failed");
    onResult?.(copied);
    setTimeout(() => setState("idle"), 2000);
  }
  return (
    <>
      <button type="button" aria-label={label} onClick={() => void copy()} disabled={state === "busy"}
        className={className ?? "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60"}>
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : state === "busy" ? "Copying…" : idleText}
      </button>
      <span aria-live="polite" className="sr-only">{state === "copied" ? `${label}: copied to the clipboard` : ""}</span>
    </>
  );
}
