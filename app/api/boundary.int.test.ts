import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { decisionEvents, policies } from "@/lib/db/schema";
import { resetEventBudgets } from "@/lib/gateways/events-rate";
import { resetGatewayLimits } from "@/lib/gateways/system-limits";
import { resetSourceLimits } from "@/lib/oauth/source-limits";
import { resetClientThrottle } from "@/lib/oauth/throttle";
import type { RouteHandler } from "@/lib/api/route";
import { BASE, call, userWithToken } from "@/test/api-client";
import { accessToken, basic, createGateway, group, systemCall, tokenRequest, type CreatedGateway } from "@/test/gateways";
import * as gatewaysRoute from "@/app/api/admin/default/gateways/route";
import * as bindRoute from "@/app/api/admin/default/gateways/[gw]/groups/[group]/bind/route";
import * as unbindRoute from "@/app/api/admin/default/gateways/[gw]/groups/[group]/unbind/route";
import * as policiesRoute from "@/app/api/admin/default/policies/route";
import * as testIssuerRoute from "@/app/api/admin/default/test-issuer/route";
import * as mintRoute from "@/app/api/admin/default/test-issuer/tokens/route";
import * as tokensRoute from "@/app/api/admin/default/tokens/route";
import * as usersRoute from "@/app/api/admin/default/users/route";
import * as configurationRoute from "@/app/api/system/default/gateways/configuration/route";
import * as systemIntrospectRoute from "@/app/api/system/default/gateways/introspect/route";
import * as requestsRoute from "@/app/api/system/default/gateways/requests/route";
import * as introspectionRoute from "@/app/default/system/oauth2/introspect/route";
import * as tokenRoute from "@/app/default/system/oauth2/token/route";

/**
 * What every body-reading endpoint does with hostile bodies (issue 13, items 2, 5, 10, 13):
 * reading stops at the byte limit (chunked too), JSON bodies need application/json and OAuth
 * forms application/x-www-form-urlencoded, NUL characters and deep nesting are refused with 422
 * naming the field — and nothing reaches the database or the event budget.
 */

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type ErrorBody = { error: { code: string; message: string; fields?: { path: string; message: string }[] } };

let admin: string;
let gw: CreatedGateway;
let systemToken: string;

beforeAll(async () => {
  admin = (await userWithToken("admin")).token;
  gw = await createGateway(admin, { events_per_second: 1 });
  systemToken = await accessToken(gw.client);
});
beforeEach(() => {
  resetClientThrottle();
  resetSourceLimits();
  resetGatewayLimits();
});

const MiB = 1024 * 1024;

/**
 * A chunked upload of `total` bytes (no Content-Length), produced only as the server reads it:
 * `pulled()` tells how much the handler consumed before it answered.
 */
function endlessBody(total: number, chunk = 64 * 1024) {
  let sent = 0;
  const piece = new Uint8Array(chunk).fill(0x61); // "aaaa…": a valid form value and a JSON-ish prefix
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk;
      controller.enqueue(piece);
    },
  });
  return { stream, pulled: () => sent };
}

