"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { AuditPage as Page } from "@/lib/audit/list";
import { api, errorMessage } from "../api-client";
import { card, errorBox, input, label, secondaryButton } from "../ui/styles";
import { AuditEntry } from "./audit-entry";

const TARGET_TYPES = ["gateway", "service", "api_group", "api", "policy", "trusted_issuer", "user", "deployment", "stack"];

interface Filters {
  target_type: string;
  actor: string;
  target_id: string;
}

function path(f: Filters, cursor: string | null): string {
  const p = new URLSearchParams({ limit: "50" });
  for (const [k, v] of Object.entries(f) as [string, string][]) if (v.trim()) p.set(k, v.trim());
  if (cursor) p.set("before", cursor);
  return `audit?${p.toString()}`;
}

/** The audit log, newest first, with filters and "Load more". */
export function AuditLog() {
  const [draft, setDraft] = useState<Filters>({ target_type: "", actor: "", target_id: "" });
  const [filters, setFilters] = useState<Filters>(draft);
  const query = useInfiniteQuery({
    queryKey: ["audit", filters],
    queryFn: ({ pageParam }) => api<Page>(path(filters, pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const events = query.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <div className="space-y-4">
      <form aria-label="Filter the audit log" className={`${card} grid grid-cols-1 gap-3 md:grid-cols-4 md:items-end`}
        onSubmit={(e) => { e.preventDefault(); setFilters(draft); }}>
        <div>
          <label className={label} htmlFor="audit-type">What</label>
          <select id="audit-type" className={input} value={draft.target_type} onChange={(e) => setDraft({ ...draft, target_type: e.target.value })}>
            <option value="">Everything</option>
            {TARGET_TYPES.map((t) => <option key={t} value={t}>{t.replace("_", " ")}</option>)}
          </select>
        </div>
        <div>
          <label className={label} htmlFor="audit-actor">Who</label>
          <input id="audit-actor" className={input} value={draft.actor} placeholder="user or authorizer:…" onChange={(e) => setDraft({ ...draft, actor: e.target.value })} />
        </div>
        <div>
          <label className={label} htmlFor="audit-target">Target id</label>
          <input id="audit-target" className={input} value={draft.target_id} onChange={(e) => setDraft({ ...draft, target_id: e.target.value })} />
        </div>
        <button type="submit" className={secondaryButton}>Apply filters</button>
      </form>
      <section className={card} aria-label="Audit entries">
        {query.isPending && <p className="text-sm text-slate-500">Loading…</p>}
        {query.isError && <p role="alert" className={errorBox}>{errorMessage(query.error)}</p>}
        {query.data && events.length === 0 && <p className="text-sm text-slate-500">No changes recorded{filters.target_type || filters.actor || filters.target_id ? " for these filters" : " yet"}.</p>}
        <ul className="divide-y divide-slate-100">
          {events.map((e) => <AuditEntry key={e.id} event={e} />)}
        </ul>
        {query.hasNextPage && (
          <button type="button" className={`${secondaryButton} mt-3`} disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        )}
      </section>
    </div>
  );
}
