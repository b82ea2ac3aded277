import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { auditEvents, decisionEvents } from "@/lib/db/schema";
import type { ApiView } from "@/lib/enforcement/apis";
import { call, userWithToken } from "@/test/api-client";
import { accessToken, createGateway, group, systemCall, type CreatedGateway } from "@/test/gateways";
import * as configurationRoute from "@/app/api/system/default/gateways/configuration/route";
import * as requestsRoute from "@/app/api/system/default/gateways/requests/route";
import * as apisRoute from "./apis/route";
import * as decisionsRoute from "./decisions/route";
import * as apiRoute from "./apis/[api]/route";
import * as assignRoute from "./apis/assign/route";
import * as promoteRoute from "./apis/[api]/promote-shadow/route";
import * as policiesRoute from "./policies/route";
import * as policyRoute from "./policies/[pid]/route";
import * as replayRoute from "./policies/replay/route";
import * as gatewayRoute from "./gateways/[gw]/route";

/**
 * Shadow policies (docs/shadow-policies.md) through the admin and system APIs: set and clear one
 * (one API and in bulk), what the authorizer's configuration then carries, the decision events'
 * shadow fields and the console's would-deny counts, promotion (409-safe), and deletion refused.
 */
interface Configuration {
  apis: { id: string; path: string; policy_id?: string; shadow_policy_id?: string }[];
  policies: { id: string }[];
}

let admin: { token: string; username: string };
let gw: CreatedGateway;
let token: string;

beforeAll(async () => {
  admin = await userWithToken("admin");
  gw = await createGateway(admin.token, { create_and_bind_services_automatically: true });
  token = await accessToken(gw.client);
  await systemCall(configurationRoute.POST, {
    token,
    method: "POST",
    body: { api_groups: [group("shadow0001", "prod", [["GET", "/pets"], ["POST", "/pets"], ["GET", "/orders"]])] },
  });
});

