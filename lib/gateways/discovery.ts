import "server-only";
import { and, count, eq, inArray } from "drizzle-orm";
import { unprocessable } from "../api/errors";
import { env } from "../env";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { apiGroups, gateways, services, type ApiGroup, type DiscoveredApi, type Gateway } from "../db/schema";
import { markGoneGroups, markReappeared } from "./gone-groups";
import { bindGroupToService, bumpConfigRevision } from "./groups";
import { insertService } from "./services";
import { groupAuditTarget } from "./group-audit";
import { normalizeApis, sameApis, syncServiceApis } from "./service-apis";
import type { ApiGroupPush, SetGatewayConfigurationRequest } from "../../protocol/discovery";

/**
 * `POST …/gateways/configuration`: what an authorizer discovered on API Gateway. Per group:
 * - new → stored; with create_and_bind_services_automatically, a service named after it is
 *   created and bound (exactly one per group: pushes of one gateway are serialized by a lock
 *   on its row, and the group insert is the guard);
 * - known → its name, metadata and APIs are updated; when bound, APIs that disappeared are
 *   removed from the service and new ones added; every remaining API keeps its assignment;
 * - the same push twice changes nothing (only `last_seen_at`);
 * - a group marked gone that is reported again is present again.
 * Groups the push does not mention are kept (a push may cover part of an account). Only when the
 * push says `complete: true` (the authorizer read every REST API of the region) are they marked
 * gone (lib/gateways/gone-groups). Every push records when the gateway last synced.
 */
export const authorizerActor = (gatewayName: string): AuditActor => ({ userId: null, username: `authorizer:${gatewayName}` });

function sameGroup(g: ApiGroup, push: ApiGroupPush, apisNow: DiscoveredApi[]): boolean {
  // Field by field: jsonb does not keep key order, so serialized forms cannot be compared.
  const a = g.metadata.aws;
  const b = metadataOf(push).aws;
  const sameMetadata = g.metadata.type === "aws" && a.api_id === b.api_id && a.api_name === b.api_name && a.stage === b.stage;
  return g.name === push.name && sameMetadata && sameApis(g.apis, apisNow);
}

function metadataOf(push: ApiGroupPush): ApiGroup["metadata"] {
  return { type: "aws", aws: { api_id: push.metadata.aws.api_id, api_name: push.metadata.aws.api_name, stage: push.metadata.aws.stage } };
}

async function applyGroup(tx: Db, gateway: Gateway, actor: AuditActor, push: ApiGroupPush, now: Date): Promise<{ added: boolean; changed: boolean }> {
  const discovered = normalizeApis(push.apis);
  const [existing] = await tx.select().from(apiGroups).where(and(eq(apiGroups.gatewayId, gateway.id), eq(apiGroups.id, push.id))).limit(1);

  if (!existing) {
    const [created] = await tx
      .insert(apiGroups)
      .values({ gatewayId: gateway.id, id: push.id, name: push.name, metadata: metadataOf(push), apis: discovered, firstSeenAt: now, lastSeenAt: now, changedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!created) return { added: false, changed: false }; // another push stored it first
    await recordAudit(tx, actor, {
      action: "api_group.discover",
      ...groupAuditTarget(gateway.id, created),
      after: { metadata: created.metadata, apis: discovered.map((a) => `${a.method} ${a.path}`) },
    });
    if (gateway.createAndBindServicesAutomatically) {
      const service = await insertService(tx, actor, { name: push.name, description: `Created for the API group ${push.id}.` }, gateway.id);
      await bindGroupToService(tx, actor, gateway, created, service);
    }
    return { added: true, changed: true };
  }

  await markReappeared(tx, existing, actor);
  if (sameGroup(existing, push, discovered)) {
    await tx.update(apiGroups).set({ lastSeenAt: now }).where(and(eq(apiGroups.gatewayId, gateway.id), eq(apiGroups.id, push.id)));
    return { added: false, changed: false };
  }

  await tx
    .update(apiGroups)
    .set({ name: push.name, metadata: metadataOf(push), apis: discovered, lastSeenAt: now, changedAt: now })
    .where(and(eq(apiGroups.gatewayId, gateway.id), eq(apiGroups.id, push.id)));
  let changes = { added: [] as { method: string; path: string }[], removed: [] as { method: string; path: string }[] };
  if (existing.serviceId) {
    changes = await syncServiceApis(tx, existing.serviceId, discovered, gateway.defaultPolicyId);
    if (changes.added.length + changes.removed.length > 0) {
      await tx.update(services).set({ updatedAt: now }).where(eq(services.id, existing.serviceId));
    }
  }
  await recordAudit(tx, actor, {
    action: "api_group.update",
    ...groupAuditTarget(gateway.id, { id: existing.id, name: push.name }),
    before: { name: existing.name, metadata: existing.metadata, apis_count: existing.apis.length },
    after: { name: push.name, metadata: metadataOf(push), apis_count: discovered.length, service_apis_added: changes.added, service_apis_removed: changes.removed },
  });
  return { added: false, changed: true };
}

/**
 * A push may not take the gateway past GATEHOUSE_MAX_API_GROUPS_PER_GATEWAY groups (gone ones
 * count: they keep their bindings). Far above a real account; refused whole, before any change.
 * Runs under the gateway's row lock, so concurrent pushes cannot both pass.
 */
async function checkGroupBound(tx: Db, gatewayId: string, pushed: readonly ApiGroupPush[]): Promise<void> {
  const max = env().GATEHOUSE_MAX_API_GROUPS_PER_GATEWAY;
  const [{ held }] = (await tx.select({ held: count() }).from(apiGroups).where(eq(apiGroups.gatewayId, gatewayId))) as [{ held: number }];
  if (held + pushed.length <= max) return;
  const ids = pushed.map((g) => g.id);
  const known = ids.length === 0 ? [] : await tx.select({ id: apiGroups.id }).from(apiGroups).where(and(eq(apiGroups.gatewayId, gatewayId), inArray(apiGroups.id, ids)));
  const added = ids.length - known.length;
  if (held + added > max) {
    throw unprocessable(
      `This push would give the gateway ${held + added} API groups; at most ${max} are allowed (GATEHOUSE_MAX_API_GROUPS_PER_GATEWAY). Nothing was stored.`,
      [{ path: "api_groups", message: `${added} new group(s) over the limit of ${max} per gateway (${held} held)` }],
    );
  }
}

export async function applyDiscoveredGroups(db: Db, gatewayId: string, body: SetGatewayConfigurationRequest): Promise<{ number_of_added_api_groups: number }> {
  return db.transaction(async (tx) => {
    const [gateway] = await tx.select().from(gateways).where(eq(gateways.id, gatewayId)).for("update").limit(1);
    if (!gateway) return { number_of_added_api_groups: 0 };
    await checkGroupBound(tx, gateway.id, body.api_groups);
    const actor = authorizerActor(gateway.name);
    const now = new Date();
    let added = 0;
    let changed = false;
    for (const push of body.api_groups) {
      const result = await applyGroup(tx, gateway, actor, push, now);
      if (result.added) added += 1;
      changed ||= result.changed;
    }
    if (body.complete === true) await markGoneGroups(tx, gateway.id, actor, body.api_groups.map((g) => g.id), now);
    if (changed) await bumpConfigRevision(tx, gateway.id);
    await tx.update(gateways).set({ lastSyncAt: now }).where(eq(gateways.id, gateway.id));
    return { number_of_added_api_groups: added };
  });
}
