import "server-only";
import { eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { apiGroups, apis, gateways, services } from "../db/schema";

/**
 * A gateway's `configRevision` names the state of the configuration its authorizer polls, which
 * is served from a cache per revision (lib/gateways/served-configuration.ts): every write that
 * changes what a document holds — groups and bindings, services' names, APIs and their
 * assignments, policies, trusted issuers, the test issuer, the gateway's settings — bumps it
 * inside the same transaction. A missed bump would serve a stale document; an extra one costs a
 * rebuild and keeps the ETag (it hashes the body).
 */
async function bump(tx: Db, gatewayIds: (string | null)[]): Promise<void> {
  const ids = [...new Set(gatewayIds.filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return;
  await tx
    .update(gateways)
    .set({ configRevision: sql`${gateways.configRevision} + 1` })
    .where(inArray(gateways.id, ids));
}

/** Every gateway: what all configurations carry (trusted issuers, the test issuer) changed. */
export async function bumpConfigRevisionForAllGateways(tx: Db): Promise<void> {
  await tx.update(gateways).set({ configRevision: sql`${gateways.configRevision} + 1` });
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

/** Gateways that receive this policy: one of their APIs enforces or shadows it, or it is their default policy. */
export async function bumpConfigRevisionForPolicy(tx: Db, policyId: string): Promise<void> {
  const used = await tx
    .selectDistinct({ serviceId: apis.serviceId })
    .from(apis)
    .where(or(eq(apis.policyId, policyId), eq(apis.shadowPolicyId, policyId)));
  await bumpConfigRevisionForServices(tx, used.map((u) => u.serviceId));
  const defaults = await tx.select({ id: gateways.id }).from(gateways).where(eq(gateways.defaultPolicyId, policyId));
  await bump(tx, defaults.map((d) => d.id));
}
