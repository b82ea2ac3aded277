import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { decisionEvents, gateways, policies } from "@/lib/db/schema";
import { assignPolicy } from "@/lib/enforcement/assign";
import { applyDiscoveredGroups } from "@/lib/gateways/discovery";
import { createGateway } from "@/lib/gateways/gateways";
import { bindGroup, listGroups, unbindGroup } from "@/lib/gateways/groups";
import type { CreateGatewayBody } from "@/lib/gateways/schemas";
import { listServiceApis } from "@/lib/gateways/services";
import { createIssuer } from "@/lib/issuers/service";
import { createPolicy } from "@/lib/policies/service";
import { setGatewayConfigurationSchema } from "@/protocol/discovery";

/**
 * Console state for the authorizer's integration tests, made through lib/ as the admin API
 * makes it (lambda/ may not import lib/; its tests use these helpers instead).
 */
export const testActor = { userId: null, username: "test:authorizer" } as const;

export async function createTestGateway(body: Partial<CreateGatewayBody> = {}) {
  const db = await getDb();
  return createGateway(db, testActor, { name: `gw-${Math.random().toString(36).slice(2, 8)}`, type: "aws", region: "us-east-1", ...body });
}

/** Stores API groups as if the gateway's authorizer had pushed them. */
export async function pushGroups(gatewayId: string, apiGroups: unknown[]): Promise<void> {
  await applyDiscoveredGroups(await getDb(), gatewayId, setGatewayConfigurationSchema.parse({ api_groups: apiGroups }));
}

/** Connects a discovered group to a new service; returns the service id. */
export async function connectGroup(gatewayId: string, groupId: string, serviceName: string): Promise<string> {
  const db = await getDb();
  const group = await bindGroup(db, testActor, gatewayId, groupId, { service: { name: serviceName } });
  return group.service_id!;
}

export async function disconnectGroup(gatewayId: string, groupId: string): Promise<void> {
  await unbindGroup(await getDb(), testActor, gatewayId, groupId);
}

export async function trustIssuer(issuer: string, audiences: string[]): Promise<void> {
  await createIssuer(await getDb(), testActor, { issuer, audiences });
}

export async function createTestPolicy(name: string, validators: unknown[]): Promise<string> {
  return (await createPolicy(await getDb(), testActor, { policy_name: name, validators })).id;
}

/** The id of a built-in policy (`block`: *Block API*, `allow`: *Allow*). */
export async function builtinPolicyId(builtin: "block" | "allow"): Promise<string> {
  const [row] = await (await getDb()).select({ id: policies.id }).from(policies).where(eq(policies.builtin, builtin));
  if (!row) throw new Error(`no built-in policy ${builtin}`);
  return row.id;
}

/** A policy row written around the console's validation (an older console, a manual edit). */
export async function insertUnvalidatedPolicy(name: string, validators: unknown[]): Promise<string> {
  const [row] = await (await getDb()).insert(policies).values({ policyName: name, validators }).returning();
  return row!.id;
}

/** Assigns a policy (null: Unrestricted) to the service's API `method path`. */
export async function assign(serviceId: string, method: string, path: string, policyId: string | null): Promise<void> {
  const db = await getDb();
  const api = (await listServiceApis(db, serviceId)).find((a) => a.method === method && a.path === path);
  if (!api) throw new Error(`no API ${method} ${path} in service ${serviceId}`);
  await assignPolicy(db, testActor, api.id, { policy_id: policyId, version: api.version });
}

export async function decisionEventsOf(gatewayId: string) {
  return (await getDb()).select().from(decisionEvents).where(eq(decisionEvents.gatewayId, gatewayId));
}

export async function groupsOf(gatewayId: string) {
  return listGroups(await getDb(), gatewayId);
}

/** The reload interval the gateway's authorizer last reported on a configuration fetch (ms), as the console recorded it. */
export async function reportedReloadIntervalMs(gatewayId: string): Promise<number | null> {
  const [row] = await (await getDb()).select({ ms: gateways.reportedReloadIntervalMs }).from(gateways).where(eq(gateways.id, gatewayId));
  return row?.ms ?? null;
}
