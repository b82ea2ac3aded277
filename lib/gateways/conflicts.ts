import "server-only";
import { and, asc, eq, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/client";
import { apiGroups, authorizerStacks, gateways } from "../db/schema";

/**
 * The same REST API stage connected on two gateways. Every gateway's authorizer discovers every
 * REST API of its region, so two gateways in one account and region both have a group
 * `{api_id}-{stage}` for it; when both are connected (bound, and not gone from AWS), both
 * authorizers try to protect the stage — only one can be the method's authorizer, so the other
 * gateway's policies are silently not enforced. Both gateways' pages must show it.
 *
 * Same account: by the accounts the gateways' stacks were launched in; a gateway without a stack
 * record (deployed with the quick-create link) counts as the same account, since its authorizer
 * reported a stage of that id in the same region.
 */
export interface GatewayConflict {
  group_id: string;
  rest_api_id: string;
  stage: string;
  other_gateway_id: string;
  other_gateway_name: string;
}

const mine = alias(apiGroups, "mine");
const theirs = alias(apiGroups, "theirs");
const myGateway = alias(gateways, "my_gateway");
const otherGateway = alias(gateways, "other_gateway");
const myStack = alias(authorizerStacks, "my_stack");
const otherStack = alias(authorizerStacks, "other_stack");

/** The conflicts of one gateway, or of every gateway (keyed by gateway id). */
export async function listConflicts(db: Db, gatewayId?: string): Promise<Map<string, GatewayConflict[]>> {
  const rows = await db
    .select({
      gatewayId: mine.gatewayId,
      groupId: mine.id,
      metadata: mine.metadata,
      otherGatewayId: otherGateway.id,
      otherGatewayName: otherGateway.name,
    })
    .from(mine)
    .innerJoin(myGateway, eq(myGateway.id, mine.gatewayId))
    .innerJoin(theirs, and(eq(theirs.id, mine.id), ne(theirs.gatewayId, mine.gatewayId)))
    .innerJoin(otherGateway, and(eq(otherGateway.id, theirs.gatewayId), eq(otherGateway.region, myGateway.region)))
    .leftJoin(myStack, eq(myStack.gatewayId, mine.gatewayId))
    .leftJoin(otherStack, eq(otherStack.gatewayId, theirs.gatewayId))
    .where(
      and(
        gatewayId ? eq(mine.gatewayId, gatewayId) : undefined,
        isNotNull(mine.serviceId),
        isNull(mine.goneAt),
        isNotNull(theirs.serviceId),
        isNull(theirs.goneAt),
        or(isNull(myStack.accountId), isNull(otherStack.accountId), eq(myStack.accountId, otherStack.accountId)),
      ),
    )
    .orderBy(asc(mine.gatewayId), asc(mine.id), asc(sql`lower(${otherGateway.name})`));
  const out = new Map<string, GatewayConflict[]>();
  for (const r of rows) {
    const list = out.get(r.gatewayId) ?? [];
    list.push({
      group_id: r.groupId,
      rest_api_id: r.metadata.aws.api_id,
      stage: r.metadata.aws.stage,
      other_gateway_id: r.otherGatewayId,
      other_gateway_name: r.otherGatewayName,
    });
    out.set(r.gatewayId, list);
  }
  return out;
}

export async function gatewayConflicts(db: Db, gatewayId: string): Promise<GatewayConflict[]> {
  return (await listConflicts(db, gatewayId)).get(gatewayId) ?? [];
}
