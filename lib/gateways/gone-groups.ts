import "server-only";
import { and, eq, isNotNull, isNull, notInArray } from "drizzle-orm";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { apiGroups, type ApiGroup } from "../db/schema";
import { groupAuditTarget } from "./group-audit";

/**
 * Groups whose REST API or stage was deleted in AWS. Only a complete discovery (the authorizer
 * read every REST API of the region) can tell: a partial push simply did not get to a group.
 * A gone group keeps its service binding and the service its APIs and policies, so that a stage
 * recreated under the same id is protected again as before — it is only shown, and counted, as
 * gone, never as connected.
 */

/** Marks the gateway's groups that a complete push did not report as gone (the first time only). */
export async function markGoneGroups(tx: Db, gatewayId: string, actor: AuditActor, reported: readonly string[], now: Date): Promise<number> {
  const gone = await tx
    .update(apiGroups)
    .set({ goneAt: now })
    .where(and(eq(apiGroups.gatewayId, gatewayId), isNull(apiGroups.goneAt), reported.length > 0 ? notInArray(apiGroups.id, [...reported]) : undefined))
    .returning();
  for (const g of gone) {
    await recordAudit(tx, actor, {
      action: "api_group.gone",
      ...groupAuditTarget(gatewayId, g),
      before: { last_seen_at: g.lastSeenAt, service_id: g.serviceId },
      after: { gone_at: now },
    });
  }
  return gone.length;
}

/** A gone group reported again (its stage exists once more): present again. */
export async function markReappeared(tx: Db, group: ApiGroup, actor: AuditActor): Promise<void> {
  if (!group.goneAt) return;
  const [back] = await tx
    .update(apiGroups)
    .set({ goneAt: null })
    .where(and(eq(apiGroups.gatewayId, group.gatewayId), eq(apiGroups.id, group.id), isNotNull(apiGroups.goneAt)))
    .returning({ id: apiGroups.id });
  if (!back) return;
  await recordAudit(tx, actor, {
    action: "api_group.reappear",
    ...groupAuditTarget(group.gatewayId, group),
    before: { gone_at: group.goneAt },
    after: { gone_at: null },
  });
}
