import "server-only";
import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { conflict, notFound, unprocessable } from "../api/errors";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { apiGroups, gateways, oauthClients, policies, type Gateway } from "../db/schema";
import { updateAtVersion } from "../db/update-at-version";
import { createGatewayClient } from "./client";
import { listConflicts } from "./conflicts";
import type { CreateGatewayBody, UpdateGatewayBody } from "./schemas";
import { mergeSettings } from "./settings";
import { gatewayAuditShape, toGatewayView, type GatewayView } from "./view";
import { isUniqueViolation } from "../db/unavailable";

/** Gateways: create (with their OAuth client), read, change, delete. */

const STALE = "This gateway was changed by someone else meanwhile. Reload and try again.";


const nameTaken = (name: string) => conflict(`A gateway named "${name}" already exists.`);

async function selectViews(db: Db, gatewayId?: string): Promise<GatewayView[]> {
  const rows = await db
    .select({
      gateway: gateways,
      clientId: oauthClients.clientId,
      // A group gone from AWS is neither discovered nor connected any more (lib/gateways/gone-groups).
      groupsCount: sql<number>`(select count(*)::int from ${apiGroups} where ${apiGroups.gatewayId} = ${gateways.id} and ${apiGroups.goneAt} is null)`,
      connectedGroupsCount: sql<number>`(select count(*)::int from ${apiGroups} where ${apiGroups.gatewayId} = ${gateways.id} and ${apiGroups.serviceId} is not null and ${apiGroups.goneAt} is null)`,
      goneGroupsCount: sql<number>`(select count(*)::int from ${apiGroups} where ${apiGroups.gatewayId} = ${gateways.id} and ${apiGroups.goneAt} is not null)`,
    })
    .from(gateways)
    .leftJoin(oauthClients, eq(oauthClients.gatewayId, gateways.id))
    .where(gatewayId ? eq(gateways.id, gatewayId) : undefined)
    .orderBy(asc(sql`lower(${gateways.name})`), asc(gateways.id));
  const conflicts = await listConflicts(db, gatewayId);
  return rows.map((r) => toGatewayView(r, conflicts.get(r.gateway.id)));
}

export async function listGateways(db: Db): Promise<GatewayView[]> {
  return selectViews(db);
}

export async function getGateway(db: Db, id: string): Promise<GatewayView> {
  const [view] = await selectViews(db, id);
  if (!view) throw notFound("Gateway");
  return view;
}

export async function findGateway(db: Db, id: string): Promise<Gateway | undefined> {
  const [row] = await db.select().from(gateways).where(eq(gateways.id, id)).limit(1);
  return row;
}

async function assertPolicyExists(tx: Db, policyId: string | null | undefined): Promise<void> {
  if (!policyId) return;
  const [p] = await tx.select({ id: policies.id }).from(policies).where(eq(policies.id, policyId)).limit(1);
  if (!p) throw unprocessable("That default policy does not exist.", [{ path: "default_policy_id", message: "no such policy" }]);
}

/**
 * A new gateway's AWS_AUTHORIZER_NAME when the request gives none: unique per gateway, so that
 * two gateways' authorizers in one region can be told apart in API Gateway (the authorizer itself
 * proves ownership by the function its URI names, not by this name).
 */
export function defaultAuthorizerName(gatewayId: string): string {
  return `gatehouse-${gatewayId.slice(0, 8)}`;
}

/** A new gateway with its client credentials: with the reveal, the only answers that carry the secret. */
export interface CreatedGatewayView extends GatewayView {
  client: { client_id: string; client_secret: string };
}