const config = async () => (await systemCall(configurationRoute.GET, { token })).body as Configuration;
const apiByPath = async (method: string, path: string) => {
  const res = await call(apisRoute.GET, { token: admin.token, path: `/api/admin/default/apis?gateway_id=${gw.id}` });
  const api = (res.body as { apis: ApiView[] }).apis.find((a) => a.method === method && a.path === path);
  if (!api) throw new Error(`no ${method} ${path}`);
  return api;
};
async function createPolicy(name: string, validators: unknown[]): Promise<{ id: string; version: number }> {
  const res = await call(policiesRoute.POST, { method: "POST", token: admin.token, body: { policy_name: `${name}-${Math.random().toString(36).slice(2, 7)}`, validators } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number };
}
const put = (apiId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call(apiRoute.PUT, { method: "PUT", token: admin.token, params: { api: apiId }, body, headers });
const auditOf = async (apiId: string) => (await getDb()).select().from(auditEvents).where(eq(auditEvents.targetId, apiId));

describe("shadow policies", () => {
  it("sets and clears an API's shadow policy: versioned, audited, in the configuration (a shadow-only policy among policies[])", async () => {
    const shadow = await createPolicy("shadow-set", [{ name: "false" }]);
    const api = await apiByPath("GET", "/pets");
    expect(api).toMatchObject({ shadow_policy_id: null, shadow_policy_name: null, shadow_24h: null, shadow_counts_invoked_only: false });

    const set = await put(api.id, { shadow_policy_id: shadow.id, version: api.version });
    expect(set.status).toBe(200);
    const view = set.body as ApiView;
    // The enforced policy is untouched: setting a shadow never protects nor opens anything.
    expect(view).toMatchObject({ shadow_policy_id: shadow.id, policy_id: null, status: "unrestricted", version: api.version + 1, shadow_24h: { total: 0, would_deny: 0, broken: 0 } });
    expect(view.policy_changed_at).toBe(api.policy_changed_at);
    const doc = await config();
    expect(doc.apis.find((a) => a.id === api.id)).toMatchObject({ shadow_policy_id: shadow.id });
    expect(doc.apis.find((a) => a.id === api.id)).not.toHaveProperty("policy_id");
    expect(doc.policies.map((p) => p.id)).toContain(shadow.id);

    // A stale version is 409, and the shadow stays.
    const stale = await put(api.id, { shadow_policy_id: null, version: api.version });
    expect(stale.status).toBe(409);
    const unknown = await put(api.id, { shadow_policy_id: "00000000-0000-4000-8000-000000000000", version: view.version });
    expect(unknown.status).toBe(422);
    expect((unknown.body as { error: { fields: { path: string }[] } }).error.fields[0]!.path).toBe("shadow_policy_id");
    expect((await put(api.id, { version: view.version })).status).toBe(422);

    const cleared = await put(api.id, { shadow_policy_id: null }, { "if-match": `"${view.version}"` });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ shadow_policy_id: null, shadow_24h: null });
    const after = await config();
    expect(after.apis.find((a) => a.id === api.id)).not.toHaveProperty("shadow_policy_id");
    expect(after.policies.map((p) => p.id)).not.toContain(shadow.id);

    const actions = (await auditOf(api.id)).map((e) => [e.action, e.after]);
    expect(actions).toContainEqual(["api.set_shadow_policy", { shadow_policy_id: shadow.id, shadow_policy_name: expect.stringMatching(/^shadow-set-/) as unknown }]);
    expect(actions).toContainEqual(["api.clear_shadow_policy", { shadow_policy_id: null, shadow_policy_name: null }]);
  });

  it("bulk-sets a shadow policy on several APIs, leaving their enforced policies, and clears it again", async () => {
    const enforced = await createPolicy("bulk-enforced", [{ name: "true" }]);
    const shadow = await createPolicy("bulk-shadow", [{ name: "false" }]);
    const a = await apiByPath("POST", "/pets");
    const b = await apiByPath("GET", "/orders");
    expect((await put(a.id, { policy_id: enforced.id, version: a.version })).status).toBe(200);
    const bulk = await call(assignRoute.POST, { method: "POST", token: admin.token, body: { api_ids: [a.id, b.id], shadow_policy_id: shadow.id } });
    expect(bulk.status).toBe(200);
    const views = (bulk.body as { apis: ApiView[] }).apis;
    expect(views.map((v) => [v.path, v.policy_id, v.shadow_policy_id]).sort()).toEqual([
      ["/orders", null, shadow.id],
      ["/pets", enforced.id, shadow.id],
    ]);
    const clear = await call(assignRoute.POST, { method: "POST", token: admin.token, body: { api_ids: [a.id, b.id], shadow_policy_id: null } });
    expect((clear.body as { apis: ApiView[] }).apis.map((v) => v.shadow_policy_id)).toEqual([null, null]);
  });

  it("stores the shadow result and request fields of decision events and counts the current shadow's would-deny of 24 h", async () => {
    const shadow = await createPolicy("counted-shadow", [{ name: "false" }]);
    const previous = await createPolicy("previous-shadow", [{ name: "false" }]);
    const api = await apiByPath("GET", "/pets");
    const set = await put(api.id, { shadow_policy_id: shadow.id, version: api.version });
    expect(set.status).toBe(200);
    const event = (result: "allow" | "deny" | "broken", policyId = shadow.id) => ({
      api_id: api.id,
      result: { result: "AUTHORIZED" },
      shadow: { policy_id: policyId, result, ...(result === "deny" ? { failure: [{ validator: "false", message: "blocked" }] } : {}) },
      request: { method: "get", path: "/pets?secret=1", header_names: ["Accept", "user-agent", "accept"] },
    });
    const events = [...Array.from({ length: 3 }, () => event("deny")), event("allow"), event("broken"), event("deny", previous.id)];
    const res = await systemCall(requestsRoute.POST, { token, method: "POST", body: { events } });
    expect(res.status).toBe(200);

    const db = await getDb();
    const rows = await db.select().from(decisionEvents).where(eq(decisionEvents.apiId, api.id));
    const denied = rows.find((r) => r.shadowResult === "deny" && r.shadowPolicyId === shadow.id)!;
    // The path loses its query string; header names are lower-cased, de-duplicated, without values.
    expect(denied).toMatchObject({ requestMethod: "GET", requestPath: "/pets", requestHeaderNames: ["accept", "user-agent"], shadowFailures: [{ validator: "false", message: "blocked" }] });

    const view = await apiByPath("GET", "/pets");
    // The previous shadow's deny is not the current shadow's.
    expect(view.shadow_24h).toEqual({ total: 5, would_deny: 3, broken: 1 });
    expect(view.decisions_24h).toEqual({ authorized: 6, unauthorized: 0 });

    // The chart shows the would-deny beside the enforced decisions (every shadow's, per bucket).
    const series = await call(decisionsRoute.GET, { token: admin.token, path: `/api/admin/default/decisions?hours=1&bucket=5m&api_id=${api.id}` });
    const buckets = (series.body as { buckets: { authorized: number; shadow_would_deny: number }[] }).buckets;
    expect(buckets.reduce((n, b) => n + b.shadow_would_deny, 0)).toBe(4);
    expect(buckets.reduce((n, b) => n + b.authorized, 0)).toBe(6);

    const bad = await systemCall(requestsRoute.POST, { token, method: "POST", body: { events: [{ ...event("deny"), shadow: { policy_id: shadow.id, result: "maybe" } }] } });
    expect(bad.status).toBe(422);
    await put(api.id, { shadow_policy_id: null, version: view.version });
  });

  it("promotes the shadow policy to enforced in one audited, version-checked change; 409 when stale or without a shadow", async () => {
    const shadow = await createPolicy("promoted", [{ name: "false" }]);
    const api = await apiByPath("GET", "/orders");
    const set = (await put(api.id, { shadow_policy_id: shadow.id, version: api.version })).body as ApiView;

    const promote = (body: unknown, headers: Record<string, string> = {}) =>
      call(promoteRoute.POST, { method: "POST", token: admin.token, params: { api: api.id }, body, headers });
    expect((await promote(undefined)).status).toBe(422);
    expect((await promote({ version: api.version })).status).toBe(409);
    const viewer = await userWithToken("viewer");
    expect((await call(promoteRoute.POST, { method: "POST", token: viewer.token, params: { api: api.id }, body: { version: set.version } })).status).toBe(403);

    const ok = await promote(undefined, { "if-match": `"${set.version}"` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).toBe(`"${set.version + 1}"`);
    expect(ok.body).toMatchObject({ policy_id: shadow.id, shadow_policy_id: null, status: "protected", version: set.version + 1 });
    expect((ok.body as ApiView).policy_changed_at).not.toBeNull();
    const doc = await config();
    expect(doc.apis.find((a) => a.id === api.id)).toMatchObject({ policy_id: shadow.id });
    expect(doc.apis.find((a) => a.id === api.id)).not.toHaveProperty("shadow_policy_id");

    const entry = (await auditOf(api.id)).find((e) => e.action === "api.promote_shadow_policy");
    expect(entry).toMatchObject({
      actorName: admin.username,
      before: { policy_id: null, policy_name: "Unrestricted", shadow_policy_id: shadow.id },
      after: { policy_id: shadow.id, shadow_policy_id: null, shadow_policy_name: null },
    });
    const again = await promote({ version: set.version + 1 });
    expect(again.status).toBe(409);
    expect((again.body as { error: { message: string } }).error.message).toMatch(/no shadow policy/);
    await put(api.id, { policy_id: null, version: set.version + 1 });
  });

  it("refuses to delete a policy used as a shadow, like one that is enforced", async () => {
    const shadow = await createPolicy("undeletable", [{ name: "false" }]);
    const api = await apiByPath("POST", "/pets");
    const set = (await put(api.id, { shadow_policy_id: shadow.id, version: api.version })).body as ApiView;
    expect((await call(policyRoute.GET, { token: admin.token, params: { pid: shadow.id } })).body).toMatchObject({ used_by: { apis: 0, gateways: 0, shadow_apis: 1 } });
    const del = await call(policyRoute.DELETE, { method: "DELETE", token: admin.token, params: { pid: shadow.id } });
    expect(del.status).toBe(409);
    expect((del.body as { error: { message: string } }).error.message).toContain("POST /pets");
    await put(api.id, { shadow_policy_id: null, version: set.version });
    expect((await call(policyRoute.DELETE, { method: "DELETE", token: admin.token, params: { pid: shadow.id } })).status).toBe(204);
  });

  it("replays an API's recent decisions' recorded inputs (method, path, header names, claims) through a draft policy and counts what would change", async () => {
    const api = await apiByPath("POST", "/pets");
    const at = (result: "AUTHORIZED" | "UNAUTHORIZED", ctx: Record<string, unknown> | undefined, headerNames: string[] = ["accept"]) => ({
      api_id: api.id,
      result: { result },
      ...(ctx ? { invocation_ctx: ctx } : {}),
      request: { method: "POST", path: "/pets", header_names: headerNames },
    });
    const events = [
      at("AUTHORIZED", { sub: "alice", scp: ["pets.write"] }, ["accept", "x-request-source"]),
      at("AUTHORIZED", { sub: "carol", scp: ["pets.write"] }),
      at("AUTHORIZED", undefined),
      at("UNAUTHORIZED", { sub: "bob", scp: ["pets.read"] }),
      at("UNAUTHORIZED", { sub: "dave", scp: ["pets.write"] }),
      // An older authorizer's event: no request fields, so not replayable.
      { api_id: api.id, result: { result: "AUTHORIZED" } },
    ];
    expect((await systemCall(requestsRoute.POST, { token, method: "POST", body: { events } })).status).toBe(200);
    const draft = {
      validators: [
        { name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "pets.write" }] } },
        { name: "header", conf: { fields: [{ field: "x-request-source", comparator: "not_present" }] } },
      ],
    };
    const viewer = await userWithToken("viewer");
    const res = await call(replayRoute.POST, { method: "POST", token: viewer.token, body: { policy: draft, api_id: api.id } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // alice: the header name is recorded → deny; anonymous → deny; dave → allow; carol and bob unchanged.
    expect(res.body).toMatchObject({ api_id: api.id, hours: 24, replayed: 5, unchanged: 2, allow_to_deny: 2, deny_to_allow: 1, without_inputs: 1 });
    const examples = (res.body as { examples: { recorded: string; replayed: string; failures: { validator: string }[] }[] }).examples;
    expect(examples).toHaveLength(3);
    expect(examples.filter((e) => e.recorded === "deny").map((e) => e.replayed)).toEqual(["allow"]);
    expect(JSON.stringify(res.body)).not.toContain("alice");

    const bad = await call(replayRoute.POST, { method: "POST", token: viewer.token, body: { policy: { validators: [{ name: "nope" }] }, api_id: api.id } });
    expect(bad.status).toBe(422);
    const missing = await call(replayRoute.POST, { method: "POST", token: viewer.token, body: { policy: draft, api_id: "00000000-0000-4000-8000-000000000000" } });
    expect(missing.status).toBe(404);
  });

  it("says the shadow counts cover invoked decisions only when the gateway's authorizer cache TTL is above 0", async () => {
    const shadow = await createPolicy("cached-shadow", [{ name: "false" }]);
    const api = await apiByPath("GET", "/orders");
    const set = (await put(api.id, { shadow_policy_id: shadow.id, version: api.version })).body as ApiView;
    expect(set.shadow_counts_invoked_only).toBe(false);
    const current = (await call(gatewayRoute.GET, { token: admin.token, params: { gw: gw.id } })).body as { version: number };
    const cached = await call(gatewayRoute.PUT, { method: "PUT", token: admin.token, params: { gw: gw.id }, body: { version: current.version, settings: { AUTHORIZER_CACHE_TTL: 60 } } });
    expect(cached.status, JSON.stringify(cached.body)).toBe(200);
    expect((await apiByPath("GET", "/orders")).shadow_counts_invoked_only).toBe(true);
    const back = await call(gatewayRoute.PUT, { method: "PUT", token: admin.token, params: { gw: gw.id }, body: { version: current.version + 1, settings: { AUTHORIZER_CACHE_TTL: 0 } } });
    expect(back.status).toBe(200);
    expect((await apiByPath("GET", "/orders")).shadow_counts_invoked_only).toBe(false);
    await put(api.id, { shadow_policy_id: null, version: set.version });
  });
});
