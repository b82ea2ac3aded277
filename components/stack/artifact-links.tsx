"use client";

import { useMutation } from "@tanstack/react-query";
import { ADMIN_API, api, errorMessage } from "../api-client";
import { errorBox, secondaryButton } from "../ui/styles";
import type { QuickCreateLink } from "./types";

/** The two other ways to deploy: the AWS console's quick-create page, and plain downloads. */
export function ArtifactLinks({ gatewayId, stackName, canEdit }: { gatewayId: string; stackName?: string; canEdit: boolean }) {
  const base = `${ADMIN_API}/gateways/${encodeURIComponent(gatewayId)}/stack`;
  const link = useMutation({
    mutationFn: () =>
      api<QuickCreateLink>(`gateways/${encodeURIComponent(gatewayId)}/stack/quick-create`, { method: "POST", body: stackName ? { stack_name: stackName } : {} }),
  });
  return (
    <div className="space-y-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={secondaryButton} disabled={!canEdit || link.isPending} onClick={() => link.mutate()}>
          {link.isPending ? "Preparing…" : "Open in AWS console"}
        </button>
        <a className={secondaryButton} href={`${base}/template`} download>Download template</a>
        <a className={secondaryButton} href={`${base}/package`} download>Download authorizer zip</a>
      </div>
      {link.isError && <div role="alert" className={errorBox}>{errorMessage(link.error)}</div>}
      {link.data && (
        <p className="text-xs text-slate-600">
          <a href={link.data.url} target="_blank" rel="noreferrer" className="font-medium text-indigo-700 underline">
            Create the stack in the AWS console ({link.data.region})
          </a>{" "}
          — the template is in the artifacts bucket; type the client secret there (it is NoEcho and never put in a link).
        </p>
      )}
    </div>
  );
}
