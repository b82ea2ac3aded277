import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { apis, auditEvents, oauthClients, policies, services } from "@/lib/db/schema";
import { call, userWithToken } from "@/test/api-client";
import { accessToken, createGateway, group, systemCall, tokenRequest } from "@/test/gateways";
import * as listRoute from "./gateways/route";
import * as gatewayRoute from "./gateways/[gw]/route";
import * as clientRoute from "./gateways/[gw]/client/route";
import * as rotateRoute from "./gateways/[gw]/client/rotate/route";
import * as groupsRoute from "./gateways/[gw]/groups/route";
import * as servicesRoute from "./services/route";
import * as configurationRoute from "@/app/api/system/default/gateways/configuration/route";

/** Gateways through the admin API: create (with a client), read, change, delete; secrets stay secret. */

const PEM = readFileSync(path.join(process.cwd(), "test", "fixtures", "test-root-ca.pem"), "utf8");
const DEFAULTS = {
  LOGGING_LEVEL: "info",
  ACP_RELOAD_INTERVAL: "5s",
  ANALYTICS_ENABLED: true,
  AWS_INJECT_CONTEXT: false,
  ENFORCEMENT_ALLOW_UNKNOWN: false,
  // Unique per gateway: gatehouse- and the first 8 characters of its id.
  AWS_AUTHORIZER_NAME: expect.stringMatching(/^gatehouse-[0-9a-f]{8}$/) as unknown as string,
  AUTHORIZER_CACHE_TTL: 0,
  HTTP_CLIENT_ROOT_CA: "",
  HTTP_CLIENT_INSECURE_SKIP_VERIFY: false,
};

type Logged = unknown[];
const logged: Logged[] = [];
const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
  vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
    logged.push(args);
  }),
);
// The console's JSON log lines (lib/log.ts) go to stdout.
const writeStdout = process.stdout.write.bind(process.stdout);
const stdoutSpy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
  logged.push([String(chunk)]);
  return writeStdout(chunk, ...(rest as []));
});
/** Every client secret this file has seen, to look for later. */
const secrets = new Set<string>();

let admin: string;
let viewer: string;

beforeAll(async () => {
  admin = (await userWithToken("admin")).token;
  viewer = (await userWithToken("viewer")).token;
});
afterAll(() => [...spies, stdoutSpy].forEach((s) => s.mockRestore()));

