import { describe, expect, it } from "vitest";
import {
  COMPARATORS,
  VALIDATOR_NAMES,
  compilePolicy,
  validatePolicy,
  type Comparator,
  type CompiledPolicy,
  type Decision,
  type EvaluationInput,
  type RequestFacts,
  type Validator,
} from "./index";

// ---------------------------------------------------------------------------------------------
// Fixtures

const LONG_A = "a".repeat(5000);

const CTX: Record<string, unknown> = {
  sub: "user-1",
  email: "alice@example.com",
  scp: ["pets:read", "pets:write"],
  aud: ["a", "b"],
  aud_copy: ["a", "b"],
  amr: ["pwd", "otp"],
  amr_mixed: ["pwd", "OTP"],
  address: { country: "PL", city: "Kraków" },
  cnf: { "x5t#S256": "thumb-1" },
  level: 1,
  num_str: "1",
  verified: true,
  verified_str: "true",
  tenant: "acme",
  greeting: "hi acme",
  star_claim: "*",
  glob_claim: "acm*",
  nothing: null,
  empty_arr: [],
  nested: { list: [{ id: "x" }] },
  "https://example.com/roles": ["admin"],
  obj: { a: 1, b: [1, 2] },
  backslash: "DOMAIN\\user",
  literal_star: "a*b",
  axb: "axb",
  text: "hello world",
  method_claim: "GET",
  path_claim: "/pets/1",
  page: "2",
  tag_a: "a",
  long_a: LONG_A,
  long_a_bang: `${LONG_A}!`,
  too_long: "x".repeat(9000),
};

const REQ: RequestFacts = {
  method: "GET",
  path: "/pets/1",
  headers: {
    "X-Api-Key": "k1",
    "x-tenant": "acme",
    "X-Multi": ["ok", "ok"],
    "X-Bad-Multi": ["ok", "evil"],
    "X-Empty": [],
    Accept: "application/json",
    "x-scope": "pets:read",
    "x-scope-glob": "pets:*",
    "x-undefined": undefined,
  },
  query: { page: "2", tag: ["a", "b"] },
  mtls: { "x5t#S256": "thumb-1" },
};

const idc = (field: string, comparator: Comparator, value?: unknown): Validator[] => [
  { name: "identity-context", conf: { fields: [value === undefined ? { field, comparator } : { field, comparator, value }] } },
];
const hdr = (field: string, comparator: Comparator, value?: unknown): Validator[] => [
  { name: "header", conf: { fields: [value === undefined ? { field, comparator } : { field, comparator, value }] } },
];

function compiled(validators: unknown): CompiledPolicy {
  const r = compilePolicy({ validators });
  if (!r.ok) throw new Error(`expected the policy to compile: ${r.error.message}`);
  return r.policy;
}

function run(validators: unknown, over: { ctx?: Record<string, unknown> | null; req?: Partial<RequestFacts> } = {}): Decision {
  const input: EvaluationInput = {
    authnCtx: over.ctx === undefined ? CTX : over.ctx,
    request: { ...REQ, ...over.req },
  };
  return compiled(validators).evaluate(input);
}

type Case = [string, unknown, boolean, { ctx?: Record<string, unknown> | null; req?: Partial<RequestFacts> }?];

// ---------------------------------------------------------------------------------------------
// The table. Cases marked NAIVE are where a naive implementation would wrongly allow.

