/**
 * Policy engine throughput vs the same rules written inline by hand.
 * Run: npm run bench:policy   (tsx --conditions=react-server bench/policy.bench.ts)
 *
 * All sides get the same 64 inputs in the same order, return the number of failing rules
 * (checked to agree on every input before timing), and their results are summed into a sink
 * that is printed, so nothing can be optimised away. Warm-up first, then 9 rounds per side in
 * rotating order; the median round is reported. The ratio is engine time / baseline time against
 * the inline code that gives the same guarantees; the naive inline code is shown for reference.
 */
import { compilePolicy, type EvaluationInput } from "../policy";
import { header, identityContext, policyDocument } from "./policy-document";

const POLICY = policyDocument("bench", [
  identityContext(
    { field: "sub", comparator: "present" },
    { field: "scp", comparator: "contains", value: "pets:read" },
    { field: "email", comparator: "equals", value: "*@example.com" },
    { field: "address.country", comparator: "equals", value: "PL" },
  ),
  header({ field: "x-api-version", comparator: "equals", value: "2024-06-01" }),
  identityContext({ field: "client_id", comparator: "matches", value: "[a-z][a-z0-9-]{7,63}" }),
  header({ field: "x-tenant", comparator: "equals", value: "$authnCtx.tenant" }),
  identityContext({ field: "cnf.x5t#S256", comparator: "equals", value: "$request.mtls.x5t#S256" }),
]);

// ---------------------------------------------------------------------------------------------
// Inputs: realistic API Gateway-shaped requests, 7 allowed and 1 denied out of 8.

function makeInput(i: number): EvaluationInput {
  const denied = i % 8 === 7;
  const tenant = `tenant-${i % 3}`;
  return {
    authnCtx: {
      iss: "https://idp.example.com/default",
      sub: `user-${i}`,
      aud: ["petstore"],
      exp: 1_900_000_000 + i,
      iat: 1_700_000_000,
      scp: i % 2 === 0 ? ["openid", "pets:read", "pets:write"] : ["pets:read"],
      email: denied ? `user${i}@evil.example.org` : `user${i}@example.com`,
      address: { country: "PL", locality: "Kraków" },
      client_id: `client-${1000 + i}`,
      tenant,
      cnf: { "x5t#S256": `thumb-${i % 5}` },
    },
    request: {
      method: "GET",
      path: `/pets/${i}`,
      headers: {
        Accept: "application/json",
        "Accept-Encoding": "gzip",
        Authorization: "Bearer eyJhbGciOiJSUzI1NiJ9.x.y",
        Host: "api.example.com",
        "User-Agent": "bench/1.0",
        "X-Amzn-Trace-Id": `Root=1-${i}`,
        "X-Forwarded-For": "203.0.113.7",
        "X-Forwarded-Proto": "https",
        "X-Api-Version": "2024-06-01",
        "X-Tenant": tenant,
      },
      mtls: { "x5t#S256": `thumb-${i % 5}` },
    },
  };
}

const INPUTS: EvaluationInput[] = Array.from({ length: 64 }, (_, i) => makeInput(i));

// ---------------------------------------------------------------------------------------------
// Baselines: the same rules written inline by hand. Each returns the number of failing rules
// (0 = allow), like the engine's failures.length.
//
// `inlineFailures` gives the SAME guarantees as the engine, the way a careful engineer would write
// them by hand: own properties only (a polluted prototype cannot supply a claim or header), type-
// strict comparisons, header names case-insensitive with every spelling and every value checked.
// `naiveFailures` is what one would write without those guarantees (plain property reads, first
// matching header only); it is printed for reference, not used for the ratio.


