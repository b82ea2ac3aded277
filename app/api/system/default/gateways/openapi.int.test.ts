import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { apis, policies } from "@/lib/db/schema";
import { bumpConfigRevisionForServices } from "@/lib/enforcement/config-revision";
import { call, userWithToken } from "@/test/api-client";
import { accessToken, createGateway, group, systemCall, type CreatedGateway } from "@/test/gateways";
import { requestSchema, responseSchema, validateAgainst, validateDefinition } from "@/test/openapi";
import * as configurationRoute from "./configuration/route";
import * as requestsRoute from "./requests/route";
import * as introspectRoute from "./introspect/route";
import * as issuersRoute from "@/app/api/admin/default/issuers/route";
import * as apiRoute from "@/app/api/admin/default/apis/[api]/route";
import * as gatewayRoute from "@/app/api/admin/default/gateways/[gw]/route";
import * as policiesRoute from "@/app/api/admin/default/policies/route";
import { parseConfiguration } from "@/protocol/configuration";

/**
 * Real requests and responses of the system API checked against Cloudentity's OpenAPI
 * definitions (test/reference/cloudentity-system-gateways.openapi.yaml), and the configuration
 * the console serves against the authorizer's own validator (protocol/configuration.ts).
 */

let admin: string;
let token: string;
let gw: CreatedGateway;

const pushBody = {
  api_groups: [
    group("q1w2e3", "prod", [["GET", "/pets"], ["POST", "/pets"], ["GET", "/pets/{petId}"], ["ANY", "/{proxy+}"]], "PetStore (prod)"),
    group("r4t5y6", "dev", [["DELETE", "/orders/{id}"]], "Orders (dev)"),
  ],
};

beforeAll(async () => {
  admin = (await userWithToken("admin")).token;
  gw = await createGateway(admin, { create_and_bind_services_automatically: true });
  token = await accessToken(gw.client);
  const issuer = await call(issuersRoute.POST, {
    method: "POST",
    token: admin,
    body: {
      issuer: "http://127.0.0.1:9/realms/main",
      jwks_uri: "http://127.0.0.1:9/realms/main/certs",
      audiences: ["petstore"],
      introspection_endpoint: "http://127.0.0.1:9/realms/main/introspect",
      introspection_client_id: "gatehouse",
      introspection_client_secret: "issuer-secret-value",
    },
  });
  expect(issuer.status).toBe(201);
});

/** Gives the first API a built-in policy as its policy or shadow policy, straight in the database. */
async function setFirstApi(column: "policyId" | "shadowPolicyId", builtin: "block" | "allow") {
  const db = await getDb();
  const [policy] = await db.select().from(policies).where(eq(policies.builtin, builtin));
  const [first] = await db.select().from(apis).limit(1);
  await db.update(apis).set({ [column]: policy!.id }).where(eq(apis.id, first!.id));
  return { db, first: first!, policy: policy! };
}