const CASES: Case[] = [
  // equals: strings, globs, escapes
  ["equals exact string", idc("sub", "equals", "user-1"), true],
  ["equals other string", idc("sub", "equals", "user-2"), false],
  ["equals is case-sensitive", idc("sub", "equals", "USER-1"), false],
  ["equals glob suffix", idc("email", "equals", "*@example.com"), true],
  ["equals glob suffix mismatch", idc("email", "equals", "*@example.org"), false],
  ["equals glob prefix", idc("email", "equals", "alice@*"), true],
  ["equals glob in the middle", idc("text", "equals", "h*o w*d"), true],
  ["equals glob in the middle mismatch", idc("text", "equals", "h*x*d"), false],
  ["equals trailing star matches empty", idc("text", "equals", "hello world*"), true],
  ["equals glob is anchored (NAIVE)", idc("text", "equals", "lo*"), false],
  ['equals "*" on a present string', idc("email", "equals", "*"), true],
  ['equals "*" on a present number', idc("level", "equals", "*"), true],
  ['equals "*" on an absent claim (NAIVE)', idc("missing", "equals", "*"), false],
  ['equals "*" on a null claim (NAIVE)', idc("nothing", "equals", "*"), false],
  ["equals escaped star is literal", idc("literal_star", "equals", "a\\*b"), true],
  ["equals escaped star does not glob (NAIVE)", idc("axb", "equals", "a\\*b"), false],
  ["equals escaped backslash", idc("backslash", "equals", "DOMAIN\\\\user"), true],
  ["equals other backslash kept as is", idc("backslash", "equals", "DOMAIN\\user"), true],
  // equals: strict types
  ["equals number 1 = 1", idc("level", "equals", 1), true],
  ['equals number claim 1 vs value "1" (NAIVE)', idc("level", "equals", "1"), false],
  ['equals string claim "1" vs value 1 (NAIVE)', idc("num_str", "equals", 1), false],
  ["equals boolean true", idc("verified", "equals", true), true],
  ['equals string "true" vs boolean true (NAIVE)', idc("verified_str", "equals", true), false],
  ['equals boolean true vs string "true" (NAIVE)', idc("verified", "equals", "true"), false],
  // equals: arrays and objects
  ['equals array aud vs string "a" (NAIVE)', idc("aud", "equals", "a"), false],
  ["equals array deep-equal", idc("aud", "equals", ["a", "b"]), true],
  ["equals array order matters", idc("aud", "equals", ["b", "a"]), false],
  ["equals object deep-equal", idc("obj", "equals", { a: 1, b: [1, 2] }), true],
  ["equals object with fewer keys", idc("obj", "equals", { a: 1 }), false],
  ["equals deep array elements are literal, not globs", idc("aud", "equals", ["*", "b"]), false],
  // not_equals
  ["not_equals different", idc("sub", "not_equals", "user-2"), true],
  ["not_equals same", idc("sub", "not_equals", "user-1"), false],
  ["not_equals absent claim (NAIVE)", idc("missing", "not_equals", "x"), false],
  ["not_equals null claim (NAIVE)", idc("nothing", "not_equals", "x"), false],
  ["not_equals array vs scalar is not comparable (NAIVE)", idc("aud", "not_equals", "x"), false],
  ['not_equals "1" vs 1: different types', idc("num_str", "not_equals", 1), true],
  ["not_equals with glob", idc("email", "not_equals", "*@example.com"), false],
  ["not_equals array vs other array", idc("aud", "not_equals", ["a"]), true],
  // contains
  ["contains array element", idc("scp", "contains", "pets:read"), true],
  ["contains array element missing", idc("scp", "contains", "pets:delete"), false],
  ["contains array element by glob", idc("scp", "contains", "pets:*"), true],
  ["contains is case-sensitive", idc("amr", "contains", "PWD"), false],
  ["contains on aud", idc("aud", "contains", "a"), true],
  ["contains substring", idc("text", "contains", "lo wo"), true],
  ["contains substring missing", idc("text", "contains", "xyz"), false],
  ["contains substring with glob", idc("text", "contains", "h*w"), true],
  ["contains substring with glob missing", idc("text", "contains", "w*h"), false],
  ["contains on a number claim fails", idc("level", "contains", 1), false],
  ["contains on an absent claim", idc("missing", "contains", "a"), false],
  ['contains "*" on an empty array', idc("empty_arr", "contains", "*"), false],
  ["contains number element is strict", idc("aud", "contains", 1), false],
  // not_contains
  ["not_contains array without it", idc("scp", "not_contains", "admin"), true],
  ["not_contains array with it", idc("scp", "not_contains", "pets:read"), false],
  ["not_contains array with a glob hit", idc("scp", "not_contains", "pets:*"), false],
  ["not_contains absent claim (NAIVE)", idc("missing", "not_contains", "admin"), false],
  ["not_contains number claim is meaningless (NAIVE)", idc("level", "not_contains", 1), false],
  ["not_contains substring absent", idc("text", "not_contains", "evil"), true],
  ["not_contains substring present", idc("text", "not_contains", "world"), false],
  ["not_contains number in a string is meaningless (NAIVE)", idc("text", "not_contains", 5), false],
  // present / not_present
  ["present", idc("sub", "present"), true],
  ["present absent claim", idc("missing", "present"), false],
  ["present null claim (NAIVE)", idc("nothing", "present"), false],
  ["present empty array claim", idc("empty_arr", "present"), true],
  ["present ignores a value", idc("sub", "present", "whatever"), true],
  ["not_present absent claim", idc("missing", "not_present"), true],
  ["not_present null claim", idc("nothing", "not_present"), true],
  ["not_present present claim", idc("sub", "not_present"), false],
  // paths
  ["path into nested object", idc("address.country", "equals", "PL"), true],
  ["path array index 0", idc("amr.0", "equals", "pwd"), true],
  ["path array index 1", idc("amr.1", "equals", "pwd"), false],
  ["path array index out of range", idc("amr.5", "present"), false],
  ["path non-canonical index 00", idc("amr.00", "present"), false],
  ["path with # in a segment", idc("cnf.x5t#S256", "equals", "thumb-1"), true],
  ["path through array of objects", idc("nested.list.0.id", "equals", "x"), true],
  ["path with an escaped dot", idc("https://example\\.com/roles", "contains", "admin"), true],
  ["prototype path constructor (NAIVE)", idc("constructor", "present"), false],
  ["prototype path constructor.name (NAIVE)", idc("constructor.name", "present"), false],
  ["prototype path __proto__ (NAIVE)", idc("__proto__", "present"), false],
  ["prototype path __proto__ is not_present", idc("__proto__", "not_present"), true],
  ["prototype path toString (NAIVE)", idc("toString", "equals", "*"), false],
  ["prototype path hasOwnProperty (NAIVE)", idc("hasOwnProperty", "not_equals", "x"), false],
  ["string length is not a claim (NAIVE)", idc("sub.length", "present"), false],
  ["array length is not a claim (NAIVE)", idc("aud.length", "equals", 2), false],
  ["array method is not a claim (NAIVE)", idc("aud.map", "present"), false],
  // matches
  ["matches anchored full match", idc("sub", "matches", "user-\\d+"), true],
  ["matches unanchored prefix does not pass (NAIVE)", idc("sub", "matches", "user"), false],
  ["matches unanchored suffix does not pass (NAIVE)", idc("sub", "matches", "ser-1"), false],
  ["matches alternation is anchored as a whole (NAIVE)", idc("sub", "matches", "user|admin"), false],
  ["matches number claim via String()", idc("level", "matches", "\\d"), true],
  ["matches boolean claim via String()", idc("verified", "matches", "true|false"), true],
  ["matches every element of an array", idc("amr", "matches", "[a-z]+"), true],
  ["matches one bad element fails (NAIVE)", idc("amr_mixed", "matches", "[a-z]+"), false],
  ["matches empty array fails", idc("empty_arr", "matches", ".*"), false],
  ["matches absent claim", idc("missing", "matches", ".*"), false],
  ["matches object claim", idc("obj", "matches", ".*"), false],
  ["matches subject over 8192 chars fails", idc("too_long", "matches", "x*"), false],
  ["matches ReDoS (a+)+$ on 5000 a's", idc("long_a", "matches", "(a+)+$"), true],
  ["matches ReDoS (a+)+$ on 5000 a's + ! is false, quickly", idc("long_a_bang", "matches", "(a+)+$"), false],
  ["matches with explicit anchors", idc("email", "matches", "^[^@]+@example\\.com$"), true],
  // header
  ["header name is case-insensitive (lower)", hdr("x-api-key", "equals", "k1"), true],
  ["header name is case-insensitive (upper)", hdr("X-API-KEY", "equals", "k1"), true],
  ["header value is case-sensitive", hdr("x-api-key", "equals", "K1"), false],
  ['header equals "*" when present', hdr("accept", "equals", "*"), true],
  ["header equals glob", hdr("accept", "equals", "application/*"), true],
  ["header multi-valued, all good", hdr("x-multi", "equals", "ok"), true],
  ["header multi-valued, one bad value (NAIVE)", hdr("x-bad-multi", "equals", "ok"), false],
  ["header multi-valued not_equals, one bad value (NAIVE)", hdr("x-bad-multi", "not_equals", "evil"), false],
  ["header multi-valued contains needs every value", hdr("x-bad-multi", "contains", "o"), false],
  ["header multi-valued matches needs every value", hdr("x-bad-multi", "matches", "ok"), false],
  ["header empty array counts as absent (present)", hdr("x-empty", "present"), false],
  ["header empty array counts as absent (not_present)", hdr("x-empty", "not_present"), true],
  ["header undefined value counts as absent", hdr("x-undefined", "present"), false],
  ["header missing is not_present", hdr("x-missing", "not_present"), true],
  ["header missing not_equals fails (NAIVE)", hdr("x-missing", "not_equals", "x"), false],
  ["header matches anchored", hdr("accept", "matches", "application/(json|xml)"), true],
  ["header matches unanchored does not pass (NAIVE)", hdr("accept", "matches", "json"), false],
  ["header contains substring", hdr("accept", "contains", "json"), true],
  [
    "header duplicated under two spellings: both values must pass (NAIVE)",
    hdr("x-role", "equals", "user"),
    false,
    { req: { headers: { "X-Role": "user", "x-role": "admin" } } },
  ],
  [
    "header duplicated under two spellings, both good",
    hdr("x-role", "equals", "user"),
    true,
    { req: { headers: { "X-Role": "user", "x-role": ["user"] } } },
  ],
  ["header with no headers object", hdr("x-api-key", "present"), false, { req: { headers: undefined as unknown as RequestFacts["headers"] } }],
  // references
  ["reference $request.mtls path", idc("cnf.x5t#S256", "equals", "$request.mtls.x5t#S256"), true],
  ["reference $request.mtls mismatch", idc("cnf.x5t#S256", "equals", "$request.mtls.x5t#S256"), false, { req: { mtls: { "x5t#S256": "other" } } }],
  ["reference $request.mtls absent (NAIVE)", idc("cnf.x5t#S256", "equals", "$request.mtls.x5t#S256"), false, { req: { mtls: undefined } }],
  ["reference header, case-insensitive name", idc("tenant", "equals", "$request.headers.X-TENANT"), true],
  ["reference $authnCtx from a header rule", hdr("x-tenant", "equals", "$authnCtx.tenant"), true],
  [
    'reference: a claim "*" is not a wildcard (NAIVE)',
    hdr("x-tenant", "equals", "$authnCtx.star_claim"),
    false,
  ],
  ["reference: a claim with * is compared literally (NAIVE)", hdr("x-tenant", "equals", "$authnCtx.glob_claim"), false],
  [
    "reference: a literal * in the claim matches only a literal *",
    hdr("x-tenant", "equals", "$authnCtx.glob_claim"),
    true,
    { req: { headers: { "x-tenant": "acm*" } } },
  ],
  ["reference absent with not_equals fails (NAIVE)", idc("sub", "not_equals", "$authnCtx.missing"), false],
  ["reference null with not_equals fails (NAIVE)", idc("sub", "not_equals", "$authnCtx.nothing"), false],
  ["reference through a prototype path is absent (NAIVE)", idc("sub", "not_equals", "$authnCtx.constructor.name"), false],
  ["reference $request.method", idc("method_claim", "equals", "$request.method"), true],
  ["reference $request.path", idc("path_claim", "equals", "$request.path"), true],
  ["reference $request.query", idc("page", "equals", "$request.query.page"), true],
  ["reference multi-valued query: every value must pass (NAIVE)", idc("tag_a", "equals", "$request.query.tag"), false],
  ["reference multi-valued header with not_contains, none contained", idc("scp", "not_contains", "$request.headers.x-bad-multi"), true],
  [
    "reference multi-valued header: a smuggled second value cannot help (NAIVE)",
    idc("scp", "not_contains", "$request.headers.x-grp"),
    false,
    { req: { headers: { "x-grp": ["pets:read", "pets:read"] } } },
  ],
  ["reference as contains element", idc("scp", "contains", "$request.headers.x-scope"), true],
  ["reference with a * as contains element is literal (NAIVE)", idc("scp", "contains", "$request.headers.x-scope-glob"), false],
  ["reference as substring", idc("greeting", "contains", "$authnCtx.tenant"), true],
  ["reference to an array: deep equality", idc("aud", "equals", "$authnCtx.aud_copy"), true],
  ["reference to an array vs a string claim", idc("sub", "equals", "$authnCtx.aud_copy"), false],
  ["escaped $ makes a literal, not a reference", idc("dollar", "equals", "\\$authnCtx.sub"), true, { ctx: { dollar: "$authnCtx.sub" } }],
  // no identity
  ["identity-context without authn context fails even for not_present (NAIVE)", idc("sub", "not_present"), false, { ctx: null }],
  ["header reference to $authnCtx without authn context (NAIVE)", hdr("x-tenant", "equals", "$authnCtx.tenant"), false, { ctx: null }],
  ["header-only policy without authn context", hdr("x-api-key", "equals", "k1"), true, { ctx: null }],
  // true / false
  ["true", [{ name: "true" }], true],
  ["false", [{ name: "false" }], false],
  ["true and false", [{ name: "true" }, { name: "false" }], false],
  ["recovery is accepted and ignored", [{ name: "true", recovery: [{ name: "redirect" }] }], true],
  ["every validator must pass", [...idc("sub", "equals", "user-1"), ...hdr("x-api-key", "equals", "nope")], false],
];

