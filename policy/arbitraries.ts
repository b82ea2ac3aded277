import fc from "fast-check";
import { type Comparator, type EvaluationInput, type RequestFacts } from "./index";

/**
 * fast-check generators of valid policies, authn contexts and requests, for property tests —
 * the engine's own (policy.property.test.ts) and the authorizer's (lambda/decision/shadow.test.ts:
 * the shadow policy never changes an answer). Test-only: fast-check is a devDependency, and
 * nothing the engine or the authorizer ships imports this file.
 */

export const CLAIMS = ["sub", "scp", "aud", "email", "address.country", "amr.0", "level", "x", "cnf.x5t#S256", "tenant"];
export const HEADERS = ["x-api-key", "accept", "x-tenant", "X-Multi", "authorization"];
export const REFS = ["$authnCtx.sub", "$authnCtx.tenant", "$request.method", "$request.path", "$request.headers.x-tenant", "$request.query.q", "$request.mtls.x5t#S256"];
export const SAFE_REGEXES = ["[a-z]+", "user-\\d+", "(a|b)*c", ".*", "\\w+@example\\.com", "(a+)+$"];

export const stringValue = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("*", "a*", "*b", "a\\*b", "\\\\", "pets:*", ...REFS));
export const anyValue = fc.oneof(
  stringValue,
  fc.integer({ min: -3, max: 3 }),
  fc.boolean(),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 2 })), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom("a", "b"), fc.integer({ min: 0, max: 2 })),
);

export function ruleArb(source: "identity-context" | "header"): fc.Arbitrary<Record<string, unknown>> {
  const field = source === "header" ? fc.constantFrom(...HEADERS) : fc.constantFrom(...CLAIMS);
  return fc.oneof(
    fc.record({ field, comparator: fc.constantFrom<Comparator>("present", "not_present") }),
    fc.record({ field, comparator: fc.constantFrom<Comparator>("matches"), value: fc.constantFrom(...SAFE_REGEXES) }),
    fc.record({
      field,
      comparator: fc.constantFrom<Comparator>("equals", "not_equals", "contains", "not_contains"),
      value: source === "header" ? stringValue : anyValue,
    }).filter((r) => !(r.comparator === "not_equals" && r.value === "*")),
  );
}

export const validatorArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constant({ name: "true" }),
  fc.constant({ name: "false" }),
  fc.array(ruleArb("identity-context"), { minLength: 1, maxLength: 4 }).map((fields) => ({ name: "identity-context", conf: { fields } })),
  fc.array(ruleArb("header"), { minLength: 1, maxLength: 4 }).map((fields) => ({ name: "header", conf: { fields } })),
);

export const validPolicyArb = fc.array(validatorArb, { minLength: 1, maxLength: 5 }).map((validators) => ({ validators }));

/** Random capitalisation of a header name. */
export const headerNameArb = fc.tuple(fc.constantFrom(...HEADERS), fc.array(fc.boolean(), { minLength: 16, maxLength: 16 })).map(([name, ups]) =>
  [...name].map((c, i) => (ups[i] ? c.toUpperCase() : c.toLowerCase())).join(""),
);

export const headerValueArb = fc.oneof(
  fc.constantFrom("a", "k1", "acme", "application/json", "*", "pets:read", "user-1"),
  fc.string({ maxLength: 6 }),
  fc.array(fc.constantFrom("a", "k1", "acme", "evil"), { maxLength: 3 }),
  fc.constant(undefined),
);

export const ctxArb = fc.option(
  fc.record(
    {
      sub: fc.oneof(fc.constantFrom("user-1", "a*", "*"), fc.string({ maxLength: 6 })),
      scp: fc.array(fc.constantFrom("pets:read", "pets:write", "admin"), { maxLength: 3 }),
      aud: fc.oneof(fc.constant("a"), fc.array(fc.constantFrom("a", "b"), { maxLength: 2 })),
      email: fc.constantFrom("a@example.com", "b@evil.com"),
      address: fc.record({ country: fc.constantFrom("PL", "DE") }),
      amr: fc.array(fc.constantFrom("pwd", "otp"), { maxLength: 2 }),
      level: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom("1", "2")),
      tenant: fc.constantFrom("acme", "acm*", "*"),
      x: fc.jsonValue({ maxDepth: 2 }),
      cnf: fc.record({ "x5t#S256": fc.constantFrom("t1", "t2") }),
    },
    { requiredKeys: [] },
  ),
  { nil: null },
);

export const requestArb: fc.Arbitrary<RequestFacts> = fc.record({
  method: fc.constantFrom("GET", "POST"),
  path: fc.constantFrom("/", "/pets/1"),
  headers: fc.dictionary(headerNameArb, headerValueArb, { maxKeys: 5 }),
  query: fc.option(fc.dictionary(fc.constantFrom("q", "r"), fc.oneof(fc.string({ maxLength: 3 }), fc.array(fc.string({ maxLength: 2 }), { maxLength: 2 }))), { nil: undefined }),
  mtls: fc.option(fc.record({ "x5t#S256": fc.constantFrom("t1", "t2") }), { nil: undefined }),
});

export const inputArb: fc.Arbitrary<EvaluationInput> = fc.record({ authnCtx: ctxArb, request: requestArb });
