import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Authorizer } from "./authorizer";
import type { AuthorizerResponse } from "./decision/answer";
import { hmacWithPublicKey, mint, testKey, unsignedToken, type TestKey } from "./testkit/issuer";
import { PETS_POLICIES, petsApis } from "./testkit/pets";
import { configurationOf, startFakePlatform, type FakePlatform } from "./testkit/platform";

/**
 * 10,000 random and mutated events and tokens through the handler. Properties:
 * 1. nothing escapes but `Error("Unauthorized")`; every answer is a well-formed IAM policy with
 *    primitive context values;
 * 2. no Allow where the policy or the token says no — judged by an oracle written independently
 *    of the authorizer: from the method ARN alone (verb + path), the known routes and the exact
 *    Authorization values the event carries;
 * 3. method ARNs of any partition, region, account and API id — AWS's own formats and an
 *    emulator's (`random-account-id`, `random-api-id`) — are read, an Allow never follows a
 *    request context that contradicts its ARN, and an Allow's statement names the event's own
 *    partition, region, account, API and stage, never a wildcard over them.
 */
const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8")) as Record<string, unknown>;
const AUD = "https://api.example";
const API = "a1b2c3d4e5";

let platform: FakePlatform;
let authorizer: Authorizer;
let key: TestKey;
const tokens: Record<string, string> = {};
let validScoped: Set<string>;

beforeAll(async () => {
  key = await testKey("k1");
  const stranger = await testKey("k1"); // same kid, another key: its signatures must fail
  platform = await startFakePlatform({ jwks: [key.publicJwk] });
  platform.configuration = configurationOf({
    restApiId: API,
    stage: "prod",
    apis: petsApis(),
    policies: PETS_POLICIES,
    issuers: [{ issuer: platform.userIssuer, jwks_uri: `${platform.userIssuer}/jwks`, audiences: [AUD] }],
    eventsPerSecond: 0,
  });
  const iss = platform.userIssuer;
  tokens.scoped = await mint(key, { sub: "alice", scope: "pets:read" }, { issuer: iss, audience: AUD });
  tokens.scoped2 = await mint(key, { sub: "bob", scp: ["x", "pets:read"] }, { issuer: iss, audience: [AUD, "other"] });
  tokens.noScope = await mint(key, { sub: "carol", scope: "pets:write" }, { issuer: iss, audience: AUD });
  tokens.expired = await mint(key, { sub: "dave", scope: "pets:read" }, { issuer: iss, audience: AUD, nowSeconds: Math.floor(Date.now() / 1000) - 3600 });
  tokens.future = await mint(key, { sub: "erin", scope: "pets:read" }, { issuer: iss, audience: AUD, notBeforeSeconds: 3600 });
  tokens.wrongAud = await mint(key, { sub: "frank", scope: "pets:read" }, { issuer: iss, audience: "https://elsewhere" });
  tokens.wrongIss = await mint(key, { sub: "gina", scope: "pets:read" }, { issuer: "https://evil.example", audience: AUD });
  tokens.stranger = await mint(stranger, { sub: "hank", scope: "pets:read" }, { issuer: iss, audience: AUD });
  tokens.none = unsignedToken({ sub: "ivan", scope: "pets:read", iss, aud: AUD, exp: Math.floor(Date.now() / 1000) + 300 });
  tokens.hmac = await hmacWithPublicKey(key, { sub: "judy", scope: "pets:read", iss, aud: AUD, exp: Math.floor(Date.now() / 1000) + 300 });
  validScoped = new Set([tokens.scoped, tokens.scoped2]);
  authorizer = new Authorizer({
    env: { ACP_ISSUER_URL: platform.issuerUrl, ACP_CLIENT_ID: platform.clientId, ACP_CLIENT_SECRET: platform.clientSecret, LOGGING_LEVEL: "error" },
    sink: () => {},
  });
  // Warm: configuration and keys held, so every run below is a pure in-memory decision.
  await authorizer.handle({ ...fixture("token-event.json"), authorizationToken: `Bearer ${tokens.scoped}` });
});

afterAll(async () => {
  authorizer.close();
  await platform.close();
});

// ----- generators -----

