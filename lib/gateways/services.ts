import "server-only";
import { asc, eq, sql, type SQL } from "drizzle-orm";
import { ApiError, conflict, notFound } from "../api/errors";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { apiGroups, apis, gateways, policies, services, type Service } from "../db/schema";
import { updateAtVersion } from "../db/update-at-version";
import { bumpConfigRevisionForServices } from "../enforcement/config-revision";
import type { CreateServiceBody, UpdateServiceBody } from "./schemas";

/** Services: what an API group is connected to; they own the APIs that policies are assigned on. */

export interface ServiceView {
  id: string;
  name: string;
  description: string;
  gateway_id: string | null;
  gateway_name: string | null;
  group_id: string | null;
  apis_count: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ServiceApiView {
  id: string;
  service_id: string;
  method: string;
  path: string;
  policy_id: string | null;
  policy_name: string | null;
  version: number;
}

const STALE = "This service was changed by someone else meanwhile. Reload and try again.";

function auditShape(s: Service): Record<string, unknown> {
  return { name: s.name, description: s.description, gateway_id: s.gatewayId };
}

async function selectViews(db: Db, where?: SQL): Promise<ServiceView[]> {
  const rows = await db
    .select({
      service: services,
      gatewayName: gateways.name,
      groupId: apiGroups.id,
      apisCount: sql<number>`(select count(*)::int from ${apis} where ${apis.serviceId} = ${services.id})`,
    })
    .from(services)
    .leftJoin(gateways, eq(gateways.id, services.gatewayId))
    .leftJoin(apiGroups, eq(apiGroups.serviceId, services.id))
    .where(where)
    .orderBy(asc(sql`lower(${services.name})`), asc(services.id));
  return rows.map((r) => ({
    id: r.service.id,
    name: r.service.name,
    description: r.service.description,
    gateway_id: r.service.gatewayId,
    gateway_name: r.gatewayName,
    group_id: r.groupId,
    apis_count: Number(r.apisCount),
    version: r.service.version,
    created_at: r.service.createdAt.toISOString(),
    updated_at: r.service.updatedAt.toISOString(),
  }));
}

export async function listServices(db: Db): Promise<ServiceView[]> {
  return selectViews(db);
}

export async function getService(db: Db, id: string): Promise<ServiceView> {
  const [view] = await selectViews(db, eq(services.id, id));
  if (!view) throw notFound("Service");
  return view;
}

/** Inserts a service inside the caller's transaction (also used when binding to a new service). */
export async function insertService(tx: Db, actor: AuditActor, body: CreateServiceBody, gatewayId: string | null = null): Promise<Service> {
  const [created] = await tx
    .insert(services)
    .values({ name: body.name, description: body.description ?? "", gatewayId })
    .returning();
  await recordAudit(tx, actor, { action: "service.create", targetType: "service", targetId: created!.id, targetName: created!.name, after: auditShape(created!) });
  return created!;
}

export async function createService(db: Db, actor: AuditActor, body: CreateServiceBody): Promise<ServiceView> {
  const created = await db.transaction((tx) => insertService(tx, actor, body));
  return getService(db, created.id);
}

export async function updateService(db: Db, actor: AuditActor, id: string, body: UpdateServiceBody): Promise<ServiceView> {
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(services).where(eq(services.id, id)).for("update").limit(1);
    if (!current) throw notFound("Service");
    if (current.version !== body.version) throw conflict(STALE);
    const changes = { name: body.name ?? current.name, description: body.description ?? current.description };
    const updated = await updateAtVersion(tx, services, id, body.version, changes, STALE);
    // A bound service's name and description are in its gateway's configuration.
    if (updated.name !== current.name || updated.description !== current.description) await bumpConfigRevisionForServices(tx, [id]);
    await recordAudit(tx, actor, {
      action: "service.update",
      targetType: "service",
      targetId: id,
      targetName: updated.name,
      before: auditShape(current),
      after: auditShape(updated),
    });
  });
  return getService(db, id);
}

/** Refused (409) while an API group is bound to the service; its APIs go with it. */
export async function deleteService(db: Db, actor: AuditActor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(services).where(eq(services.id, id)).for("update").limit(1);
    if (!current) throw notFound("Service");
    const [bound] = await tx
      .select({ groupName: apiGroups.name, groupId: apiGroups.id, gatewayName: gateways.name })
      .from(apiGroups)
      .innerJoin(gateways, eq(gateways.id, apiGroups.gatewayId))
      .where(eq(apiGroups.serviceId, id))
      .limit(1);
    if (bound) {
      throw new ApiError(
        "service_bound",
        `The service "${current.name}" is bound to group "${bound.groupName}" (${bound.groupId}) of gateway "${bound.gatewayName}". Disconnect it first.`,
      );
    }
    const removed = await tx.select({ method: apis.method, path: apis.path, policyId: apis.policyId }).from(apis).where(eq(apis.serviceId, id));
    await tx.delete(services).where(eq(services.id, id));
    await recordAudit(tx, actor, {
      action: "service.delete",
      targetType: "service",
      targetId: id,
      targetName: current.name,
      before: { ...auditShape(current), apis: removed.map((a) => ({ method: a.method, path: a.path, policy_id: a.policyId })) },
    });
  });
}

export async function listServiceApis(db: Db, serviceId: string): Promise<ServiceApiView[]> {
  const [service] = await db.select({ id: services.id }).from(services).where(eq(services.id, serviceId)).limit(1);
  if (!service) throw notFound("Service");
  const rows = await db
    .select({ api: apis, policyName: policies.policyName })
    .from(apis)
    .leftJoin(policies, eq(policies.id, apis.policyId))
    .where(eq(apis.serviceId, serviceId))
    .orderBy(asc(apis.position), asc(apis.path), asc(apis.method));
  return rows.map((r) => ({
    id: r.api.id,
    service_id: r.api.serviceId,
    method: r.api.method,
    path: r.api.path,
    policy_id: r.api.policyId,
    policy_name: r.policyName,
    version: r.api.version,
  }));
}