async function upload(handler: Handler, path: string, type: string, total: number, headers: Record<string, string> = {}) {
  const body = endlessBody(total);
  const req = new Request(`${BASE}${path}`, { method: "POST", headers: { "content-type": type, ...headers }, body: body.stream, duplex: "half" } as RequestInit);
  const res = await handler(req, { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, pulled: body.pulled() };
}

describe("item 2: bodies are read up to their limit only", () => {
  const FORM = "application/x-www-form-urlencoded";

  it("the token endpoint answers 413 to a 64 MiB chunked upload without credentials, having read < 1 MiB", async () => {
    const res = await upload(tokenRoute.POST, "/default/system/oauth2/token", FORM, 64 * MiB);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: "invalid_request", error_description: "The request body is larger than 16 KiB." });
    expect(res.pulled).toBeLessThan(MiB);
  });

  it("so does the introspection endpoint", async () => {
    const res = await upload(introspectionRoute.POST, "/default/system/oauth2/introspect", FORM, 64 * MiB);
    expect(res.status).toBe(413);
    expect(res.pulled).toBeLessThan(MiB);
  });

  it("a declared Content-Length over the limit is refused without reading at all", async () => {
    const body = endlessBody(64 * MiB);
    const res = await tokenRoute.POST(
      new Request(`${BASE}/default/system/oauth2/token`, {
        method: "POST",
        headers: { "content-type": FORM, "content-length": String(64 * MiB) },
        body: body.stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThan(MiB);
  });

  it("the system API stops at 10 MiB (JSON) and 16 KiB (introspection form)", async () => {
    const auth = { authorization: `Bearer ${systemToken}` };
    const push = await upload(configurationRoute.POST, "/api/system/default/gateways/configuration", "application/json", 64 * MiB, auth);
    expect(push.status).toBe(413);
    expect((push.body as ErrorBody).error.code).toBe("payload_too_large");
    expect(push.pulled).toBeLessThanOrEqual(11 * MiB);
    const intro = await upload(systemIntrospectRoute.POST, "/api/system/default/gateways/introspect", FORM, 64 * MiB, auth);
    expect(intro.status).toBe(413);
    expect(intro.pulled).toBeLessThan(MiB);
  });

  it("the admin API stops at 1 MiB", async () => {
    const res = await upload(policiesRoute.POST, "/api/admin/default/policies", "application/json", 64 * MiB, { authorization: `Bearer ${admin}` });
    expect(res.status).toBe(413);
    expect((res.body as ErrorBody).error).toMatchObject({ code: "payload_too_large", message: "The request body is larger than 1 MiB." });
    expect(res.pulled).toBeLessThanOrEqual(2 * MiB);
  });
});

describe("item 13: media types", () => {
  const body = JSON.stringify({ policy_name: "typed", validators: [{ name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "a" }] } }] });

  /** Bytes, not a string: fetch would otherwise add `text/plain;charset=UTF-8` itself. */
  async function postRaw(type: string | undefined) {
    const headers: Record<string, string> = { authorization: `Bearer ${admin}`, ...(type ? { "content-type": type } : {}) };
    const res = await policiesRoute.POST(new Request(`${BASE}/api/admin/default/policies`, { method: "POST", headers, body: new TextEncoder().encode(body) }), {
      params: Promise.resolve({}),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  }

  it.each([
    ["text/plain", "got text/plain"],
    ["application/x-www-form-urlencoded", "got application/x-www-form-urlencoded"],
    ["multipart/form-data; boundary=x", "got multipart/form-data"],
    [undefined, "no Content-Type was given"],
  ])("the admin API refuses a JSON body sent as %s with 415", async (type, says) => {
    const res = await postRaw(type);
    expect(res.status).toBe(415);
    expect((res.body as ErrorBody).error.code).toBe("unsupported_media_type");
    expect((res.body as ErrorBody).error.message).toContain(says);
    expect(await (await getDb()).select().from(policies).where(eq(policies.policyName, "typed"))).toEqual([]);
  });

  it("takes application/json with parameters", async () => {
    const res = await postRaw("application/json; charset=utf-8");
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it("the system API refuses a group push that is not application/json with 415", async () => {
    const res = await systemCall(configurationRoute.POST, { token: systemToken, method: "POST", body: { api_groups: [] }, headers: {} });
    expect(res.status).toBe(200);
    const plain = await configurationRoute.POST(
      new Request(`${BASE}/api/system/default/gateways/configuration`, {
        method: "POST",
        headers: { authorization: `Bearer ${systemToken}`, "content-type": "text/plain" },
        body: JSON.stringify({ api_groups: [] }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(plain.status).toBe(415);
  });

  it("the OAuth endpoints refuse anything but a form with 415 (RFC 6749 error shape)", async () => {
    for (const handler of [tokenRoute.POST, introspectionRoute.POST]) {
      const res = await handler(
        new Request(`${BASE}/default/system/oauth2/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ grant_type: "client_credentials", client_id: gw.client.client_id, client_secret: gw.client.client_secret }),
        }),
      );
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ error: "invalid_request" });
    }
    const intro = await systemCall(systemIntrospectRoute.POST, { token: systemToken, method: "POST", body: { token: systemToken } });
    expect(intro.status).toBe(415);
  });
});

describe("item 5: NUL characters are refused with 422 naming the field", () => {
  const NUL = "\u0000";

  function expectField(res: { status: number; body: unknown }, path: string) {
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect((res.body as ErrorBody).error.fields?.[0]?.path).toBe(path);
  }

  it("in admin writes: names, descriptions, validator values, display names, token names, test issuer sub", async () => {
    const post = (handler: RouteHandler, body: unknown) => call(handler, { method: "POST", token: admin, body });
    const validators = [{ name: "false" }];
    expectField(await post(policiesRoute.POST, { policy_name: `a${NUL}b`, validators }), "policy_name");
    expectField(await post(policiesRoute.POST, { policy_name: "n", description: NUL, validators }), "description");
    expectField(
      await post(policiesRoute.POST, { policy_name: "n", validators: [{ name: "identity-context", conf: { fields: [{ field: "sub", comparator: "equals", value: `x${NUL}` }] } }] }),
      "validators.0.conf.fields.0.value",
    );
    expectField(await post(gatewaysRoute.POST, { name: `gw${NUL}` }), "name");
    expectField(await post(usersRoute.POST, { username: "nul-user", display_name: `N${NUL}`, password: "a-long-password-1", role: "viewer" }), "display_name");
    expectField(await post(tokensRoute.POST, { name: `t${NUL}` }), "name");
    await call(testIssuerRoute.PUT, { method: "PUT", token: admin, body: { enabled: true } });
    expectField(await post(mintRoute.POST, { sub: `alice${NUL}` }), "sub");
    expectField(await post(policiesRoute.POST, { policy_name: "n", validators: [{ name: "false", conf: { [`k${NUL}`]: 1 } }] }), "validators.0.conf.k\\u0000");
  });

  it("in pushed groups", async () => {
    const bad = group("nul1", "prod", [["GET", `/a${NUL}`]]);
    expectField(await systemCall(configurationRoute.POST, { token: systemToken, method: "POST", body: { api_groups: [bad] } }), "api_groups.0.apis.0.path");
    const badName = group("nul2", "prod", [["GET", "/a"]], `name${NUL}`);
    expectField(await systemCall(configurationRoute.POST, { token: systemToken, method: "POST", body: { api_groups: [badName] } }), "api_groups.0.name");
  });

  it("in a group path segment: 404, not a database error", async () => {
    for (const group of [NUL, `g${NUL}-prod`, "%00"]) {
      const bind = await call(bindRoute.POST, { method: "POST", token: admin, params: { gw: gw.id, group }, body: { service: { name: "nul-group" } } });
      expect(bind.status, JSON.stringify(bind.body)).toBe(404);
      const unbind = await call(unbindRoute.DELETE, { method: "DELETE", token: admin, params: { gw: gw.id, group } });
      expect(unbind.status, JSON.stringify(unbind.body)).toBe(404);
    }
  });

  it("in events, without consuming the gateway's event budget", async () => {
    resetEventBudgets();
    const ok = { duration_ms: 1, result: { result: "AUTHORIZED" } };
    for (let i = 0; i < 20; i++) {
      const refused = await systemCall(requestsRoute.POST, { token: systemToken, method: "POST", body: { events: [{ ...ok, user_agent: `ua${NUL}` }] } });
      expectField(refused, "events.0.user_agent");
    }
    const ctx = await systemCall(requestsRoute.POST, { token: systemToken, method: "POST", body: { events: [{ ...ok, invocation_ctx: { sub: NUL } }] } });
    expectField(ctx, "events.0.invocation_ctx.sub");
    // events_per_second 1 → a burst of 10: all of it is still there.
    const stored = await systemCall(requestsRoute.POST, { token: systemToken, method: "POST", body: { events: Array.from({ length: 10 }, () => ok) } });
    expect(stored.body).toEqual({ number_of_pushed_events: 10, number_of_dropped_events: 0 });
    expect(await (await getDb()).select().from(decisionEvents).where(eq(decisionEvents.gatewayId, gw.id))).toHaveLength(10);
  });

  it("in OAuth credentials: 400/401, never 500", async () => {
    const form = await tokenRequest({ grant_type: "client_credentials", client_id: `x${NUL}`, client_secret: "s" });
    expect(form.status).toBe(400);
    expect(form.body.error).toBe("invalid_request");
    const viaBasic = await tokenRequest({ grant_type: "client_credentials" }, { authorization: basic(`x${NUL}`, "s") });
    expect(viaBasic.status).toBe(401);
  });
});

describe("item 10: nesting and size of stored JSON values", () => {
  function nested(levels: number, wrap: (v: unknown) => unknown): unknown {
    let v: unknown = "leaf";
    for (let i = 0; i < levels; i++) v = wrap(v);
    return v;
  }
  const inObjects = (levels: number) => nested(levels, (v) => ({ a: v }));
  const inArrays = (levels: number) => nested(levels, (v) => [v]);

  // Before: 3,000 levels of arrays overflowed the stack (500); 2,000 levels of objects were stored.
  it.each([
    ["arrays", 3000, inArrays(3000), /^validators\.0\.conf(\.0)+$/],
    ["objects", 2000, inObjects(2000), /^validators\.0\.conf(\.a)+$/],
    ["objects", 40, { fields: [{ field: "scp", comparator: "contains", value: "a" }], extra: inObjects(40) }, /^validators\.0\.conf\.extra(\.a)+$/],
  ])("a validator conf nested in %s %i levels deep is refused with 422 naming where", async (kind, levels, conf, where) => {
    const body = { policy_name: `deep-${kind}-${levels}`, validators: [{ name: "false", conf }] };
    const res = await call(policiesRoute.POST, { method: "POST", token: admin, body });
    expect(res.status).toBe(422);
    const field = (res.body as ErrorBody).error.fields?.[0];
    expect(field?.message).toBe("nested deeper than 32 levels");
    expect(field?.path).toMatch(where);
    expect(field?.path.split(".")).toHaveLength(32);
  });

  it("validators over 256 KiB are refused with 422", async () => {
    const res = await call(policiesRoute.POST, { method: "POST", token: admin, body: { policy_name: "big", validators: [{ name: "false", conf: { note: "v".repeat(300_000) } }] } });
    expect(res.status).toBe(422);
    expect((res.body as ErrorBody).error.fields?.[0]).toMatchObject({ path: "validators", message: "larger than 256 KiB as JSON" });
  });

  it("a deep event context or group push is refused too (system API)", async () => {
    const res = await systemCall(requestsRoute.POST, {
      token: systemToken,
      method: "POST",
      body: { events: [{ duration_ms: 1, result: { result: "AUTHORIZED" }, invocation_ctx: { deep: inArrays(3000) } }] },
    });
    expect(res.status).toBe(422);
  });
});
