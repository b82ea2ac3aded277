import "server-only";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { notFound, unprocessable } from "../api/errors";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { apiGroups, gateways, services, type ApiGroup, type ApiGroupMetadata, type Gateway } from "../db/schema";
import type { BindGroupBody } from "./schemas";
import { groupAuditTarget } from "./group-audit";
import { insertService } from "./services";
import { syncServiceApis, type ApiChange } from "./service-apis";

/** API groups of a gateway, and connecting (binding) them to services. */

export interface ApiGroupView {
  id: string;
  name: string;
  gateway_id: string;
  service_id: string | null;
  service_name: string | null;
  metadata: ApiGroupMetadata;
  apis: { method: string; path: string }[];
  apis_count: number;
  first_seen_at: string;
  last_seen_at: string;
  /** When a complete discovery stopped reporting the group (its REST API or stage was deleted in AWS). */
  gone_at: string | null;
  /** Bound to a service and still in AWS: only such a group is connected (protected). */
  connected: boolean;
}

function toGroupView(g: ApiGroup, serviceName: string | null): ApiGroupView {
  return {
    id: g.id,
    name: g.name,
    gateway_id: g.gatewayId,
    service_id: g.serviceId,
    service_name: serviceName,
    metadata: g.metadata,
    apis: g.apis.map((a) => ({ method: a.method, path: a.path })),
    apis_count: g.apis.length,
    first_seen_at: g.firstSeenAt.toISOString(),
    last_seen_at: g.lastSeenAt.toISOString(),
    gone_at: g.goneAt?.toISOString() ?? null,
    connected: g.serviceId !== null && g.goneAt === null,
  };
}

const groupKey = (gatewayId: string, groupId: string) => and(eq(apiGroups.gatewayId, gatewayId), eq(apiGroups.id, groupId));

/** API groups with the name of the service each is bound to (null while unbound). */
function groupsWithServiceName(db: Db, where: SQL | undefined) {
  return db
    .select({ group: apiGroups, serviceName: services.name })
    .from(apiGroups)
    .leftJoin(services, eq(services.id, apiGroups.serviceId))
    .where(where);
}

export async function listGroups(db: Db, gatewayId: string): Promise<ApiGroupView[]> {
  const [gw] = await db.select({ id: gateways.id }).from(gateways).where(eq(gateways.id, gatewayId)).limit(1);
  if (!gw) throw notFound("Gateway");
  const rows = await groupsWithServiceName(db, eq(apiGroups.gatewayId, gatewayId)).orderBy(asc(apiGroups.name), asc(apiGroups.id));
  return rows.map((r) => toGroupView(r.group, r.serviceName));
}

export async function getGroup(db: Db, gatewayId: string, groupId: string): Promise<ApiGroupView> {
  const [row] = await groupsWithServiceName(db, groupKey(gatewayId, groupId)).limit(1);
  if (!row) throw notFound("API group");
  return toGroupView(row.group, row.serviceName);
}

/** Locks the gateway (serializing binds with discovery pushes) and the group. */
async function lockGroup(tx: Db, gatewayId: string, groupId: string): Promise<{ gateway: Gateway; group: ApiGroup }> {
  const [gateway] = await tx.select().from(gateways).where(eq(gateways.id, gatewayId)).for("update").limit(1);
  if (!gateway) throw notFound("Gateway");
  const [group] = await tx.select().from(apiGroups).where(groupKey(gatewayId, groupId)).for("update").limit(1);
  if (!group) throw notFound("API group");
  return { gateway, group };
}

export async function bumpConfigRevision(tx: Db, gatewayId: string): Promise<void> {
  await tx
    .update(gateways)
    .set({ configRevision: sql`${gateways.configRevision} + 1` })
    .where(eq(gateways.id, gatewayId));
}

/**
 * Binds a group to a service and makes the service's APIs the group's APIs. A service serves one
 * group: if it served another, that group is disconnected first. The service the group had
 * before keeps its APIs (and their assignments) but is no longer connected to the gateway.
 */