describe("policy evaluation table", () => {
  it("has at least 60 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES)("%s", (_name, validators, expected, over) => {
    const decision = run(validators, over);
    expect(decision.allowed).toBe(expected);
    if (!decision.allowed) {
      expect(decision.failures.length).toBeGreaterThan(0);
      for (const f of decision.failures) expect(f.message).toEqual(expect.any(String));
    }
  });

  it("a ReDoS-shaped pattern finishes quickly on the long subject", () => {
    const p = compiled(idc("long_a_bang", "matches", "(a+)+$"));
    const t = performance.now();
    for (let i = 0; i < 5; i++) expect(p.evaluate({ authnCtx: CTX, request: REQ }).allowed).toBe(false);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

// ---------------------------------------------------------------------------------------------

type BadCase = [string, unknown, string];

const BAD: BadCase[] = [
  ["null definition", null, ""],
  ["a string definition", "validators", ""],
  ["an array definition", [{ name: "true" }], ""],
  ["validators missing", {}, "validators"],
  ["validators not an array", { validators: { name: "true" } }, "validators"],
  ["zero validators", { validators: [] }, "validators"],
  ["too many validators", { validators: Array.from({ length: 101 }, () => ({ name: "true" })) }, "validators"],
  ["validator not an object", { validators: ["true"] }, "validators.0"],
  ["unknown validator name", { validators: [{ name: "always" }] }, "validators.0.name"],
  ["validator name missing", { validators: [{ conf: {} }] }, "validators.0.name"],
  ["validator name wrong case", { validators: [{ name: "True" }] }, "validators.0.name"],
  ["identity-context without conf", { validators: [{ name: "identity-context" }] }, "validators.0.conf"],
  ["identity-context with empty fields", { validators: [{ name: "identity-context", conf: { fields: [] } }] }, "validators.0.conf.fields"],
  ["header with non-array fields", { validators: [{ name: "header", conf: { fields: { field: "a" } } }] }, "validators.0.conf.fields"],
  ["rule not an object", { validators: [{ name: "header", conf: { fields: ["x-a"] } }] }, "validators.0.conf.fields.0"],
  ["unknown comparator", { validators: idc("sub", "like" as Comparator, "x") }, "validators.0.conf.fields.0.comparator"],
  ["comparator missing", { validators: [{ name: "identity-context", conf: { fields: [{ field: "sub", value: "x" }] } }] }, "validators.0.conf.fields.0.comparator"],
  ["field missing", { validators: [{ name: "identity-context", conf: { fields: [{ comparator: "present" }] } }] }, "validators.0.conf.fields.0.field"],
  ["field empty", { validators: idc("", "present") }, "validators.0.conf.fields.0.field"],
  ["field not a string", { validators: idc(42 as unknown as string, "present") }, "validators.0.conf.fields.0.field"],
  ["field with an empty segment", { validators: idc("address..country", "present") }, "validators.0.conf.fields.0.field"],
  ["field written as a reference", { validators: idc("$authnCtx.sub", "present") }, "validators.0.conf.fields.0.field"],
  ["header field with a space", { validators: hdr("x api", "present") }, "validators.0.conf.fields.0.field"],
  ["equals without value", { validators: idc("sub", "equals") }, "validators.0.conf.fields.0.value"],
  ["equals with null value", { validators: idc("sub", "equals", null) }, "validators.0.conf.fields.0.value"],
  ["contains without value", { validators: idc("scp", "contains") }, "validators.0.conf.fields.0.value"],
  ["matches without value", { validators: idc("sub", "matches") }, "validators.0.conf.fields.0.value"],
  ["NaN value", { validators: idc("level", "equals", NaN) }, "validators.0.conf.fields.0.value"],
  ["function value", { validators: idc("level", "equals", () => 1) }, "validators.0.conf.fields.0.value"],
  ["Date value", { validators: idc("level", "equals", new Date(0)) }, "validators.0.conf.fields.0.value"],
  ["header number value", { validators: hdr("x-version", "equals", 2) }, "validators.0.conf.fields.0.value"],
  ['not_equals "*"', { validators: idc("sub", "not_equals", "*") }, "validators.0.conf.fields.0.value"],
  ["matches with a backreference", { validators: idc("sub", "matches", "(a)\\1") }, "validators.0.conf.fields.0.value"],
  ["matches with a lookahead", { validators: idc("sub", "matches", "(?=a)a") }, "validators.0.conf.fields.0.value"],
  ["matches with a lookbehind", { validators: idc("sub", "matches", "(?<!a)b") }, "validators.0.conf.fields.0.value"],
  ["matches with unbalanced parens", { validators: idc("sub", "matches", "(ab") }, "validators.0.conf.fields.0.value"],
  ["matches with a pattern over 256 chars", { validators: idc("sub", "matches", "a".repeat(257)) }, "validators.0.conf.fields.0.value"],
  ["matches with an exploding repetition", { validators: idc("sub", "matches", "((a{1000}){1000})") }, "validators.0.conf.fields.0.value"],
  ["matches with a number pattern", { validators: idc("sub", "matches", 5) }, "validators.0.conf.fields.0.value"],
  ["matches with a reference", { validators: idc("sub", "matches", "$authnCtx.pattern") }, "validators.0.conf.fields.0.value"],
  ["unknown $request reference", { validators: idc("sub", "equals", "$request.body") }, "validators.0.conf.fields.0.value"],
  ["misspelled $authnctx reference", { validators: idc("sub", "equals", "$authnctx.sub") }, "validators.0.conf.fields.0.value"],
  ["empty $authnCtx reference path", { validators: idc("sub", "equals", "$authnCtx.") }, "validators.0.conf.fields.0.value"],
  ["bad $request.headers reference", { validators: idc("sub", "equals", "$request.headers.") }, "validators.0.conf.fields.0.value"],
  ["type other than api", { type: "user", validators: [{ name: "true" }] }, "type"],
  ["language other than cloudentity", { language: "rego", validators: [{ name: "true" }] }, "language"],
  ["non-string policy_name", { policy_name: 5, validators: [{ name: "true" }] }, "policy_name"],
  ["validators behind a getter are not read", Object.defineProperty({}, "validators", { get: () => [{ name: "true" }], enumerable: true }), "validators"],
];

describe("malformed policies are configuration errors", () => {
  it.each(BAD)("%s", (_name, definition, path) => {
    const r = compilePolicy(definition);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("invalid_policy");
    expect(r.error.issues.map((i) => i.path)).toContain(path);
    expect(r.error.message.length).toBeGreaterThan(0);
    expect(validatePolicy(definition)).toEqual(r.error);
  });

  it("reports every problem, not only the first", () => {
    const r = compilePolicy({
      validators: [{ name: "nope" }, ...idc("sub", "like" as Comparator, "x"), ...hdr("x-a", "equals"), ...idc("", "present")],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.issues.map((i) => i.path)).toEqual([
      "validators.0.name",
      "validators.1.conf.fields.0.comparator",
      "validators.2.conf.fields.0.value",
      "validators.3.conf.fields.0.field",
    ]);
    expect(r.error.message).toMatch(/^validators\.0\.name: .*\(and 3 more problems\)$/);
  });

  it("accepts the built-ins and a full Cloudentity-shaped policy", () => {
    expect(validatePolicy({ validators: [{ name: "false" }] })).toBeNull();
    expect(validatePolicy({ validators: [{ name: "true" }] })).toBeNull();
    expect(
      validatePolicy({
        id: "p1",
        policy_name: "Pets",
        type: "api",
        language: "cloudentity",
        validators: [
          { name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "pets:read" }] }, recovery: null },
          { name: "header", conf: { fields: [{ field: "x-api-key", comparator: "present" }] } },
        ],
      }),
    ).toBeNull();
  });

  it("exports the names others code against", () => {
    expect([...COMPARATORS].sort()).toEqual(["contains", "equals", "matches", "not_contains", "not_equals", "not_present", "present"]);
    expect(VALIDATOR_NAMES).toEqual(["true", "false", "identity-context", "header"]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("decisions", () => {
  it("reports every failing validator and every failing field", () => {
    const d = run([
      { name: "identity-context", conf: { fields: [
        { field: "sub", comparator: "equals", value: "user-1" },
        { field: "email", comparator: "equals", value: "*@example.org" },
        { field: "missing", comparator: "present" },
      ] } },
      { name: "false" },
      { name: "header", conf: { fields: [{ field: "x-api-key", comparator: "not_present" }, { field: "x-tenant", comparator: "equals", value: "$authnCtx.missing" }] } },
      { name: "true" },
    ]);
    expect(d.allowed).toBe(false);
    if (d.allowed) return;
    expect(d.failures.map((f) => [f.validator, f.index, f.field, f.comparator])).toEqual([
      ["identity-context", 0, "email", "equals"],
      ["identity-context", 0, "missing", "present"],
      ["false", 1, undefined, undefined],
      ["header", 2, "x-api-key", "not_present"],
      ["header", 2, "x-tenant", "equals"],
    ]);
    expect(d.failures[0]!.message).toBe('claim "email" does not equal "*@example.org"');
    expect(d.failures[1]!.message).toBe('claim "missing" is absent');
    expect(d.failures[3]!.message).toBe('header "x-api-key" is present but must not be');
    expect(d.failures[4]!.message).toBe('header "x-tenant": the referenced $authnCtx.missing is absent');
  });

  it("never puts request or claim values in failure messages", () => {
    const d = run(idc("email", "equals", "*@example.org"));
    expect(JSON.stringify(d)).not.toContain("alice");
  });

  it("an allow is exactly { allowed: true }", () => {
    expect(run(idc("sub", "present"))).toEqual({ allowed: true });
  });

  it("needsIdentity follows what the policy reads", () => {
    expect(compiled(idc("sub", "present")).needsIdentity).toBe(true);
    expect(compiled(hdr("x-a", "equals", "$authnCtx.tenant")).needsIdentity).toBe(true);
    expect(compiled(hdr("x-a", "equals", "$request.headers.x-b")).needsIdentity).toBe(false);
    expect(compiled([{ name: "true" }, ...hdr("x-a", "present")]).needsIdentity).toBe(false);
    expect(compiled([{ name: "false" }]).needsIdentity).toBe(false);
  });

  it("a compiled policy does not change when its definition is mutated afterwards", () => {
    const fields = [{ field: "aud", comparator: "equals", value: ["a", "b"] }];
    const def = { validators: [{ name: "identity-context", conf: { fields } }] };
    const r = compilePolicy(def);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    fields[0]!.value.push("c");
    fields[0]!.comparator = "not_present";
    expect(r.policy.evaluate({ authnCtx: CTX, request: REQ }).allowed).toBe(true);
  });

  it("evaluate never throws on hostile input and denies", () => {
    const p = compiled([...idc("sub", "present"), ...hdr("x-a", "present")]);
    const throwing = new Proxy({}, { get: () => { throw new Error("boom"); }, ownKeys: () => { throw new Error("boom"); }, getOwnPropertyDescriptor: () => { throw new Error("boom"); } });
    const inputs: unknown[] = [
      undefined,
      null,
      42,
      "x",
      {},
      { authnCtx: throwing, request: REQ },
      { authnCtx: CTX, request: throwing },
      { authnCtx: CTX, request: { ...REQ, headers: throwing } },
      throwing,
      { authnCtx: [], request: [] },
    ];
    for (const input of inputs) {
      let d: Decision | undefined;
      expect(() => (d = p.evaluate(input as EvaluationInput))).not.toThrow();
      expect(d!.allowed).toBe(false);
      if (d && !d.allowed) expect(d.failures.length).toBeGreaterThan(0);
    }
  });

  it("a failing getter in a claim denies that rule and still reports the others", () => {
    const ctx = Object.defineProperty({ sub: "user-1" }, "bad", { get: () => { throw new Error("nope"); }, enumerable: true });
    const p = compiled([{ name: "identity-context", conf: { fields: [{ field: "bad", comparator: "present" }, { field: "other", comparator: "present" }] } }]);
    const d = p.evaluate({ authnCtx: ctx, request: REQ });
    expect(d.allowed).toBe(false);
    if (d.allowed) return;
    expect(d.failures.map((f) => f.field)).toEqual(["bad", "other"]);
    expect(d.failures[0]!.message).toMatch(/evaluation error.*denied/);
  });

  it("is re-entrant: a getter that evaluates the same policy does not corrupt the outer evaluation", () => {
    const p = compiled(hdr("x-a", "equals", "outer"));
    let inner: Decision | undefined;
    const headers = {
      get "x-a"() {
        inner = p.evaluate({ authnCtx: null, request: { method: "GET", path: "/", headers: { "x-a": "inner" } } });
        return "outer";
      },
    };
    expect(p.evaluate({ authnCtx: null, request: { method: "GET", path: "/", headers } }).allowed).toBe(true);
    expect(inner?.allowed).toBe(false);
    // and the reused buffers are clean for the next request
    expect(p.evaluate({ authnCtx: null, request: { method: "GET", path: "/", headers: {} } }).allowed).toBe(false);
  });

  it("never mutates the request it is given", () => {
    const headers = { "X-A": ["v"], "x-a": ["v"] };
    const snapshot = JSON.stringify(headers);
    expect(run(hdr("x-a", "equals", "v"), { req: { headers } }).allowed).toBe(true);
    expect(JSON.stringify(headers)).toBe(snapshot);
  });

  it("ignores claims and headers supplied by a polluted Object.prototype", () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto["x-polluted"] = "yes";
    proto.isAdmin = true;
    try {
      expect(run(hdr("x-polluted", "equals", "yes"), { req: { headers: {} } }).allowed).toBe(false);
      expect(run(idc("isAdmin", "equals", true), { ctx: { sub: "x" } }).allowed).toBe(false);
      expect(run(idc("sub", "equals", "$authnCtx.isAdmin"), { ctx: { sub: "x" } }).allowed).toBe(false);
    } finally {
      delete proto["x-polluted"];
      delete proto.isAdmin;
    }
  });

  it("a request whose headers cannot be read fails the header rules and still evaluates the rest", () => {
    const p = compiled([...idc("sub", "present"), ...hdr("x-a", "present"), ...idc("missing", "present")]);
    const request = new Proxy({ method: "GET", path: "/" }, { getOwnPropertyDescriptor: () => { throw new Error("boom"); } });
    const d = p.evaluate({ authnCtx: CTX, request: request as unknown as RequestFacts });
    expect(d.allowed).toBe(false);
    if (d.allowed) return;
    expect(d.failures.map((f) => [f.index, f.field])).toEqual([[1, "x-a"], [2, "missing"]]);
    expect(d.failures[0]!.message).toMatch(/headers could not be read/);
  });

  it("a very deep claim compared with a reference fails closed instead of overflowing", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const p = compiled(idc("a", "equals", "$authnCtx.b"));
    const d = p.evaluate({ authnCtx: { a: deep, b: deep as unknown[] }, request: REQ });
    // Same object: equal by identity. A structurally equal copy would hit the depth bound and fail.
    expect(d.allowed).toBe(true);
    let copy: unknown = "x";
    for (let i = 0; i < 200_000; i++) copy = [copy];
    expect(p.evaluate({ authnCtx: { a: deep, b: copy }, request: REQ }).allowed).toBe(false);
  });
});