/** Creates the gateway and its client in one transaction; the only answer that carries the secret. */
export async function createGateway(
  db: Db,
  actor: AuditActor,
  body: CreateGatewayBody,
): Promise<CreatedGatewayView> {
  try {
    const { gateway, secret, clientId } = await db.transaction(async (tx) => {
      await assertPolicyExists(tx, body.default_policy_id);
      const id = randomUUID();
      const [created] = await tx
        .insert(gateways)
        .values({
          id,
          name: body.name,
          description: body.description ?? "",
          type: body.type,
          createAndBindServicesAutomatically: body.create_and_bind_services_automatically ?? false,
          defaultPolicyId: body.default_policy_id ?? null,
          region: body.region,
          settings: mergeSettings(null, { ...body.settings, AWS_AUTHORIZER_NAME: body.settings?.AWS_AUTHORIZER_NAME ?? defaultAuthorizerName(id) }),
          ...(body.events_per_second !== undefined ? { eventsPerSecond: body.events_per_second } : {}),
        })
        .returning();
      const { client, secret } = await createGatewayClient(tx, created!.id);
      await recordAudit(tx, actor, {
        action: "gateway.create",
        targetType: "gateway",
        targetId: created!.id,
        targetName: created!.name,
        after: { ...gatewayAuditShape(created!), client_id: client.clientId },
      });
      return { gateway: created!, secret, clientId: client.clientId };
    });
    const view = await getGateway(db, gateway.id);
    return { ...view, client: { client_id: clientId, client_secret: secret } };
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(body.name);
    throw err;
  }
}

export async function updateGateway(db: Db, actor: AuditActor, id: string, body: UpdateGatewayBody): Promise<GatewayView> {
  try {
    await db.transaction(async (tx) => {
      const [current] = await tx.select().from(gateways).where(eq(gateways.id, id)).for("update").limit(1);
      if (!current) throw notFound("Gateway");
      if (current.version !== body.version) throw conflict(STALE);
      if (body.default_policy_id !== undefined) await assertPolicyExists(tx, body.default_policy_id);
      const settings = body.settings ? mergeSettings(current.settings, body.settings) : current.settings;
      const next = {
        name: body.name ?? current.name,
        description: body.description ?? current.description,
        createAndBindServicesAutomatically: body.create_and_bind_services_automatically ?? current.createAndBindServicesAutomatically,
        defaultPolicyId: body.default_policy_id === undefined ? current.defaultPolicyId : body.default_policy_id,
        region: body.region ?? current.region,
        settings,
        eventsPerSecond: body.events_per_second ?? current.eventsPerSecond,
      };
      // What the authorizer receives changed: a new configuration (and ETag) for it.
      const before = mergeSettings(current.settings);
      const settingsChanged = (Object.keys(settings) as (keyof typeof settings)[]).some((k) => settings[k] !== before[k]);
      const configChanged = settingsChanged || next.eventsPerSecond !== current.eventsPerSecond;
      const changes = { ...next, ...(configChanged ? { configRevision: sql`${gateways.configRevision} + 1` } : {}) };
      const updated = await updateAtVersion(tx, gateways, id, body.version, changes, STALE);
      await recordAudit(tx, actor, {
        action: "gateway.update",
        targetType: "gateway",
        targetId: id,
        targetName: updated.name,
        before: gatewayAuditShape(current),
        after: gatewayAuditShape(updated),
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(body.name ?? "");
    throw err;
  }
  return getGateway(db, id);
}

/**
 * Deletes the gateway; the database removes its client, API groups (bindings) and decision
 * events with it. Its services stay (gateway_id becomes null) with their APIs and assignments,
 * and policies stay.
 */
export async function deleteGateway(db: Db, actor: AuditActor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(gateways).where(eq(gateways.id, id)).for("update").limit(1);
    if (!current) throw notFound("Gateway");
    const [client] = await tx.select({ clientId: oauthClients.clientId }).from(oauthClients).where(eq(oauthClients.gatewayId, id));
    const groups = await tx.select({ id: apiGroups.id, serviceId: apiGroups.serviceId }).from(apiGroups).where(eq(apiGroups.gatewayId, id));
    const before = {
      ...gatewayAuditShape(current),
      client_id: client?.clientId ?? null,
      api_groups: groups.map((g) => ({ id: g.id, service_id: g.serviceId })),
    };
    await tx.delete(gateways).where(eq(gateways.id, id));
    await recordAudit(tx, actor, { action: "gateway.delete", targetType: "gateway", targetId: id, targetName: current.name, before });
  });
}