const mutateToken = (t: string) =>
  fc.oneof(
    fc.nat({ max: t.length - 1 }).chain((i) => fc.string({ minLength: 1, maxLength: 1 }).map((c) => t.slice(0, i) + c + t.slice(i + 1))),
    fc.nat({ max: t.length }).map((i) => t.slice(0, i)),
    fc.constant(t.split(".").reverse().join(".")),
    fc.constant(`${t.split(".")[0]}.${t.split(".")[1]}.`),
    fc.string().map((s) => `${t}${s}`),
    fc.constant(t.replace(/^[^.]+/, Buffer.from(JSON.stringify({ alg: "HS256", kid: "k1" })).toString("base64url"))),
    fc.constant(t.replace(/^[^.]+/, Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url"))),
  );

const tokenArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("scoped", "scoped2").map((k) => tokens[k]!) },
  fc.constantFrom(...Object.keys({ scoped: 1, scoped2: 1, noScope: 1, expired: 1, future: 1, wrongAud: 1, wrongIss: 1, stranger: 1, none: 1, hmac: 1 })).map((k) => tokens[k]!),
  fc.constantFrom("scoped", "scoped2").chain((k) => mutateToken(tokens[k]!)),
  fc.string({ maxLength: 60 }),
  fc.base64String({ maxLength: 80 }),
);

const authValueArb = fc.oneof(
  { weight: 4, arbitrary: tokenArb.map((t) => `Bearer ${t}`) },
  tokenArb.map((t) => `bearer  ${t}`),
  tokenArb.map((t) => `Basic ${t}`),
  tokenArb,
  fc.string({ maxLength: 30 }),
);

// Biased towards the known routes so that every outcome (Allow, Deny, 401) is reached often.
const verbArb = fc.oneof({ weight: 5, arbitrary: fc.constant("GET") }, { weight: 2, arbitrary: fc.constantFrom("POST", "DELETE") }, fc.constantFrom("PUT", "PATCH", "HEAD", "OPTIONS"));
const pathArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("pets", "pets/42", "pets/7") },
  fc.constantFrom("pets/", "pets/42/toys", "unknown", "", "Pets/1"),
  fc.array(fc.stringMatching(/^[a-zA-Z0-9{}+%-]{0,6}$/), { maxLength: 4 }).map((s) => s.join("/")),
);
const templateFor = (p: string) => (p.startsWith("pets/") && p.split("/").filter(Boolean).length === 2 ? "/pets/{petId}" : `/${p}`);
const headerNameArb = fc.constantFrom("Authorization", "authorization", "AUTHORIZATION", "X-Tenant", "x-tenant", "User-Agent");

// Any segment an ARN may carry, AWS's formats and an emulator's first; some with separators,
// wildcards or whitespace in them, which must never be read as another API's ARN.
const oddSegmentArb = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.~$-]{1,12}$/), fc.string({ maxLength: 8 }), fc.constantFrom("*", "a:b", "a/b", "a b", "?", ""));
const partitionArb = fc.oneof({ weight: 8, arbitrary: fc.constant("aws") }, fc.constantFrom("aws-cn", "aws-us-gov", "local"), oddSegmentArb);
const regionArb = fc.oneof({ weight: 8, arbitrary: fc.constant("us-east-1") }, fc.constantFrom("eu-west-1", "local"), oddSegmentArb);
const accountArb = fc.oneof({ weight: 6, arbitrary: fc.constant("123456789012") }, { weight: 2, arbitrary: fc.constant("random-account-id") }, oddSegmentArb);
const apiIdArb = fc.oneof({ weight: 12, arbitrary: fc.constant(API) }, fc.constantFrom("random-api-id", "zzzzzzzzzz", `${API}*`, `${API}:x`), oddSegmentArb);
const arnPrefixArb = fc.record({ partition: partitionArb, region: regionArb, account: accountArb });

