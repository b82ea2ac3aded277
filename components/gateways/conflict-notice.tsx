"use client";

import Link from "next/link";
import type { GatewayConflict } from "./types";

/**
 * A REST API stage connected on this gateway and on another one (lib/gateways/conflicts): only
 * one gateway's authorizer can be a method's authorizer, so the other gateway's policies would
 * silently not apply. Shown in the gateway's header (every stage) and on the group's row.
 */
export function ConflictNotice({ conflicts, showStage }: { conflicts: GatewayConflict[]; showStage: boolean }) {
  if (conflicts.length === 0) return null;
  return (
    <div role="alert" aria-label="Stage conflicts" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      <ul className="space-y-1">
        {conflicts.map((c) => (
          <li key={`${c.group_id}/${c.other_gateway_id}`}>
            {showStage && <><code className="font-mono text-xs">{c.rest_api_id}</code> stage <code className="font-mono text-xs">{c.stage}</code>: </>}
            Also connected on gateway{" "}
            <Link href={`/gateways/${c.other_gateway_id}/apis`} className="font-medium underline">{c.other_gateway_name}</Link>
            {" "}— only one gateway&apos;s authorizer can protect a stage; disconnect it on one of them.
          </li>
        ))}
      </ul>
    </div>
  );
}
