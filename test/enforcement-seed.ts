import { getDb } from "@/lib/db/client";
import { consoleDefaults } from "@/protocol/settings/catalogue";
import { apiGroups, apis, gateways, policies, services, type AuthorizerSettings } from "@/lib/db/schema";

/** Integration-test rows for policies/enforcement: a gateway, a bound group, a service and its APIs. */

const SETTINGS: AuthorizerSettings = { ...consoleDefaults(), AWS_AUTHORIZER_NAME: "gatehouse-seeded" };

let n = 0;

export async function seedGateway(name = `gw-${++n}-${Math.random().toString(36).slice(2, 6)}`) {
  const db = await getDb();
  const [gw] = await db.insert(gateways).values({ name, region: "us-east-1", settings: SETTINGS }).returning();
  return gw!;
}

export async function seedService(opts: {
  name: string;
  gatewayId?: string;
  restApi?: { api_id: string; api_name: string; stage: string };
  routes: [method: string, path: string][];
}) {
  const db = await getDb();
  const [svc] = await db.insert(services).values({ name: opts.name, gatewayId: opts.gatewayId ?? null }).returning();
  if (opts.gatewayId && opts.restApi) {
    const r = opts.restApi;
    await db.insert(apiGroups).values({
      gatewayId: opts.gatewayId,
      id: `${r.api_id}-${r.stage}`,
      name: `${r.api_name} (${r.stage})`,
      metadata: { type: "aws", aws: r },
      apis: opts.routes.map(([method, path]) => ({ method, path })),
      serviceId: svc!.id,
    });
  }
  const rows = await db
    .insert(apis)
    .values(opts.routes.map(([method, path], position) => ({ serviceId: svc!.id, method, path, position })))
    .returning();
  return { service: svc!, apis: rows };
}

export async function seedPolicy(name: string, validators: unknown[] = [{ name: "true" }]) {
  const db = await getDb();
  const [p] = await db.insert(policies).values({ policyName: name, validators }).returning();
  return p!;
}