const requestEventArb = fc
  .record({
    prefix: arnPrefixArb,
    verb: verbArb,
    path: pathArb,
    auth: fc.option(fc.oneof({ weight: 4, arbitrary: authValueArb.map((v) => [v]) }, fc.array(authValueArb, { minLength: 2, maxLength: 2 })), { nil: undefined, freq: 6 }),
    tenant: fc.option(fc.constantFrom("acme", "ACME", "other", ""), { nil: undefined }),
    extraHeaders: fc.dictionary(headerNameArb, fc.string({ maxLength: 20 }), { maxKeys: 2 }),
    useTemplate: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, fc.constant(false)),
    apiId: apiIdArb,
    stage: fc.oneof({ weight: 8, arbitrary: fc.constant("prod") }, fc.constant("dev"), fc.constant("*")),
    // The request context's own ids: usually the ARN's, sometimes another (a forged event).
    contextAccount: fc.option(accountArb, { nil: undefined, freq: 8 }),
    contextApiId: fc.option(apiIdArb, { nil: undefined, freq: 8 }),
  })
  .map((r) => {
    const e = fixture("request-event.json");
    e.methodArn = `arn:${r.prefix.partition}:execute-api:${r.prefix.region}:${r.prefix.account}:${r.apiId}/${r.stage}/${r.verb}/${r.path}`;
    const headers: Record<string, string> = { ...r.extraHeaders };
    const multi: Record<string, string[]> = {};
    if (r.auth) {
      headers.Authorization = r.auth[r.auth.length - 1]!;
      multi.Authorization = r.auth;
    }
    if (r.tenant !== undefined) headers["X-Tenant"] = r.tenant;
    e.headers = headers;
    e.multiValueHeaders = multi;
    e.httpMethod = r.verb;
    const ctx = e.requestContext as Record<string, unknown>;
    ctx.apiId = r.contextApiId ?? r.apiId;
    ctx.accountId = r.contextAccount ?? r.prefix.account;
    ctx.stage = r.stage;
    ctx.httpMethod = r.verb;
    const template = r.useTemplate ? templateFor(r.path) : `/${r.path}`;
    ctx.resourcePath = template;
    e.resource = template;
    return e;
  });

const tokenEventArb = fc.record({ prefix: arnPrefixArb, apiId: apiIdArb, verb: verbArb, path: pathArb, auth: fc.option(authValueArb, { nil: undefined }) }).map((r) => {
  const e: Record<string, unknown> = { type: "TOKEN", methodArn: `arn:${r.prefix.partition}:execute-api:${r.prefix.region}:${r.prefix.account}:${r.apiId}/prod/${r.verb}/${r.path}` };
  if (r.auth !== undefined) e.authorizationToken = r.auth;
  return e;
});

/** Random damage to a well-formed event: fields removed, retyped or replaced by anything. */
const damagedArb = fc
  .tuple(fc.oneof(requestEventArb, tokenEventArb), fc.array(fc.tuple(fc.constantFrom("type", "methodArn", "headers", "multiValueHeaders", "requestContext", "resource", "authorizationToken", "httpMethod", "queryStringParameters"), fc.anything()), { maxLength: 3 }))
  .map(([e, damage]) => {
    const copy: Record<string, unknown> = { ...e };
    for (const [k, v] of damage) copy[k] = v;
    return copy;
  });

const eventArb = fc.oneof(
  { weight: 4, arbitrary: requestEventArb },
  { weight: 2, arbitrary: tokenEventArb },
  { weight: 2, arbitrary: damagedArb },
  { weight: 1, arbitrary: fc.anything() },
);

// ----- the oracle -----

interface OracleArn {
  /** `arn:{partition}:execute-api:{region}:{account}:{api}/{stage}/`: what an Allow may name. */
  prefix: string;
  account: string;
  apiId: string;
  stage: string;
  verb: string;
  rest: string;
}

/** The method ARN split by hand (no regular expression shared with the parser). */
function splitArn(value: unknown): OracleArn | null {
  if (typeof value !== "string") return null;
  const slash = value.indexOf("/");
  if (slash < 0) return null;
  const head = value.slice(0, slash).split(":");
  if (head.length !== 6 || head[0] !== "arn" || head[2] !== "execute-api") return null;
  const [stage, verb, ...path] = value.slice(slash + 1).split("/");
  if (stage === undefined || verb === undefined || path.length === 0) return null;
  const ids = [head[1]!, head[3]!, head[4]!, head[5]!, stage];
  const plain = (x: string) => x !== "" && [...x].every((c) => c > " " && c !== "\x7f" && c !== "*" && c !== "?");
  if (!ids.every(plain) || !/^[A-Z]+$/.test(verb)) return null;
  return { prefix: `arn:${head[1]}:execute-api:${head[3]}:${head[4]}:${head[5]}/${stage}/`, account: head[4]!, apiId: head[5]!, stage, verb, rest: path.join("/") };
}

function authorizationValues(e: Record<string, unknown>): string[] {
  if (e.type === "TOKEN") return typeof e.authorizationToken === "string" ? [e.authorizationToken] : [];
  const out: string[] = [];
  for (const source of [e.headers, e.multiValueHeaders]) {
    if (!source || typeof source !== "object") continue;
    for (const [k, v] of Object.entries(source)) {
      if (k.toLowerCase() !== "authorization") continue;
      for (const x of Array.isArray(v) ? v : [v]) if (typeof x === "string" && x.trim() !== "") out.push(x);
    }
  }
  return out;
}

