import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { is, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import * as schema from "@/lib/db/schema";

/**
 * The whole stored state in one query, for "nothing changed behind an error answer": a digest of
 * every row of every table, and for the two append-only logs (audit, decision events) their count
 * and newest id. Taken from the database rather than the list endpoints so nothing a list leaves
 * out (secrets, stacks, jobs, signing keys) can change unseen.
 *
 * Left out, because recording them is what an authenticated call does whatever it answers:
 * an API token's `last_used_at` (lib/tokens/service.ts), a gateway's `last_active_at` and
 * `last_authorizer_version` (every system call, lib/gateways/activity.ts) and a user's
 * `last_sign_in_at` (sign-in, not an endpoint fuzzed here).
 */
const HEARTBEAT = new Set(["api_tokens.last_used_at", "gateways.last_active_at", "gateways.last_authorizer_version", "users.last_sign_in_at"]);
const APPEND_ONLY = new Set(["audit_events", "decision_events"]);

const tables = Object.values(schema)
  .filter((t) => is(t, PgTable))
  .map((t) => getTableConfig(t as PgTable));

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

const snapshotSql = sql.raw(
  "select " +
    tables
      .map((t) => {
        if (APPEND_ONLY.has(t.name)) return `(select count(*)::text || '/' || coalesce(max(id), 0)::text from ${q(t.name)}) as ${q(t.name)}`;
        const cols = t.columns.filter((c) => !HEARTBEAT.has(`${t.name}.${c.name}`)).map((c) => q(c.name));
        return `(select md5(coalesce(string_agg(r, ',' order by r), '')) from (select row(${cols.join(", ")})::text as r from ${q(t.name)}) x) as ${q(t.name)}`;
      })
      .join(", "),
);

export type Snapshot = Record<string, string>;

export async function snapshot(db: Db): Promise<Snapshot> {
  const res: unknown = await db.execute(snapshotSql);
  return (res as { rows: Snapshot[] }).rows[0]!;
}

/** The tables whose content differs. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys(before).filter((k) => before[k] !== after[k]);
}
