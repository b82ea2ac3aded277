"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { TestRequestResult } from "@/lib/confirm/test-request";
import { curlLine } from "@/protocol/curl-line";
import { TEST_REQUEST_METHODS } from "@/protocol/test-request";
import { api } from "../api-client";
import { CopyButton } from "../ui/copy-button";
import { FieldError, FormError, useFormErrors } from "../ui/form-errors";
import { input, label, primaryButton } from "../ui/styles";

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

/**
 * Sends a request to one connected stage through the console and shows what came back; above
 * it, the same request as a curl line that follows the form (the token as `$TOKEN`, never its value).
 */
export function TestRequestForm({ gatewayId, groupId, invokeUrl, defaultPath }: { gatewayId: string; groupId: string; invokeUrl: string; defaultPath: string }) {
  const qc = useQueryClient();
  const [method, setMethod] = useState("GET");
  const [path, setPath] = useState(defaultPath);
  const [token, setToken] = useState("");
  const errors = useFormErrors(["method", "path", "token"]);
  const send = useMutation({
    mutationFn: () =>
      api<TestRequestResult>(`gateways/${encodeURIComponent(gatewayId)}/test-request`, {
        method: "POST",
        body: { group_id: groupId, method, path, ...(token.trim() ? { token: token.trim() } : {}) },
      }),
    onMutate: () => errors.clear(),
    onError: (e) => errors.fail(e),
    onSettled: () => qc.invalidateQueries({ queryKey: ["gateway-progress", gatewayId] }),
  });
  const result = send.data;
  const idBase = `test-${groupId}`;
  const curl = curlLine({ url: invokeUrl, path: path.trim() || "/", method, bearer: token.trim() !== "" });
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
          <select id={`${idBase}-method`} value={method} onChange={(e) => { setMethod(e.target.value); errors.edited("method"); }} className={input}>
            {TEST_REQUEST_METHODS.map((m) => <option key={m}>{m}</option>)}
          </select>
          <FieldError id={`${idBase}-method-error`} messages={errors.at("method")} />
        </div>
        <div>
          <label className={label} htmlFor={`${idBase}-path`}>Path</label>
          <input id={`${idBase}-path`} value={path} onChange={(e) => { setPath(e.target.value); errors.edited("path"); }} className={`${input} font-mono`}
            {...errors.field("path", `${idBase}-path-error`)} />
          <FieldError id={`${idBase}-path-error`} messages={errors.at("path")} />
        </div>
      </div>
      <div>
        <label className={label} htmlFor={`${idBase}-token`}>Access token (optional)</label>
        <textarea id={`${idBase}-token`} rows={2} value={token} onChange={(e) => { setToken(e.target.value); errors.edited("token"); }} spellCheck={false}
          placeholder="Sent as Authorization: Bearer …; not stored" className={`${input} font-mono text-xs`} {...errors.field("token", `${idBase}-token-error`)} />
        <FieldError id={`${idBase}-token-error`} messages={errors.at("token")} />
      </div>
      <div>
        <div className="flex items-center justify-between gap-2">
          <span className="text-xs text-slate-600">
            The same request from a shell{token.trim() ? <> (set <code className="font-mono">TOKEN</code> to your token first)</> : null}:
          </span>
          <CopyButton label={`Copy curl line for ${groupId}`} value={curl} />
        </div>
        <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100" data-testid={`curl-${groupId}`}><code>{curl}</code></pre>
      </div>
      <button type="submit" disabled={send.isPending} className={primaryButton}>{send.isPending ? "Sending…" : "Send test request"}</button>
      <FormError message={errors.message} />
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