/** Hand-written equivalent of /^[a-z][a-z0-9-]{7,63}$/. */
function isClientId(s: string): boolean {
  if (s.length < 8 || s.length > 64) return false;
  let c = s.charCodeAt(0);
  if (c < 97 || c > 122) return false;
  for (let i = 1; i < s.length; i++) {
    c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  return true;
}

/** Every value of a (possibly multi-valued) header equals `expected`; an empty list is absent. */
function allEqual(v: unknown, expected: unknown): boolean {
  if (typeof v === "string") return v === expected;
  if (!Array.isArray(v) || v.length === 0) return false;
  for (const x of v) if (x !== expected) return false;
  return true;
}

function inlineFailures(input: EvaluationInput): number {
  const ctx = Object.hasOwn(input, "authnCtx") ? input.authnCtx : null;
  const req = Object.hasOwn(input, "request") ? input.request : undefined;
  if (ctx === null || typeof ctx !== "object" || req === undefined) return 8;
  let fails = 0;
  // validator 0
  const sub = Object.hasOwn(ctx, "sub") ? ctx.sub : undefined;
  if (sub === undefined || sub === null) fails++;
  const scp = Object.hasOwn(ctx, "scp") ? ctx.scp : undefined;
  if (!(Array.isArray(scp) && scp.includes("pets:read"))) fails++;
  const email = Object.hasOwn(ctx, "email") ? ctx.email : undefined;
  if (!(typeof email === "string" && email.endsWith("@example.com"))) fails++;
  const address = Object.hasOwn(ctx, "address") ? ctx.address : undefined;
  const country =
    address !== null && typeof address === "object" && !Array.isArray(address) && Object.hasOwn(address, "country")
      ? (address as Record<string, unknown>).country
      : undefined;
  if (country !== "PL") fails++;
  // headers: one pass, every spelling of each name
  const headers = Object.hasOwn(req, "headers") ? req.headers : undefined;
  let version: unknown = undefined;
  let versionOk = true;
  let tenantHeader: unknown = undefined;
  const tenant = Object.hasOwn(ctx, "tenant") ? ctx.tenant : undefined;
  let tenantOk = true;
  if (headers !== null && typeof headers === "object") {
    for (const k in headers) {
      if (k.length === 13 && k.toLowerCase() === "x-api-version" && Object.hasOwn(headers, k)) {
        const v = headers[k];
        if (v === undefined || v === null) continue;
        version = v;
        versionOk &&= allEqual(v, "2024-06-01");
      } else if (k.length === 8 && k.toLowerCase() === "x-tenant" && Object.hasOwn(headers, k)) {
        const v = headers[k];
        if (v === undefined || v === null) continue;
        tenantHeader = v;
        tenantOk &&= allEqual(v, tenant);
      }
    }
  }
  // validator 1
  if (version === undefined || !versionOk) fails++;
  // validator 2
  const clientId = Object.hasOwn(ctx, "client_id") ? ctx.client_id : undefined;
  if (!(typeof clientId === "string" && isClientId(clientId))) fails++;
  // validator 3
  if (tenantHeader === undefined || tenant === undefined || tenant === null || typeof tenant === "object" || !tenantOk) fails++;
  // validator 4
  const cnf = Object.hasOwn(ctx, "cnf") ? ctx.cnf : undefined;
  const x5t = cnf !== null && typeof cnf === "object" && Object.hasOwn(cnf, "x5t#S256") ? (cnf as Record<string, unknown>)["x5t#S256"] : undefined;
  const mtls = Object.hasOwn(req, "mtls") ? req.mtls : undefined;
  const presented = mtls !== null && typeof mtls === "object" && Object.hasOwn(mtls, "x5t#S256") ? mtls["x5t#S256"] : undefined;
  if (x5t === undefined || x5t === null || presented === undefined || presented === null || typeof x5t === "object" || x5t !== presented) fails++;
  return fails;
}

function naiveHeader(headers: Record<string, unknown>, lower: string): unknown {
  for (const k in headers) {
    if (k.length === lower.length && k.toLowerCase() === lower) return headers[k];
  }
  return undefined;
}

function naiveFailures(input: EvaluationInput): number {
  const ctx = input.authnCtx;
  const req = input.request;
  if (ctx === null) return 8;
  let fails = 0;
  if (ctx.sub === undefined || ctx.sub === null) fails++;
  const scp = ctx.scp;
  if (!(Array.isArray(scp) && scp.includes("pets:read"))) fails++;
  const email = ctx.email;
  if (!(typeof email === "string" && email.endsWith("@example.com"))) fails++;
  if ((ctx.address as Record<string, unknown> | undefined)?.country !== "PL") fails++;
  if (naiveHeader(req.headers, "x-api-version") !== "2024-06-01") fails++;
  const clientId = ctx.client_id;
  if (!(typeof clientId === "string" && isClientId(clientId))) fails++;
  const tenant = ctx.tenant;
  if (tenant === undefined || tenant === null || naiveHeader(req.headers, "x-tenant") !== tenant) fails++;
  const x5t = (ctx.cnf as Record<string, unknown> | undefined)?.["x5t#S256"];
  const presented = req.mtls?.["x5t#S256"];
  if (x5t === undefined || x5t === null || presented === undefined || x5t !== presented) fails++;
  return fails;
}

// ---------------------------------------------------------------------------------------------

const compiled = compilePolicy(POLICY);
if (!compiled.ok) throw new Error(`bench policy does not compile: ${compiled.error.message}`);
const policy = compiled.policy;

for (const input of INPUTS) {
  const d = policy.evaluate(input);
  const engineFails = d.allowed ? 0 : d.failures.length;
  if (engineFails !== inlineFailures(input) || engineFails !== naiveFailures(input)) {
    throw new Error(`engine and baselines disagree: ${engineFails} vs ${inlineFailures(input)} / ${naiveFailures(input)} failures`);
  }
}
const allowedShare = INPUTS.filter((i) => policy.evaluate(i).allowed).length / INPUTS.length;

let sink = 0;
const MASK = INPUTS.length - 1;

function runEngine(iterations: number): number {
  let allowed = 0;
  for (let i = 0; i < iterations; i++) {
    const d = policy.evaluate(INPUTS[i & MASK]!);
    if (d.allowed) allowed++;
    else allowed -= d.failures.length;
  }
  return allowed;
}

function runInline(iterations: number): number {
  let allowed = 0;
  for (let i = 0; i < iterations; i++) {
    const fails = inlineFailures(INPUTS[i & MASK]!);
    if (fails === 0) allowed++;
    else allowed -= fails;
  }
  return allowed;
}

function runNaive(iterations: number): number {
  let allowed = 0;
  for (let i = 0; i < iterations; i++) {
    const fails = naiveFailures(INPUTS[i & MASK]!);
    if (fails === 0) allowed++;
    else allowed -= fails;
  }
  return allowed;
}

function time(f: (n: number) => number, iterations: number): number {
  const t = performance.now();
  sink += f(iterations);
  return performance.now() - t;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const ITERATIONS = 400_000;
const ROUNDS = 9;

// Warm-up: let every side reach optimised code.
for (let i = 0; i < 3; i++) {
  time(runEngine, 200_000);
  time(runInline, 200_000);
  time(runNaive, 200_000);
}

const engineMs: number[] = [];
const inlineMs: number[] = [];
const naiveMs: number[] = [];
const sides: [(n: number) => number, number[]][] = [
  [runEngine, engineMs],
  [runInline, inlineMs],
  [runNaive, naiveMs],
];
for (let r = 0; r < ROUNDS; r++) {
  // Rotate the order so no side always runs first (or last) in a round.
  for (let k = 0; k < sides.length; k++) {
    const [f, into] = sides[(r + k) % sides.length]!;
    into.push(time(f, ITERATIONS));
  }
}

const e = median(engineMs);
const b = median(inlineMs);
const n = median(naiveMs);
const rate = (ms: number) => Math.round((ITERATIONS / ms) * 1000);
const fmt = (x: number) => x.toLocaleString("en-US");
const ns = (ms: number) => `${((ms / ITERATIONS) * 1e6).toFixed(0)} ns/eval`;

console.log(
  `policy: 5 validators, 8 rules (present, contains on scp, glob equals, nested path, header equals, matches, 2 references); ` +
    `${INPUTS.length} inputs, ${Math.round(allowedShare * 100)}% allowed; ${ROUNDS} rounds × ${fmt(ITERATIONS)} evaluations per side, median`,
);
console.log(`  engine                          ${ns(e)}`);
console.log(`  inline, same guarantees         ${ns(b)}   (own properties only, every header spelling and value, type-strict)`);
console.log(`  inline, naive (reference only)  ${ns(n)}   (plain property reads, first matching header)`);
console.log(`policy engine: ${fmt(rate(e))} evals/s · inline baseline: ${fmt(rate(b))} evals/s · ratio ${(e / b).toFixed(2)}x`);
console.log(`(vs the naive inline code: ${fmt(rate(n))} evals/s, ratio ${(e / n).toFixed(2)}x; sink ${sink})`);
