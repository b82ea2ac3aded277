import { readFileSync } from "node:fs";
import path from "node:path";
import { decodeJwt, importJWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsoleServer, type ConsoleServer } from "@/test/console-server";
import {
  assign,
  connectGroup,
  createTestGateway,
  createTestPolicy,
  decisionEventsOf,
  insertUnvalidatedPolicy,
  pushGroups,
  trustIssuer,
} from "@/test/console-state";
import type { Authorizer } from "./authorizer";
import type { AuthorizerResponse } from "./decision/answer";
import { RESOURCES, startTestIssuer, type TestIssuer } from "./testkit/oidc";
import { recordingAuthorizer } from "./testkit/recording";

/**
 * The authorizer end to end: the console's real system routes (token endpoint, configuration,
 * requests) over HTTP on a fresh database, a real OpenID provider issuing RS256 JWT access
 * tokens, and API Gateway–shaped events from lambda/fixtures. Covers the issue's cases.
 */
const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8")) as Record<string, unknown>;
const API = "a1b2c3d4e5";
const GROUP = `${API}-prod`;
const AUD = RESOURCES[0]!;

let console_: ConsoleServer;
let issuer: TestIssuer;
let stranger: TestIssuer;
let gateway: Awaited<ReturnType<typeof createTestGateway>>;
let serviceId: string;
let brokenPolicyName: string;
const open: Authorizer[] = [];

beforeAll(async () => {
  console_ = await startConsoleServer();
  issuer = await startTestIssuer();
  stranger = await startTestIssuer();
  gateway = await createTestGateway({ events_per_second: 100 });
  await trustIssuer(issuer.issuer, [AUD]);
  await pushGroups(gateway.id, [
    {
      id: GROUP,
      name: "Pets (prod)",
      metadata: { type: "aws", aws: { api_id: API, api_name: "Pets", stage: "prod" } },
      apis: [
        { method: "GET", path: "/pets" },
        { method: "POST", path: "/pets" },
        { method: "GET", path: "/pets/{petId}" },
        { method: "DELETE", path: "/pets/{petId}" },
        { method: "PUT", path: "/pets/{petId}" },
      ],
    },
  ]);
  serviceId = await connectGroup(gateway.id, GROUP, "Pets");
  const read = await createTestPolicy("Read pets", [{ name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "pets:read" }] } }]);
  const block = await createTestPolicy("Block it", [{ name: "false" }]);
  const tenant = await createTestPolicy("Tenant header", [{ name: "header", conf: { fields: [{ field: "X-Tenant", comparator: "equals", value: "acme" }] } }]);
  // The console refuses invalid policies; a row written around it must still fail closed here.
  brokenPolicyName = "Broken (written around the console)";
  const broken = await insertUnvalidatedPolicy(brokenPolicyName, [{ name: "no-such-validator" }]);
  await assign(serviceId, "GET", "/pets/{petId}", read);
  await assign(serviceId, "DELETE", "/pets/{petId}", block);
  await assign(serviceId, "POST", "/pets", tenant);
  await assign(serviceId, "PUT", "/pets/{petId}", broken);
});

afterAll(async () => {
  for (const a of open) a.close();
  await issuer?.close();
  await stranger?.close();
  await console_?.close();
});

function authorizer(env: Record<string, string> = {}, opts: { firstFetchTimeoutMs?: number } = {}) {
  return recordingAuthorizer(
    {
      env: {
        ACP_ISSUER_URL: console_.issuerUrl,
        ACP_CLIENT_ID: gateway.client.client_id,
        ACP_CLIENT_SECRET: gateway.client.client_secret,
        ACP_RELOAD_INTERVAL: "200ms",
        LOGGING_LEVEL: "debug",
        ...env,
      },
      ...opts,
    },
    open,
  );
}

