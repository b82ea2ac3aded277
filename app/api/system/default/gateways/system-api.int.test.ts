import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { gateways, policies } from "@/lib/db/schema";
import { resetActivityThrottle } from "@/lib/gateways/activity";
import { call } from "@/test/api-client";
import { accessToken, adminWithGateways, AUTO_BIND, createGateway, group, systemCall, tokenRequest, type CreatedGateway } from "@/test/gateways";
import * as configurationRoute from "./configuration/route";
import * as requestsRoute from "./requests/route";
import * as introspectRoute from "./introspect/route";
import * as gatewayRoute from "@/app/api/admin/default/gateways/[gw]/route";
import * as apiRoute from "@/app/api/admin/default/apis/[api]/route";
import * as rotateRoute from "@/app/api/admin/default/gateways/[gw]/client/rotate/route";

/** The system API end to end: admin creates a gateway, its authorizer authenticates and polls. */

interface Configuration {
  apis: { id: string; method: string; path: string; policy_id?: string; service_id: string }[];
  policies: { id: string; policy_name: string }[];
  services: { id: string; api_group_id: string }[];
  issuer_url: string;
  jwks_url: string;
  events_per_second: number;
  trusted_issuers: unknown[];
  settings: Record<string, unknown>;
}

let admin: string;
let a: CreatedGateway;
let b: CreatedGateway;

beforeAll(async () => {
  ({ admin, gateways: [a, b] } = await adminWithGateways(AUTO_BIND, AUTO_BIND));
});