describe("the system API conforms to Cloudentity's OpenAPI definitions", () => {
  it("the validator finds problems (sanity)", () => {
    expect(validateDefinition("GatewayConfiguration", { apis: "nope" })).not.toEqual([]);
    expect(validateDefinition("GatewayConfiguration", { apis: [{ policy_id: null }] })).not.toEqual([]);
    expect(validateDefinition("IntrospectResponse", { active: "yes" })).not.toEqual([]);
    expect(validateDefinition("GatewayRequestEvent", { duration_ms: 1.5 })).not.toEqual([]);
  });

  it.each([
    ["POST configuration: the request is a SetGatewayConfigurationRequest, the answer a SetGatewayConfigurationResponse", pushBody],
    ["POST configuration with Gatehouse's optional `complete` extension is still a SetGatewayConfigurationRequest", { ...pushBody, complete: true }],
  ])("%s", async (_, body) => {
    expect(validateAgainst(requestSchema("/gateways/configuration", "post"), body)).toEqual([]);
    const res = await systemCall(configurationRoute.POST, { token, method: "POST", body });
    expect(res.status).toBe(200);
    expect(validateAgainst(responseSchema("/gateways/configuration", "post", "200"), res.body)).toEqual([]);
  });

  it("GET configuration answers a GatewayConfiguration", async () => {
    await setFirstApi("policyId", "block");

    const res = await systemCall(configurationRoute.GET, { token, query: "authorizer_version=0.1.0" });
    expect(res.status).toBe(200);
    const config = res.body as Record<string, unknown[]>;
    expect(config.apis).toHaveLength(5);
    expect(config.policies).toHaveLength(1);
    expect(config.services).toHaveLength(2);
    expect(config.trusted_issuers).toEqual([
      {
        issuer: "http://127.0.0.1:9/realms/main",
        jwks_uri: "http://127.0.0.1:9/realms/main/certs",
        audiences: ["petstore"],
        introspection_endpoint: "http://127.0.0.1:9/realms/main/introspect",
      },
    ]);
    // With a trusted issuer, issuer_url/jwks_url name it (the workspace that issues end-user tokens).
    expect(res.body).toMatchObject({ issuer_url: "http://127.0.0.1:9/realms/main", jwks_url: "http://127.0.0.1:9/realms/main/certs" });
    expect(validateAgainst(responseSchema("/gateways/configuration", "get", "200"), res.body)).toEqual([]);
    expect(parseConfiguration(res.body)).toMatchObject({ ok: true });
  });

  it.each([
    {
      name: "POST requests: GatewayRequestEvents in, GatewayRequestsEventsResponse out",
      events: (apiIds: string[]) => [
        {
          api_id: apiIds[0]!,
          duration_ms: 3,
          result: { result: "UNAUTHORIZED", failure: [{ validator: "false", message: "denied", details: "the Block API policy" }] },
          invocation_ctx: { sub: "user-1", scp: ["read"], cnf: { "x5t#S256": "abc" } },
          user_agent: "curl/8",
          x_forwarded_for: "203.0.113.9",
          x_real_ip: "203.0.113.9",
        },
        { api_id: apiIds[1]!, duration_ms: 1, result: { result: "AUTHORIZED" } },
      ],
      pushed: 2,
    },
    {
      name: "POST requests with Gatehouse's shadow and request extensions is still GatewayRequestEvents",
      events: (apiIds: string[]) => [
        {
          api_id: apiIds[0]!,
          duration_ms: 2,
          result: { result: "AUTHORIZED" },
          shadow: { policy_id: "11111111-1111-4111-8111-111111111111", result: "deny", failure: [{ validator: "false", message: "denied" }] },
          request: { method: "GET", path: "/pets", header_names: ["accept"] },
        },
      ],
      pushed: 1,
    },
  ])("$name", async ({ events, pushed }) => {
    const config = (await systemCall(configurationRoute.GET, { token })).body as { apis: { id: string }[] };
    const body = { events: events(config.apis.map((a) => a.id)) };
    expect(validateAgainst(requestSchema("/gateways/requests", "post"), body)).toEqual([]);
    const res = await systemCall(requestsRoute.POST, { token, method: "POST", body });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ number_of_pushed_events: pushed });
    expect(validateAgainst(responseSchema("/gateways/requests", "post", "200"), res.body)).toEqual([]);
  });

  it("GET configuration with Gatehouse's shadow_policy_id extension is still a GatewayConfiguration", async () => {
    const { db, first, policy: allow } = await setFirstApi("shadowPolicyId", "allow");
    await bumpConfigRevisionForServices(db, [first.serviceId]);
    const res = await systemCall(configurationRoute.GET, { token });
    const config = res.body as { apis: { id: string; shadow_policy_id?: string }[]; policies: { id: string }[] };
    expect(config.apis.find((a) => a.id === first.id)!.shadow_policy_id).toBe(allow.id);
    expect(config.policies.map((p) => p.id)).toContain(allow.id);
    expect(validateAgainst(responseSchema("/gateways/configuration", "get", "200"), res.body)).toEqual([]);
    expect(parseConfiguration(res.body)).toMatchObject({ ok: true });
    await db.update(apis).set({ shadowPolicyId: null }).where(eq(apis.id, first.id));
    await bumpConfigRevisionForServices(db, [first.serviceId]);
  });

  it("GET configuration with every extension set through the admin API: the authorizer's validator takes it as the console meant it, and it is still a GatewayConfiguration", async () => {
    const before = (await systemCall(configurationRoute.GET, { token })).body as { apis: { id: string }[] };
    const created = async (policy_name: string, name: string) => {
      const res = await call(policiesRoute.POST, { method: "POST", token: admin, body: { policy_name, validators: [{ name }] } });
      expect(res.status).toBe(201);
      return (res.body as { id: string }).id;
    };
    const enforced = await created("protocol-enforced", "true");
    const shadow = await created("protocol-shadow", "false");
    const target = before.apis[1]!.id;
    const api = await call(apiRoute.GET, { token: admin, params: { api: target } });
    const assigned = await call(apiRoute.PUT, {
      method: "PUT",
      token: admin,
      params: { api: target },
      body: { policy_id: enforced, shadow_policy_id: shadow, version: (api.body as { version: number }).version },
    });
    expect(assigned.status).toBe(200);
    const gateway = await call(gatewayRoute.GET, { token: admin, params: { gw: gw.id } });
    const settings = { LOGGING_LEVEL: "debug", ACP_RELOAD_INTERVAL: "7s", AWS_INJECT_CONTEXT: true, AUTHORIZER_CACHE_TTL: 30 };
    const updated = await call(gatewayRoute.PUT, {
      method: "PUT",
      token: admin,
      params: { gw: gw.id },
      body: { version: (gateway.body as { version: number }).version, settings, events_per_second: 25 },
    });
    expect(updated.status).toBe(200);

    const res = await systemCall(configurationRoute.GET, { token });
    expect(res.status).toBe(200);
    expect(validateAgainst(responseSchema("/gateways/configuration", "get", "200"), res.body)).toEqual([]);
    const parsed = parseConfiguration(res.body);
    if (!parsed.ok) throw new Error(parsed.error);
    const { config } = parsed;
    expect(config.apis).toHaveLength(5);
    expect(config.apis.find((a) => a.id === target)).toMatchObject({ policy_id: enforced, shadow_policy_id: shadow });
    expect(config.policies.map((p) => p.id)).toEqual(expect.arrayContaining([enforced, shadow]));
    expect(config.services.map((s) => s.aws).sort((a, b) => a!.api_id.localeCompare(b!.api_id))).toEqual([
      { api_id: "q1w2e3", stage: "prod" },
      { api_id: "r4t5y6", stage: "dev" },
    ]);
    expect(config.trusted_issuers).toEqual([
      {
        issuer: "http://127.0.0.1:9/realms/main",
        jwks_uri: "http://127.0.0.1:9/realms/main/certs",
        audiences: ["petstore"],
        introspection_endpoint: "http://127.0.0.1:9/realms/main/introspect",
      },
    ]);
    expect(config.events_per_second).toBe(25);
    expect(config.settings).toMatchObject(settings);
  });

  it("POST introspect answers an IntrospectResponse, active or not", async () => {
    const active = await systemCall(introspectRoute.POST, { token, method: "POST", form: { token } });
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({ active: true, client_id: gw.client.client_id, sub: gw.client.client_id, iss: "http://localhost:3999/default/system" });
    expect(validateAgainst(responseSchema("/gateways/introspect", "post", "200"), active.body)).toEqual([]);

    const inactive = await systemCall(introspectRoute.POST, { token, method: "POST", form: { token: "not-a-token" } });
    expect(inactive.body).toEqual({ active: false });
    expect(validateAgainst(responseSchema("/gateways/introspect", "post", "200"), inactive.body)).toEqual([]);
  });
});
