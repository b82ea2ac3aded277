import { and, eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { apis, auditEvents, gateways, policies } from "@/lib/db/schema";
import { ensureBuiltinPolicies } from "@/lib/policies/builtins";
import type { PolicyTestResult } from "@/lib/policies/test-run";
import type { PolicyView } from "@/lib/policies/view";
import { call, userWithToken } from "@/test/api-client";
import { seedGateway, seedService } from "@/test/enforcement-seed";
import * as policiesRoute from "./policies/route";
import * as policyRoute from "./policies/[pid]/route";
import * as testRoute from "./policies/test/route";

const SCOPE_POLICY = [{ name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "orders.read" }] } }];
type ErrorBody = { error: { code: string; message: string; fields?: { path: string; message: string }[] } };

async function create(token: string, body: Record<string, unknown>) {
  return call(policiesRoute.POST, { method: "POST", token, body });
}

async function createOk(token: string, name: string, validators: unknown[] = SCOPE_POLICY): Promise<PolicyView> {
  const res = await create(token, { policy_name: name, validators });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as PolicyView;
}

async function listed(token: string): Promise<PolicyView[]> {
  return ((await call(policiesRoute.GET, { token })).body as { policies: PolicyView[] }).policies;
}

async function auditOf(id: string) {
  return (await getDb()).select().from(auditEvents).where(and(eq(auditEvents.targetType, "policy"), eq(auditEvents.targetId, id)));
}