function tenantValues(e: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const source of [e.headers, e.multiValueHeaders]) {
    if (!source || typeof source !== "object") continue;
    for (const [k, v] of Object.entries(source)) if (k.toLowerCase() === "x-tenant") for (const x of Array.isArray(v) ? v : [v]) out.push(String(x));
  }
  return out;
}

/** Why an Allow for this event would be wrong, or null when an Allow is acceptable. */
function allowViolation(e: unknown): string | null {
  if (!e || typeof e !== "object") return "allowed a non-object event";
  const ev = e as Record<string, unknown>;
  const arn = splitArn(ev.methodArn);
  if (!arn) return "allowed without a valid method ARN";
  const { apiId, stage, verb, rest } = arn;
  if (apiId !== API || stage !== "prod") return "allowed an unknown REST API or stage";
  if (ev.type === "REQUEST" && ev.requestContext && typeof ev.requestContext === "object") {
    const ctx = ev.requestContext as Record<string, unknown>;
    for (const [key, expected] of [["apiId", apiId], ["stage", stage], ["accountId", arn.account]] as const) {
      if (typeof ctx[key] === "string" && ctx[key] !== expected) return `allowed a request context whose ${key} contradicts its ARN`;
    }
  }
  const parts = rest.split("/").filter(Boolean);
  const route =
    parts.length === 1 && parts[0] === "pets" ? (verb === "GET" ? "list" : verb === "POST" ? "create" : null) : parts.length === 2 && parts[0] === "pets" ? (verb === "GET" ? "read" : verb === "DELETE" ? "delete" : null) : null;
  if (route === null) return "allowed an unknown API";
  if (route === "delete") return "allowed a blocked API";
  if (route === "read") {
    const values = authorizationValues(ev);
    const ok = values.length > 0 && values.every((v) => {
      const t = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(v)?.[1];
      return t !== undefined && validScoped.has(t);
    });
    return ok ? null : "allowed the scoped API without a valid token carrying pets:read";
  }
  if (route === "create") return tenantValues(ev).includes("acme") ? null : "allowed the tenant API without X-Tenant: acme";
  return null;
}

function shapeProblem(r: unknown): string | null {
  const a = r as AuthorizerResponse;
  if (!a || typeof a.principalId !== "string" || a.principalId === "") return "principalId";
  const st = a.policyDocument?.Statement;
  if (a.policyDocument?.Version !== "2012-10-17" || !Array.isArray(st) || st.length !== 1) return "policyDocument";
  if (st[0].Action !== "execute-api:Invoke" || !["Allow", "Deny"].includes(st[0].Effect)) return "statement";
  if (!st[0].Resource.every((x) => typeof x === "string" && x.length <= 512)) return "resource";
  if (a.context && !Object.values(a.context).every((v) => ["string", "number", "boolean"].includes(typeof v))) return "context";
  return null;
}

describe("fuzz", () => {
  it("10,000 random and mutated events and tokens: nothing escapes, no wrong Allow", async () => {
    const stats = { allow: 0, deny: 0, unauthorized: 0, emulatorAllow: 0 };
    await fc.assert(
      fc.asyncProperty(eventArb, async (event) => {
        let result: unknown;
        try {
          result = await authorizer.handle(event);
        } catch (err) {
          expect(err).toBeInstanceOf(Error);
          expect((err as Error).message).toBe("Unauthorized");
          stats.unauthorized++;
          return;
        }
        expect(shapeProblem(result)).toBeNull();
        const eff = (result as AuthorizerResponse).policyDocument.Statement[0].Effect;
        if (eff === "Allow") {
          stats.allow++;
          expect(allowViolation(event)).toBeNull();
          const prefix = splitArn((event as { methodArn: string }).methodArn)!.prefix;
          for (const resource of (result as AuthorizerResponse).policyDocument.Statement[0].Resource) expect(resource.startsWith(prefix)).toBe(true);
          if ((event as { methodArn: string }).methodArn.includes(":random-account-id:")) stats.emulatorAllow++;
        } else stats.deny++;
      }),
      { numRuns: 10_000 },
    );
    // The generators must reach every outcome, or the property proves little.
    expect(stats.allow).toBeGreaterThan(200);
    expect(stats.deny).toBeGreaterThan(200);
    expect(stats.unauthorized).toBeGreaterThan(200);
    expect(stats.emulatorAllow).toBeGreaterThan(50);
  }, 120_000);
});
