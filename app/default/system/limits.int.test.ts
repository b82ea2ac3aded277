import { eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { apiGroups } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { GROUP_PUSHES, resetGatewayLimits } from "@/lib/gateways/system-limits";
import { CLIENT_TOKENS, resetSourceLimits, SOURCE_FAILURES } from "@/lib/oauth/source-limits";
import { resetClientThrottle } from "@/lib/oauth/throttle";
import { accessToken, adminWithGateways, basic, createGateway, group, introspectionRequest, systemCall, tokenRequest, type CreatedGateway } from "@/test/gateways";
import * as configurationRoute from "@/app/api/system/default/gateways/configuration/route";
import * as systemIntrospectRoute from "@/app/api/system/default/gateways/introspect/route";

/**
 * Throughput limits of the unauthenticated and system endpoints, the bound on groups per gateway
 * (issue 13, item 14), and introspection scoped to the caller's gateway (item 16a).
 */

let admin: string;
let a: CreatedGateway;
let b: CreatedGateway;

beforeAll(async () => {
  ({ admin, gateways: [a, b] } = await adminWithGateways({}, {}));
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() }); // the clock stands still: no bucket refills
  resetClientThrottle();
  resetSourceLimits();
  resetGatewayLimits();
});
afterEach(() => {
  vi.useRealTimers();
  delete process.env.GATEHOUSE_TRUST_FORWARDED_HEADERS;
  delete process.env.GATEHOUSE_MAX_API_GROUPS_PER_GATEWAY;
  resetEnvCache();
});

const wrong = (i: number, headers: Record<string, string> = {}) =>
  tokenRequest({ grant_type: "client_credentials", client_id: `guess-${i}`, client_secret: "nope" }, headers);

describe("token endpoint limits", () => {
  it("300 client ids guessed from one source: 429 after the source's failures, while a working gateway keeps its tokens", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) statuses.push((await wrong(i)).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(SOURCE_FAILURES.burst);
    expect(statuses.slice(SOURCE_FAILURES.burst + 1).every((s) => s === 429)).toBe(true);
    const refused = await wrong(1000);
    expect(refused.body).toMatchObject({ error: "slow_down" });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // Right credentials from the same source still work: the guesser cannot lock gateways out.
    expect((await tokenRequest({ grant_type: "client_credentials" }, { authorization: basic(a.client.client_id, a.client.client_secret) })).status).toBe(200);
    expect((await tokenRequest({ grant_type: "client_credentials", client_id: a.client.client_id, client_secret: "wrong" })).status).toBe(429);
  });

  it("with GATEHOUSE_TRUST_FORWARDED_HEADERS=true the source is X-Forwarded-For's last entry: another address is not affected", async () => {
    process.env.GATEHOUSE_TRUST_FORWARDED_HEADERS = "true";
    resetEnvCache();
    for (let i = 0; i < SOURCE_FAILURES.burst; i++) await wrong(i, { "x-forwarded-for": "203.0.113.9, 198.51.100.1" });
    expect((await wrong(99, { "x-forwarded-for": "203.0.113.7, 198.51.100.1" })).status).toBe(429); // same last hop
    expect((await wrong(99, { "x-forwarded-for": "198.51.100.2" })).status).toBe(401);
  });

  it(`issues at most ${CLIENT_TOKENS.burst} tokens to one client in a burst, then 429`, async () => {
    const form = { grant_type: "client_credentials", client_id: b.client.client_id, client_secret: b.client.client_secret };
    for (let i = 0; i < CLIENT_TOKENS.burst; i++) {
      const res = await tokenRequest(form);
      if (res.status !== 200) throw new Error(`request ${i}: ${res.status}`);
    }
    const over = await tokenRequest(form);
    expect(over.status).toBe(429);
    expect(over.body.error).toBe("slow_down");
    expect((await tokenRequest({ grant_type: "client_credentials", client_id: a.client.client_id, client_secret: a.client.client_secret })).status).toBe(200);
  });
});

describe("group pushes", () => {
  it(`at most ${GROUP_PUSHES.burst} pushes in a burst per gateway, then 429 with Retry-After`, async () => {
    const token = await accessToken(a.client);
    for (let i = 0; i < GROUP_PUSHES.burst; i++) {
      expect((await systemCall(configurationRoute.POST, { token, method: "POST", body: { api_groups: [] } })).status).toBe(200);
    }
    const over = await systemCall(configurationRoute.POST, { token, method: "POST", body: { api_groups: [] } });
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toBe("5");
    expect((await systemCall(configurationRoute.GET, { token })).status).toBe(200); // reads are not pushes
  });

  it("a push that would exceed GATEHOUSE_MAX_API_GROUPS_PER_GATEWAY is refused whole with 422", async () => {
    process.env.GATEHOUSE_MAX_API_GROUPS_PER_GATEWAY = "5";
    resetEnvCache();
    const gw = await createGateway(admin);
    const token = await accessToken(gw.client);
    const push = (ids: number[]) => systemCall(configurationRoute.POST, { token, method: "POST", body: { api_groups: ids.map((i) => group(`api${i}`, "prod", [["GET", "/x"]])) } });
    expect((await push([1, 2, 3, 4])).status).toBe(200);
    const over = await push([4, 5, 6]);
    expect(over.status).toBe(422);
    expect((over.body as { error: { message: string } }).error.message).toBe(
      "This push would give the gateway 6 API groups; at most 5 are allowed (GATEHOUSE_MAX_API_GROUPS_PER_GATEWAY). Nothing was stored.",
    );
    const held = await (await getDb()).select().from(apiGroups).where(eq(apiGroups.gatewayId, gw.id));
    expect(held.map((g) => g.id).sort()).toEqual(["api1-prod", "api2-prod", "api3-prod", "api4-prod"]);
    expect((await push([1, 2, 3, 4, 5])).status).toBe(200); // up to the bound, known groups again included
  });
});

describe("introspection is scoped to the caller's gateway (16a)", () => {
  it("another gateway's system token is inactive, at the system API and at the OAuth endpoint", async () => {
    const tokenA = await accessToken(a.client);
    const tokenB = await accessToken(b.client);
    const viaSystem = async (token: string) => (await systemCall(systemIntrospectRoute.POST, { token: tokenA, method: "POST", form: { token } })).body;
    expect(await viaSystem(tokenA)).toMatchObject({ active: true, client_id: a.client.client_id });
    expect(await viaSystem(tokenB)).toEqual({ active: false });

    const viaOAuth = async (token: string) => (await introspectionRequest({ token }, { authorization: basic(a.client.client_id, a.client.client_secret) })).body;
    expect(await viaOAuth(tokenA)).toMatchObject({ active: true });
    expect(await viaOAuth(tokenB)).toEqual({ active: false });
  });
});
