import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Authorizer, AuthorizerOptions } from "./authorizer";
import type { AuthorizerResponse } from "./decision/answer";
import type { ApiGatewayPort } from "./sync/api-gateway";
import { mint, testKey, type TestKey } from "./testkit/issuer";
import { PETS_POLICIES, petsApis } from "./testkit/pets";
import { configurationOf, startFakePlatform, type FakePlatform } from "./testkit/platform";
import { recordingAuthorizer } from "./testkit/recording";

/**
 * The handler against a stand-in platform (fast, unit level): TOKEN events, logs, analytics,
 * settings, opaque tokens and the scheduled event's wiring. The full list of the issue's cases
 * runs against the console's real routes and oidc-provider in authorizer.int.test.ts.
 */
const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8")) as Record<string, unknown>;
const AUD = "https://api.example";

let platform: FakePlatform;
let key: TestKey;
const open: Authorizer[] = [];

beforeAll(async () => {
  key = await testKey("k1");
  platform = await startFakePlatform({ jwks: [key.publicJwk] });
  platform.configuration = configurationOf({
    restApiId: "a1b2c3d4e5",
    stage: "prod",
    apis: petsApis("api-"),
    policies: PETS_POLICIES,
    issuers: [
      { issuer: platform.userIssuer, jwks_uri: `${platform.userIssuer}/jwks`, audiences: [AUD] },
      { issuer: "https://opaque.example", jwks_uri: "https://opaque.example/jwks", introspection_endpoint: "https://opaque.example/introspect" },
    ],
    eventsPerSecond: 100,
  });
});

afterAll(async () => {
  for (const a of open) a.close();
  await platform.close();
});

function authorizer(env: Record<string, string> = {}, opts: Partial<AuthorizerOptions> = {}) {
  return recordingAuthorizer(
    { env: { ACP_ISSUER_URL: platform.issuerUrl, ACP_CLIENT_ID: platform.clientId, ACP_CLIENT_SECRET: platform.clientSecret, LOGGING_LEVEL: "debug", ...env }, ...opts },
    open,
  );
}

function tokenEvent(token: string | undefined, method = "GET", resourcePath = "pets/42") {
  const e = fixture("token-event.json");
  e.methodArn = `arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/${method}/${resourcePath}`;
  if (token === undefined) delete e.authorizationToken;
  else e.authorizationToken = `Bearer ${token}`;
  return e;
}

const effect = (r: unknown) => (r as AuthorizerResponse).policyDocument.Statement[0].Effect;

