import "server-only";
import { asc, count, eq, inArray, isNotNull, or } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../db/client";
import { apis, gateways, services } from "../db/schema";
import type { PolicyUsage } from "./view";

/** Where policies are used: APIs that enforce or shadow them and gateways that default to them. */

/** Each count of a usage: the column that names the policy, counted per policy in its table. */
const USAGE_COUNTS: [keyof PolicyUsage, PgTable, AnyPgColumn][] = [
  ["apis", apis, apis.policyId],
  ["shadow_apis", apis, apis.shadowPolicyId],
  ["gateways", gateways, gateways.defaultPolicyId],
];

export async function policyUsage(db: Db, policyIds?: string[]): Promise<Map<string, PolicyUsage>> {
  const out = new Map<string, PolicyUsage>();
  const get = (id: string) => {
    let u = out.get(id);
    if (!u) out.set(id, (u = { apis: 0, gateways: 0, shadow_apis: 0 }));
    return u;
  };
  for (const [field, table, column] of USAGE_COUNTS) {
    const rows = await db
      .select({ id: column, n: count() })
      .from(table)
      .where(policyIds ? inArray(column, policyIds) : isNotNull(column))
      .groupBy(column);
    for (const r of rows) if (typeof r.id === "string") get(r.id)[field] = Number(r.n);
  }
  return out;
}

/**
 * Why a policy cannot be deleted, in words ("used by 3 APIs: Orders GET /orders, …"), or null
 * when nothing uses it. An API that has it as its shadow policy uses it too.
 */
const usesPolicy = (policyId: string) => or(eq(apis.policyId, policyId), eq(apis.shadowPolicyId, policyId));

export async function describeUse(db: Db, policyId: string): Promise<string | null> {
  const shown = 3;
  const apiRows = await db
    .select({ service: services.name, method: apis.method, path: apis.path })
    .from(apis)
    .innerJoin(services, eq(services.id, apis.serviceId))
    .where(usesPolicy(policyId))
    .orderBy(asc(services.name), asc(apis.path), asc(apis.method))
    .limit(shown);
  const [apiTotal] = await db.select({ n: count() }).from(apis).where(usesPolicy(policyId));
  const gwRows = await db.select({ name: gateways.name }).from(gateways).where(eq(gateways.defaultPolicyId, policyId)).orderBy(asc(gateways.name));
  const parts: string[] = [];
  const apiCount = Number(apiTotal?.n ?? 0);
  if (apiCount > 0) {
    const listed = apiRows.map((r) => `${r.service} ${r.method} ${r.path}`).join(", ");
    const more = apiCount > apiRows.length ? ` and ${apiCount - apiRows.length} more` : "";
    parts.push(`${apiCount === 1 ? "1 API" : `${apiCount} APIs`} (${listed}${more})`);
  }
  if (gwRows.length > 0) {
    const names = gwRows.map((g) => g.name);
    parts.push(`the default policy of ${names.length === 1 ? "gateway" : "gateways"} ${names.join(", ")}`);
  }
  return parts.length ? parts.join(" and ") : null;
}
