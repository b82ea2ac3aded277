/**
 * `npm run bench:authorizer`: the authorizer's cost, against baselines measured in the same run.
 *
 * 1. Warm decision latency (p50, p99) of the full handler of the BUILT bundle (the index.js the
 *    stack deploys, loaded in this process) — event parsing, routing, RS256 JWT verification,
 *    policy evaluation, the IAM answer, analytics queueing — for a configuration of 1,000 APIs
 *    (10 REST API stages × 100) and 50 policies, every API protected, fed by a local stand-in
 *    platform. Every decision verifies the token's signature (nothing caches verification). Beside it, a bare `crypto.verify` of the same token (RS256, same key),
 *    measured per call in interleaved rounds. The figure: decision p50 ÷ verify p50 (aim ≤ 1.5).
 * 2. Cold start: the built bundle (index.js) required by a fresh `node` process, then its first
 *    decision, with the configuration, token endpoint and JWKS served locally (aim ≤ 50 ms);
 *    the median of several processes. Process start-up itself is shown separately.
 *    Then the same cold start with 50 ms added to every platform request (a platform far away):
 *    how many requests had to follow one another (the round trips a cold start waits for; aim ≤ 2)
 *    and the first decision's time (aim ≤ 140 ms; require(index.js) before it is shown apart).
 * 3. Warm decisions with many users: DISTINCT distinct tokens cycled, each decision interleaved
 *    with a bare `crypto.verify` of the same token and with `aws-jwt-verify` (a devDependency,
 *    benchmark only: AWS's verifier, JWKS cached, `verifySync`) verifying it. The figures:
 *    decision p50 ÷ verify p50 and aws-jwt-verify p50 ÷ verify p50 (aim: the first ≤ the second
 *    + 0.05 — the whole decision costs no more than AWS's verifier alone).
 * 4. The zipped size of the package (aim ≤ 250 KB).
 * 5. Shadow policies (issue 16): a second instance of the same bundle, loaded beside the first,
 *    whose configuration is the same plus a shadow policy on every API (50 more policies, half of
 *    them would deny the benchmark's token), fed by a second stand-in platform. Its warm
 *    decisions are interleaved call by call with the first instance's and the bare verify in
 *    round 1, same events, same token. The figure: with shadow p50 ÷ without p50 (aim ≤ 1.10).
 */
import { spawn } from "node:child_process";
import { createPublicKey, KeyObject, sign as cryptoSign, verify as cryptoVerify, type JsonWebKey } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { mint, testKey } from "../lambda/testkit/issuer";
import { header, identityContext, policyDocument } from "./policy-document";
import { JwtVerifier } from "aws-jwt-verify";
import { sequentialDepth, startFakePlatform, type FakePlatform } from "../lambda/testkit/platform";
import { buildAuthorizerZip } from "../scripts/authorizer-package.mjs";

const GROUPS = 10;
const APIS_PER_GROUP = 100;
const POLICIES = 50;
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 20_000);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 9);
const DISTINCT = Number(process.env.BENCH_DISTINCT_TOKENS ?? 10_000);
const PLATFORM_DELAY_MS = 50;
const AUD = "https://pets.example";
const ACCOUNT = "123456789012";

const apiId = (g: number) => `api${String(g).padStart(7, "0")}`;
const resourceOf = (i: number) => `/r${Math.floor(i / 4)}/{id}${i % 2 === 0 ? "" : "/items"}`;
const verbOf = (i: number) => ["GET", "POST", "PUT", "DELETE"][(i >> 1) % 4]!;

/** Policy `p`'s shadow: the same checks plus one on the tenant that the benchmark's token fails for odd `p`. */
function shadowPolicy(p: number) {
  return {
    id: `shadow-policy-${p}`,
    ...policyDocument(`Shadow ${p}`, [
      identityContext({ field: "scp", comparator: "contains", value: "pets:read" }, { field: "tenant", comparator: "equals", value: p % 2 === 0 ? "acme" : `tenant-${p}` }),
      header({ field: "x-api-version", comparator: "present" }),
    ]),
  };
}

/** The configuration of round 1 with a shadow policy on every API (section 5). */
function withShadowPolicies(config: ReturnType<typeof configuration>) {
  return {
    ...config,
    apis: config.apis.map((a, n) => ({ ...a, shadow_policy_id: `shadow-policy-${n % POLICIES}` })),
    policies: [...config.policies, ...Array.from({ length: POLICIES }, (_, p) => shadowPolicy(p))],
  };
}