/** A REQUEST event (the fixture) for `verb` on `template`, with `path` as the concrete path. */
function request(verb: string, template: string, concrete: string, token?: string | null, headers: Record<string, string> = {}) {
  const e = fixture("request-event.json");
  e.methodArn = `arn:aws:execute-api:us-east-1:123456789012:${API}/prod/${verb}${concrete}`;
  e.resource = template;
  e.path = concrete;
  e.httpMethod = verb;
  const ctx = e.requestContext as Record<string, unknown>;
  ctx.resourcePath = template;
  ctx.httpMethod = verb;
  const h: Record<string, string> = { Host: "example", "User-Agent": "vitest", ...headers };
  if (token !== null && token !== undefined) h.Authorization = token.startsWith("Basic ") ? token : `Bearer ${token}`;
  e.headers = h;
  e.multiValueHeaders = Object.fromEntries(Object.entries(h).map(([k, v]) => [k, [v]]));
  return e;
}

const readPet = (token?: string | null) => request("GET", "/pets/{petId}", "/pets/42", token);
const statement = (r: unknown) => (r as AuthorizerResponse).policyDocument.Statement[0];

async function signWithIssuerKey(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const jwk = issuer.keys[0]!;
  const key = await importJWK(jwk, "RS256");
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: jwk.kid, typ: "at+jwt", ...header }).sign(key);
}

