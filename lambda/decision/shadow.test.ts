import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ctxArb, headerNameArb, headerValueArb, validPolicyArb } from "../../policy/arbitraries";
import { compileConfiguration, type CompiledConfiguration } from "../config/compile";
import { parseAuthorizerEvent, type AuthorizerRequest } from "../events/parse";
import { HttpClient } from "../http/client";
import { Logger } from "../log";
import { configurationOf } from "../testkit/platform";
import { mint, testKey, unsignedToken, type TestKey } from "../testkit/issuer";
import { TokenVerifier } from "../tokens/authenticate";
import { JwksCache } from "../tokens/jwks";
import { answerFor, type AuthorizerResponse } from "./answer";
import { decide, type Outcome } from "./decide";

/**
 * Shadow policies never change an answer (issue 16). For random enforced policies (valid ones
 * from the engine's generators, Unrestricted, broken, missing), random shadow policies (valid,
 * broken, missing), random requests and random tokens (valid with random claims, expired, of
 * another issuer, unsigned, mangled, none): the decision and the answer of a configuration with
 * shadow policies equal those of the same configuration without them — apart from the
 * `shadow_decision` context key an Allow gains — with and without AWS_INJECT_CONTEXT.
 * Decisions run on compiled configurations with a real TokenVerifier (keys held, no network).
 */
const ISSUER = "https://idp.example";
const JWKS_URI = `${ISSUER}/jwks`;
const API = "a1b2c3d4e5";
const ROUTES = [
  { id: "list", method: "GET", path: "/pets" },
  { id: "read", method: "GET", path: "/pets/{petId}" },
  { id: "create", method: "POST", path: "/pets" },
  { id: "delete", method: "DELETE", path: "/pets/{petId}" },
] as const;
const BROKEN = { validators: [{ name: "nonsense" }] };

let key: TestKey;
let verifier: TokenVerifier;
const tokens: string[] = [];

beforeAll(async () => {
  key = await testKey("k1");
  const log = new Logger("error", () => {});
  const jwks = new JwksCache(new HttpClient(), log, { minRefetchMs: () => 60_000 });
  jwks.seed(JWKS_URI, [key.publicJwk], Date.now());
  verifier = new TokenVerifier(jwks, null);
  // Valid tokens with claims from the engine's generator (registered claims left to mint).
  const claimSets = fc.sample(ctxArb, { numRuns: 40, seed: 16 }).filter((c): c is Record<string, unknown> => c !== null);
  for (const c of claimSets) {
    const { aud: _aud, iss: _iss, exp: _exp, nbf: _nbf, iat: _iat, ...claims } = c;
    tokens.push(await mint(key, claims, { issuer: ISSUER, audience: "api" }));
  }
  const good = tokens[0]!;
  tokens.push(await mint(key, { sub: "old" }, { issuer: ISSUER, audience: "api", nowSeconds: Math.floor(Date.now() / 1000) - 7200 }));
  tokens.push(await mint(key, { sub: "stranger" }, { issuer: "https://evil.example", audience: "api" }));
  tokens.push(unsignedToken({ sub: "none", iss: ISSUER, exp: Math.floor(Date.now() / 1000) + 300 }));
  tokens.push(`${good.slice(0, -4)}AAAA`, "not-a-jwt", "a.b.c");
});

type PolicyChoice = { kind: "none" } | { kind: "valid"; definition: Record<string, unknown> } | { kind: "broken" } | { kind: "missing" };

const enforcedArb: fc.Arbitrary<PolicyChoice> = fc.oneof(
  { weight: 4, arbitrary: validPolicyArb.map((definition) => ({ kind: "valid" as const, definition })) },
  fc.constant({ kind: "none" as const }),
  fc.constant({ kind: "broken" as const }),
  fc.constant({ kind: "missing" as const }),
);
const shadowArb: fc.Arbitrary<PolicyChoice> = fc.oneof(
  { weight: 4, arbitrary: validPolicyArb.map((definition) => ({ kind: "valid" as const, definition })) },
  fc.constant({ kind: "broken" as const }),
  fc.constant({ kind: "missing" as const }),
);

function documents(enforced: PolicyChoice[], shadows: PolicyChoice[]) {
  const policies: { id: string; validators: unknown[] }[] = [];
  const ref = (prefix: string, i: number, c: PolicyChoice): string | undefined => {
    if (c.kind === "none") return undefined;
    const id = `${prefix}-${i}`;
    if (c.kind === "valid") policies.push({ id, ...(c.definition as { validators: unknown[] }) });
    if (c.kind === "broken") policies.push({ id, ...BROKEN });
    return id; // "missing": referenced, not in the document
  };
  const apis = ROUTES.map((r, i) => ({ ...r, policy_id: ref("enforced", i, enforced[i]!), shadow_policy_id: ref("shadow", i, shadows[i]!) }));
  const doc = (withShadow: boolean) =>
    configurationOf({
      restApiId: API,
      stage: "prod",
      apis: apis.map(({ shadow_policy_id, ...a }) => (withShadow && shadow_policy_id ? { ...a, shadow_policy_id } : a)),
      policies,
      issuers: [{ issuer: ISSUER, jwks_uri: JWKS_URI }],
    });
  return { without: doc(false), with: doc(true) };
}