/** Raw query results: node-postgres and PGlite both answer `{rows}`; be lenient about arrays too. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

interface View {
  id: string;
  name: string;
  version: number;
  client_id: string;
  settings: Record<string, unknown>;
  [k: string]: unknown;
}

describe("create", () => {
  it("creates a gateway with its client; the secret only in this answer", async () => {
    const res = await call(listRoute.POST, {
      method: "POST",
      token: admin,
      body: { name: "Production", description: "prod APIs", type: "aws", create_and_bind_services_automatically: true, region: "eu-west-1" },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = res.body as View & { client: { client_id: string; client_secret: string } };
    secrets.add(body.client.client_secret);
    expect(body).toMatchObject({
      tenant_id: "default",
      name: "Production",
      description: "prod APIs",
      type: "aws",
      create_and_bind_services_automatically: true,
      default_policy_id: null,
      region: "eu-west-1",
      settings: DEFAULTS,
      events_per_second: 10,
      issuer_url: "http://localhost:3999/default/system",
      server_url: "http://localhost:3999",
      last_active: null,
      authorizer_version: null,
      groups_count: 0,
      connected_groups_count: 0,
      version: 1,
    });
    expect(body.settings.AWS_AUTHORIZER_NAME).toBe(`gatehouse-${body.id.slice(0, 8)}`);
    expect(body.client.client_id).toBe(body.client_id);
    expect(body.client.client_secret).toMatch(/^gcs_[A-Za-z0-9_-]{43}$/);
    // It works at the token endpoint.
    expect((await tokenRequest({ grant_type: "client_credentials", client_id: body.client_id, client_secret: body.client.client_secret })).status).toBe(200);
  });

  it("defaults: type aws, region us-east-1; settings can be given", async () => {
    const res = await call(listRoute.POST, { method: "POST", token: admin, body: { name: "Defaults", settings: { LOGGING_LEVEL: "debug", HTTP_CLIENT_ROOT_CA: PEM, AWS_AUTHORIZER_NAME: "my-authz" } } });
    expect(res.status).toBe(201);
    secrets.add((res.body as { client: { client_secret: string } }).client.client_secret);
    expect(res.body).toMatchObject({ type: "aws", region: "us-east-1", create_and_bind_services_automatically: false, settings: { ...DEFAULTS, LOGGING_LEVEL: "debug", HTTP_CLIENT_ROOT_CA: PEM, AWS_AUTHORIZER_NAME: "my-authz" } });
  });

  it("refuses duplicate names (any case), bad input, and viewers", async () => {
    const dup = await call(listRoute.POST, { method: "POST", token: admin, body: { name: "production" } });
    expect(dup.status).toBe(409);
    expect((dup.body as { error: { message: string } }).error.message).toMatch(/already exists/);
    const bad: [Record<string, unknown>, string][] = [
      [{ name: "" }, "name"],
      [{ name: "x".repeat(81) }, "name"],
      [{ name: "r", region: "europe" }, "region"],
      [{ name: "t", type: "azure" }, "type"],
      [{ name: "s", settings: { ACP_RELOAD_INTERVAL: "5 seconds" } }, "settings.ACP_RELOAD_INTERVAL"],
      [{ name: "s", settings: { ACP_RELOAD_INTERVAL: "10ms" } }, "settings.ACP_RELOAD_INTERVAL"],
      [{ name: "s", settings: { AUTHORIZER_CACHE_TTL: 3601 } }, "settings.AUTHORIZER_CACHE_TTL"],
      [{ name: "s", settings: { LOGGING_LEVEL: "loud" } }, "settings.LOGGING_LEVEL"],
      [{ name: "s", settings: { HTTP_CLIENT_ROOT_CA: "not a pem" } }, "settings.HTTP_CLIENT_ROOT_CA"],
      [{ name: "s", settings: { NOPE: true } }, "settings"],
      [{ name: "p", default_policy_id: "00000000-0000-4000-8000-000000000000" }, "default_policy_id"],
    ];
    for (const [body, field] of bad) {
      const res = await call(listRoute.POST, { method: "POST", token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      const fields = (res.body as { error: { fields?: { path: string }[] } }).error.fields ?? [];
      expect(fields.map((f) => f.path).join(","), JSON.stringify(body)).toContain(field);
    }
    expect((await call(listRoute.POST, { method: "POST", token: viewer, body: { name: "Viewer's" } })).status).toBe(403);
  });
});

describe("read, change, delete", () => {
  it("lists and reads for viewers, without secrets", async () => {
    const list = await call(listRoute.GET, { token: viewer });
    expect(list.status).toBe(200);
    const gws = (list.body as { gateways: View[] }).gateways;
    expect(gws.map((g) => g.name)).toEqual(["Defaults", "Production"]);
    const one = await call(gatewayRoute.GET, { token: viewer, params: { gw: gws[0]!.id } });
    expect(one.body).toEqual(gws[0]);
    expect((await call(gatewayRoute.GET, { token: viewer, params: { gw: "not-a-uuid" } })).status).toBe(404);
    expect((await call(gatewayRoute.GET, { token: viewer, params: { gw: "00000000-0000-4000-8000-000000000000" } })).status).toBe(404);
  });

  it("changes name, description and settings with the version read; a stale version is a 409", async () => {
    const gw = await createGateway(admin);
    secrets.add(gw.client.client_secret);
    const token = await accessToken(gw.client);
    const etag = (await systemCall(configurationRoute.GET, { token })).headers.get("etag");

    const res = await call(gatewayRoute.PUT, {
      method: "PUT",
      token: admin,
      params: { gw: gw.id },
      body: { version: gw.version, name: "Renamed", description: "new", settings: { ACP_RELOAD_INTERVAL: "1m30s", AUTHORIZER_CACHE_TTL: 300 }, events_per_second: 50 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "Renamed", description: "new", version: gw.version + 1, events_per_second: 50, settings: { ...DEFAULTS, ACP_RELOAD_INTERVAL: "1m30s", AUTHORIZER_CACHE_TTL: 300 } });
    // The authorizer sees the new settings (a new ETag).
    const after = await systemCall(configurationRoute.GET, { token, headers: { "if-none-match": etag! } });
    expect(after.status).toBe(200);
    expect((after.body as { settings: Record<string, unknown>; events_per_second: number }).settings.ACP_RELOAD_INTERVAL).toBe("1m30s");

    const stale = await call(gatewayRoute.PUT, { method: "PUT", token: admin, params: { gw: gw.id }, body: { version: gw.version, description: "lost update" } });
    expect(stale.status).toBe(409);
    expect((stale.body as { error: { message: string } }).error.message).toMatch(/changed by someone else/);
    const taken = await call(gatewayRoute.PUT, { method: "PUT", token: admin, params: { gw: gw.id }, body: { version: gw.version + 1, name: "PRODUCTION" } });
    expect(taken.status).toBe(409);
    expect((taken.body as { error: { message: string } }).error.message).toMatch(/already exists/);
    expect((await call(gatewayRoute.PUT, { method: "PUT", token: viewer, params: { gw: gw.id }, body: { version: 2, name: "x" } })).status).toBe(403);
    const invalid = await call(gatewayRoute.PUT, { method: "PUT", token: admin, params: { gw: gw.id }, body: { version: 2, settings: { AUTHORIZER_CACHE_TTL: -1 } } });
    expect(invalid.status).toBe(422);
  });

  it("deletes the gateway with its client and groups; services, their APIs and policies stay", async () => {
    const db = await getDb();
    const gw = await createGateway(admin, { create_and_bind_services_automatically: true });
    secrets.add(gw.client.client_secret);
    const token = await accessToken(gw.client);
    await systemCall(configurationRoute.POST, { token, method: "POST", body: { api_groups: [group("del1", "prod", [["GET", "/x"]])] } });
    const [block] = await db.select().from(policies).where(eq(policies.builtin, "block"));
    await db.update(apis).set({ policyId: block!.id });
    const [svc] = await db.select().from(services).where(eq(services.gatewayId, gw.id));
    expect((await call(groupsRoute.GET, { token: viewer, params: { gw: gw.id } })).body).toMatchObject({ groups: [{ id: "del1-prod", service_id: svc!.id }] });

    expect((await call(gatewayRoute.DELETE, { method: "DELETE", token: viewer, params: { gw: gw.id } })).status).toBe(403);
    expect((await call(gatewayRoute.DELETE, { method: "DELETE", token: admin, params: { gw: gw.id } })).status).toBe(204);
    expect((await call(gatewayRoute.GET, { token: admin, params: { gw: gw.id } })).status).toBe(404);
    expect(await db.select().from(oauthClients).where(eq(oauthClients.clientId, gw.client_id))).toEqual([]);
    const [kept] = await db.select().from(services).where(eq(services.id, svc!.id));
    expect(kept).toMatchObject({ gatewayId: null });
    expect(await db.select().from(apis).where(eq(apis.serviceId, svc!.id))).toMatchObject([{ path: "/x", policyId: block!.id }]);
    expect(await db.select().from(policies).where(eq(policies.id, block!.id))).toHaveLength(1);
    const listed = (await call(servicesRoute.GET, { token: viewer })).body as { services: { id: string; gateway_id: string | null; group_id: string | null }[] };
    expect(listed.services.find((s) => s.id === svc!.id)).toMatchObject({ gateway_id: null, group_id: null });
    expect((await call(gatewayRoute.DELETE, { method: "DELETE", token: admin, params: { gw: gw.id } })).status).toBe(404);
  });
});

describe("client credentials", () => {
  it("reveal is admin-only and not cached; rotate replaces the secret", async () => {
    const gw = await createGateway(admin);
    secrets.add(gw.client.client_secret);
    expect((await call(clientRoute.GET, { token: viewer, params: { gw: gw.id } })).status).toBe(403);
    const revealed = await call(clientRoute.GET, { token: admin, params: { gw: gw.id } });
    expect(revealed.status).toBe(200);
    expect(revealed.headers.get("cache-control")).toBe("no-store");
    expect(revealed.body).toEqual({
      client_id: gw.client_id,
      client_secret: gw.client.client_secret,
      issuer_url: "http://localhost:3999/default/system",
      token_endpoint: "http://localhost:3999/default/system/oauth2/token",
      scopes: ["read_gateway_configuration", "write_gateway_configuration", "push_gateway_requests", "introspect_tokens"],
      secret_rotated_at: expect.any(String) as string,
    });

    expect((await call(rotateRoute.POST, { method: "POST", token: viewer, params: { gw: gw.id } })).status).toBe(403);
    const rotated = await call(rotateRoute.POST, { method: "POST", token: admin, params: { gw: gw.id } });
    expect(rotated.status).toBe(200);
    const fresh = rotated.body as { client_id: string; client_secret: string; secret_rotated_at: string };
    secrets.add(fresh.client_secret);
    expect(fresh.client_id).toBe(gw.client_id);
    expect(fresh.client_secret).not.toBe(gw.client.client_secret);
    expect((await call(clientRoute.GET, { token: admin, params: { gw: gw.id } })).body).toMatchObject({ client_secret: fresh.client_secret, secret_rotated_at: fresh.secret_rotated_at });
    const old = await tokenRequest({ grant_type: "client_credentials", client_id: gw.client_id, client_secret: gw.client.client_secret });
    expect(old.body.error).toBe("invalid_client");
    expect((await tokenRequest({ grant_type: "client_credentials", client_id: gw.client_id, client_secret: fresh.client_secret })).status).toBe(200);
  });

  it("every change was audited, without secrets", async () => {
    const db = await getDb();
    const actions = (await db.select({ action: auditEvents.action }).from(auditEvents)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(["gateway.create", "gateway.update", "gateway.delete", "gateway.client_secret_reveal", "gateway.client_secret_rotate", "api_group.discover", "service.create", "api_group.bind"]),
    );
  });

  it("no client secret appears in a list, a log line, or the database in clear", async () => {
    expect(secrets.size).toBeGreaterThanOrEqual(6);
    const lists = JSON.stringify([(await call(listRoute.GET, { token: admin })).body, (await call(servicesRoute.GET, { token: admin })).body]);
    const logs = JSON.stringify(logged.map((args) => args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : a))));
    const db = await getDb();
    const rows = rowsOf<{ table_name: string; column_name: string }>(
      await db.execute(
        sql`select table_name, column_name from information_schema.columns
            where table_schema = current_schema() and data_type in ('text', 'jsonb', 'json', 'character varying')`,
      ),
    );
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.map((r) => `${r.table_name}.${r.column_name}`)).toContain("oauth_clients.secret_encrypted");
    const countIn = async (table: string, column: string, needle: string) => {
      const found = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)}::text like ${`%${needle}%`}`),
      );
      return found[0]!.n;
    };
    // The scan finds what is there (a client id is stored in clear).
    const [someClient] = await db.select().from(oauthClients).limit(1);
    expect(await countIn("oauth_clients", "client_id", someClient!.clientId)).toBe(1);
    for (const secret of secrets) {
      expect(lists).not.toContain(secret);
      expect(logs).not.toContain(secret);
      for (const { table_name, column_name } of rows) expect(await countIn(table_name, column_name, secret), `${table_name}.${column_name}`).toBe(0);
    }
  });
});
