import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { apiGroups, apis, auditEvents, gateways, policies, services } from "@/lib/db/schema";
import { call, userWithToken } from "@/test/api-client";
import { accessToken, createGateway, group, systemCall } from "@/test/gateways";
import * as configurationRoute from "./configuration/route";
import * as bindRoute from "@/app/api/admin/default/gateways/[gw]/groups/[group]/bind/route";
import * as groupsRoute from "@/app/api/admin/default/gateways/[gw]/groups/route";
import * as gatewayRoute from "@/app/api/admin/default/gateways/[gw]/route";
import type { ApiGroupView } from "@/lib/gateways/groups";
import type { GatewayView } from "@/lib/gateways/view";

/** `POST …/gateways/configuration`: discovered API groups. */

let admin: string;

beforeAll(async () => {
  admin = (await userWithToken("admin")).token;
});

async function snapshot(gatewayId: string) {
  const db = await getDb();
  const groups = await db.select().from(apiGroups).where(eq(apiGroups.gatewayId, gatewayId)).orderBy(asc(apiGroups.id));
  const svc = await db.select().from(services).where(eq(services.gatewayId, gatewayId)).orderBy(asc(services.id));
  const apiRows = await db.select().from(apis).orderBy(asc(apis.id));
  const audit = await db.select().from(auditEvents);
  return {
    groups: groups.map(({ lastSeenAt: _seen, ...g }) => g),
    services: svc,
    apis: apiRows,
    auditCount: audit.length,
  };
}

const push = (token: string, body: unknown) => systemCall(configurationRoute.POST, { token, method: "POST", body });