function configuration(userIssuer: string, jwks: { keys: unknown[] }) {
  const policies = Array.from({ length: POLICIES }, (_, p) => ({
    id: `policy-${p}`,
    ...policyDocument(`Policy ${p}`, [
      identityContext(
        { field: "scp", comparator: "contains", value: "pets:read" },
        { field: "sub", comparator: "equals", value: p % 3 === 0 ? "user-*" : "$authnCtx.sub" },
        { field: "tenant", comparator: p % 2 === 0 ? "present" : "not_equals", value: `blocked-${p}` },
      ),
      header({ field: "x-api-version", comparator: p % 5 === 0 ? "matches" : "present", value: "20[0-9]{2}-[0-9]{2}-[0-9]{2}" }),
    ]),
  }));
  const services = Array.from({ length: GROUPS }, (_, g) => ({
    id: `svc-${g}`,
    name: `Service ${g}`,
    gateway_id: "gw",
    api_group_id: `${apiId(g)}-prod`,
    api_group_metadata: { type: "aws", aws: { api_id: apiId(g), api_name: `Api ${g}`, stage: "prod" } },
  }));
  const apis = services.flatMap((s, g) =>
    Array.from({ length: APIS_PER_GROUP }, (_, i) => ({
      id: `api-${g}-${i}`,
      service_id: s.id,
      method: verbOf(i),
      path: resourceOf(i),
      policy_id: `policy-${(g * APIS_PER_GROUP + i) % POLICIES}`,
      api_type: "rest",
      position: i,
    })),
  );
  return {
    tenant_id: "default",
    server_id: "system",
    apis,
    policies,
    services,
    events_per_second: 100,
    // The console embeds the issuer's keys it fetched (docs/enforcement.md § Embedded JWKS).
    trusted_issuers: [{ issuer: userIssuer, jwks_uri: `${userIssuer}/jwks`, audiences: [AUD], jwks, jwks_fetched_at: new Date().toISOString() }],
    settings: {},
  };
}

