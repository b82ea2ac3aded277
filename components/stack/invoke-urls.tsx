"use client";

import { useQuery } from "@tanstack/react-query";
import { api, errorMessage } from "../api-client";
import { TestRequestForm } from "../confirm/test-request-form";
import { card, errorBox } from "../ui/styles";
import { stackKeys, type InvokeUrls } from "./types";

/** Each connected stage's invoke URL and a ready curl line. */
export function InvokeUrlsPanel({ gatewayId, canSend = false }: { gatewayId: string; canSend?: boolean }) {
  const query = useQuery({
    queryKey: stackKeys.invokeUrls(gatewayId),
    queryFn: () => api<InvokeUrls>(`gateways/${encodeURIComponent(gatewayId)}/invoke-urls`),
  });
  return (
    <section aria-label="Invoke URLs" className={`${card} space-y-2`}>
      <h2 className="text-base font-semibold">Invoke URLs</h2>
      {query.isError && <div role="alert" className={errorBox}>{errorMessage(query.error)}</div>}
      {query.data?.sandbox && (
        <p className="text-xs text-slate-500">AWS_ENDPOINT_URL points at an emulator: the URLs below are the local data plane&apos;s (GATEHOUSE_SANDBOX_URL).</p>
      )}
      {query.data && query.data.stages.length === 0 && <p className="text-sm text-slate-500">No stage is connected to a service yet.</p>}
      <ul className="space-y-3">
        {query.data?.stages.map((s) => (
          <li key={s.group_id} className="text-sm">
            <p className="font-medium">{s.api_name} <span className="text-slate-500">({s.stage})</span> <span className="text-xs text-slate-500">→ {s.service_name}</span></p>
            <code className="block font-mono text-xs break-all">{s.invoke_url}</code>
            {canSend ? (
              // The form prints its own curl line, following what it will send.
              <TestRequestForm gatewayId={gatewayId} groupId={s.group_id} invokeUrl={s.invoke_url} defaultPath={s.sample_path.replace(/\{[^}]+\}/g, "1")} />
            ) : (
              <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100" data-testid={`curl-${s.group_id}`}><code>{s.curl}</code></pre>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
