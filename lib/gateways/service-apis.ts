import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { apis, type DiscoveredApi } from "../db/schema";

/**
 * A bound service's APIs follow its API group: APIs the group gained are added (with the
 * gateway's default policy), APIs it lost are removed, and every other API keeps its row — and
 * so its policy assignment.
 */
export interface ApiChange {
  method: string;
  path: string;
}

export const apiKey = (a: { method: string; path: string }) => `${a.method} ${a.path}`;

/** Upper-case methods, no duplicates, in the order discovered. */
export function normalizeApis(list: DiscoveredApi[]): DiscoveredApi[] {
  const seen = new Set<string>();
  const out: DiscoveredApi[] = [];
  for (const a of list) {
    const api = { method: a.method.toUpperCase(), path: a.path, api_type: a.api_type ?? "rest" };
    const key = apiKey(api);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(api);
  }
  return out;
}

export function sameApis(a: DiscoveredApi[], b: DiscoveredApi[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => apiKey(x) === apiKey(b[i]!) && (x.api_type ?? "rest") === (b[i]!.api_type ?? "rest"));
}

export async function syncServiceApis(
  tx: Db,
  serviceId: string,
  groupApis: DiscoveredApi[],
  defaultPolicyId: string | null,
): Promise<{ added: ApiChange[]; removed: ApiChange[] }> {
  const existing = await tx.select({ id: apis.id, method: apis.method, path: apis.path }).from(apis).where(eq(apis.serviceId, serviceId));
  const have = new Map(existing.map((a) => [apiKey(a), a]));
  const want = new Map(groupApis.map((a, i) => [apiKey(a), { ...a, position: i }]));
  const toAdd = [...want.entries()].filter(([k]) => !have.has(k)).map(([, a]) => a);
  const toRemove = existing.filter((a) => !want.has(apiKey(a)));
  if (toRemove.length > 0) {
    await tx.delete(apis).where(and(eq(apis.serviceId, serviceId), inArray(apis.id, toRemove.map((a) => a.id))));
  }
  if (toAdd.length > 0) {
    const now = new Date();
    await tx
      .insert(apis)
      .values(
        toAdd.map((a) => ({
          serviceId,
          method: a.method,
          path: a.path,
          apiType: a.api_type ?? "rest",
          position: a.position,
          policyId: defaultPolicyId,
          policyChangedAt: defaultPolicyId ? now : null,
        })),
      )
      .onConflictDoNothing();
  }
  return {
    added: toAdd.map((a) => ({ method: a.method, path: a.path })),
    removed: toRemove.map((a) => ({ method: a.method, path: a.path })),
  };
}