function event(g: number, i: number, token: string) {
  const verb = verbOf(i);
  const template = resourceOf(i);
  const concrete = template.replace("{id}", String(1000 + i));
  return {
    type: "REQUEST",
    methodArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId(g)}/prod/${verb}${concrete}`,
    resource: template,
    path: concrete,
    httpMethod: verb,
    headers: { Authorization: `Bearer ${token}`, "X-Api-Version": "2024-06-01", "User-Agent": "bench", Host: "x" },
    multiValueHeaders: { Authorization: [`Bearer ${token}`], "X-Api-Version": ["2024-06-01"], "User-Agent": ["bench"], Host: ["x"] },
    queryStringParameters: null,
    requestContext: { apiId: apiId(g), stage: "prod", resourcePath: template, httpMethod: verb, accountId: ACCOUNT, identity: { sourceIp: "203.0.113.7", userAgent: "bench" } },
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const key = await testKey("bench-key", "RS256");
  const platform = await startFakePlatform({ jwks: [key.publicJwk] });
  platform.configuration = configuration(platform.userIssuer, { keys: [key.publicJwk] });
  const token = await mint(key, { sub: "user-42", scope: "pets:read pets:write", tenant: "acme" }, { issuer: platform.userIssuer, audience: AUD, expiresInSeconds: 3600 });
  const env = { ACP_ISSUER_URL: platform.issuerUrl, ACP_CLIENT_ID: platform.clientId, ACP_CLIENT_SECRET: platform.clientSecret, LOGGING_LEVEL: "info" };

  const pkg = await buildAuthorizerZip();
  const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-authorizer-"));
  writeFileSync(path.join(dir, "index.js"), pkg.code);

  // ----- 1. warm decisions of the bundle vs bare crypto.verify (and 5. with shadow policies) -----
  // Section 5's instance: another platform serving the same configuration plus shadow policies
  // (its trusted issuer is the first platform's, keys embedded: the very same token verifies).
  const shadowPlatform = await startFakePlatform({ jwks: [key.publicJwk] });
  shadowPlatform.configuration = withShadowPolicies(configuration(platform.userIssuer, { keys: [key.publicJwk] }));
  const shadowEnv = { ACP_ISSUER_URL: shadowPlatform.issuerUrl, ACP_CLIENT_ID: shadowPlatform.clientId, ACP_CLIENT_SECRET: shadowPlatform.clientSecret, LOGGING_LEVEL: "info" };
  writeFileSync(path.join(dir, "index-shadow.js"), pkg.code); // another path: another module instance
  const load = (file: string, vars: Record<string, string>) => {
    Object.assign(process.env, vars); // the bundle reads its settings when it is loaded
    return (createRequire(import.meta.url)(path.join(dir, file)) as { handler: (e: unknown) => Promise<unknown> }).handler;
  };
  const shadowHandler = load("index-shadow.js", shadowEnv);
  const handler = load("index.js", env);
  const events = Array.from({ length: 1000 }, (_, n) => event(n % GROUPS, (n * 7) % APIS_PER_GROUP, token));
  let shadowDenies = 0;
  for (const e of events.slice(0, 50)) {
    const r = (await handler(e)) as { policyDocument: { Statement: { Effect: string }[] } };
    if (r.policyDocument.Statement[0]!.Effect !== "Allow") throw new Error("the benchmark's decisions must be Allow");
    const rs = (await shadowHandler(e)) as { policyDocument: { Statement: { Effect: string }[] }; context?: { shadow_decision?: string } };
    if (rs.policyDocument.Statement[0]!.Effect !== "Allow") throw new Error("the shadow policies must not change the decisions");
    if (rs.context?.shadow_decision !== "allow" && rs.context?.shadow_decision !== "deny") throw new Error("every API must report its shadow policy's result");
    if (rs.context.shadow_decision === "deny") shadowDenies++;
  }
  if (platform.calls.configuration < 1 || shadowPlatform.calls.configuration < 1) throw new Error("the bundle did not load its configuration");
  if (shadowDenies === 0 || shadowDenies === 50) throw new Error("the shadow policies should both allow and deny the benchmark's requests");

  const [h, p, s] = token.split(".") as [string, string, string];
  const publicKey = createPublicKey({ key: key.publicJwk as JsonWebKey, format: "jwk" });
  const signingInput = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, "base64url");
  let sink = 0;

  const decisionTimes: number[] = [];
  const verifyTimes: number[] = [];
  const shadowTimes: number[] = [];
  // Warm-up of all sides.
  for (let n = 0; n < 2000; n++) {
    await handler(events[n % events.length]);
    await shadowHandler(events[n % events.length]);
    sink += cryptoVerify("sha256", signingInput, publicKey, signature) ? 1 : 0;
  }
  // Interleaved call by call, so that all sides see the same machine (this box is shared); the
  // order of the two instances alternates so neither always runs right after the other.
  for (let n = 0; n < DECISIONS; n++) {
    let t0 = performance.now();
    sink += cryptoVerify("sha256", signingInput, publicKey, signature) ? 1 : 0;
    verifyTimes.push(performance.now() - t0);
    const e = events[n % events.length];
    for (const shadowFirst of n % 2 === 0 ? [false, true] : [true, false]) {
      t0 = performance.now();
      const r = (await (shadowFirst ? shadowHandler : handler)(e)) as { policyDocument: { Statement: { Effect: string }[] } };
      (shadowFirst ? shadowTimes : decisionTimes).push(performance.now() - t0);
      sink += r.policyDocument.Statement[0]!.Effect === "Allow" ? 1 : 0;
    }
  }
  decisionTimes.sort((a, b) => a - b);
  verifyTimes.sort((a, b) => a - b);
  shadowTimes.sort((a, b) => a - b);
  const sP50 = percentile(shadowTimes, 50);
  const sP99 = percentile(shadowTimes, 99);
  const dP50 = percentile(decisionTimes, 50);
  const dP99 = percentile(decisionTimes, 99);
  const vP50 = percentile(verifyTimes, 50);
  const vP99 = percentile(verifyTimes, 99);

  // ----- 2. cold start of the built bundle -----
  const runner = path.join(dir, "runner.js");
  writeFileSync(
    runner,
    `const { performance } = require("node:perf_hooks");
const t0 = performance.now();
const { handler } = require("./index.js");
const loaded = performance.now();
handler(JSON.parse(process.env.BENCH_EVENT)).then((r) => {
  const done = performance.now();
  process.stdout.write(JSON.stringify({ processStartMs: t0, requireMs: loaded - t0, firstDecisionMs: done - loaded, effect: r.policyDocument.Statement[0].Effect }) + "\\n");
  process.exit(0);
});`,
  );
  const coldStart = (i: number) => coldRun(runner, dir, { ...env, BENCH_EVENT: JSON.stringify(event(i % GROUPS, i, token)) }, platform);
  const cold: ColdRun[] = [];
  for (let i = 0; i < COLD_STARTS; i++) cold.push(await coldStart(i));
  // The same with a platform 50 ms away: every request (token, configuration, JWKS, discovery) waits.
  platform.delayMs = PLATFORM_DELAY_MS;
  const far: ColdRun[] = [];
  for (let i = 0; i < Math.max(3, Math.ceil(COLD_STARTS / 2)); i++) far.push(await coldStart(i));
  platform.delayMs = 0;

  // ----- 3. many users: distinct tokens, the decision vs crypto.verify vs aws-jwt-verify -----
  const distinct = distinctTokens(key, platform.userIssuer);
  const awsVerifier = JwtVerifier.create({ issuer: platform.userIssuer, audience: AUD, jwksUri: `${platform.userIssuer}/jwks` });
  awsVerifier.cacheJwks({ keys: [key.publicJwk] } as Parameters<typeof awsVerifier.cacheJwks>[0]);
  const distinctEvents = distinct.map((t, n) => event(n % GROUPS, (n * 7) % APIS_PER_GROUP, t.token));
  const dd: number[] = [];
  const dv: number[] = [];
  const da: number[] = [];
  const rounds = Math.max(DECISIONS, 2 * DISTINCT);
  for (let n = -DISTINCT; n < rounds; n++) {
    const i = ((n % DISTINCT) + DISTINCT) % DISTINCT; // the first DISTINCT rounds warm all three up
    const t = distinct[i]!;
    let t0 = performance.now();
    sink += cryptoVerify("sha256", t.signingInput, publicKey, t.signature) ? 1 : 0;
    const v = performance.now() - t0;
    t0 = performance.now();
    sink += awsVerifier.verifySync(t.token).sub === t.sub ? 1 : 0;
    const a = performance.now() - t0;
    t0 = performance.now();
    const r = (await handler(distinctEvents[i])) as { policyDocument: { Statement: { Effect: string }[] } };
    const d = performance.now() - t0;
    if (r.policyDocument.Statement[0]!.Effect !== "Allow") throw new Error("the benchmark's decisions must be Allow");
    if (n >= 0) {
      dv.push(v);
      da.push(a);
      dd.push(d);
    }
  }
  for (const xs of [dd, dv, da]) xs.sort((x, y) => x - y);
  const ddP50 = percentile(dd, 50);
  const dvP50 = percentile(dv, 50);
  const daP50 = percentile(da, 50);

  rmSync(dir, { recursive: true, force: true });
  await platform.close();
  await shadowPlatform.close();

  const requireMs = median(cold.map((c) => c.requireMs));
  const firstMs = median(cold.map((c) => c.firstDecisionMs));
  const coldMs = median(cold.map((c) => c.requireMs + c.firstDecisionMs));
  const bootMs = median(cold.map((c) => c.processStartMs));
  const wallMs = median(cold.map((c) => c.wallMs));
  // As "first decision" above: from the loaded handler's first call (init done, the configuration
  // fetch started by it) to the answer; require(index.js) is shown apart.
  const farMs = median(far.map((c) => c.firstDecisionMs));
  const farRequireMs = median(far.map((c) => c.requireMs));
  const farDepth = Math.max(...far.map((c) => c.depth));
  const farRequests = Math.max(...far.map((c) => c.requests.length));
  const farRoutes = [...new Set(far.flatMap((c) => c.requests))].join(", ");

  const ratio = dP50 / vP50;
  const lines = [
    `authorizer benchmark — ${GROUPS * APIS_PER_GROUP} APIs, ${POLICIES} policies, RS256 (2048-bit), ${decisionTimes.length} decisions, node ${process.version}`,
    ``,
    `warm decision (full handler)   p50 ${us(dP50)}   p99 ${us(dP99)}`,
    `bare crypto.verify (same JWT)  p50 ${us(vP50)}   p99 ${us(vP99)}`,
    `ratio decision/verify          p50 ${ratio.toFixed(2)}×   p99 ${(dP99 / vP99).toFixed(2)}×   (aim ≤ 1.5×)`,
    `warm decision, shadow policy on every API  p50 ${us(sP50)}   p99 ${us(sP99)}   (${POLICIES} more policies; ${shadowDenies} of the first 50 would deny)`,
    ``,
    `cold start (median of ${cold.length})       ${coldMs.toFixed(1)} ms = require(index.js) ${requireMs.toFixed(1)} ms + first decision ${firstMs.toFixed(1)} ms   (aim ≤ 50 ms)`,
    `  node process boot before it   ${bootMs.toFixed(1)} ms; whole process wall time ${wallMs.toFixed(1)} ms`,
    `  first decision = token + configuration over localhost (discovery in parallel, JWKS embedded), verify, evaluate`,
    `  with ${PLATFORM_DELAY_MS} ms per platform request: up to ${farRequests} requests (${farRoutes}), ${farDepth} in sequence;`,
    `  first decision ${farMs.toFixed(1)} ms after require(index.js) ${farRequireMs.toFixed(1)} ms (median of ${far.length})`,
    ``,
    `many users: ${DISTINCT} distinct tokens cycled, ${dd.length} decisions`,
    `warm decision (full handler)   p50 ${us(ddP50)}   p99 ${us(percentile(dd, 99))}`,
    `bare crypto.verify (same JWT)  p50 ${us(dvP50)}   p99 ${us(percentile(dv, 99))}`,
    `aws-jwt-verify verifySync      p50 ${us(daP50)}   p99 ${us(percentile(da, 99))}`,
    ``,
    `zip ${pkg.fileName}  ${(pkg.zip.byteLength / 1024).toFixed(1)} KB (index.js ${(Buffer.byteLength(pkg.code) / 1024).toFixed(1)} KB)   (aim ≤ 250 KB)`,
    `sha256 ${pkg.sha256}`,
    `(sink ${sink})`,
    ``,
    `cold start round trips  ${farDepth}`,
    `cold start at ${PLATFORM_DELAY_MS} ms per request  ${farMs.toFixed(1)} ms`,
    `ratio decision/verify distinct p50  ${(ddP50 / dvP50).toFixed(2)}`,
    `ratio aws-jwt-verify/verify distinct p50  ${(daP50 / dvP50).toFixed(2)}`,
    `ratio with shadow/without p50 ${(sP50 / dP50).toFixed(2)}`,
  ];
  console.log(lines.join("\n"));
  process.exit(0); // the loaded bundle's keep-alive sockets would keep the process up
}

interface ColdRun {
  processStartMs: number;
  requireMs: number;
  firstDecisionMs: number;
  wallMs: number;
  /** Routes of the platform requests that arrived before the first decision was answered. */
  requests: string[];
  depth: number;
}

/** One fresh process: require the bundle, decide once; the platform's log says what it asked. */
async function coldRun(runner: string, dir: string, env: Record<string, string>, platform: FakePlatform): Promise<ColdRun> {
  platform.log.length = 0;
  const started = performance.now();
  let answeredAt = Number.POSITIVE_INFINITY;
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [runner], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", NODE_PATH: path.join(process.cwd(), "node_modules"), ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let text = "";
    child.stdout.on("data", (d: Buffer) => {
      if (answeredAt === Number.POSITIVE_INFINITY) answeredAt = performance.now();
      text += d.toString();
    });
    child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`cold start run exited ${code}`))));
  });
  const line = out.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => "requireMs" in l)!;
  if (line.effect !== "Allow") throw new Error(`cold start decision was ${String(line.effect)}`);
  const before = platform.log.filter((r) => r.start < answeredAt);
  return {
    ...(line as { processStartMs: number; requireMs: number; firstDecisionMs: number }),
    wallMs: performance.now() - started,
    requests: before.map((r) => r.route.replace(/^(GET|POST) .*\/(?=[^/]+$)/, "$1 …/")),
    depth: sequentialDepth(before),
  };
}

/** DISTINCT RS256 tokens of one issuer and key, each a different user (signed with node:crypto: fast to mint). */
function distinctTokens(key: Awaited<ReturnType<typeof testKey>>, issuer: string) {
  const privateKey = KeyObject.from(key.privateKey);
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const header = b64({ alg: "RS256", typ: "at+jwt", kid: key.kid });
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: DISTINCT }, (_, n) => {
    const sub = `user-${n}`;
    const payload = b64({ sub, scope: "pets:read pets:write", tenant: `tenant-${n % 97}`, iss: issuer, aud: AUD, iat: now, exp: now + 3600, jti: `jti-${n}` });
    const signingInput = Buffer.from(`${header}.${payload}`);
    const signature = cryptoSign("sha256", signingInput, privateKey);
    return { token: `${header}.${payload}.${signature.toString("base64url")}`, sub, signingInput, signature };
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