describe("authorizer with the console and a real issuer", () => {
  it("allows a valid token that the policy accepts, naming the route's resource template", async () => {
    const { a } = authorizer();
    const token = await issuer.token({ scope: "pets:read" });
    const answer = (await a.handle(readPet(token))) as AuthorizerResponse;
    expect(answer.principalId).toBe("pets-reader");
    expect(answer.policyDocument).toEqual({
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: [`arn:aws:execute-api:us-east-1:123456789012:${API}/prod/GET/pets/*`] }],
    });
    expect(answer.context).toBeUndefined();
  });

  it("denies (403) when the policy says no: a blocked API, a missing scope, a wrong header", async () => {
    const { a } = authorizer();
    const reader = await issuer.token({ scope: "pets:read" });
    expect(statement(await a.handle(request("DELETE", "/pets/{petId}", "/pets/42", reader))).Effect).toBe("Deny");
    const writer = await issuer.token({ clientId: "pets-writer", scope: "pets:write" });
    expect(statement(await a.handle(readPet(writer))).Effect).toBe("Deny");
    expect(statement(await a.handle(request("POST", "/pets", "/pets", null, { "X-Tenant": "other" }))).Effect).toBe("Deny");
    expect(statement(await a.handle(request("POST", "/pets", "/pets", null, { "x-tenant": "acme" }))).Effect).toBe("Allow");
  });

  it("answers 401 when the policy needs identity and the token is missing, malformed, expired or untrusted", async () => {
    const { a, lines } = authorizer();
    const now = Math.floor(Date.now() / 1000);
    const expired = await signWithIssuerKey({ sub: "x", scope: "pets:read", iss: issuer.issuer, aud: AUD, iat: now - 7200, exp: now - 3600 });
    const cases: [string, string | null][] = [
      ["missing", null],
      ["malformed", "Basic cGV0czpyZWFkZXI="],
      ["malformed", "not-a-jwt-and-no-introspection"],
      ["expired", expired],
      ["untrusted_issuer", await stranger.token({ scope: "pets:read" })],
    ];
    for (const [reason, token] of cases) {
      await expect(a.handle(readPet(token)), reason).rejects.toThrow(/^Unauthorized$/);
      expect(lines.filter((l) => l.msg === "decision").at(-1)).toMatchObject({ result: "unauthorized", reason: `token_${reason}` });
    }
  });

  it("answers 401 to a token for another audience", async () => {
    const { a, lines } = authorizer();
    const other = await issuer.token({ resource: RESOURCES[1]!, scope: "pets:read" });
    expect(decodeJwt(other).aud).toBe(RESOURCES[1]);
    await expect(a.handle(readPet(other))).rejects.toThrow("Unauthorized");
    expect(lines.filter((l) => l.msg === "decision").at(-1)).toMatchObject({ reason: "token_wrong_audience" });
  });

  it("refuses alg:none and HS256 signed with the issuer's RSA public key", async () => {
    const { a, lines } = authorizer();
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: "mallory", scope: "pets:read", iss: issuer.issuer, aud: AUD, iat: now, exp: now + 300 };
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const none = `${b64({ alg: "none", typ: "at+jwt" })}.${b64(claims)}.`;
    await expect(a.handle(readPet(none))).rejects.toThrow("Unauthorized");
    const publicPem = (await fetch(issuer.jwksUri).then((r) => r.json())) as { keys: Record<string, unknown>[] };
    const { createPublicKey } = await import("node:crypto");
    const pem = createPublicKey({ key: publicPem.keys[0] as never, format: "jwk" }).export({ type: "spki", format: "pem" });
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid: issuer.keys[0]!.kid }).sign(new TextEncoder().encode(String(pem)));
    await expect(a.handle(readPet(hs))).rejects.toThrow("Unauthorized");
    const reasons = lines.filter((l) => l.msg === "decision").map((l) => l.reason);
    expect(reasons).toEqual(["token_unsupported_alg", "token_unsupported_alg"]);
  });

  it("unknown APIs: denied by default, allowed with ENFORCEMENT_ALLOW_UNKNOWN=true", async () => {
    const strict = authorizer();
    const lenient = authorizer({ ENFORCEMENT_ALLOW_UNKNOWN: "true" });
    const unknownRoute = request("GET", "/toys", "/toys");
    const unknownStage = readPet(null);
    unknownStage.methodArn = `arn:aws:execute-api:us-east-1:123456789012:${API}/dev/GET/pets/42`;
    (unknownStage.requestContext as Record<string, unknown>).stage = "dev";
    for (const e of [unknownRoute, unknownStage]) {
      expect(statement(await strict.a.handle(e)).Effect).toBe("Deny");
      expect(statement(await lenient.a.handle(e)).Effect).toBe("Allow");
    }
    // An API with no policy is Unrestricted.
    expect(statement(await strict.a.handle(request("GET", "/pets", "/pets"))).Effect).toBe("Allow");
  });

  it("injects the authn context: base64 JSON that decodes to the token's claims", async () => {
    const { a } = authorizer({ AWS_INJECT_CONTEXT: "true" });
    const token = await issuer.token({ scope: "pets:read" });
    const answer = (await a.handle(readPet(token))) as AuthorizerResponse;
    expect(Object.values(answer.context!).every((v) => typeof v !== "object")).toBe(true);
    const decoded = JSON.parse(Buffer.from(answer.context!.authnCtx as string, "base64").toString("utf8")) as Record<string, unknown>;
    expect(decoded).toEqual({ ...decodeJwt(token), scp: ["pets:read"] });
  });

  it("denies an API whose policy does not compile, and says why in its log", async () => {
    const { a, lines } = authorizer();
    const token = await issuer.token({ scope: "pets:read" });
    expect(statement(await a.handle(request("PUT", "/pets/{petId}", "/pets/1", token))).Effect).toBe("Deny");
    expect(lines.some((l) => l.level === "error" && String(l.problem).includes(brokenPolicyName))).toBe(true);
    expect(lines.filter((l) => l.msg === "decision").at(-1)).toMatchObject({ result: "deny", reason: "policy_invalid", policy: brokenPolicyName });
  });

  it("picks up a rotated signing key (unknown kid → one JWKS refetch)", async () => {
    const { a } = authorizer();
    expect(statement(await a.handle(readPet(await issuer.token()))).Effect).toBe("Allow");
    issuer.rotate();
    const rotated = await issuer.token();
    expect(decodeJwt(rotated).iss).toBe(issuer.issuer);
    await new Promise((r) => setTimeout(r, 250)); // past the refetch cooldown (the reload interval)
    expect(statement(await a.handle(readPet(rotated))).Effect).toBe("Allow");
  });

  it("keeps enforcing the last good configuration when the platform goes down", async () => {
    const { a, lines } = authorizer();
    const token = await issuer.token();
    expect(statement(await a.handle(readPet(token))).Effect).toBe("Allow");
    console_.down = true;
    try {
      await new Promise((r) => setTimeout(r, 250));
      const started = performance.now();
      expect(statement(await a.handle(readPet(token))).Effect).toBe("Allow"); // kicks a refresh, does not wait
      expect(statement(await a.handle(request("DELETE", "/pets/{petId}", "/pets/42", token))).Effect).toBe("Deny");
      expect(performance.now() - started).toBeLessThan(100);
      await new Promise((r) => setTimeout(r, 100));
      expect(lines.some((l) => l.level === "warn" && l.msg === "failed to refresh gateway configuration; enforcing the last good one")).toBe(true);
    } finally {
      console_.down = false;
    }
  });

  it("denies with 'failed to get gateway configuration' while the platform is down from the start", async () => {
    console_.down = true;
    let a: Authorizer;
    let lines: Record<string, unknown>[];
    try {
      ({ a, lines } = authorizer({}, { firstFetchTimeoutMs: 500 }));
      const token = await issuer.token();
      const started = performance.now();
      expect(statement(await a.handle(readPet(token))).Effect).toBe("Deny");
      expect(statement(await a.handle(request("GET", "/pets", "/pets"))).Effect).toBe("Deny");
      expect(performance.now() - started).toBeLessThan(1500);
      expect(lines.some((l) => l.level === "error" && l.msg === "failed to get gateway configuration")).toBe(true);
    } finally {
      console_.down = false;
    }
    // Once the platform answers, the next request (after the retry spacing) gets a configuration.
    await new Promise((r) => setTimeout(r, 250));
    expect(statement(await a.handle(request("GET", "/pets", "/pets"))).Effect).toBe("Allow");
  });

  it("denies everything and names the setting when a setting is invalid", async () => {
    const { a, lines } = authorizer({ ACP_RELOAD_INTERVAL: "soon" });
    const errors = lines.filter((l) => l.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ settings: ["ACP_RELOAD_INTERVAL"] });
    expect(String((errors[0]!.problems as Record<string, string>).ACP_RELOAD_INTERVAL)).toMatch(/Go duration/);
    expect(statement(await a.handle(request("GET", "/pets", "/pets"))).Effect).toBe("Deny");
    expect(statement(await a.handle(readPet(await issuer.token()))).Effect).toBe("Deny");
  });

  it("decides TOKEN events too", async () => {
    const { a } = authorizer();
    const e = fixture("token-event.json");
    e.methodArn = `arn:aws:execute-api:us-east-1:123456789012:${API}/prod/GET/pets/42`;
    e.authorizationToken = `Bearer ${await issuer.token()}`;
    const answer = (await a.handle(e)) as AuthorizerResponse;
    expect(statement(answer)).toMatchObject({ Effect: "Allow", Resource: [e.methodArn] });
    delete e.authorizationToken;
    await expect(a.handle(e)).rejects.toThrow("Unauthorized");
  });

  it("follows a policy change within the reload interval", async () => {
    const { a } = authorizer();
    const token = await issuer.token();
    expect(statement(await a.handle(request("GET", "/pets", "/pets", token))).Effect).toBe("Allow");
    await assign(serviceId, "GET", "/pets", await createTestPolicy("Block list", [{ name: "false" }]));
    try {
      await new Promise((r) => setTimeout(r, 250));
      await a.handle(request("GET", "/pets", "/pets", token)); // starts the refresh
      await new Promise((r) => setTimeout(r, 200));
      expect(statement(await a.handle(request("GET", "/pets", "/pets", token))).Effect).toBe("Deny");
    } finally {
      await assign(serviceId, "GET", "/pets", null);
    }
  });

  it("pushes decision events to the console, never with the raw token", async () => {
    const { a } = authorizer();
    const token = await issuer.token();
    await a.handle(readPet(token));
    await new Promise((r) => setTimeout(r, 1100)); // pushes go at most once a second
    await a.handle(request("DELETE", "/pets/{petId}", "/pets/42", token));
    let rows: Awaited<ReturnType<typeof decisionEventsOf>> = [];
    for (let i = 0; i < 30 && rows.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await decisionEventsOf(gateway.id);
    }
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.result === "AUTHORIZED" && r.apiId !== null && r.invocationCtx?.client_id === "pets-reader")).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});
