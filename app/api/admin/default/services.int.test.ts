import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { apis, policies } from "@/lib/db/schema";
import { call } from "@/test/api-client";
import { adminViewerAndGateway, group, systemCall, type CreatedGateway } from "@/test/gateways";
import * as servicesRoute from "./services/route";
import * as serviceRoute from "./services/[sid]/route";
import * as serviceApisRoute from "./services/[sid]/apis/route";
import * as groupsRoute from "./gateways/[gw]/groups/route";
import * as gatewayRoute from "./gateways/[gw]/route";
import * as bindRoute from "./gateways/[gw]/groups/[group]/bind/route";
import * as unbindRoute from "./gateways/[gw]/groups/[group]/unbind/route";
import * as configurationRoute from "@/app/api/system/default/gateways/configuration/route";

/** Services and connecting API groups to them. */

interface ServiceView {
  id: string;
  name: string;
  version: number;
  gateway_id: string | null;
  gateway_name: string | null;
  group_id: string | null;
  apis_count: number;
}
interface GroupView {
  id: string;
  name: string;
  service_id: string | null;
  service_name: string | null;
  apis: { method: string; path: string }[];
  apis_count: number;
}

let admin: string;
let viewer: string;
let gw: CreatedGateway;
let token: string;

beforeAll(async () => {
  ({ admin, viewer, gateway: gw, gatewayToken: token } = await adminViewerAndGateway());
  await systemCall(configurationRoute.POST, {
    token,
    method: "POST",
    body: {
      api_groups: [
        group("zz9", "prod", [["GET", "/z"]], "Zeta (prod)"),
        group("aa1", "prod", [["GET", "/pets"], ["POST", "/pets"]], "Alpha (prod)"),
        group("aa1", "dev", [["GET", "/pets"]], "Alpha (dev)"),
      ],
    },
  });
});

const createService = async (name: string) => {
  const res = await call(servicesRoute.POST, { method: "POST", token: admin, body: { name, description: "" } });
  expect(res.status).toBe(201);
  return res.body as ServiceView;
};
const bind = (groupId: string, body: unknown, token_ = admin) =>
  call(bindRoute.POST, { method: "POST", token: token_, params: { gw: gw.id, group: encodeURIComponent(groupId) }, body });
const unbind = (groupId: string) => call(unbindRoute.DELETE, { method: "DELETE", token: admin, params: { gw: gw.id, group: groupId } });
const configApis = async () =>
  ((await systemCall(configurationRoute.GET, { token })).body as { apis: { path: string; service_id: string; policy_id?: string }[] }).apis;

describe("services", () => {
  it("create, read, rename with the version read, delete", async () => {
    const svc = await createService("Billing");
    expect(svc).toMatchObject({ name: "Billing", description: "", gateway_id: null, gateway_name: null, group_id: null, apis_count: 0, version: 1 });
    expect((await call(serviceRoute.GET, { token: viewer, params: { sid: svc.id } })).body).toEqual(svc);
    const renamed = await call(serviceRoute.PUT, { method: "PUT", token: admin, params: { sid: svc.id }, body: { version: 1, name: "Billing API" } });
    expect(renamed.body).toMatchObject({ name: "Billing API", version: 2 });
    expect((await call(serviceRoute.PUT, { method: "PUT", token: admin, params: { sid: svc.id }, body: { version: 1, name: "x" } })).status).toBe(409);
    expect((await call(servicesRoute.POST, { method: "POST", token: viewer, body: { name: "v" } })).status).toBe(403);
    expect((await call(servicesRoute.POST, { method: "POST", token: admin, body: { name: "" } })).status).toBe(422);
    expect((await call(serviceRoute.DELETE, { method: "DELETE", token: admin, params: { sid: svc.id } })).status).toBe(204);
    expect((await call(serviceRoute.GET, { token: admin, params: { sid: svc.id } })).status).toBe(404);
  });

  it("lists groups by name, unbound", async () => {
    const res = await call(groupsRoute.GET, { token: viewer, params: { gw: gw.id } });
    const groups = (res.body as { groups: GroupView[] }).groups;
    expect(groups.map((g) => g.name)).toEqual(["Alpha (dev)", "Alpha (prod)", "Zeta (prod)"]);
    expect(groups[1]).toMatchObject({
      id: "aa1-prod",
      gateway_id: gw.id,
      service_id: null,
      service_name: null,
      metadata: { type: "aws", aws: { api_id: "aa1", api_name: "aa1", stage: "prod" } },
      apis: [{ method: "GET", path: "/pets" }, { method: "POST", path: "/pets" }],
      apis_count: 2,
      first_seen_at: expect.any(String) as string,
      last_seen_at: expect.any(String) as string,
    });
    expect((await call(groupsRoute.GET, { token: viewer, params: { gw: "00000000-0000-4000-8000-000000000000" } })).status).toBe(404);
  });
});