function compiled(doc: Record<string, unknown>): CompiledConfiguration {
  const r = compileConfiguration(doc);
  if (!r.ok) throw new Error(r.error);
  return r.config;
}

const requestArb = fc.record({
  route: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ROUTES.map((r) => `${r.method} ${r.path}`)) }, fc.constant("PUT /pets")),
  headers: fc.dictionary(headerNameArb.filter((n) => n.toLowerCase() !== "authorization"), headerValueArb, { maxKeys: 4 }),
  token: fc.option(fc.nat(), { nil: null }),
  scheme: fc.constantFrom("Bearer ", "bearer ", "Basic "),
});

/** A REQUEST event as API Gateway sends it, normalized by the real parser. */
function requestEvent(r: { route: string; headers: Record<string, unknown>; token: number | null; scheme: string }): AuthorizerRequest {
  const [method, template] = r.route.split(" ") as [string, string];
  const path = template.replace("{petId}", "42");
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(r.headers)) {
    const values = v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string];
    if (values.length) multiValueHeaders[k] = values;
  }
  if (r.token !== null) multiValueHeaders.Authorization = [`${r.scheme}${tokens[r.token % tokens.length]!}`];
  const req = parseAuthorizerEvent({
    type: "REQUEST",
    methodArn: `arn:aws:execute-api:us-east-1:123456789012:${API}/prod/${method}${path}`,
    resource: template,
    path,
    httpMethod: method,
    multiValueHeaders,
    requestContext: { apiId: API, stage: "prod", resourcePath: template, httpMethod: method, accountId: "123456789012" },
  });
  if (!req) throw new Error("the generated event must parse");
  return req;
}

async function decided(config: CompiledConfiguration, req: AuthorizerRequest): Promise<Outcome> {
  return decide(req, { config, verifier, allowUnknown: false });
}

/** The answer minus `context.shadow_decision` (an empty context dropped, as buildAnswer does). */
function withoutShadowKey(answer: AuthorizerResponse | null): AuthorizerResponse | null {
  if (!answer?.context) return answer;
  const { shadow_decision: _shadow, ...rest } = answer.context;
  const { context: _context, ...bare } = answer;
  return Object.keys(rest).length ? { ...bare, context: rest } : bare;
}

describe("shadow policies (property)", () => {
  it("never change the answer: with a shadow policy it equals the answer without, for every input", async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(enforcedArb, { minLength: 4, maxLength: 4 }), fc.array(shadowArb, { minLength: 4, maxLength: 4 }), requestArb, async (enforced, shadows, r) => {
        const docs = documents(enforced, shadows);
        const req = requestEvent(r);
        const plain = await decided(compiled(docs.without), req);
        const shadowed = await decided(compiled(docs.with), req);
        const { shadow, ...decision } = shadowed;
        seen.add(`${shadowed.effect}`).add(`shadow ${shadow?.result ?? "none"}`).add(`${shadowed.effect} shadow ${shadow?.result ?? "none"}`);
        expect({ ...decision, route: decision.route?.id }).toEqual({ ...plain, shadow: undefined, route: plain.route?.id });
        expect(plain.shadow).toBeNull();
        for (const inject of [false, true]) {
          const a = answerFor(req, plain, inject);
          const b = answerFor(req, shadowed, inject);
          expect(withoutShadowKey(b)).toEqual(a);
          expect(b?.context?.shadow_decision).toBe(shadowed.effect === "Allow" && shadow ? shadow.result : undefined);
        }
        // Every matched API with a shadow policy reports it; broken and missing ones as broken.
        const i = ROUTES.findIndex((x) => `${x.method} ${x.path}` === r.route);
        if (i < 0) expect(shadow).toBeNull();
        else {
          expect(shadow?.policyId).toBe(`shadow-${i}`);
          if (shadows[i]!.kind !== "valid") expect(shadow).toMatchObject({ result: "broken", failures: [{ validator: "policy" }] });
          else expect(["allow", "deny"]).toContain(shadow?.result);
        }
      }),
      { numRuns: 400 },
    );
    // The inputs reach every answer and every shadow result, also across each other.
    for (const s of ["Allow", "Deny", "Unauthorized", "shadow allow", "shadow deny", "shadow broken", "Allow shadow deny", "Deny shadow allow", "Unauthorized shadow allow"]) {
      expect(seen).toContain(s);
    }
  });
});
