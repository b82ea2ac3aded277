import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateDefinition } from "@/test/openapi";
import { Authorizer } from "./authorizer";
import type { AuthorizerResponse } from "./decision/answer";
import { mint, testKey, type TestKey } from "./testkit/issuer";
import { configurationOf, startFakePlatform, type FakePlatform } from "./testkit/platform";

/**
 * Shadow policies through the handler against the stand-in platform (issue 16): what the answer's
 * context, the decision events and the log say, and that a shadow policy that is broken or
 * missing denies nothing. That a shadow policy never changes an answer, for random policies and
 * requests, is decision/shadow.test.ts.
 */
const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8")) as Record<string, unknown>;
const AUD = "https://api.example";
const API = "s1h2a3d4o5";

let platform: FakePlatform;
let key: TestKey;
let configuration: Record<string, unknown>;
const open: Authorizer[] = [];

beforeAll(async () => {
  key = await testKey("k1");
  platform = await startFakePlatform({ jwks: [key.publicJwk] });
  configuration = configurationOf({
    restApiId: API,
    stage: "prod",
    apis: [
      // Unrestricted, shadowed by Block API: every request allowed, every one would be denied.
      { id: "api-list", method: "GET", path: "/pets", shadow_policy_id: "block" },
      // Enforced scope check, shadowed by a policy that does not compile.
      { id: "api-read", method: "GET", path: "/pets/{petId}", policy_id: "scoped", shadow_policy_id: "broken" },
      // Shadowed by a policy the document lacks.
      { id: "api-create", method: "POST", path: "/pets", shadow_policy_id: "ghost" },
      // Enforced Block API, shadowed by a scope check (needs identity).
      { id: "api-delete", method: "DELETE", path: "/pets/{petId}", policy_id: "block", shadow_policy_id: "scoped" },
      // Unrestricted, shadowed by a policy that needs identity.
      { id: "api-toys", method: "GET", path: "/toys", shadow_policy_id: "scoped" },
    ],
    policies: [
      { id: "scoped", validators: [{ name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "pets:read" }] } }] },
      { id: "block", validators: [{ name: "false" }] },
      { id: "broken", validators: [{ name: "nonsense" }] },
    ],
    issuers: [{ issuer: platform.userIssuer, jwks_uri: `${platform.userIssuer}/jwks`, audiences: [AUD] }],
    eventsPerSecond: 100,
  });
  platform.configuration = configuration;
});

afterAll(async () => {
  for (const a of open) a.close();
  await platform.close();
});

function authorizer(env: Record<string, string> = {}) {
  const lines: Record<string, unknown>[] = [];
  const a = new Authorizer({
    env: { ACP_ISSUER_URL: platform.issuerUrl, ACP_CLIENT_ID: platform.clientId, ACP_CLIENT_SECRET: platform.clientSecret, LOGGING_LEVEL: "debug", ...env },
    sink: (l) => lines.push(JSON.parse(l) as Record<string, unknown>),
    apiGateway: () => Promise.reject(new Error("no AWS in unit tests")),
  });
  open.push(a);
  return { a, lines };
}

/** A REQUEST event on the shadow test's REST API; `token` undefined: no Authorization header. */
function requestEvent(method: string, template: string, token?: string, extraHeaders: Record<string, string> = {}) {
  const e = fixture("request-event.json");
  const concrete = template.replace("{petId}", "42");
  e.methodArn = `arn:aws:execute-api:us-east-1:123456789012:${API}/prod/${method}${concrete}`;
  e.resource = template;
  e.path = concrete;
  e.httpMethod = method;
  const headers = { ...(e.headers as Record<string, string>), ...extraHeaders };
  delete headers.Authorization;
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  e.headers = headers;
  e.multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
  e.requestContext = { ...(e.requestContext as Record<string, unknown>), apiId: API, stage: "prod", resourcePath: template, httpMethod: method };
  return e;
}

const effect = (r: unknown) => (r as AuthorizerResponse).policyDocument.Statement[0].Effect;
const context = (r: unknown) => (r as AuthorizerResponse).context;

