import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { apiGroups, apis, gateways, services } from "../db/schema";

/**
 * A gateway's `configRevision` feeds the ETag of the configuration its authorizer polls: bump it
 * whenever an assignment or a policy those authorizers receive changes (inside the same transaction).
 */
async function bump(tx: Db, gatewayIds: (string | null)[]): Promise<void> {
  const ids = [...new Set(gatewayIds.filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return;
  await tx
    .update(gateways)
    .set({ configRevision: sql`${gateways.configRevision} + 1` })
    .where(inArray(gateways.id, ids));
}

/** The gateways serving these services (directly, or through the API group bound to them). */
export async function bumpConfigRevisionForServices(tx: Db, serviceIds: string[]): Promise<void> {
  if (serviceIds.length === 0) return;
  const rows = await tx
    .select({ a: services.gatewayId, b: apiGroups.gatewayId })
    .from(services)
    .leftJoin(apiGroups, eq(apiGroups.serviceId, services.id))
    .where(inArray(services.id, [...new Set(serviceIds)]));
  await bump(tx, rows.flatMap((r) => [r.a, r.b]));
}

/** Gateways that receive this policy: one of their APIs uses it, or it is their default policy. */
export async function bumpConfigRevisionForPolicy(tx: Db, policyId: string): Promise<void> {
  const used = await tx.selectDistinct({ serviceId: apis.serviceId }).from(apis).where(eq(apis.policyId, policyId));
  await bumpConfigRevisionForServices(tx, used.map((u) => u.serviceId));
  const defaults = await tx.select({ id: gateways.id }).from(gateways).where(eq(gateways.defaultPolicyId, policyId));
  await bump(tx, defaults.map((d) => d.id));
}
