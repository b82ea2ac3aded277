"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../api-client";
import { errorBox, input, label, primaryButton } from "../ui/styles";

interface TestRequestResult {
  url: string;
  method: string;
  status: number;
  status_text: string;
  headers: Record<string, string>;
  body: string;
  body_truncated: boolean;
  duration_ms: number;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

function statusTone(status: number): string {
  if (status >= 200 && status < 300) return "bg-emerald-100 text-emerald-800";
  if (status === 401 || status === 403) return "bg-amber-100 text-amber-900";
  return "bg-red-100 text-red-800";
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** Sends a request to one connected stage through the console and shows what came back. */
export function TestRequestForm({ gatewayId, groupId, defaultPath }: { gatewayId: string; groupId: string; defaultPath: string }) {
  const qc = useQueryClient();
  const [method, setMethod] = useState("GET");
  const [path, setPath] = useState(defaultPath);
  const [token, setToken] = useState("");
  const send = useMutation({
    mutationFn: () =>
      api<TestRequestResult>(`gateways/${encodeURIComponent(gatewayId)}/test-request`, {
        method: "POST",
        body: { group_id: groupId, method, path, ...(token.trim() ? { token: token.trim() } : {}) },
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: ["gateway-progress", gatewayId] }),
  });
  const result = send.data;
  const idBase = `test-${groupId}`;
  return (
    <form
      aria-label={`Send a test request to ${groupId}`}
      className="mt-2 space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate();
      }}
    >
      <div className="grid gap-2 sm:grid-cols-[7rem_1fr]">
        <div>
          <label className={label} htmlFor={`${idBase}-method`}>Method</label>
          <select id={`${idBase}-method`} value={method} onChange={(e) => setMethod(e.target.value)} className={input}>
            {METHODS.map((m) => <option key={m}>{m}</option>)}
          </select>
        </div>
        <div>
          <label className={label} htmlFor={`${idBase}-path`}>Path</label>
          <input id={`${idBase}-path`} value={path} onChange={(e) => setPath(e.target.value)} className={`${input} font-mono`} />
        </div>
      </div>
      <div>
        <label className={label} htmlFor={`${idBase}-token`}>Access token (optional)</label>
        <textarea id={`${idBase}-token`} rows={2} value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false}
          placeholder="Sent as Authorization: Bearer …; not stored" className={`${input} font-mono text-xs`} />
      </div>
      <button type="submit" disabled={send.isPending} className={primaryButton}>{send.isPending ? "Sending…" : "Send test request"}</button>
      {send.isError && <p role="alert" className={errorBox}>{errorMessage(send.error)}</p>}
      {result && (
        <div className="space-y-2" data-testid={`test-result-${groupId}`}>
          <p className="text-sm">
            <span data-testid="test-status" className={`rounded-full px-2 py-0.5 text-xs font-semibold ${statusTone(result.status)}`}>
              {result.status === 0 ? "no answer" : result.status}
            </span>{" "}
            {result.status_text} · {result.method} <code className="font-mono text-xs break-all">{result.url}</code> · {result.duration_ms} ms
          </p>
          <details>
            <summary className="cursor-pointer text-xs text-slate-600">Response headers</summary>
            <pre className="overflow-x-auto text-xs">{Object.entries(result.headers).map(([k, v]) => `${k}: ${v}`).join("\n")}</pre>
          </details>
          <pre data-testid="test-body" className="max-h-80 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100">{prettyBody(result.body)}{result.body_truncated ? "\n… (truncated at 64 KiB)" : ""}</pre>
        </div>
      )}
    </form>
  );
}
