import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { desc, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { RouteHandler } from "@/lib/api/route";
import { awsClients } from "@/lib/aws/clients";
import { putStackRecord } from "@/lib/aws/stack/record";
import { getDb } from "@/lib/db/client";
import { apiGroups, apis as apisTable, auditEvents } from "@/lib/db/schema";
import { call, userWithToken } from "@/test/api-client";
import { mockSend } from "@/test/aws/mock-send";
import { seedGateway, seedPolicy, seedService } from "@/test/enforcement-seed";
import { createGateway } from "@/test/gateways";

/**
 * Every admin write leaves an audit entry. The write routes are read from disk (every POST, PUT,
 * PATCH and DELETE under app/api/admin), so a new one fails here until it is listed: either
 * driven here and checked for its entry, or — when it acts on AWS — named with the test that
 * drives it on the emulator and asserts its entry, or exempt with the reason it changes nothing.
 */
const ADMIN_DIR = path.join(process.cwd(), "app", "api", "admin");
const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof WRITE_METHODS)[number];

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return entry === "route.ts" ? [full] : [];
  });
}

const writeRoutes = routeFiles(ADMIN_DIR).flatMap((file) => {
  const source = readFileSync(file, "utf8");
  const rel = path.relative(ADMIN_DIR, file).split(path.sep).join("/").replace(/\/route\.ts$/, "");
  return WRITE_METHODS.filter((m) => new RegExp(`export (const|async function) ${m}\\b`).test(source)).map((m) => `${m} ${rel}`);
});

interface Admin {
  id: string;
  username: string;
  token: string;
}
interface Request {
  params?: Record<string, string>;
  body?: unknown;
}
type Driven = { action: string; prepare: (admin: Admin) => Promise<Request> };
type OnAws = { action: string; drivenIn: string };
type Exempt = { exempt: string };

const uid = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

async function unboundGroup(gatewayId: string): Promise<string> {
  const db = await getDb();
  const id = `a${uid().replace(/-/g, "")}-prod`;
  await db.insert(apiGroups).values({ gatewayId, id, name: `${id} (prod)`, metadata: { type: "aws", aws: { api_id: id, api_name: id, stage: "prod" } }, apis: [{ method: "GET", path: "/x" }] });
  return id;
}

async function seededApi() {
  const gw = await seedGateway();
  const { apis } = await seedService({ name: `svc-${uid()}`, gatewayId: gw.id, restApi: { api_id: `r${uid()}`, api_name: "Pets", stage: "prod" }, routes: [["GET", "/pets"]] });
  return { api: apis[0]!, policy: await seedPolicy(`p-${uid()}`) };
}

