"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { PolicyTestResult } from "@/lib/policies/test-run";
import { api, errorMessage } from "../api-client";
import { card, errorBox, input, label, primaryButton } from "../ui/styles";
import { HeaderRows, type HeaderRow } from "./header-rows";
import { ReplayPanel } from "./replay-panel";
import { TestResult } from "./test-result";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

function parseCtx(text: string): { ok: true; value: Record<string, unknown> | null } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, value: null };
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) return { ok: true, value: v as Record<string, unknown> };
    return { ok: false, error: "The authn context must be a JSON object." };
  } catch (e) {
    return { ok: false, error: `The authn context is not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Test policy: a request and an authn context (or a pasted JWT) against the validators being edited. */
export function TestPanel({ validators, disabled }: { validators: unknown[]; disabled: boolean }) {
  const [method, setMethod] = useState("GET");
  const [path, setPath] = useState("/");
  const [headers, setHeaders] = useState<HeaderRow[]>([]);
  const [mode, setMode] = useState<"ctx" | "jwt">("ctx");
  const [ctx, setCtx] = useState("");
  const [jwt, setJwt] = useState("");
  const [error, setError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (body: unknown) => api<PolicyTestResult>("policies/test", { method: "POST", body }),
    onSuccess: () => setError(null),
    onError: (e) => setError(errorMessage(e)),
  });

  function submit() {
    const body: Record<string, unknown> = {
      policy: { validators },
      request: { method, path, headers: Object.fromEntries(headers.filter((h) => h.name.trim()).map((h) => [h.name.trim(), h.value])) },
    };
    if (mode === "jwt") {
      if (jwt.trim()) body.jwt = jwt.trim();
    } else {
      const parsed = parseCtx(ctx);
      if (!parsed.ok) return setError(parsed.error);
      body.authn_ctx = parsed.value;
    }
    run.mutate(body);
  }

  return (
    <section className={`${card} space-y-4`} aria-label="Test policy">
      <div>
        <h2 className="text-base font-semibold">Test policy</h2>
        <p className="text-sm text-slate-600">Runs the validators shown above (saved or not) against a request you describe.</p>
      </div>
      <div className="grid grid-cols-[8rem_1fr] gap-3">
        <div>
          <label className={label} htmlFor="test-method">Method</label>
          <select id="test-method" className={input} value={method} onChange={(e) => setMethod(e.target.value)}>
            {METHODS.map((m) => <option key={m}>{m}</option>)}
          </select>
        </div>
        <div>
          <label className={label} htmlFor="test-path">Path</label>
          <input id="test-path" className={`${input} font-mono`} value={path} onChange={(e) => setPath(e.target.value)} />
        </div>
      </div>
      <HeaderRows rows={headers} onChange={setHeaders} />
      <fieldset className="space-y-2">
        <legend className={label}>Identity</legend>
        <div className="flex gap-4 text-sm">
          <label className="flex items-center gap-1"><input type="radio" name="test-identity" checked={mode === "ctx"} onChange={() => setMode("ctx")} /> Authn context (JSON)</label>
          <label className="flex items-center gap-1"><input type="radio" name="test-identity" checked={mode === "jwt"} onChange={() => setMode("jwt")} /> Paste a JWT</label>
        </div>
        {mode === "ctx" ? (
          <textarea aria-label="Authn context JSON" rows={5} spellCheck={false} className={`${input} font-mono text-xs`} value={ctx}
            placeholder='{ "sub": "user-1", "scp": ["orders.read"] }' onChange={(e) => setCtx(e.target.value)} />
        ) : (
          <>
            <textarea aria-label="JWT" rows={4} spellCheck={false} className={`${input} font-mono text-xs break-all`} value={jwt}
              placeholder="eyJhbGciOi…" onChange={(e) => setJwt(e.target.value)} />
            <p className="text-xs text-amber-800">The token&apos;s claims are used without verifying the signature: this tests the policy, not the token.</p>
          </>
        )}
      </fieldset>
      <button type="button" className={primaryButton} disabled={disabled || run.isPending} onClick={submit}>
        {run.isPending ? "Running…" : "Run"}
      </button>
      {disabled && <p className="text-xs text-slate-500">Fix the JSON view first.</p>}
      {error && <p role="alert" className={errorBox}>{error}</p>}
      {run.data && !error && <TestResult result={run.data} />}
      <ReplayPanel validators={validators} disabled={disabled} />
    </section>
  );
}
