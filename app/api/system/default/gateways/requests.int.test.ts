import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { decisionEvents } from "@/lib/db/schema";
import { BURST_SECONDS, resetEventBudgets } from "@/lib/gateways/events-rate";
import { userWithToken } from "@/test/api-client";
import { accessToken, createGateway, group, systemCall, type CreatedGateway } from "@/test/gateways";
import * as configurationRoute from "./configuration/route";
import * as requestsRoute from "./requests/route";

/** `POST …/gateways/requests`: decision events, within the gateway's events_per_second. */

let gw: CreatedGateway;
let token: string;
let apiId: string;

beforeAll(async () => {
  const admin = (await userWithToken("admin")).token;
  gw = await createGateway(admin, { create_and_bind_services_automatically: true, events_per_second: 1 });
  token = await accessToken(gw.client);
  await systemCall(configurationRoute.POST, { token, method: "POST", body: { api_groups: [group("ev1", "prod", [["GET", "/e"]])] } });
  apiId = ((await systemCall(configurationRoute.GET, { token })).body as { apis: { id: string }[] }).apis[0]!.id;
});

const event = (extra: Record<string, unknown> = {}) => ({ api_id: apiId, duration_ms: 2, result: { result: "AUTHORIZED" }, ...extra });

describe("decision events", () => {
  it("stores events without raw tokens", async () => {
    const res = await systemCall(requestsRoute.POST, {
      token,
      method: "POST",
      body: {
        events: [
          event({
            token: "eyJraw.token.here",
            result: { result: "UNAUTHORIZED", failure: [{ validator: "false", message: "blocked" }] },
            invocation_ctx: { sub: "alice", access_token: "eyJsecret", nested: { Authorization: "Bearer x", keep: 1 } },
            user_agent: "curl/8",
          }),
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ number_of_pushed_events: 1, number_of_dropped_events: 0 });
    const db = await getDb();
    const [row] = await db.select().from(decisionEvents).where(eq(decisionEvents.gatewayId, gw.id));
    expect(row).toMatchObject({
      apiId,
      result: "UNAUTHORIZED",
      durationMs: 2,
      failures: [{ validator: "false", message: "blocked" }],
      invocationCtx: { sub: "alice", nested: { keep: 1 } },
      userAgent: "curl/8",
    });
    expect(JSON.stringify(row)).not.toContain("eyJ");
  });

  it("stores up to the budget and drops the rest (200); an empty budget refuses the batch (429)", async () => {
    // events_per_second 1: a burst of BURST_SECONDS events. The clock stands still, so nothing refills.
    resetEventBudgets();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const batch = Array.from({ length: BURST_SECONDS + 5 }, () => event());
    const partial = await systemCall(requestsRoute.POST, { token, method: "POST", body: { events: batch } });
    const refused = await systemCall(requestsRoute.POST, { token, method: "POST", body: { events: [event(), event()] } });
    vi.useRealTimers();
    expect(partial.status).toBe(200);
    expect(partial.body).toEqual({ number_of_pushed_events: BURST_SECONDS, number_of_dropped_events: 5 });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: "rate_limited" } });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const db = await getDb();
    expect(await db.select().from(decisionEvents).where(eq(decisionEvents.gatewayId, gw.id))).toHaveLength(1 + BURST_SECONDS);
    // An empty batch is fine at any time.
    expect((await systemCall(requestsRoute.POST, { token, method: "POST", body: { events: [] } })).body).toEqual({
      number_of_pushed_events: 0,
      number_of_dropped_events: 0,
    });
  });

  it("drops credential-like keys of the context (x-api-key, cookie, set-cookie, *token*, *secret*, *password*)", async () => {
    resetEventBudgets();
    const ctx = {
      sub: "carol",
      "x-api-key": "key-value-1",
      Cookie: "session=cookie-value-2",
      headers: { "set-cookie": "a=cookie-value-3", "Proxy-Authorization": "Basic cred-4", accept: "*/*" },
      my_refresh_token: "tok-5",
      clientSecret: "sec-6",
      user_password: "pw-7",
      scp: ["orders.read"],
    };
    const res = await systemCall(requestsRoute.POST, { token, method: "POST", body: { events: [event({ user_agent: "scrub-test", invocation_ctx: ctx })] } });
    expect(res.status).toBe(200);
    const db = await getDb();
    const [row] = await db.select().from(decisionEvents).where(eq(decisionEvents.userAgent, "scrub-test"));
    expect(row!.invocationCtx).toEqual({ sub: "carol", headers: { accept: "*/*" }, scp: ["orders.read"] });
  });

  it("refuses malformed batches whole (422)", async () => {
    for (const body of [{}, { events: [{ result: { result: "MAYBE" } }] }, { events: [event({ duration_ms: "slow" })] }, { events: "x" }]) {
      const res = await systemCall(requestsRoute.POST, { token, method: "POST", body });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
  });
});