async function created(admin: Admin, route: string, body: unknown): Promise<{ id: string; version: number }> {
  const mod = (await import(/* @vite-ignore */ path.join(ADMIN_DIR, route, "route.ts"))) as Record<string, RouteHandler>;
  const res = await call(mod.POST!, { method: "POST", token: admin.token, body });
  expect(res.status, `${route}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body as { id: string; version: number };
}

const SCENARIOS: Record<string, Driven | OnAws | Exempt> = {
  "PUT default/apis/[api]": {
    action: "api.assign_policy",
    prepare: async () => {
      const { api, policy } = await seededApi();
      return { params: { api: api.id }, body: { policy_id: policy.id, version: api.version } };
    },
  },
  "POST default/apis/[api]/promote-shadow": {
    action: "api.promote_shadow_policy",
    prepare: async () => {
      const { api, policy } = await seededApi();
      const db = await getDb();
      await db.update(apisTable).set({ shadowPolicyId: policy.id }).where(eq(apisTable.id, api.id));
      return { params: { api: api.id }, body: { version: api.version } };
    },
  },
  "POST default/apis/assign": {
    action: "api.assign_policy",
    prepare: async () => {
      const { api, policy } = await seededApi();
      return { body: { api_ids: [api.id], policy_id: policy.id } };
    },
  },
  "PUT default/aws/settings": { action: "console_setting.update", prepare: () => Promise.resolve({ body: { artifacts_bucket: `audit-${uid()}-{region}` } }) },
  "POST default/enforcement/refresh": { exempt: "reads what AWS enforces now; changes nothing (viewers may call it)" },
  "POST default/gateways/[gw]/client/rotate": {
    action: "gateway.client_secret_rotate",
    prepare: async (admin) => ({ params: { gw: (await createGateway(admin.token)).id } }),
  },
  "POST default/gateways/[gw]/flush-cache": {
    action: "gateway.flush_authorizer_cache",
    prepare: async (admin) => ({ params: { gw: (await createGateway(admin.token)).id } }),
  },
  "POST default/gateways/[gw]/groups/[group]/bind": {
    action: "api_group.bind",
    prepare: async (admin) => {
      const gw = await createGateway(admin.token);
      return { params: { gw: gw.id, group: await unboundGroup(gw.id) }, body: { service: { name: `bound-${uid()}` } } };
    },
  },
  "DELETE default/gateways/[gw]/groups/[group]/unbind": {
    action: "api_group.unbind",
    prepare: async (admin) => {
      const gw = await createGateway(admin.token);
      const group = await unboundGroup(gw.id);
      const bindMod = await import("./gateways/[gw]/groups/[group]/bind/route");
      const bound = await call(bindMod.POST, { method: "POST", token: admin.token, params: { gw: gw.id, group }, body: { service: { name: `to-unbind-${uid()}` } } });
      expect(bound.status).toBeLessThan(300);
      return { params: { gw: gw.id, group } };
    },
  },
  "PUT default/gateways/[gw]": {
    action: "gateway.update",
    prepare: async (admin) => {
      const gw = await createGateway(admin.token);
      return { params: { gw: gw.id }, body: { version: gw.version, description: "changed" } };
    },
  },
  "DELETE default/gateways/[gw]": { action: "gateway.delete", prepare: async (admin) => ({ params: { gw: (await createGateway(admin.token)).id } }) },
  "POST default/gateways": { action: "gateway.create", prepare: () => Promise.resolve({ body: { name: `gw-${uid()}` } }) },
  "POST default/gateways/[gw]/stack/quick-create": { action: "stack.quick_create", drivenIn: "app/api/admin/default/stack.int.test.ts" },
  "POST default/gateways/[gw]/stack": { action: "stack.launch", drivenIn: "app/api/admin/default/stack.int.test.ts" },
  "PUT default/gateways/[gw]/stack": { action: "stack.update", drivenIn: "app/api/admin/default/stack.int.test.ts" },
  "DELETE default/gateways/[gw]/stack": { action: "stack.delete", drivenIn: "app/api/admin/default/stack.int.test.ts" },
  "POST default/gateways/[gw]/sync": {
    action: "gateway.sync_now",
    // The authorizer function is AWS's: its Invoke answers a sync report here (no stage is connected, so nothing else is read).
    prepare: async (admin) => {
      const gw = await createGateway(admin.token);
      await putStackRecord(await getDb(), {
        gatewayId: gw.id, stackName: `gatehouse-authorizer-${gw.id.slice(0, 8)}`, stackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/x-${gw.id}/1`,
        region: "us-east-1", accountId: "123456789012", status: "CREATE_COMPLETE", operation: "launch", operationSeq: 1, artifactsBucket: "b", codeKey: "k",
        templateKey: "t", templateSha256: "s", authorizerVersion: "1", parameters: {}, resourceCount: 7,
        outputs: { FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:gatehouse-authorizer-x" },
      });
      mockSend(awsClients("us-east-1").lambda, () => Promise.resolve({ StatusCode: 200, Payload: Buffer.from(JSON.stringify({ ok: true, sync: { attached: 0, detached: 0 } })) }));
      return { params: { gw: gw.id } };
    },
  },
  "POST default/gateways/[gw]/test-request": { exempt: "sends one HTTP request to the gateway's invoke URL; stores nothing" },
  "POST default/issuers": { action: "trusted_issuer.create", prepare: () => Promise.resolve({ body: { issuer: `https://idp-${uid()}.example`, jwks_uri: "https://idp.example/jwks" } }) },
  "PUT default/issuers/[id]": {
    action: "trusted_issuer.update",
    prepare: async (admin) => {
      const issuer = await created(admin, "default/issuers", { issuer: `https://idp-${uid()}.example`, jwks_uri: "https://idp.example/jwks" });
      return { params: { id: issuer.id }, body: { version: issuer.version, audiences: ["changed"] } };
    },
  },
  "DELETE default/issuers/[id]": {
    action: "trusted_issuer.delete",
    prepare: async (admin) => ({ params: { id: (await created(admin, "default/issuers", { issuer: `https://idp-${uid()}.example`, jwks_uri: "https://idp.example/jwks" })).id } }),
  },
  "POST default/oauth/keys/rotate": { action: "signing_key.rotate", prepare: () => Promise.resolve({}) },
  "POST default/policies": { action: "policy.create", prepare: () => Promise.resolve({ body: { policy_name: `p-${uid()}`, validators: [{ name: "true" }] } }) },
  "PUT default/policies/[pid]": {
    action: "policy.update",
    prepare: async (admin) => {
      const p = await created(admin, "default/policies", { policy_name: `p-${uid()}`, validators: [{ name: "true" }] });
      return { params: { pid: p.id }, body: { version: p.version, description: "changed" } };
    },
  },
  "DELETE default/policies/[pid]": {
    action: "policy.delete",
    prepare: async (admin) => ({ params: { pid: (await created(admin, "default/policies", { policy_name: `p-${uid()}`, validators: [{ name: "true" }] })).id } }),
  },
  "POST default/policies/replay": { exempt: "re-evaluates recorded decisions through a policy; stores nothing (viewers may call it)" },
  "POST default/policies/test": { exempt: "evaluates a policy against a sample request; stores nothing (viewers may call it)" },
  "POST default/redeploy": { action: "apis.redeploy", drivenIn: "app/api/admin/default/redeploy.int.test.ts" },
  "POST default/services": { action: "service.create", prepare: () => Promise.resolve({ body: { name: `svc-${uid()}` } }) },
  "PUT default/services/[sid]": {
    action: "service.update",
    prepare: async (admin) => {
      const s = await created(admin, "default/services", { name: `svc-${uid()}` });
      return { params: { sid: s.id }, body: { version: s.version, description: "changed" } };
    },
  },
  "DELETE default/services/[sid]": { action: "service.delete", prepare: async (admin) => ({ params: { sid: (await created(admin, "default/services", { name: `svc-${uid()}` })).id } }) },
  "PUT default/test-issuer": { action: "test_issuer.enable", prepare: () => Promise.resolve({ body: { enabled: true } }) },
  "POST default/test-issuer/tokens": { action: "test_issuer.mint", prepare: () => Promise.resolve({ body: { sub: "audited-user" } }) },
  "POST default/tokens": { action: "api_token.create", prepare: () => Promise.resolve({ body: { name: `t-${uid()}` } }) },
  "DELETE default/tokens/[id]": {
    action: "api_token.revoke",
    prepare: async (admin) => ({ params: { id: ((await created(admin, "default/tokens", { name: `t-${uid()}` })) as unknown as { token: { id: string } }).token.id } }),
  },
  "POST default/users": { action: "user.create", prepare: () => Promise.resolve({ body: { username: `u-${uid()}`, password: "a-long-password-1", role: "viewer" } }) },
  "PUT default/users/[id]": {
    action: "user.update",
    prepare: async (admin) => {
      const u = await created(admin, "default/users", { username: `u-${uid()}`, password: "a-long-password-1", role: "admin" });
      return { params: { id: u.id }, body: { version: u.version, role: "viewer", password: "another-long-password" } };
    },
  },
  "DELETE default/users/[id]": {
    action: "user.delete",
    prepare: async (admin) => ({ params: { id: (await created(admin, "default/users", { username: `u-${uid()}`, password: "a-long-password-1", role: "viewer" })).id } }),
  },
};

