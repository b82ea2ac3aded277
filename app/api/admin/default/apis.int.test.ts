import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { apis, auditEvents, gateways, stageEnforcement } from "@/lib/db/schema";
import type { ApiView, ApisSummary } from "@/lib/enforcement/apis";
import { call, userWithToken } from "@/test/api-client";
import { seedGateway, seedPolicy, seedService } from "@/test/enforcement-seed";
import * as apisRoute from "./apis/route";
import * as apiRoute from "./apis/[api]/route";
import * as assignRoute from "./apis/assign/route";

type ListBody = { apis: ApiView[]; summary: ApisSummary };

async function list(token: string, query = ""): Promise<ListBody> {
  const res = await call(apisRoute.GET, { token, path: `/api/admin/default/apis${query}` });
  expect(res.status).toBe(200);
  return res.body as ListBody;
}

async function world() {
  const gw = await seedGateway();
  const pets = await seedService({
    name: `Pets-${gw.name}`,
    gatewayId: gw.id,
    restApi: { api_id: "a1b2c3", api_name: "PetStore", stage: "prod" },
    routes: [["GET", "/pets"], ["POST", "/pets"], ["GET", "/pets/{petId}"]],
  });
  const orders = await seedService({ name: `Orders_100%-${gw.name}`, routes: [["GET", "/orders"], ["DELETE", "/orders/{id}"]] });
  const policy = await seedPolicy(`orders-read-${gw.name}`, [{ name: "true" }]);
  return { gw, pets, orders, policy };
}

function auditFor(apiId: string) {
  return getDb().then((db) => db.select().from(auditEvents).where(eq(auditEvents.targetId, apiId)));
}