describe("discovery pushes", () => {
  it("pushing the same groups twice changes nothing", async () => {
    const gw = await createGateway(admin, { create_and_bind_services_automatically: true });
    const token = await accessToken(gw.client);
    const body = { api_groups: [group("a1", "prod", [["GET", "/pets"], ["POST", "/pets"]]), group("a2", "dev", [["ANY", "/{proxy+}"]])] };
    const first = await push(token, body);
    expect(first.body).toEqual({ number_of_added_api_groups: 2 });
    const before = await snapshot(gw.id);
    const second = await push(token, body);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ number_of_added_api_groups: 0 });
    expect(await snapshot(gw.id)).toEqual(before);
  });

  it("a group without one of its APIs loses that API and keeps every other assignment", async () => {
    const gw = await createGateway(admin, { create_and_bind_services_automatically: true });
    const token = await accessToken(gw.client);
    await push(token, { api_groups: [group("b1", "prod", [["GET", "/a"], ["GET", "/b"], ["GET", "/c"]]), group("b2", "prod", [["GET", "/x"]])] });
    const db = await getDb();
    const [block] = await db.select().from(policies).where(eq(policies.builtin, "block"));
    const [allow] = await db.select().from(policies).where(eq(policies.builtin, "allow"));
    const rows = await db.select().from(apis);
    const byPath = (p: string) => rows.find((r) => r.path === p)!;
    await db.update(apis).set({ policyId: block!.id }).where(eq(apis.id, byPath("/a").id));
    await db.update(apis).set({ policyId: allow!.id }).where(eq(apis.id, byPath("/c").id));
    await db.update(apis).set({ policyId: block!.id }).where(eq(apis.id, byPath("/x").id));

    const res = await push(token, { api_groups: [group("b1", "prod", [["GET", "/a"], ["GET", "/c"], ["PUT", "/d"]]), group("b2", "prod", [["GET", "/x"]])] });
    expect(res.status).toBe(200);
    const after = await db.select().from(apis);
    const find = (p: string) => after.find((r) => r.path === p);
    expect(find("/b")).toBeUndefined();
    expect(find("/a")).toMatchObject({ id: byPath("/a").id, policyId: block!.id });
    expect(find("/c")).toMatchObject({ id: byPath("/c").id, policyId: allow!.id });
    expect(find("/x")).toMatchObject({ id: byPath("/x").id, policyId: block!.id });
    expect(find("/d")).toMatchObject({ method: "PUT", policyId: null });

    const config = (await systemCall(configurationRoute.GET, { token })).body as { apis: { path: string }[] };
    expect(config.apis.map((x) => x.path).sort()).toEqual(["/a", "/c", "/d", "/x"]);
  });

  it("auto-bind creates exactly one service per new group, even for concurrent pushes", async () => {
    const gw = await createGateway(admin, { create_and_bind_services_automatically: true });
    const token = await accessToken(gw.client);
    const body = { api_groups: [group("c1", "prod", [["GET", "/one"]]), group("c2", "prod", [["GET", "/two"]])] };
    const results = await Promise.all([push(token, body), push(token, body), push(token, body)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.reduce((n, r) => n + (r.body as { number_of_added_api_groups: number }).number_of_added_api_groups, 0)).toBe(2);
    await push(token, { api_groups: [...body.api_groups, group("c3", "prod", [["GET", "/three"]])] });
    const db = await getDb();
    const svc = await db.select().from(services).where(eq(services.gatewayId, gw.id));
    expect(svc.map((s) => s.name).sort()).toEqual(["c1 (prod)", "c2 (prod)", "c3 (prod)"]);
    const groups = await db.select().from(apiGroups).where(eq(apiGroups.gatewayId, gw.id));
    expect(new Set(groups.map((g) => g.serviceId)).size).toBe(3);
    expect(groups.every((g) => g.serviceId !== null)).toBe(true);
  });

  it("without auto-bind, groups are stored unbound; binding later adds APIs with the default policy", async () => {
    const db = await getDb();
    const [block] = await db.select().from(policies).where(eq(policies.builtin, "block"));
    const gw = await createGateway(admin, { default_policy_id: block!.id });
    const token = await accessToken(gw.client);
    await push(token, { api_groups: [group("d1", "prod", [["GET", "/d"]])] });
    expect(await db.select().from(services).where(eq(services.gatewayId, gw.id))).toHaveLength(0);
    expect(((await systemCall(configurationRoute.GET, { token })).body as { apis: unknown[] }).apis).toEqual([]);

    const bound = await call(bindRoute.POST, { method: "POST", token: admin, params: { gw: gw.id, group: "d1-prod" }, body: { service: { name: "D service" } } });
    expect(bound.status).toBe(200);
    expect(bound.body).toMatchObject({ id: "d1-prod", service_name: "D service" });
    await push(token, { api_groups: [group("d1", "prod", [["GET", "/d"], ["DELETE", "/d"]])] });
    const config = (await systemCall(configurationRoute.GET, { token })).body as { apis: { method: string; policy_id?: string }[] };
    expect(config.apis.map((x) => [x.method, x.policy_id])).toEqual([
      ["GET", block!.id],
      ["DELETE", block!.id],
    ]);
  });

  it("malformed pushes answer 422 and change nothing", async () => {
    const gw = await createGateway(admin, { create_and_bind_services_automatically: true });
    const token = await accessToken(gw.client);
    await push(token, { api_groups: [group("e1", "prod", [["GET", "/e"]])] });
    const before = await snapshot(gw.id);
    const valid = group("e2", "prod", [["GET", "/ok"]]);
    const bad: unknown[] = [
      {},
      { api_groups: "nope" },
      { api_groups: [valid, { ...group("e3", "prod", []), metadata: { type: "azure" } }] },
      { api_groups: [valid, group("e4", "prod", [["FETCH", "/x"]])] },
      { api_groups: [valid, group("e5", "prod", [["GET", "no-slash"]])] },
      { api_groups: [valid, valid] },
      { api_groups: [valid, { ...valid, id: "" }] },
      { api_groups: [{ ...valid, name: "x".repeat(201) }] },
      "{not json",
    ];
    for (const body of bad) {
      const res = await push(token, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body).toMatchObject({ error: { code: "invalid_request" } });
    }
    expect(await snapshot(gw.id)).toEqual(before);
  });

  it("a complete push marks unreported groups gone (never connected), a partial one does not; a group reported again is back", async () => {
    const gw = await createGateway(admin, { create_and_bind_services_automatically: true });
    const token = await accessToken(gw.client);
    const db = await getDb();
    const all = { api_groups: [group("g1", "prod", [["GET", "/a"]]), group("g2", "prod", [["GET", "/b"]])], complete: true };
    expect((await push(token, all)).status).toBe(200);
    const [synced] = await db.select().from(gateways).where(eq(gateways.id, gw.id));
    expect(synced!.lastSyncAt).toBeInstanceOf(Date);
    const groupsView = async () => ((await call(groupsRoute.GET, { token: admin, params: { gw: gw.id } })).body as { groups: ApiGroupView[] }).groups;
    const gatewayView = async () => (await call(gatewayRoute.GET, { token: admin, params: { gw: gw.id } })).body as GatewayView;
    expect((await gatewayView()).connected_groups_count).toBe(2);

    // Partial (or an authorizer that does not send `complete`): nothing is gone.
    await push(token, { api_groups: [all.api_groups[0]], complete: false });
    await push(token, { api_groups: [all.api_groups[0]] });
    expect((await groupsView()).every((g) => g.gone_at === null && g.connected)).toBe(true);

    // Complete without g2: g2 is gone, shown and counted so, its binding kept for a comeback.
    await push(token, { api_groups: [all.api_groups[0]], complete: true });
    let view = await groupsView();
    const g2 = view.find((g) => g.id === "g2-prod")!;
    expect(g2).toMatchObject({ connected: false, gone_at: expect.any(String) as string });
    expect(g2.service_id).not.toBeNull();
    expect(view.find((g) => g.id === "g1-prod")).toMatchObject({ connected: true, gone_at: null });
    expect(await gatewayView()).toMatchObject({ groups_count: 1, connected_groups_count: 1, gone_groups_count: 1 });
    const [later] = await db.select().from(gateways).where(eq(gateways.id, gw.id));
    expect(later!.lastSyncAt!.getTime()).toBeGreaterThanOrEqual(synced!.lastSyncAt!.getTime());

    // Gone is recorded once, however many complete pushes follow.
    await push(token, { api_groups: [all.api_groups[0]], complete: true });
    const goneAudit = (await db.select().from(auditEvents)).filter((a) => a.action === "api_group.gone" && a.targetId === `${gw.id}/g2-prod`);
    expect(goneAudit).toHaveLength(1);
    expect((await groupsView()).find((g) => g.id === "g2-prod")!.gone_at).toBe(g2.gone_at);

    // Reported again: back, connected to the same service.
    await push(token, all);
    view = await groupsView();
    expect(view.find((g) => g.id === "g2-prod")).toMatchObject({ connected: true, gone_at: null, service_id: g2.service_id });
    expect((await db.select().from(auditEvents)).some((a) => a.action === "api_group.reappear" && a.targetId === `${gw.id}/g2-prod`)).toBe(true);

    // An empty complete push (the region has no REST API left): everything is gone.
    await push(token, { api_groups: [], complete: true });
    expect((await groupsView()).every((g) => g.gone_at !== null && !g.connected)).toBe(true);
    expect(await gatewayView()).toMatchObject({ groups_count: 0, connected_groups_count: 0, gone_groups_count: 2 });
  });

  it("refuses a `complete` that is not a boolean", async () => {
    const gw = await createGateway(admin);
    const token = await accessToken(gw.client);
    const res = await push(token, { api_groups: [], complete: "yes" });
    expect(res.status).toBe(422);
  });
});