describe("connect and disconnect", () => {
  it("binds a group to an existing service; its APIs become the service's; delete is refused while bound", async () => {
    const svc = await createService("Pets");
    expect((await bind("aa1-prod", { service_id: svc.id }, viewer)).status).toBe(403);
    const res = await bind("aa1-prod", { service_id: svc.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: "aa1-prod", service_id: svc.id, service_name: "Pets" });
    expect((await call(serviceRoute.GET, { token: admin, params: { sid: svc.id } })).body).toMatchObject({
      gateway_id: gw.id,
      gateway_name: gw.name,
      group_id: "aa1-prod",
      apis_count: 2,
    });
    const list = (await call(serviceApisRoute.GET, { token: viewer, params: { sid: svc.id } })).body as { apis: Record<string, unknown>[] };
    expect(list.apis).toEqual([
      { id: expect.any(String) as string, service_id: svc.id, method: "GET", path: "/pets", policy_id: null, policy_name: null, version: 1 },
      { id: expect.any(String) as string, service_id: svc.id, method: "POST", path: "/pets", policy_id: null, policy_name: null, version: 1 },
    ]);
    expect((await configApis()).map((a) => a.path)).toEqual(["/pets", "/pets"]);
    expect((await call(gatewayRoute.GET, { token: admin, params: { gw: gw.id } })).body).toMatchObject({ groups_count: 3, connected_groups_count: 1 });

    const refused = await call(serviceRoute.DELETE, { method: "DELETE", token: admin, params: { sid: svc.id } });
    expect(refused.status).toBe(409);
    expect((refused.body as { error: { message: string } }).error.message).toMatch(new RegExp(`bound to group "Alpha \\(prod\\)" \\(aa1-prod\\) of gateway "${gw.name}"`));
  });

  it("unbinding keeps the service's APIs and assignments; rebinding loses nothing", async () => {
    const db = await getDb();
    const [block] = await db.select().from(policies).where(eq(policies.builtin, "block"));
    const groups = (await call(groupsRoute.GET, { token: admin, params: { gw: gw.id } })).body as { groups: GroupView[] };
    const svcId = groups.groups.find((g) => g.id === "aa1-prod")!.service_id!;
    await db.update(apis).set({ policyId: block!.id }).where(eq(apis.serviceId, svcId));

    const res = await unbind("aa1-prod");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ service_id: null, service_name: null });
    expect(await configApis()).toEqual([]);
    expect((await call(serviceRoute.GET, { token: admin, params: { sid: svcId } })).body).toMatchObject({ gateway_id: null, group_id: null, apis_count: 2 });
    expect((await unbind("aa1-prod")).status).toBe(200); // already disconnected: no change

    await bind("aa1-prod", { service_id: svcId });
    expect((await configApis()).map((a) => a.policy_id)).toEqual([block!.id, block!.id]);
  });

  it("a service serves one group: binding it elsewhere disconnects the first group", async () => {
    const groups = (await call(groupsRoute.GET, { token: admin, params: { gw: gw.id } })).body as { groups: GroupView[] };
    const svcId = groups.groups.find((g) => g.id === "aa1-prod")!.service_id!;
    const moved = await bind("aa1-dev", { service_id: svcId });
    expect(moved.body).toMatchObject({ id: "aa1-dev", service_id: svcId });
    const after = ((await call(groupsRoute.GET, { token: admin, params: { gw: gw.id } })).body as { groups: GroupView[] }).groups;
    expect(after.find((g) => g.id === "aa1-prod")!.service_id).toBeNull();
    // The service now has the dev group's APIs only (POST /pets vanished from it; GET /pets kept its row).
    expect((await configApis()).map((a) => a.path)).toEqual(["/pets"]);
  });

  it("binding a group to a new service replaces its previous service, which stays unconnected", async () => {
    const before = ((await call(groupsRoute.GET, { token: admin, params: { gw: gw.id } })).body as { groups: GroupView[] }).groups;
    const previous = before.find((g) => g.id === "aa1-dev")!.service_id!;
    const res = await bind("aa1-dev", { service: { name: "Pets (dev)", description: "made while connecting" } });
    expect(res.status).toBe(200);
    const view = res.body as GroupView;
    expect(view.service_name).toBe("Pets (dev)");
    expect(view.service_id).not.toBe(previous);
    expect((await call(serviceRoute.GET, { token: admin, params: { sid: previous } })).body).toMatchObject({ gateway_id: null, group_id: null });
    expect((await call(serviceRoute.GET, { token: admin, params: { sid: view.service_id! } })).body).toMatchObject({ description: "made while connecting", gateway_id: gw.id });
  });

  it("answers 404 for unknown groups, 422 for unknown services and bad bodies", async () => {
    expect((await bind("nope-prod", { service: { name: "x" } })).status).toBe(404);
    expect((await bind("x".repeat(201), { service: { name: "x" } })).status).toBe(404);
    expect((await bind("zz9-prod", { service_id: "00000000-0000-4000-8000-000000000000" })).status).toBe(422);
    expect((await bind("zz9-prod", {})).status).toBe(422);
    expect((await bind("zz9-prod", { service_id: "abc" })).status).toBe(422);
    expect((await unbind("nope-prod")).status).toBe(404);
  });
});