interface PushedEvent {
  api_id?: string;
  duration_ms: number;
  result: { result: string; failure?: { validator: string; message: string }[] };
  invocation_ctx?: Record<string, unknown>;
  shadow?: { policy_id: string; result: string; failure?: { validator: string; message: string; details?: string }[] };
  request?: { method: string; path: string; header_names: string[] };
  user_agent?: string;
}

/** Runs `events` through a fresh authorizer, drains its analytics, returns the answers and what it pushed. */
async function run(events: Record<string, unknown>[], env: Record<string, string> = {}) {
  const { a, lines } = authorizer(env);
  const before = platform.calls.events.length;
  const answers: unknown[] = [];
  for (const e of events) answers.push(await a.handle(e).catch((err: unknown) => err));
  await a.handle(fixture("scheduled-event.json"), { getRemainingTimeInMillis: () => 3000 });
  return { answers, lines, pushed: platform.calls.events.slice(before) as PushedEvent[] };
}

describe("shadow policies through the handler", () => {
  it("a shadow Block API denies nothing: 20 anonymous requests, 20 Allows carrying shadow_decision=deny, events with the shadow result and the request's names only", async () => {
    const events = Array.from({ length: 20 }, () => requestEvent("GET", "/pets", undefined, { "X-Secret-Value": "do-not-record" }));
    const { answers, lines, pushed } = await run(events);
    for (const r of answers) {
      expect(effect(r)).toBe("Allow");
      expect(context(r)).toEqual({ shadow_decision: "deny" });
    }
    const mine = pushed.filter((e) => e.api_id === "api-list");
    expect(mine).toHaveLength(20);
    for (const e of mine) {
      expect(e).toMatchObject({
        api_id: "api-list",
        result: { result: "AUTHORIZED" },
        shadow: { policy_id: "block", result: "deny", failure: [{ validator: "false" }] },
        request: { method: "GET", path: "/pets" },
      });
      expect(e.result.failure).toBeUndefined();
      expect(e.request!.header_names).toEqual(expect.arrayContaining(["accept", "host", "user-agent", "x-secret-value", "x-tenant"]));
      expect(e.request!.header_names.every((n) => n === n.toLowerCase())).toBe(true);
      expect(JSON.stringify(e)).not.toContain("do-not-record");
      expect(JSON.stringify(e)).not.toContain("verbose"); // the query string is never recorded
    }
    const decisions = lines.filter((l) => l.msg === "decision");
    expect(decisions[0]).toMatchObject({ result: "allow", reason: "unrestricted", shadow_policy_id: "block", shadow_result: "deny" });
  });

  it("a shadow policy that fails to compile denies nothing and is reported broken; the enforced policy still decides", async () => {
    const good = await mint(key, { sub: "alice", scope: "pets:read" }, { issuer: platform.userIssuer, audience: AUD });
    const weak = await mint(key, { sub: "bob", scope: "pets:write" }, { issuer: platform.userIssuer, audience: AUD });
    const { answers, lines, pushed } = await run([requestEvent("GET", "/pets/{petId}", good), requestEvent("GET", "/pets/{petId}", weak), requestEvent("GET", "/pets/{petId}")]);
    expect(effect(answers[0])).toBe("Allow");
    expect(context(answers[0])).toEqual({ shadow_decision: "broken" });
    expect(effect(answers[1])).toBe("Deny"); // the enforced scope check
    expect(context(answers[1])).toBeUndefined(); // shadow_decision only on Allow answers
    expect((answers[2] as Error).message).toBe("Unauthorized");
    const read = pushed.filter((e) => e.api_id === "api-read");
    expect(read.map((e) => e.result.result)).toEqual(["AUTHORIZED", "UNAUTHORIZED", "UNAUTHORIZED"]);
    for (const e of read) {
      expect(e.shadow).toMatchObject({ policy_id: "broken", result: "broken", failure: [{ validator: "policy", message: expect.stringContaining("nonsense") as string }] });
    }
    const problems = lines.filter((l) => l.msg === "configuration problem").map((l) => String(l.problem));
    expect(problems).toContainEqual(expect.stringMatching(/^policy "broken" \(broken\) is a broken shadow policy: it denies nothing/));
  });

  it("a shadow policy missing from the document is broken and denies nothing", async () => {
    const { answers, pushed } = await run([requestEvent("POST", "/pets")]);
    expect(effect(answers[0])).toBe("Allow");
    expect(context(answers[0])).toEqual({ shadow_decision: "broken" });
    expect(pushed.find((e) => e.api_id === "api-create")?.shadow).toEqual({
      policy_id: "ghost",
      result: "broken",
      failure: [{ validator: "policy", message: "the configuration does not contain this policy" }],
    });
  });

  it("a shadow policy that needs identity would deny without a valid token, allow with one; the enforced answer is unchanged", async () => {
    const good = await mint(key, { sub: "carol", scope: "pets:read" }, { issuer: platform.userIssuer, audience: AUD });
    const expired = await mint(key, { sub: "dave", scope: "pets:read" }, { issuer: platform.userIssuer, audience: AUD, nowSeconds: Math.floor(Date.now() / 1000) - 3600 });
    const { answers, pushed } = await run([
      requestEvent("GET", "/toys"),
      requestEvent("GET", "/toys", expired),
      requestEvent("GET", "/toys", good),
      requestEvent("DELETE", "/pets/{petId}", good),
    ]);
    expect(answers.slice(0, 3).map(effect)).toEqual(["Allow", "Allow", "Allow"]);
    expect(answers.slice(0, 3).map((r) => context(r)?.shadow_decision)).toEqual(["deny", "deny", "allow"]);
    const toys = pushed.filter((e) => e.api_id === "api-toys");
    expect(toys.map((e) => e.shadow)).toEqual([
      { policy_id: "scoped", result: "deny", failure: [{ validator: "token", message: "missing" }] },
      { policy_id: "scoped", result: "deny", failure: [{ validator: "token", message: "expired" }] },
      { policy_id: "scoped", result: "allow" },
    ]);
    expect(toys[2]!.invocation_ctx).toMatchObject({ sub: "carol" }); // the claims verified once, for both
    expect(effect(answers[3])).toBe("Deny"); // Block API enforced; its shadow would allow
    expect(pushed.find((e) => e.api_id === "api-delete")).toMatchObject({ result: { result: "UNAUTHORIZED" }, shadow: { policy_id: "scoped", result: "allow" } });
  });

  it("with AWS_INJECT_CONTEXT the context holds both authnCtx and shadow_decision, primitives", async () => {
    const good = await mint(key, { sub: "erin", scope: "pets:read" }, { issuer: platform.userIssuer, audience: AUD });
    const { answers } = await run([requestEvent("GET", "/pets/{petId}", good)], { AWS_INJECT_CONTEXT: "true" });
    const ctx = context(answers[0])!;
    expect(Object.keys(ctx).sort()).toEqual(["authnCtx", "shadow_decision"]);
    expect(ctx.shadow_decision).toBe("broken");
    expect(JSON.parse(Buffer.from(String(ctx.authnCtx), "base64").toString("utf8"))).toMatchObject({ sub: "erin" });
  });

  it("the configuration with shadow fields is still a GatewayConfiguration, and a shadow event still a GatewayRequestEvent, by the upstream schema", async () => {
    expect(validateDefinition("GatewayConfiguration", configuration)).toEqual([]);
    const { pushed } = await run([requestEvent("GET", "/pets")]);
    const event = pushed.find((e) => e.api_id === "api-list")!;
    expect(event.shadow).toBeDefined();
    // duration_ms: the upstream schema says int64; the authorizer sends fractional milliseconds (known, not ours to change here).
    expect(validateDefinition("GatewayRequestEvent", { ...event, duration_ms: Math.round(event.duration_ms) })).toEqual([]);
  });
});