describe("admin API: Enforcement › APIs", () => {
  it("lists every API with its service, gateway, REST API and stage; Unrestricted without a policy", async () => {
    const admin = await userWithToken("admin");
    const { gw, pets } = await world();
    const body = await list(admin.token, `?service_id=${pets.service.id}`);
    expect(body.apis).toHaveLength(3);
    expect(body.apis[0]).toMatchObject({
      service_id: pets.service.id,
      service_name: pets.service.name,
      gateway_id: gw.id,
      gateway_name: gw.name,
      rest_api: { api_id: "a1b2c3", api_name: "PetStore", stage: "prod" },
      method: "GET",
      path: "/pets",
      policy_id: null,
      policy_name: null,
      status: "unrestricted",
      // Its REST API was never read from AWS: the console says so rather than guessing.
      enforcement: { code: "unknown", checked_at: null },
      pending_redeploy: false,
      policy_changed_at: null,
      decisions_24h: { authorized: 0, unauthorized: 0 },
      version: 1,
    });
    expect(body.summary).toEqual({ protected: 0, with_policy: 0, unrestricted: 3, open_at_gateway: 0, pending_redeploy: 0, checked_at: null });
  });

  it("a viewer reads but cannot assign", async () => {
    const viewer = await userWithToken("viewer");
    const { pets, policy } = await world();
    const api = pets.apis[0]!;
    expect((await list(viewer.token, `?service_id=${pets.service.id}`)).apis).toHaveLength(3);
    const res = await call(apiRoute.PUT, { method: "PUT", token: viewer.token, params: { api: api.id }, body: { policy_id: policy.id, version: 1 } });
    expect(res.status).toBe(403);
  });

  it("assigning a policy gives the API a policy (never 'protected' before AWS says so), bumps its version and the gateway's config revision, and is audited", async () => {
    const admin = await userWithToken("admin");
    const { gw, pets, policy } = await world();
    const api = pets.apis[0]!;
    const res = await call(apiRoute.PUT, { method: "PUT", token: admin.token, params: { api: api.id }, body: { policy_id: policy.id, version: 1 } });
    expect(res.status).toBe(200);
    const view = res.body as ApiView;
    expect(view).toMatchObject({ id: api.id, policy_id: policy.id, policy_name: policy.policyName, status: "protected", pending_redeploy: false, version: 2 });
    expect(view.enforcement.code).toBe("unknown");
    expect(view.policy_changed_at).not.toBeNull();
    const db = await getDb();
    const [after] = await db.select().from(gateways).where(eq(gateways.id, gw.id));
    expect(after!.configRevision).toBe(gw.configRevision + 1);

    const entries = await auditFor(api.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "api.assign_policy",
      actorName: admin.username,
      targetType: "api",
      targetName: `${pets.service.name} GET /pets`,
      before: { policy_id: null, policy_name: "Unrestricted" },
      after: { policy_id: policy.id, policy_name: policy.policyName },
    });

    const summary = (await list(admin.token, `?service_id=${pets.service.id}`)).summary;
    expect(summary).toEqual({ protected: 0, with_policy: 1, unrestricted: 2, open_at_gateway: 0, pending_redeploy: 0, checked_at: null });

    const cleared = await call(apiRoute.PUT, { method: "PUT", token: admin.token, params: { api: api.id }, body: { policy_id: null, version: 2 } });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ status: "unrestricted", policy_id: null, pending_redeploy: false, version: 3 });
    const again = await auditFor(api.id);
    expect(again.map((e) => e.action).sort()).toEqual(["api.assign_policy", "api.clear_policy"]);
  });

  it("a stale version answers 409 and changes nothing", async () => {
    const admin = await userWithToken("admin");
    const { pets, policy } = await world();
    const api = pets.apis[1]!;
    expect((await call(apiRoute.PUT, { method: "PUT", token: admin.token, params: { api: api.id }, body: { policy_id: policy.id, version: 1 } })).status).toBe(200);
    const stale = await call(apiRoute.PUT, { method: "PUT", token: admin.token, params: { api: api.id }, body: { policy_id: null, version: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: "conflict" } });
    expect((stale.body as { error: { message: string } }).error.message).toMatch(/changed by someone else/);
    const [row] = await (await getDb()).select().from(apis).where(eq(apis.id, api.id));
    expect(row).toMatchObject({ policyId: policy.id, version: 2 });
  });

  it("an unknown policy answers 422; an unknown API 404; a malformed body 422", async () => {
    const admin = await userWithToken("admin");
    const { pets } = await world();
    const api = pets.apis[0]!;
    const unknown = await call(apiRoute.PUT, { method: "PUT", token: admin.token, params: { api: api.id }, body: { policy_id: "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", version: 1 } });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ error: { fields: [{ path: "policy_id" }] } });
    const missing = await call(apiRoute.PUT, { method: "PUT", token: admin.token, params: { api: "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f" }, body: { policy_id: null, version: 1 } });
    expect(missing.status).toBe(404);
    expect((await call(apiRoute.PUT, { method: "PUT", token: admin.token, params: { api: "nope" }, body: { policy_id: null, version: 1 } })).status).toBe(404);
    expect((await call(apiRoute.PUT, { method: "PUT", token: admin.token, params: { api: api.id }, body: { policy_id: "x" } })).status).toBe(422);
  });

  it("bulk assignment is all or nothing: one stale version refuses the whole batch", async () => {
    const admin = await userWithToken("admin");
    const { pets, orders, policy } = await world();
    const ids = [...pets.apis, ...orders.apis].map((a) => a.id);
    const target = pets.apis[2]!;
    expect((await call(apiRoute.PUT, { method: "PUT", token: admin.token, params: { api: target.id }, body: { policy_id: policy.id, version: 1 } })).status).toBe(200);
    const versions = Object.fromEntries(ids.map((id) => [id, 1]));
    const refused = await call(assignRoute.POST, { method: "POST", token: admin.token, body: { api_ids: ids, policy_id: null, versions } });
    expect(refused.status).toBe(409);
    const db = await getDb();
    for (const id of ids) {
      const [row] = await db.select().from(apis).where(eq(apis.id, id));
      expect(row!.policyId).toBe(id === target.id ? policy.id : null);
    }

    const unknownApi = await call(assignRoute.POST, { method: "POST", token: admin.token, body: { api_ids: [ids[0], "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"], policy_id: policy.id } });
    expect(unknownApi.status).toBe(422);
    const [first] = await db.select().from(apis).where(eq(apis.id, ids[0]!));
    expect(first!.policyId).toBeNull();

    versions[target.id] = 2;
    const ok = await call(assignRoute.POST, { method: "POST", token: admin.token, body: { api_ids: ids, policy_id: policy.id, versions } });
    expect(ok.status).toBe(200);
    const answered = (ok.body as { apis: ApiView[] }).apis;
    expect(answered).toHaveLength(5);
    expect(answered.every((a) => a.policy_id === policy.id && a.status === "protected")).toBe(true);
    // The API that already had the policy is unchanged (no new version, no new audit entry).
    expect(answered.find((a) => a.id === target.id)!.version).toBe(2);
    expect(await auditFor(target.id)).toHaveLength(1);
    expect(await auditFor(ids[0]!)).toHaveLength(1);
  });

  it("bulk bodies are bounded and checked", async () => {
    const admin = await userWithToken("admin");
    const { pets } = await world();
    const id = pets.apis[0]!.id;
    expect((await call(assignRoute.POST, { method: "POST", token: admin.token, body: { api_ids: [], policy_id: null } })).status).toBe(422);
    expect((await call(assignRoute.POST, { method: "POST", token: admin.token, body: { api_ids: [id, id], policy_id: null } })).status).toBe(422);
    const tooMany = Array.from({ length: 501 }, () => id);
    expect((await call(assignRoute.POST, { method: "POST", token: admin.token, body: { api_ids: tooMany, policy_id: null } })).status).toBe(422);
  });

  it("filters by service, gateway, status and text (method, path, service, policy; % and _ literal)", async () => {
    const admin = await userWithToken("admin");
    const { gw, pets, orders, policy } = await world();
    await call(apiRoute.PUT, { method: "PUT", token: admin.token, params: { api: orders.apis[0]!.id }, body: { policy_id: policy.id, version: 1 } });
    const ours = (b: ListBody) => b.apis.filter((a) => a.service_id === pets.service.id || a.service_id === orders.service.id);

    expect((await list(admin.token, `?gateway_id=${gw.id}`)).apis.map((a) => a.path)).toEqual(["/pets", "/pets", "/pets/{petId}"]);
    expect(ours(await list(admin.token, "?status=protected")).map((a) => a.path)).toEqual(["/orders"]);
    expect(ours(await list(admin.token, "?status=unrestricted"))).toHaveLength(4);
    // Pending and open come from what AWS said about the stage: GET /pets attached, deployed without the authorizer.
    expect(ours(await list(admin.token, "?status=pending"))).toEqual([]);
    expect(ours(await list(admin.token, "?q=delete")).map((a) => a.method)).toEqual(["DELETE"]);
    expect(ours(await list(admin.token, "?q=%7BpetId")).map((a) => a.path)).toEqual(["/pets/{petId}"]);
    expect(ours(await list(admin.token, `?q=${encodeURIComponent(policy.policyName.toUpperCase())}`)).map((a) => a.path)).toEqual(["/orders"]);
    expect(ours(await list(admin.token, `?q=${encodeURIComponent("_100%")}`))).toHaveLength(2);
    expect(ours(await list(admin.token, `?q=${encodeURIComponent("%")}`)).map((a) => a.service_id)).toEqual([orders.service.id, orders.service.id]);
    expect((await list(admin.token, `?service_id=${orders.service.id}`)).apis.every((a) => a.gateway_id === null && a.rest_api === null)).toBe(true);

    await (await getDb()).insert(stageEnforcement).values({
      gatewayId: gw.id, restApiId: "a1b2c3", stage: "prod", authorizerIds: ["az1"],
      methods: [{ method: "GET", path: "/pets", attachment: "ours", authorizationType: "CUSTOM", authorizerId: "az1", deployedAuthorizationType: "NONE" }],
    });
    expect(ours(await list(admin.token, "?status=pending")).map((a) => `${a.method} ${a.path}`)).toEqual(["GET /pets"]);
    expect(ours(await list(admin.token, "?status=open"))).toEqual([]);
    await call(apiRoute.PUT, { method: "PUT", token: admin.token, params: { api: pets.apis[0]!.id }, body: { policy_id: policy.id, version: 1 } });
    const open = await list(admin.token, "?status=open");
    expect(ours(open).map((a) => `${a.method} ${a.path} ${a.enforcement.code}`)).toEqual(["GET /pets open_at_gateway"]);
    expect(open.summary.open_at_gateway).toBe(1);
    const bad = await call(apisRoute.GET, { token: admin.token, path: "/api/admin/default/apis?status=live" });
    expect(bad.status).toBe(422);
  });
});