describe("Authorizer (stand-in platform)", () => {
  it("decides TOKEN events: allow with a good token, 401 without, deny on a blocked API", async () => {
    const { a } = authorizer();
    const good = await mint(key, { sub: "alice", scope: "pets:read" }, { issuer: platform.userIssuer, audience: AUD });
    const allowed = (await a.handle(tokenEvent(good))) as AuthorizerResponse;
    expect(allowed.principalId).toBe("alice");
    expect(allowed.policyDocument.Statement[0]).toEqual({
      Action: "execute-api:Invoke",
      Effect: "Allow",
      Resource: ["arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets/42"],
    });
    await expect(a.handle(tokenEvent(undefined))).rejects.toThrow(/^Unauthorized$/);
    expect(effect(await a.handle(tokenEvent(good, "DELETE")))).toBe("Deny");
    expect(effect(await a.handle(tokenEvent(undefined, "GET", "pets")))).toBe("Allow");
  });

  it("logs each decision at debug with api, policy, result and duration — and never the token", async () => {
    const { a, lines, raw } = authorizer();
    const good = await mint(key, { sub: "alice", scope: "pets:read" }, { issuer: platform.userIssuer, audience: AUD });
    await a.handle(tokenEvent(good));
    await a.handle(tokenEvent(good, "DELETE"));
    const decisions = lines.filter((l) => l.msg === "decision");
    expect(decisions[0]).toMatchObject({ level: "debug", api: "GET /pets/{petId}", policy: "scoped", result: "allow", api_id: "api-read" });
    expect(typeof decisions[0]!.duration_ms).toBe("number");
    expect(decisions[1]).toMatchObject({ api: "DELETE /pets/{petId}", policy: "block", result: "deny", reason: "policy_failed" });
    expect(raw.join("\n")).not.toContain(good);
    expect(raw.join("\n")).not.toContain(platform.clientSecret);
    expect(raw.every((l) => !l.includes("\n"))).toBe(true);
  });

  it("pushes decision events in the background, without tokens", async () => {
    const { a } = authorizer({}, { apiGateway: () => Promise.reject(new Error("no AWS in unit tests")) });
    const good = await mint(key, { sub: "bob", scope: "pets:read" }, { issuer: platform.userIssuer, audience: AUD });
    const before = platform.calls.events.length;
    await a.handle(tokenEvent(good));
    await a.handle(tokenEvent(good, "DELETE"));
    // The scheduled invocation drains what the decisions queued (its sync fails here: no AWS).
    await a.handle(fixture("scheduled-event.json"), { getRemainingTimeInMillis: () => 3000 });
    // Other tests' authorizers share the stand-in platform: keep this one's events.
    const events = (platform.calls.events.slice(before) as { invocation_ctx?: { sub?: string } }[]).filter((e) => e.invocation_ctx?.sub === "bob");
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ api_id: "api-read", result: { result: "AUTHORIZED" }, invocation_ctx: { sub: "bob" } });
    expect(events[1]).toMatchObject({ api_id: "api-delete", result: { result: "UNAUTHORIZED", failure: [{ validator: "false" }] } });
    expect(JSON.stringify(events)).not.toContain(good);
  });

  it("denies every request and says which setting is wrong, once, when a setting is invalid", async () => {
    const { a, lines } = authorizer({ ACP_RELOAD_INTERVAL: "5 seconds" });
    const errors = lines.filter((l) => l.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ settings: ["ACP_RELOAD_INTERVAL"] });
    const good = await mint(key, { sub: "alice", scope: "pets:read" }, { issuer: platform.userIssuer, audience: AUD });
    expect(effect(await a.handle(tokenEvent(good)))).toBe("Deny");
    expect(effect(await a.handle(tokenEvent(undefined, "GET", "pets")))).toBe("Deny");
    expect(await a.handle(fixture("scheduled-event.json"))).toEqual({ ok: false });
  });

  it("answers Deny to events it does not know", async () => {
    const { a } = authorizer();
    expect(effect(await a.handle({ hello: "world" }))).toBe("Deny");
    expect(effect(await a.handle({ type: "REQUEST", methodArn: "nope" }))).toBe("Deny");
  });

  it("checks opaque tokens through the platform's introspection, cached", async () => {
    const { a } = authorizer();
    platform.introspection.set("opaque-good", { active: true, sub: "carol", scope: "pets:read", iss: "https://opaque.example", exp: Math.floor(Date.now() / 1000) + 300 });
    platform.introspection.set("opaque-other-issuer", { active: true, sub: "eve", scope: "pets:read", iss: "https://evil.example", exp: Math.floor(Date.now() / 1000) + 300 });
    const before = platform.calls.introspect;
    expect(((await a.handle(tokenEvent("opaque-good"))) as AuthorizerResponse).principalId).toBe("carol");
    expect(effect(await a.handle(tokenEvent("opaque-good")))).toBe("Allow");
    expect(platform.calls.introspect - before).toBe(1);
    await expect(a.handle(tokenEvent("opaque-unknown"))).rejects.toThrow("Unauthorized");
    await expect(a.handle(tokenEvent("opaque-other-issuer"))).rejects.toThrow("Unauthorized");
  });

  it("takes the console's settings for variables the environment leaves unset", async () => {
    const original = platform.configuration;
    platform.configuration = { ...original, settings: { ENFORCEMENT_ALLOW_UNKNOWN: true, AWS_INJECT_CONTEXT: true } };
    try {
      const envUnset = authorizer();
      expect(effect(await envUnset.a.handle(tokenEvent(undefined, "GET", "unknown/path")))).toBe("Allow");
      const envWins = authorizer({ ENFORCEMENT_ALLOW_UNKNOWN: "false" });
      expect(effect(await envWins.a.handle(tokenEvent(undefined, "GET", "unknown/path")))).toBe("Deny");
      const good = await mint(key, { sub: "alice", scope: "pets:read" }, { issuer: platform.userIssuer, audience: AUD });
      const r = (await envUnset.a.handle(tokenEvent(good))) as AuthorizerResponse;
      expect(JSON.parse(Buffer.from(r.context!.authnCtx as string, "base64").toString())).toMatchObject({ sub: "alice" });
    } finally {
      platform.configuration = original;
    }
  });

  it("runs the scheduled sync: pushes groups, then attaches to connected REST APIs", async () => {
    const updates: string[] = [];
    const port: ApiGatewayPort = {
      getRestApis: () => Promise.resolve({ items: [{ id: "a1b2c3d4e5", name: "Pets" }, { id: "zz", name: "Other" }] }),
      getStageNames: () => Promise.resolve(["prod"]),
      getResources: () => Promise.resolve({ items: [{ id: "r1", path: "/pets", resourceMethods: { GET: { authorizationType: "NONE" }, OPTIONS: { authorizationType: "NONE" } } }] }),
      getAuthorizers: () => Promise.resolve({ items: [] }),
      createAuthorizer: (i) => Promise.resolve({ id: `auth-${i.restApiId}`, name: i.name }),
      updateAuthorizer: () => Promise.resolve(),
      updateMethod: (api, res, verb) => (updates.push(`${api} ${res} ${verb}`), Promise.resolve()),
    };
    const { a } = authorizer({}, { apiGateway: () => Promise.resolve(port) });
    const before = platform.calls.groups.length;
    const result = (await a.handle(fixture("scheduled-event.json"), {
      invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:gatehouse",
      getRemainingTimeInMillis: () => 10_000,
    })) as { ok: boolean; sync: { groups: number; attached: number } };
    expect(result).toMatchObject({ ok: true, sync: { groups: 2, attached: 1, complete: true } });
    expect((platform.calls.groups[before] as { api_groups: { id: string }[] }).api_groups.map((g) => g.id)).toEqual(["a1b2c3d4e5-prod", "zz-prod"]);
    expect(updates).toEqual(["a1b2c3d4e5 r1 GET"]);
  });
});
