"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ApiClientError, errorMessage } from "../api-client";
import { errorBox } from "../ui/styles";
import { ConflictNotice } from "./conflict-notice";
import { ConnectionStatus } from "./connection-status";
import { useGateway } from "./use-gateway";

export function GatewayHeader({ id }: { id: string }) {
  const gateway = useGateway(id);
  const g = gateway.data;
  return (
    <div className="space-y-3">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/gateways" className="hover:text-slate-800 hover:underline">Gateways</Link> <span aria-hidden>/</span> {g?.name ?? "…"}
      </nav>
      {gateway.isError && (
        <p role="alert" className={errorBox}>
          {gateway.error instanceof ApiClientError && gateway.error.status === 404
            ? "This gateway does not exist (it may have been deleted)."
            : errorMessage(gateway.error)}
        </p>
      )}
      {g && (
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-3">
              <h1 className="truncate text-xl font-semibold">{g.name}</h1>
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">Amazon API Gateway · {g.region}</span>
            </div>
            {g.description && <p className="mt-1 max-w-3xl text-sm text-slate-600">{g.description}</p>}
          </div>
          <div aria-label="Connection status"><ConnectionStatus lastActive={g.last_active} /></div>
        </div>
      )}
      {g && <ConflictNotice conflicts={g.conflicts} showStage />}
    </div>
  );
}

const TABS = [
  { segment: "quickstart", label: "Quickstart" },
  { segment: "apis", label: "APIs" },
  { segment: "settings", label: "Settings" },
] as const;

export function GatewayTabs({ id }: { id: string }) {
  const pathname = usePathname();
  const base = `/gateways/${id}`;
  return (
    <nav aria-label="Gateway" className="flex gap-1 border-b border-slate-200">
      {TABS.map((t) => {
        const href = `${base}/${t.segment}`;
        const active = pathname === href || pathname.startsWith(`${href}/`) || (t.segment === "quickstart" && pathname === base);
        return (
          <Link key={t.segment} href={href} aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