describe("admin API: policies", () => {
  it("has the built-ins Block API and Allow, read-only and not deletable, created once", async () => {
    const admin = await userWithToken("admin");
    await ensureBuiltinPolicies(await getDb());
    const all = await listed(admin.token);
    const block = all.find((p) => p.builtin === "block")!;
    const allow = all.find((p) => p.builtin === "allow")!;
    expect(block).toMatchObject({ policy_name: "Block API", validators: [{ name: "false" }], type: "api", language: "cloudentity" });
    expect(allow).toMatchObject({ policy_name: "Allow", validators: [{ name: "true" }] });
    expect(all.filter((p) => p.builtin)).toHaveLength(2);

    const put = await call(policyRoute.PUT, { method: "PUT", token: admin.token, params: { pid: block.id }, body: { version: block.version, validators: [{ name: "true" }] } });
    expect(put.status).toBe(409);
    expect((put.body as ErrorBody).error.message).toMatch(/built-in policy/);
    const del = await call(policyRoute.DELETE, { method: "DELETE", token: admin.token, params: { pid: allow.id } });
    expect(del.status).toBe(409);
    expect((del.body as ErrorBody).error.message).toMatch(/built-in policy/);
    const [row] = await (await getDb()).select().from(policies).where(eq(policies.id, block.id));
    expect(row!.validators).toEqual([{ name: "false" }]);
  });

  it("creates a policy, audits it, and a viewer may read but not write", async () => {
    const admin = await userWithToken("admin");
    const viewer = await userWithToken("viewer");
    const p = await createOk(admin.token, "orders-read");
    expect(p).toMatchObject({ policy_name: "orders-read", description: "", type: "api", language: "cloudentity", validators: SCOPE_POLICY, builtin: null, used_by: { apis: 0, gateways: 0 }, version: 1 });
    const [entry] = await auditOf(p.id);
    expect(entry).toMatchObject({ action: "policy.create", actorName: admin.username, targetName: "orders-read", before: null, after: { policy_name: "orders-read", validators: SCOPE_POLICY } });

    expect((await create(viewer.token, { policy_name: "nope", validators: [{ name: "true" }] })).status).toBe(403);
    const got = await call(policyRoute.GET, { token: viewer.token, params: { pid: p.id } });
    expect(got.status).toBe(200);
    expect((await listed(viewer.token)).some((x) => x.id === p.id)).toBe(true);
    expect((await create(admin.token, { policy_name: "ORDERS-READ", validators: [{ name: "true" }] })).status).toBe(409);
  });

  it.each([
    ["unknown validator", [{ name: "jwt-magic" }]],
    ["unknown comparator", [{ name: "header", conf: { fields: [{ field: "x-env", comparator: "roughly", value: "prod" }] } }]],
    ["bad regex", [{ name: "header", conf: { fields: [{ field: "x-env", comparator: "matches", value: "(prod" }] } }]],
    ["not an object", ["true"]],
  ])("refuses an invalid policy (%s) with 422 and the engine's issues, writing nothing", async (_n, validators) => {
    const admin = await userWithToken("admin");
    const before = (await listed(admin.token)).length;
    const res = await create(admin.token, { policy_name: `bad-${Math.random()}`, validators });
    expect(res.status).toBe(422);
    const error = (res.body as ErrorBody).error;
    expect(error.code).toBe("invalid_request");
    expect(error.fields!.length).toBeGreaterThan(0);
    expect(error.fields!.every((f) => f.path.startsWith("validators"))).toBe(true);
    expect((await listed(admin.token)).length).toBe(before);
  });

  it("updates with optimistic concurrency: a stale version answers 409; changes are audited with before/after", async () => {
    const admin = await userWithToken("admin");
    const gw = await seedGateway();
    const svc = await seedService({ name: "Upd", gatewayId: gw.id, routes: [["GET", "/u"]] });
    const p = await createOk(admin.token, "to-update");
    await (await getDb()).update(apis).set({ policyId: p.id }).where(eq(apis.id, svc.apis[0]!.id));
    const next = [{ name: "header", conf: { fields: [{ field: "x-env", comparator: "equals", value: "prod" }] } }];
    const ok = await call(policyRoute.PUT, { method: "PUT", token: admin.token, params: { pid: p.id }, body: { version: 1, validators: next, description: "prod only" } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, validators: next, description: "prod only", used_by: { apis: 1, gateways: 0 } });
    const [g] = await (await getDb()).select().from(gateways).where(eq(gateways.id, gw.id));
    expect(g!.configRevision).toBe(gw.configRevision + 1);

    const stale = await call(policyRoute.PUT, { method: "PUT", token: admin.token, params: { pid: p.id }, body: { version: 1, policy_name: "lost-update" } });
    expect(stale.status).toBe(409);
    expect((stale.body as ErrorBody).error.message).toMatch(/changed by someone else/);
    const invalid = await call(policyRoute.PUT, { method: "PUT", token: admin.token, params: { pid: p.id }, body: { version: 2, validators: [{ name: "nope" }] } });
    expect(invalid.status).toBe(422);
    const [row] = await (await getDb()).select().from(policies).where(eq(policies.id, p.id));
    expect(row).toMatchObject({ policyName: "to-update", version: 2, validators: next });

    const update = (await auditOf(p.id)).find((e) => e.action === "policy.update")!;
    expect(update.before).toEqual({ policy_name: "to-update", description: "", validators: SCOPE_POLICY });
    expect(update.after).toEqual({ policy_name: "to-update", description: "prod only", validators: next });
    expect((await call(policyRoute.PUT, { method: "PUT", token: admin.token, params: { pid: p.id }, body: { version: 2 } })).status).toBe(422);
  });

  it("refuses to delete a policy in use, naming the APIs (first few and how many) and gateways; deletes it once unused", async () => {
    const admin = await userWithToken("admin");
    const p = await createOk(admin.token, "busy");
    const svc = await seedService({ name: "Shop", routes: [["GET", "/a"], ["GET", "/b"], ["POST", "/c"], ["DELETE", "/d"], ["PUT", "/e"]] });
    const db = await getDb();
    await db.update(apis).set({ policyId: p.id }).where(eq(apis.serviceId, svc.service.id));
    const refused = await call(policyRoute.DELETE, { method: "DELETE", token: admin.token, params: { pid: p.id } });
    expect(refused.status).toBe(409);
    const message = (refused.body as ErrorBody).error.message;
    expect(message).toContain("5 APIs (Shop GET /a, Shop GET /b, Shop POST /c and 2 more)");

    await db.update(apis).set({ policyId: null }).where(eq(apis.serviceId, svc.service.id));
    const gw = await seedGateway("Edge gateway");
    await db.update(gateways).set({ defaultPolicyId: p.id }).where(eq(gateways.id, gw.id));
    expect((await call(policyRoute.GET, { token: admin.token, params: { pid: p.id } })).body).toMatchObject({ used_by: { apis: 0, gateways: 1 } });
    const byGateway = await call(policyRoute.DELETE, { method: "DELETE", token: admin.token, params: { pid: p.id } });
    expect(byGateway.status).toBe(409);
    expect((byGateway.body as ErrorBody).error.message).toContain("default policy of gateway Edge gateway");

    await db.update(gateways).set({ defaultPolicyId: null }).where(eq(gateways.id, gw.id));
    expect((await call(policyRoute.DELETE, { method: "DELETE", token: admin.token, params: { pid: p.id } })).status).toBe(204);
    expect((await call(policyRoute.GET, { token: admin.token, params: { pid: p.id } })).status).toBe(404);
    expect((await auditOf(p.id)).map((e) => e.action).sort()).toEqual(["policy.create", "policy.delete"]);
  });

  it("tests a saved policy against a request: pass with the scope, fail without it, each validator's result", async () => {
    const viewer = await userWithToken("viewer");
    const admin = await userWithToken("admin");
    const p = await createOk(admin.token, "tested", [...SCOPE_POLICY, { name: "header", conf: { fields: [{ field: "X-Env", comparator: "equals", value: "prod" }] } }]);
    const request = { method: "get", path: "/orders", headers: { "x-env": "prod" } };
    const pass = await call(testRoute.POST, { method: "POST", token: viewer.token, body: { policy_id: p.id, request, authn_ctx: { sub: "u1", scp: ["orders.read"] } } });
    expect(pass.status, JSON.stringify(pass.body)).toBe(200);
    expect(pass.body).toMatchObject({
      allowed: true,
      needs_identity: true,
      claims_source: "authn_ctx",
      validators: [{ index: 0, name: "identity-context", passed: true, failures: [] }, { index: 1, name: "header", passed: true, failures: [] }],
    });

    const fail = await call(testRoute.POST, { method: "POST", token: viewer.token, body: { policy_id: p.id, request: { ...request, headers: {} }, authn_ctx: { scp: ["orders.write"] } } });
    const result = fail.body as PolicyTestResult;
    expect(result.allowed).toBe(false);
    expect(result.validators.map((v) => v.passed)).toEqual([false, false]);
    expect(result.validators[0]!.failures[0]!.message.length).toBeGreaterThan(0);
  });

  it("tests an unsaved definition with a pasted JWT's claims, decoded without verification", async () => {
    const viewer = await userWithToken("viewer");
    const jwt = await new SignJWT({ scp: ["orders.read"], sub: "u2" }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("k".repeat(32)));
    const res = await call(testRoute.POST, { method: "POST", token: viewer.token, body: { policy: { validators: SCOPE_POLICY }, request: { method: "GET", path: "/", headers: {} }, jwt } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ allowed: true, claims_source: "jwt (not verified)" });
    const none = await call(testRoute.POST, { method: "POST", token: viewer.token, body: { policy: { validators: SCOPE_POLICY }, request: { method: "GET", path: "/", headers: {} } } });
    expect(none.body).toMatchObject({ allowed: false, claims_source: "none" });
  });

  it.each([
    ["an invalid definition", { policy: { validators: [{ name: "bogus" }] }, request: { method: "GET", path: "/", headers: {} } }],
    ["both policy_id and policy", { policy_id: "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", policy: { validators: [] }, request: { method: "GET", path: "/", headers: {} } }],
    ["neither", { request: { method: "GET", path: "/", headers: {} } }],
    ["a malformed JWT", { policy: { validators: [{ name: "true" }] }, request: { method: "GET", path: "/", headers: {} }, jwt: "not.a.jwt" }],
    ["both jwt and authn_ctx", { policy: { validators: [{ name: "true" }] }, request: { method: "GET", path: "/", headers: {} }, jwt: "a.b.c", authn_ctx: {} }],
    ["a path without /", { policy: { validators: [{ name: "true" }] }, request: { method: "GET", path: "x", headers: {} } }],
  ])("a test with %s answers 422", async (_n, body) => {
    const viewer = await userWithToken("viewer");
    const res = await call(testRoute.POST, { method: "POST", token: viewer.token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
  });

  it("a test of an unknown saved policy answers 404", async () => {
    const viewer = await userWithToken("viewer");
    const res = await call(testRoute.POST, { method: "POST", token: viewer.token, body: { policy_id: "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", request: { method: "GET", path: "/", headers: {} } } });
    expect(res.status).toBe(404);
  });
});