export async function bindGroupToService(
  tx: Db,
  actor: AuditActor,
  gateway: Gateway,
  group: ApiGroup,
  service: { id: string; name: string },
): Promise<{ added: ApiChange[]; removed: ApiChange[] }> {
  const [previousGroup] = await tx
    .select({ gatewayId: apiGroups.gatewayId, id: apiGroups.id, name: apiGroups.name })
    .from(apiGroups)
    .where(eq(apiGroups.serviceId, service.id))
    .limit(1);
  if (previousGroup) {
    await tx.update(apiGroups).set({ serviceId: null }).where(groupKey(previousGroup.gatewayId, previousGroup.id));
    if (previousGroup.gatewayId !== gateway.id) await bumpConfigRevision(tx, previousGroup.gatewayId);
  }
  if (group.serviceId && group.serviceId !== service.id) {
    await tx.update(services).set({ gatewayId: null, version: sql`${services.version} + 1`, updatedAt: new Date() }).where(eq(services.id, group.serviceId));
  }
  await tx.update(apiGroups).set({ serviceId: service.id }).where(groupKey(gateway.id, group.id));
  await tx
    .update(services)
    .set({ gatewayId: gateway.id, version: sql`${services.version} + 1`, updatedAt: new Date() })
    .where(eq(services.id, service.id));
  const changes = await syncServiceApis(tx, service.id, group.apis, gateway.defaultPolicyId);
  await bumpConfigRevision(tx, gateway.id);
  await recordAudit(tx, actor, {
    action: "api_group.bind",
    ...groupAuditTarget(gateway.id, group),
    before: { service_id: group.serviceId, previous_group_of_service: previousGroup ? `${previousGroup.gatewayId}/${previousGroup.id}` : null },
    after: { service_id: service.id, service_name: service.name, apis_added: changes.added, apis_removed: changes.removed },
  });
  return changes;
}

export async function bindGroup(db: Db, actor: AuditActor, gatewayId: string, groupId: string, body: BindGroupBody): Promise<ApiGroupView> {
  await db.transaction(async (tx) => {
    const { gateway, group } = await lockGroup(tx, gatewayId, groupId);
    let service: { id: string; name: string };
    if ("service_id" in body) {
      const [found] = await tx.select({ id: services.id, name: services.name }).from(services).where(eq(services.id, body.service_id)).for("update").limit(1);
      if (!found) throw unprocessable("That service does not exist.", [{ path: "service_id", message: "no such service" }]);
      if (group.serviceId === found.id) return; // already connected: nothing changes
      service = found;
    } else {
      service = await insertService(tx, actor, body.service, gateway.id);
    }
    await bindGroupToService(tx, actor, gateway, group, service);
  });
  return getGroup(db, gatewayId, groupId);
}

/** Disconnects a group. Its service keeps its APIs and their assignments, so rebinding loses nothing. */
export async function unbindGroup(db: Db, actor: AuditActor, gatewayId: string, groupId: string): Promise<ApiGroupView> {
  await db.transaction(async (tx) => {
    const { gateway, group } = await lockGroup(tx, gatewayId, groupId);
    if (!group.serviceId) return;
    await tx.update(apiGroups).set({ serviceId: null }).where(groupKey(gateway.id, group.id));
    const [service] = await tx
      .update(services)
      .set({ gatewayId: null, version: sql`${services.version} + 1`, updatedAt: new Date() })
      .where(eq(services.id, group.serviceId))
      .returning({ name: services.name });
    await bumpConfigRevision(tx, gateway.id);
    await recordAudit(tx, actor, {
      action: "api_group.unbind",
      ...groupAuditTarget(gateway.id, group),
      before: { service_id: group.serviceId, service_name: service?.name ?? null },
      after: { service_id: null },
    });
  });
  return getGroup(db, gatewayId, groupId);
}
