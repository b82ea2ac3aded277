import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { adminOpenApiDocument } from "@/lib/api/openapi/document";
import { adminRoutes } from "@/test/admin-routes";
import { call, userWithToken } from "@/test/api-client";
import { seedGateway, seedPolicy, seedService } from "@/test/enforcement-seed";
import * as openapiRoute from "./openapi.json/route";
import * as apiRoute from "./apis/[api]/route";
import * as servicesRoute from "./services/route";
import * as serviceRoute from "./services/[sid]/route";
import * as awsSettingsRoute from "./aws/settings/route";
import * as enforcementRoute from "./gateways/[gw]/enforcement/route";
import * as invokeUrlsRoute from "./gateways/[gw]/invoke-urls/route";
import * as progressRoute from "./gateways/[gw]/progress/route";
import * as usersRoute from "./users/route";
import * as userRoute from "./users/[id]/route";

/** The admin API's OpenAPI document: complete, valid, served; and If-Match on versioned writes. */

type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> } }>>; components: { schemas: Record<string, unknown> } };
const doc = () => adminOpenApiDocument() as unknown as Doc;

let admin: string;
let viewer: string;
beforeAll(async () => {
  admin = (await userWithToken("admin")).token;
  viewer = (await userWithToken("viewer")).token;
});

describe("the admin API's OpenAPI document", () => {
  it("has every route file's every method, and nothing else", async () => {
    const routes = await adminRoutes();
    expect(routes.length).toBeGreaterThan(40);
    const fromFiles = routes.flatMap((r) => Object.keys(r.handlers).map((m) => `${m.toLowerCase()} ${r.path}`)).sort();
    const fromDocument = Object.entries(doc().paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
      .sort();
    expect(fromDocument).toEqual(fromFiles);
  });

  it("says the least role each operation needs: a viewer gets 403 from every admin-only one", async () => {
    const byPath = new Map((await adminRoutes()).map((r) => [r.path, r]));
    const adminOnly = Object.entries(doc().paths).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => (op as { description?: string }).description?.startsWith("Least role: admin."))
        .map(([m]) => [p, m] as const),
    );
    expect(adminOnly.length).toBeGreaterThan(30);
    for (const [p, m] of adminOnly) {
      const handler = byPath.get(p)!.handlers[m.toUpperCase() as "GET"]!;
      const params = Object.fromEntries([...p.matchAll(/\{([^}]+)\}/g)].map((x) => [x[1]!, "00000000-0000-4000-8000-000000000000"]));
      const res = await call(handler, { method: m.toUpperCase(), token: viewer, params, path: p, body: m === "get" ? undefined : {} });
      expect(res.status, `${m} ${p}`).toBe(403);
    }
  });

  it("documents the error shape and every operation's statuses", () => {
    expect(doc().components.schemas.Error).toMatchObject({
      properties: { error: { properties: { code: { type: "string" }, message: { type: "string" }, fields: { type: "array" } }, required: ["code", "message"] } },
    });
    for (const [p, ops] of Object.entries(doc().paths)) {
      for (const [m, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses), `${m} ${p}`).toContain("401");
        if (p.includes("{")) expect(Object.keys(op.responses), `${m} ${p}`).toContain("404");
      }
    }
  });

  it("takes version from the body or If-Match on every versioned write (body version optional)", () => {
    for (const p of ["/apis/{api}", "/gateways/{gw}", "/services/{sid}", "/policies/{pid}", "/issuers/{id}", "/users/{id}"]) {
      const put = doc().paths[`/api/admin/default${p}`]!.put!;
      expect(put.parameters?.map((x) => `${x.in}:${x.name}`), p).toContain("header:If-Match");
      const body = Object.values(put.requestBody!.content)[0]!.schema;
      expect(body.properties, p).toHaveProperty("version");
      expect(body.required ?? [], p).not.toContain("version");
    }
  });

  const validator = ["openapi-spec-validator", "python3"].find((cmd) =>
    cmd === "python3"
      ? spawnSync("python3", ["-c", "import openapi_spec_validator"]).status === 0
      : spawnSync(cmd, ["--help"]).status === 0,
  );

  it.skipIf(!validator)("is accepted by openapi-spec-validator (OpenAPI 3.1)", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "gatehouse-openapi-")), "admin.json");
    writeFileSync(file, JSON.stringify(adminOpenApiDocument()));
    const args = validator === "python3" ? ["-m", "openapi_spec_validator", file] : [file];
    const out = execFileSync(validator!, args, { encoding: "utf8" });
    expect(out).toContain("OK");
  });

  it("is served at GET /api/admin/default/openapi.json to signed-in callers only", async () => {
    expect((await call(openapiRoute.GET, { path: "/api/admin/default/openapi.json" })).status).toBe(401);
    const res = await call(openapiRoute.GET, { token: viewer, path: "/api/admin/default/openapi.json" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(adminOpenApiDocument())));
    expect((res.body as Doc).openapi).toBe("3.1.0");
    // Nothing secret: no token, password or key material of this console in it.
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(viewer);
    expect(text).not.toMatch(/gth_[A-Za-z0-9_-]{20,}|PRIVATE KEY/);
  });
});