let admin: Admin;
beforeAll(async () => {
  admin = await userWithToken("admin");
});

async function lastAuditId(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  return row?.id ?? 0;
}

describe("every admin write is audited", () => {
  it("lists every write route under app/api/admin, and only those", () => {
    expect(writeRoutes.length).toBeGreaterThan(30);
    expect(Object.keys(SCENARIOS).sort()).toEqual([...writeRoutes].sort());
  });

  const driven = Object.entries(SCENARIOS).filter((e): e is [string, Driven] => "prepare" in e[1]);
  it.each(driven)("%s records its entry, naming the caller", async (key, scenario) => {
    const [method, route] = key.split(" ") as [Method, string];
    const mod = (await import(/* @vite-ignore */ path.join(ADMIN_DIR, route, "route.ts"))) as Record<string, RouteHandler>;
    const req = await scenario.prepare(admin);
    const before = await lastAuditId();
    const res = await call(mod[method]!, { method, token: admin.token, params: req.params, body: req.body });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    const db = await getDb();
    const entries = await db.select().from(auditEvents).where(gt(auditEvents.id, before));
    expect(entries.map((e) => e.action)).toContain(scenario.action);
    expect(entries.find((e) => e.action === scenario.action)?.actorName).toBe(admin.username);
    // Never a secret in the entry.
    expect(JSON.stringify(entries)).not.toMatch(/a-long-password-1|another-long-password|gth_[A-Za-z0-9_-]{20,}|"scrypt\$/);
  });

  const onAws = Object.entries(SCENARIOS).filter((e): e is [string, OnAws] => "drivenIn" in e[1]);
  it.each(onAws)("%s acts on AWS: its emulator test asserts the entry", (_key, scenario) => {
    const source = readFileSync(path.join(process.cwd(), scenario.drivenIn), "utf8");
    expect(source, `${scenario.drivenIn} asserts "${scenario.action}"`).toContain(`"${scenario.action}"`);
  });
});