describe("system API", () => {
  it("a token from either client authentication method reads the configuration, then 304 with its ETag", async () => {
    for (const method of ["basic", "post"] as const) {
      const token = await accessToken(a.client, { method });
      const first = await systemCall(configurationRoute.GET, { token });
      expect(first.status).toBe(200);
      const etag = first.headers.get("etag");
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      const config = first.body as Configuration;
      expect(config).toMatchObject({ tenant_id: "default", server_id: "system", apis: [], policies: [], services: [], events_per_second: 10, trusted_issuers: [] });
      expect(config.issuer_url).toBe("http://localhost:3999/default/system");
      expect(config.jwks_url).toBe("http://localhost:3999/default/system/.well-known/jwks.json");
      expect(config.settings).toMatchObject({ LOGGING_LEVEL: "info", ACP_RELOAD_INTERVAL: "5s" });

      const again = await systemCall(configurationRoute.GET, { token, headers: { "if-none-match": etag! } });
      expect(again.status).toBe(304);
      expect(again.text).toBe("");
      expect(again.headers.get("etag")).toBe(etag);
      // Weak comparison for If-None-Match, and lists.
      expect((await systemCall(configurationRoute.GET, { token, headers: { "if-none-match": `"x", W/${etag!}` } })).status).toBe(304);
      expect((await systemCall(configurationRoute.GET, { token, headers: { "if-none-match": '"other"' } })).status).toBe(200);
    }
  });

  it("a discovered group's APIs appear, and a changed assignment changes the ETag", async () => {
    const token = await accessToken(a.client);
    const push = await systemCall(configurationRoute.POST, {
      token,
      method: "POST",
      body: { api_groups: [group("petstore", "prod", [["GET", "/pets"], ["POST", "/pets"], ["GET", "/pets/{petId}"]])] },
    });
    expect(push.status).toBe(200);
    expect(push.body).toEqual({ number_of_added_api_groups: 1 });

    const before = await systemCall(configurationRoute.GET, { token });
    const config = before.body as Configuration;
    expect(config.apis.map((x) => `${x.method} ${x.path}`)).toEqual(["GET /pets", "POST /pets", "GET /pets/{petId}"]);
    expect(config.services).toHaveLength(1);
    expect(config.services[0]!.api_group_id).toBe("petstore-prod");
    expect(config.apis.every((x) => x.policy_id === undefined)).toBe(true);

    // Assigned as a user does (the document is served per revision: the write bumps it).
    const db = await getDb();
    const [block] = await db.select().from(policies).where(eq(policies.builtin, "block"));
    const assigned = await call(apiRoute.PUT, { method: "PUT", token: admin, params: { api: config.apis[0]!.id }, body: { policy_id: block!.id, version: 1 } });
    expect(assigned.status).toBe(200);

    const after = await systemCall(configurationRoute.GET, { token, headers: { "if-none-match": before.headers.get("etag")! } });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(before.headers.get("etag"));
    const changed = after.body as Configuration;
    expect(changed.apis[0]!.policy_id).toBe(block!.id);
    expect(changed.policies).toEqual([{ id: block!.id, policy_name: "Block API", type: "api", language: "cloudentity", validators: [{ name: "false" }] }]);
  });

  it("gateway A's token never reads or writes gateway B", async () => {
    const tokenA = await accessToken(a.client);
    const tokenB = await accessToken(b.client);
    await systemCall(configurationRoute.POST, { token: tokenB, method: "POST", body: { api_groups: [group("orders", "dev", [["GET", "/orders"]])] } });
    const configA = (await systemCall(configurationRoute.GET, { token: tokenA })).body as Configuration;
    const configB = (await systemCall(configurationRoute.GET, { token: tokenB })).body as Configuration;
    expect(configA.services.map((s) => s.api_group_id)).toEqual(["petstore-prod"]);
    expect(configB.services.map((s) => s.api_group_id)).toEqual(["orders-dev"]);
    expect(configB.apis.map((x) => x.path)).toEqual(["/orders"]);
    // A's events naming B's API are stored without that API.
    const events = await systemCall(requestsRoute.POST, {
      token: tokenA,
      method: "POST",
      body: { events: [{ api_id: configB.apis[0]!.id, result: { result: "AUTHORIZED" } }] },
    });
    expect(events.status).toBe(200);
    const db = await getDb();
    const stored = await db.query.decisionEvents.findMany();
    expect(stored.filter((e) => e.apiId === configB.apis[0]!.id)).toHaveLength(0);
  });

  it("answers 401 without or with a bad token, and 403 for a missing scope", async () => {
    const none = await systemCall(configurationRoute.GET);
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ error: { code: "invalid_token" } });
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="gatehouse"');

    const bad = await systemCall(configurationRoute.GET, { token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln" });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toContain('error="invalid_token"');

    const readOnly = await accessToken(a.client, { scope: "read_gateway_configuration" });
    expect((await systemCall(configurationRoute.GET, { token: readOnly })).status).toBe(200);
    const denied = await systemCall(configurationRoute.POST, { token: readOnly, method: "POST", body: { api_groups: [] } });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ error: { code: "insufficient_scope" } });
    expect(denied.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect(denied.headers.get("www-authenticate")).toContain('scope="write_gateway_configuration"');
    expect((await systemCall(requestsRoute.POST, { token: readOnly, method: "POST", body: { events: [] } })).status).toBe(403);
    expect((await systemCall(introspectRoute.POST, { token: readOnly, method: "POST", form: { token: readOnly } })).status).toBe(403);
  });

  it("introspection without the form field token is 400 missing_parameter (the one code of that status)", async () => {
    const token = await accessToken(a.client);
    const res = await systemCall(introspectRoute.POST, { token, method: "POST", form: { other: "x" } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "missing_parameter", message: "The form field token is required." } });
  });

  it("records last_active (throttled) and ?authorizer_version=", async () => {
    resetActivityThrottle();
    const token = await accessToken(a.client);
    const db = await getDb();
    await systemCall(configurationRoute.GET, { token, query: "authorizer_version=1.2.3" });
    const [first] = await db.select().from(gateways).where(eq(gateways.id, a.id));
    expect(first!.lastAuthorizerVersion).toBe("1.2.3");
    expect(first!.lastActiveAt).toBeInstanceOf(Date);
    // Within 10 s a second poll does not write again; a new version does.
    await systemCall(configurationRoute.GET, { token, query: "authorizer_version=1.2.3" });
    const [second] = await db.select().from(gateways).where(eq(gateways.id, a.id));
    expect(second!.lastActiveAt!.getTime()).toBe(first!.lastActiveAt!.getTime());
    await systemCall(configurationRoute.GET, { token, query: "authorizer_version=1.3.0" });
    const [third] = await db.select().from(gateways).where(eq(gateways.id, a.id));
    expect(third!.lastAuthorizerVersion).toBe("1.3.0");
    // The admin API shows it; activity does not bump the gateway's version (no false 409s).
    const view = await call(gatewayRoute.GET, { token: admin, params: { gw: a.id } });
    expect(view.body).toMatchObject({ authorizer_version: "1.3.0", version: a.version });
    expect((view.body as { last_active: string }).last_active).toBe(third!.lastActiveAt!.toISOString());
    expect((await systemCall(configurationRoute.GET, { token, query: "authorizer_version=%3Cscript%3E" })).status).toBe(422);
  });

  it("a rotated-out secret gets invalid_client, and tokens issued before the rotation stop working", async () => {
    const c = await createGateway(admin);
    const old = await accessToken(c.client);
    const rotated = await call(rotateRoute.POST, { method: "POST", token: admin, params: { gw: c.id } });
    expect(rotated.status).toBe(200);
    const fresh = rotated.body as { client_id: string; client_secret: string };
    expect(fresh.client_secret).not.toBe(c.client.client_secret);

    const refused = await tokenRequest({ grant_type: "client_credentials", client_id: c.client.client_id, client_secret: c.client.client_secret });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe("invalid_client");

    expect((await systemCall(configurationRoute.GET, { token: old })).status).toBe(401);
    const token = await accessToken(fresh);
    expect((await systemCall(configurationRoute.GET, { token })).status).toBe(200);
  });

  it("a token whose client was deleted (gateway deleted) gets 401", async () => {
    const d = await createGateway(admin);
    const token = await accessToken(d.client);
    expect((await systemCall(configurationRoute.GET, { token })).status).toBe(200);
    expect((await call(gatewayRoute.DELETE, { method: "DELETE", token: admin, params: { gw: d.id } })).status).toBe(204);
    const gone = await systemCall(configurationRoute.GET, { token });
    expect(gone.status).toBe(401);
    expect(gone.body).toMatchObject({ error: { code: "invalid_token" } });
  });
});