describe("answers the integration tests reach nowhere else match the document", () => {
  // api-client.ts checks each answer against the document; these calls only have to be made.
  it("a gateway's enforcement overview, invoke URLs and progress", async () => {
    const gw = await seedGateway();
    await seedService({ name: `doc-${gw.name}`, gatewayId: gw.id, restApi: { api_id: "d0c5", api_name: "Docs", stage: "prod" }, routes: [["GET", "/docs"]] });
    for (const route of [enforcementRoute, invokeUrlsRoute, progressRoute]) {
      expect((await call(route.GET, { token: viewer, params: { gw: gw.id } })).status).toBe(200);
    }
  });

  it("removing a user", async () => {
    const created = await call(usersRoute.POST, { method: "POST", token: admin, body: { username: `doc-${Math.random().toString(36).slice(2, 8)}`, password: "a-long-password-1", role: "viewer" } });
    expect(created.status).toBe(201);
    expect((await call(userRoute.DELETE, { method: "DELETE", token: admin, params: { id: (created.body as { id: string }).id } })).status).toBe(204);
  });
});

describe("If-Match on versioned writes", () => {
  async function service() {
    const res = await call(servicesRoute.POST, { method: "POST", token: admin, body: { name: `if-match-${Math.random().toString(36).slice(2, 8)}` } });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number };
  }
  const put = (id: string, body: unknown, ifMatch?: string) =>
    call(serviceRoute.PUT, { method: "PUT", token: admin, params: { sid: id }, body, headers: ifMatch ? { "if-match": ifMatch } : undefined });

  it("GET answers the version as ETag; If-Match with it changes the row without a body version", async () => {
    const svc = await service();
    const read = await call(serviceRoute.GET, { token: viewer, params: { sid: svc.id } });
    expect(read.headers.get("etag")).toBe('"1"');
    const changed = await put(svc.id, { description: "via If-Match" }, read.headers.get("etag")!);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ description: "via If-Match", version: 2 });
    // The answer's ETag is the next change's If-Match.
    expect(changed.headers.get("etag")).toBe('"2"');
    // The weak form is accepted too (the version is exact either way).
    expect((await put(svc.id, { description: "weak" }, 'W/"2"')).status).toBe(200);
  });

  it("a stale If-Match is 409 and changes nothing", async () => {
    const svc = await service();
    expect((await put(svc.id, { description: "first" }, '"1"')).status).toBe(200);
    const stale = await put(svc.id, { description: "lost update" }, '"1"');
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: "conflict" } });
    expect((await call(serviceRoute.GET, { token: viewer, params: { sid: svc.id } })).body).toMatchObject({ description: "first", version: 2 });
  });

  it("version and If-Match that disagree are 422 (a contradictory request, not a concurrent edit)", async () => {
    const svc = await service();
    const res = await put(svc.id, { version: 1, description: "x" }, '"2"');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: "invalid_request", fields: [{ path: "version", message: "differs from If-Match" }] } });
    // The same in both is fine.
    expect((await put(svc.id, { version: 1, description: "same" }, '"1"')).status).toBe(200);
  });

  it("neither version nor If-Match is 422 naming version (no blind overwrite); a malformed If-Match is 422", async () => {
    const svc = await service();
    const none = await put(svc.id, { description: "blind" });
    expect(none.status).toBe(422);
    expect(none.body).toMatchObject({ error: { fields: [{ path: "version", message: "version or If-Match required" }] } });
    for (const bad of ["1", "*", '"one"', '"1", "2"']) {
      const res = await put(svc.id, { description: "x" }, bad);
      expect(res.status, bad).toBe(422);
      expect(res.body).toMatchObject({ error: { fields: [{ path: "If-Match" }] } });
    }
  });

  it("PUT /apis/{api} takes the policy with If-Match alone (the protocol's {policy_id} body)", async () => {
    const { apis } = await seedService({ name: `if-match-apis-${Math.random().toString(36).slice(2, 8)}`, routes: [["GET", "/things"]] });
    const policy = await seedPolicy(`if-match-${Math.random().toString(36).slice(2, 8)}`);
    const api = apis[0]!;
    const read = await call(apiRoute.GET, { token: viewer, params: { api: api.id } });
    expect(read.headers.get("etag")).toBe('"1"');
    const assigned = await call(apiRoute.PUT, { method: "PUT", token: admin, params: { api: api.id }, body: { policy_id: policy.id }, headers: { "if-match": '"1"' } });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ policy_id: policy.id, version: 2 });
    const stale = await call(apiRoute.PUT, { method: "PUT", token: admin, params: { api: api.id }, body: { policy_id: null }, headers: { "if-match": '"1"' } });
    expect(stale.status).toBe(409);
  });

  it("optional-version writes (AWS settings) become conditional with If-Match", async () => {
    const read = await call(awsSettingsRoute.GET, { token: viewer });
    const etag = read.headers.get("etag")!;
    expect(etag).toMatch(/^"\d+"$/);
    const ok = await call(awsSettingsRoute.PUT, { method: "PUT", token: admin, body: { artifacts_bucket: null }, headers: { "if-match": etag } });
    expect(ok.status).toBe(200);
    const stale = await call(awsSettingsRoute.PUT, { method: "PUT", token: admin, body: { artifacts_bucket: null }, headers: { "if-match": etag } });
    expect(stale.status).toBe(409);
  });
});
