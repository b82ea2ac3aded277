import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { adminOpenApiDocument } from "@/lib/api/openapi/document";
import { ADMIN_MAX_BODY_BYTES, type RouteHandler } from "@/lib/api/route";
import { resetAwsClients } from "@/lib/aws/clients";
import { resetAccountCache } from "@/lib/aws/identity";
import { getDb } from "@/lib/db/client";
import { revealClient } from "@/lib/gateways/client";
import { resetActivityThrottle } from "@/lib/gateways/activity";
import { resetEventBudgets } from "@/lib/gateways/events-rate";
import { resetGatewayLimits } from "@/lib/gateways/system-limits";
import { resetSourceLimits } from "@/lib/oauth/source-limits";
import { resetClientThrottle } from "@/lib/oauth/throttle";
import { gatewayRequestEventsSchema } from "@/protocol/decision-events";
import { setGatewayConfigurationSchema } from "@/protocol/discovery";
import * as configurationRoute from "@/app/api/system/default/gateways/configuration/route";
import * as systemIntrospectRoute from "@/app/api/system/default/gateways/introspect/route";
import * as requestsRoute from "@/app/api/system/default/gateways/requests/route";
import * as oauthIntrospectRoute from "@/app/default/system/oauth2/introspect/route";
import * as tokenRoute from "@/app/default/system/oauth2/token/route";
import * as bindRoute from "@/app/api/admin/default/gateways/[gw]/groups/[group]/bind/route";
import * as issuersRoute from "@/app/api/admin/default/issuers/route";
import * as policiesRoute from "@/app/api/admin/default/policies/route";
import * as servicesRoute from "@/app/api/admin/default/services/route";
import * as tokensRoute from "@/app/api/admin/default/tokens/route";
import * as usersRoute from "@/app/api/admin/default/users/route";
import { checkAdminExchange } from "@/test/admin-contract";
import { adminRoutes } from "@/test/admin-routes";
import { BASE, call, TEST_SETUP, userWithToken } from "@/test/api-client";
import { freePort } from "@/test/moto/start";
import { basic, createGateway, group, systemCall, tokenRequest } from "@/test/gateways";
import { sessionCookie } from "@/test/session";
import {
  applyMutations,
  encoding,
  fromSchema,
  isRef,
  mutation,
  type Mutation,
  nastyString,
  ref,
  type Encoding,
  type Json,
  type JsonSchema,
  type Ref,
  type RefKind,
} from "./arbitraries";
import { changedTables, snapshot, type Snapshot } from "./snapshot";

/**
 * Property-based fuzz over every admin and system write endpoint (issue 13): requests built from
 * each endpoint's schema and mutated (wrong types, missing and extra fields, huge strings, NUL,
 * deep nesting, unicode, odd numbers, wrong content types, malformed JSON, empty and oversized
 * bodies), with random path ids (the world's, random uuids, garbage), callers (admin, viewer, a
 * session with and without a foreign Origin, no or a bad token) and If-Match values, against a
 * seeded world of gateways with groups, services, APIs, policies, issuers, users and tokens.
 *
 * Properties: no answer is a server fault (≥ 500); an answer ≥ 400 changed nothing (the whole
 * database, snapshot.ts); every admin exchange matches the OpenAPI document (test/admin-contract.ts).
 * AWS is a closed local port here, so the endpoints that act on AWS answer its documented
 * 502/503/504 `aws_*` errors: those are counted apart (not faults) and must write nothing either.
 *
 * Bound: TOTAL_RUNS requests in total (GATEHOUSE_FUZZ_RUNS for more; GATEHOUSE_FUZZ_SEED to replay;
 * GATEHOUSE_FUZZ_ONLY=<part of an endpoint's name> to fuzz some; GATEHOUSE_FUZZ_VERBOSE=1 for statuses per endpoint).
 * One property per endpoint, so one finding does not hide the others; each finding is shrunk.
 */
const TOTAL_RUNS = Number(process.env.GATEHOUSE_FUZZ_RUNS ?? "") || 2_000;
const SEED = Number(process.env.GATEHOUSE_FUZZ_SEED ?? "") || Date.now() % 2 ** 31;

const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;

type Kind = "admin" | "system" | "oauth";
interface Endpoint {
  name: string;
  kind: Kind;
  method: string;
  path: string;
  handler: RouteHandler;
  body?: fc.Arbitrary<Json | Ref | undefined>;
  bodySchema?: JsonSchema;
  hugeBytes: number;
}

/* ------------------------------------------------------------------------------------------ *
 * The world: who calls, and the rows requests may name.                                       *
 * ------------------------------------------------------------------------------------------ */

interface Actor {
  id: string;
  username: string;
  token: string;
}
let admin: Actor;
let viewer: Actor;
let adminSession: string;

interface World {
  ids: Record<RefKind, string[]>;
  versions: Map<string, number>;
  groupsOf: Map<string, string[]>;
  /** A gateway's client id and the time its secret last rotated (the token cache's key). */
  clients: Map<string, { clientId: string; rotatedAt: string }>;
}

async function rows(query: string): Promise<Record<string, string | number>[]> {
  const res: unknown = await (await getDb()).execute(sql.raw(query));
  return (res as { rows: Record<string, string | number>[] }).rows;
}

async function loadWorld(): Promise<World> {
  const versions = new Map<string, number>();
  const ids = {} as Record<RefKind, string[]>;
  const versioned: [RefKind, string][] = [
    ["gateway", "gateways"],
    ["service", "services"],
    ["api", "apis"],
    ["policy", "policies"],
    ["issuer", "trusted_issuers"],
    ["user", "users"],
  ];
  for (const [kind, table] of versioned) {
    const found = await rows(`select id::text as id, version from ${table} order by created_at, id`);
    // The fuzz's own callers are not targets: demoting or deleting them would end the run.
    ids[kind] = found.map((r) => String(r.id)).filter((id) => id !== admin.id && id !== viewer.id);
    for (const r of found) versions.set(String(r.id), Number(r.version));
  }
  ids.token = (await rows(`select id::text as id from api_tokens where user_id not in ('${admin.id}', '${viewer.id}') order by created_at, id`)).map((r) => String(r.id));
  const groups = await rows(`select gateway_id::text as gw, id from api_groups order by gateway_id, id`);
  ids.group = groups.map((g) => String(g.id));
  const groupsOf = new Map<string, string[]>();
  for (const g of groups) groupsOf.set(String(g.gw), [...(groupsOf.get(String(g.gw)) ?? []), String(g.id)]);
  const clients = new Map<string, { clientId: string; rotatedAt: string }>();
  for (const c of await rows(`select gateway_id::text as gw, client_id, secret_rotated_at::text as at from oauth_clients`)) {
    clients.set(String(c.gw), { clientId: String(c.client_id), rotatedAt: String(c.at) });
  }
  return { ids, versions, groupsOf, clients };
}

let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;

async function ok(res: Promise<{ status: number; body: unknown }>, what: string): Promise<unknown> {
  const r = await res;
  if (r.status >= 300) throw new Error(`seed ${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A gateway with two discovered groups, the first bound to a new service (so it has APIs). */
async function seedGateway(): Promise<void> {
  const gw = await createGateway(admin.token);
  const token = await systemToken(gw.id, gw.client.client_id, gw.client.client_secret);
  const api = `a${uniq().replace(/-/g, "")}`;
  await ok(
    systemCall(configurationRoute.POST, { method: "POST", token, body: { api_groups: [group(api, "prod", [["GET", "/pets"], ["POST", "/pets"]]), group(api, "dev", [["GET", "/pets/{id}"]])] } }),
    "groups",
  );
  await ok(call(bindRoute.POST, { method: "POST", token: admin.token, params: { gw: gw.id, group: `${api}-prod` }, body: { service: { name: `svc-${uniq()}` } } }), "bind");
}

/** Keeps at least two of each kind of row, so destructive requests cannot empty the world. */
async function replenish(world: World): Promise<void> {
  if (world.ids.gateway.length < 2) await seedGateway();
  if (world.ids.service.length < 2) await ok(call(servicesRoute.POST, { method: "POST", token: admin.token, body: { name: `svc-${uniq()}` } }), "service");
  if (world.ids.policy.length < 3) await ok(call(policiesRoute.POST, { method: "POST", token: admin.token, body: { policy_name: `p-${uniq()}`, validators: [{ name: "true" }] } }), "policy");
  if (world.ids.issuer.length < 2) {
    await ok(call(issuersRoute.POST, { method: "POST", token: admin.token, body: { issuer: `https://idp-${uniq()}.example`, jwks_uri: "https://idp.example/jwks" } }), "issuer");
  }
  if (world.ids.user.length < 3) {
    await ok(call(usersRoute.POST, { method: "POST", token: admin.token, body: { username: `u-${uniq()}`, password: "fuzz-password-123", role: world.ids.user.length % 2 ? "viewer" : "admin" } }), "user");
  }
  if (world.ids.token.length < 2) await ok(call(tokensRoute.POST, { method: "POST", token: admin.token, body: { name: `t-${uniq()}` } }), "token");
}

/* ------------------------------------------------------------------------------------------ *
 * Gateway access tokens for the system API (re-issued after a rotation).                      *
 * ------------------------------------------------------------------------------------------ */

const tokenCache = new Map<string, string>();

async function systemToken(gatewayId: string, clientId?: string, secret?: string): Promise<string> {
  const world = await loadWorld();
  const key = `${gatewayId} ${world.clients.get(gatewayId)?.rotatedAt}`;
  const cached = tokenCache.get(key);
  if (cached) return cached;
  if (!clientId || !secret) {
    const revealed = await revealClient(await getDb(), TEST_SETUP, gatewayId);
    clientId = revealed.client_id;
    secret = revealed.client_secret;
  }
  const res = await tokenRequest({ grant_type: "client_credentials", client_id: clientId, client_secret: secret });
  if (res.status !== 200) throw new Error(`system token: ${res.status} ${JSON.stringify(res.body)}`);
  tokenCache.set(key, res.body.access_token as string);
  return res.body.access_token as string;
}

/* ------------------------------------------------------------------------------------------ *
 * Requests.                                                                                   *
 * ------------------------------------------------------------------------------------------ */

type AdminAuth = "admin" | "viewer" | "none" | "bad-token" | "basic" | "session" | "session-foreign-origin" | "session-same-origin";
type SystemAuth = "gateway" | "none" | "garbage" | "basic" | "revoked-gateway";
type IfMatch = "none" | "current" | "weak-current" | "stale" | { raw: string };

interface FuzzRequest {
  auth: AdminAuth | SystemAuth;
  params: Record<string, Ref | string>;
  body: Json | Ref | undefined;
  encoding: Encoding;
  ifMatch: IfMatch;
  query: string;
  /** oauth endpoints: the form, with `$client`/`$secret`/`$token` resolved at send time. */
  form?: Record<string, string>;
}

const adminAuth: fc.Arbitrary<AdminAuth> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<AdminAuth>("admin") },
  { weight: 2, arbitrary: fc.constant<AdminAuth>("viewer") },
  { weight: 1, arbitrary: fc.constantFrom<AdminAuth>("none", "bad-token", "basic", "session", "session-foreign-origin", "session-same-origin") },
);
const systemAuth: fc.Arbitrary<SystemAuth> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<SystemAuth>("gateway") },
  { weight: 1, arbitrary: fc.constantFrom<SystemAuth>("none", "garbage", "basic") },
);
const ifMatch: fc.Arbitrary<IfMatch> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<IfMatch>("none") },
  { weight: 3, arbitrary: fc.constantFrom<IfMatch>("current", "weak-current", "stale") },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('"0"', '"99999999999999999"', "*", '"-1"', "3", 'W/"x"'), nastyString).map((raw): IfMatch => ({ raw })) },
);
/** Percent-encodes any string (lone surrogates included, as their UTF-8 replacement). */
const percent = (s: string) => encodeURIComponent(Buffer.from(s, "utf8").toString("utf8"));

const systemQuery = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("", "authorizer_version=1.2.3") },
  { weight: 1, arbitrary: nastyString.map((s) => `authorizer_version=${percent(s)}`) },
);

const KIND_OF_PARAM: Record<string, RefKind> = { gw: "gateway", group: "group", sid: "service", api: "api", pid: "policy" };
function paramKind(path: string, name: string): RefKind {
  if (name !== "id") return KIND_OF_PARAM[name] ?? "gateway";
  if (path.includes("/issuers/")) return "issuer";
  if (path.includes("/tokens/")) return "token";
  return "user";
}

const paramValue = (kind: RefKind) =>
  fc.oneof(
    { weight: 10, arbitrary: ref(kind) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: nastyString.filter((s) => s.length > 0) },
  );

function requestArbitrary(e: Endpoint): fc.Arbitrary<FuzzRequest> {
  const params: Record<string, fc.Arbitrary<Ref | string>> = {};
  for (const m of e.path.matchAll(/\{([^}]+)\}/g)) params[m[1]!] = paramValue(paramKind(e.path, m[1]!));
  const body = e.body ?? fc.constant(undefined);
  // A versioned write mostly names the target's current version (else it only ever reaches the 409 or 422).
  const versioned = e.method === "PUT" && /"version"/.test(JSON.stringify(e.bodySchema ?? {}));
  const withVersion = body.chain((b) =>
    versioned && b && typeof b === "object" && !Array.isArray(b) && !isRef(b)
      ? fc.oneof({ weight: 5, arbitrary: fc.constant({ ...b, version: { $ref: "version", n: 0 } }) }, { weight: 1, arbitrary: fc.constant(b) })
      : fc.constant(b),
  );
  const mutated = fc
    .tuple(withVersion, fc.oneof({ weight: 3, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }))
    .map(([b, ms]) => (ms.length ? (applyMutations(b as Json | undefined, ms)) : b));
  return fc.record({
    auth: e.kind === "admin" ? adminAuth : systemAuth,
    params: fc.record(params),
    body: mutated,
    encoding: encoding(e.hugeBytes),
    ifMatch: e.method === "PUT" ? ifMatch : fc.constant<IfMatch>("none"),
    query: e.kind === "system" ? systemQuery : fc.constant(""),
  });
}

/** Token and introspection requests: a form of right, wrong and odd fields, sent various ways. */
function oauthArbitrary(which: "token" | "introspect"): fc.Arbitrary<FuzzRequest> {
  const field = (valid: fc.Arbitrary<string>) => fc.option(fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: nastyString }), { freq: 6 });
  const scope = fc.oneof(fc.constantFrom("read_gateway_configuration", "write_gateway_configuration introspect_tokens", "push_gateway_requests", "admin", ""), nastyString);
  const form = fc
    .record({
      grant_type: field(fc.constantFrom("client_credentials", "password", "authorization_code")),
      client_id: field(fc.constant("$client")),
      client_secret: field(fc.constantFrom("$secret", "wrong-secret")),
      scope: fc.option(scope, { freq: 3 }),
      token: which === "introspect" ? field(fc.constantFrom("$token", "eyJhbGciOiJub25lIn0.e30.", "gth_nope")) : fc.constant(null),
    })
    .map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== null)) as Record<string, string>);
  const enc = fc.oneof(
    { weight: 12, arbitrary: fc.constant<Encoding>({ as: "json", contentType: "application/x-www-form-urlencoded" }) },
    { weight: 1, arbitrary: encoding(17 * 1024) },
  );
  return fc.record({
    auth: fc.oneof({ weight: 4, arbitrary: fc.constant<SystemAuth>("none") }, { weight: 2, arbitrary: fc.constant<SystemAuth>("basic") }, { weight: 1, arbitrary: fc.constantFrom<SystemAuth>("garbage", "gateway") }),
    params: fc.record({ gw: ref("gateway") }),
    body: fc.constant(undefined),
    encoding: enc,
    ifMatch: fc.constant<IfMatch>("none"),
    query: fc.constant(""),
    form,
  });
}

/** Replaces symbolic ids with the world's (an index past the end wraps; none: a random uuid). Refs sit near the root: deep nesting is left as is. */
function resolve(value: unknown, world: World, target: string | undefined, groupPool?: string[], depth = 0): unknown {
  if (isRef(value)) {
    if (value.$ref === "version") return target ? (world.versions.get(target) ?? 1) : 1;
    const kind: RefKind = value.$ref;
    const pool = kind === "group" && groupPool?.length ? groupPool : world.ids[kind];
    return pool.length ? pool[value.n % pool.length] : "00000000-0000-4000-8000-000000000000";
  }
  if (depth > 20 || !value || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => resolve(v, world, target, groupPool, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: resolve(v, world, target, groupPool, depth + 1), enumerable: true, writable: true, configurable: true });
  return out;
}

function parsedOrText(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return text;
  }
}

interface Built {
  req: Request;
  params: Record<string, string>;
  requestBody: unknown;
  target?: string;
}

async function build(e: Endpoint, r: FuzzRequest, world: World): Promise<Built> {
  const params: Record<string, string> = {};
  const gw = r.params.gw === undefined ? undefined : (resolve(r.params.gw, world, undefined) as string);
  if (gw !== undefined) params.gw = gw;
  for (const [k, v] of Object.entries(r.params)) if (k !== "gw") params[k] = resolve(v, world, undefined, gw ? world.groupsOf.get(gw) : undefined) as string;
  const target = Object.values(params).at(-1);
  const headers = new Headers();
  let url = `${BASE}${e.path.replace(/\{([^}]+)\}/g, (_m, name: string) => percent(params[name] ?? ""))}`;
  if (r.query) url += `?${r.query}`;

  if (e.kind === "admin") {
    const auth = r.auth as AdminAuth;
    if (auth === "admin") headers.set("authorization", `Bearer ${admin.token}`);
    if (auth === "viewer") headers.set("authorization", `Bearer ${viewer.token}`);
    if (auth === "bad-token") headers.set("authorization", "Bearer gth_not-a-real-token");
    if (auth === "basic") headers.set("authorization", basic("admin", "integration-admin-password"));
    if (auth.startsWith("session")) headers.set("cookie", adminSession);
    if (auth === "session-foreign-origin") headers.set("origin", "https://evil.example");
    if (auth === "session-same-origin") headers.set("origin", BASE);
  } else {
    const auth = r.auth as SystemAuth;
    const gateway = gw && world.clients.has(gw) ? gw : world.ids.gateway[0];
    if (auth === "gateway" && gateway) headers.set("authorization", `Bearer ${await systemToken(gateway)}`);
    if (auth === "garbage") headers.set("authorization", "Bearer eyJhbGciOiJub25lIn0.e30.");
    if (auth === "basic" && gateway) {
      const c = await revealClient(await getDb(), TEST_SETUP, gateway);
      headers.set("authorization", basic(c.client_id, c.client_secret));
    }
  }
  const version = target ? world.versions.get(target) : undefined;
  if (r.ifMatch === "current") headers.set("if-match", `"${version ?? 1}"`);
  if (r.ifMatch === "weak-current") headers.set("if-match", `W/"${version ?? 1}"`);
  if (r.ifMatch === "stale") headers.set("if-match", `"${Math.max(1, (version ?? 2) - 1)}"`);
  if (typeof r.ifMatch === "object") {
    try {
      headers.set("if-match", r.ifMatch.raw);
    } catch {
      headers.set("if-match", percent(r.ifMatch.raw));
    }
  }

  let requestBody: unknown = resolve(r.body, world, target);
  let text: string | undefined;
  if (r.form) {
    const gateway = gw && world.clients.has(gw) ? gw : world.ids.gateway[0]!;
    const c = await revealClient(await getDb(), TEST_SETUP, gateway);
    const form: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.form)) {
      form[k] = v === "$client" ? c.client_id : v === "$secret" ? c.client_secret : v === "$token" ? await systemToken(gateway) : v;
    }
    if (r.auth === "basic") {
      headers.set("authorization", basic(c.client_id, c.client_secret));
      delete form.client_secret;
    }
    requestBody = form;
    text = new URLSearchParams(form).toString();
  } else if (requestBody !== undefined) {
    text = JSON.stringify(requestBody);
  }
  const enc = r.encoding;
  if (enc.as === "json") {
    if (text !== undefined) headers.set("content-type", enc.contentType);
  } else if (enc.as === "wrong-type") {
    if (enc.contentType) headers.set("content-type", enc.contentType);
    text ??= "{}";
  } else if (enc.as === "malformed") {
    headers.set("content-type", r.form ? "application/x-www-form-urlencoded" : "application/json");
    text = enc.text;
  } else if (enc.as === "empty") {
    if (enc.contentType) headers.set("content-type", enc.contentType);
    text = "";
  } else {
    headers.set("content-type", r.form ? "application/x-www-form-urlencoded" : "application/json");
    text = `{"a":"${"x".repeat(enc.bytes)}"}`;
  }
  // What the server reads: an empty body is no body; anything else not JSON is the text.
  if (enc.as === "empty") requestBody = undefined;
  else if (enc.as !== "json" && enc.as !== "huge") requestBody = parsedOrText(text);
  if (enc.as === "huge") requestBody = { a: "(huge)" };
  const req = new Request(url, { method: e.method, headers, body: text });
  return { req, params, requestBody, target };
}

/* ------------------------------------------------------------------------------------------ *
 * Running one request and judging the answer.                                                 *
 * ------------------------------------------------------------------------------------------ */

const byClass: Record<string, number> = {};
const byStatus: Record<number, number> = {};
const byEndpoint: Record<string, Record<number, number>> = {};
const samples: Record<string, Set<string>> = {};
let requests = 0;
const awsAnswers: Record<string, number> = {};
interface Finding {
  endpoint: string;
  status: number;
  problem: string;
  input: string;
}
const findings: Finding[] = [];

/** Background work a write starts (sync and status refresh after a bind, lib/enforcement/aws/after-change.ts). */
async function settle(): Promise<void> {
  const running = (globalThis as unknown as { gatehouseAfterChange?: Map<string, Promise<void>> }).gatehouseAfterChange;
  if (running?.size) await Promise.allSettled([...running.values()]);
}

function resetLimits(): void {
  resetSourceLimits();
  resetGatewayLimits();
  resetClientThrottle();
  resetEventBudgets();
  resetActivityThrottle();
}

/** What is wrong with the exchange, or null. */
async function exercise(e: Endpoint, r: FuzzRequest): Promise<{ status: number; problem: string | null; sent: string }> {
  resetLimits();
  let world = await loadWorld();
  await replenish(world);
  world = await loadWorld();
  const built = await build(e, r, world);
  await settle();
  const db = await getDb();
  const before: Snapshot = await snapshot(db);
  const res = await e.handler(built.req, { params: Promise.resolve(built.params) });
  const text = await res.text();
  await settle();
  const after = await snapshot(db);
  requests++;
  byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
  const mine = (byEndpoint[e.name] ??= {});
  mine[res.status] = (mine[res.status] ?? 0) + 1;
  const cls = `${Math.floor(res.status / 100)}xx`;
  byClass[cls] = (byClass[cls] ?? 0) + 1;
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* keep the text */
  }
  const sent = `${e.method} ${built.req.url} auth=${r.auth} params=${JSON.stringify(built.params)} content-type=${built.req.headers.get("content-type")} if-match=${built.req.headers.get("if-match")} body=${JSON.stringify(built.requestBody)?.slice(0, 300)}`;
  if (process.env.GATEHOUSE_FUZZ_VERBOSE && res.status >= 400) {
    const seen = (samples[`${e.name} ${res.status}`] ??= new Set());
    if (seen.size < 4) seen.add(text.slice(0, 160));
  }
  const code = (parsed as { error?: { code?: string } } | undefined)?.error?.code ?? (parsed as { error?: string } | undefined)?.error;
  const awsAnswer = [502, 503, 504].includes(res.status) && typeof code === "string" && code.startsWith("aws_");
  if (awsAnswer) awsAnswers[`${res.status} ${code}`] = (awsAnswers[`${res.status} ${code}`] ?? 0) + 1;
  if (res.status >= 500 && !awsAnswer) return { status: res.status, problem: `server fault: ${text.slice(0, 300)}`, sent };
  if (res.status >= 400) {
    const changed = changedTables(before, after);
    if (changed.length) return { status: res.status, problem: `answered ${res.status} but changed ${changed.join(", ")}: ${text.slice(0, 200)}`, sent };
  }
  if (e.kind === "admin") {
    try {
      await checkAdminExchange({ handler: e.handler, method: e.method, url: built.req.url, requestBody: built.requestBody, status: res.status, responseBody: parsed, headers: res.headers });
    } catch (err) {
      return { status: res.status, problem: (err as Error).message.slice(0, 400), sent };
    }
  }
  return { status: res.status, problem: null, sent };
}

/* ------------------------------------------------------------------------------------------ *
 * Endpoints, read from the route files.                                                       *
 * ------------------------------------------------------------------------------------------ */

type Doc = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>; components: { schemas: Record<string, JsonSchema> } };

const systemSchema = (schema: z.core.$ZodType): JsonSchema => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });

/** A valid-ish decision event or group push, from the system API's zod schemas. */
function systemBody(schema: z.core.$ZodType): fc.Arbitrary<Json | Ref | undefined> {
  const json = systemSchema(schema);
  return fromSchema(json, (json.$defs ?? {}) as Record<string, JsonSchema>);
}

async function endpoints(): Promise<Endpoint[]> {
  const doc = JSON.parse(JSON.stringify(adminOpenApiDocument())) as Doc;
  const out: Endpoint[] = [];
  for (const route of await adminRoutes()) {
    for (const method of WRITE_METHODS) {
      const handler = route.handlers[method];
      if (!handler) continue;
      const op = doc.paths[route.path]?.[method.toLowerCase()];
      const schema = op?.requestBody?.content["application/json"]?.schema;
      out.push({
        name: `${method} ${route.path}`,
        kind: "admin",
        method,
        path: route.path,
        handler,
        body: schema ? fromSchema(schema, doc.components.schemas) : undefined,
        bodySchema: schema,
        hugeBytes: ADMIN_MAX_BODY_BYTES + 1,
      });
    }
  }
  const SYSTEM_MAX = 10 * 1024 * 1024 + 1;
  out.push(
    { name: "POST /api/system/default/gateways/configuration", kind: "system", method: "POST", path: "/api/system/default/gateways/configuration", handler: configurationRoute.POST, body: systemBody(setGatewayConfigurationSchema), hugeBytes: SYSTEM_MAX },
    { name: "POST /api/system/default/gateways/requests", kind: "system", method: "POST", path: "/api/system/default/gateways/requests", handler: requestsRoute.POST, body: systemBody(gatewayRequestEventsSchema), hugeBytes: SYSTEM_MAX },
    { name: "POST /api/system/default/gateways/introspect", kind: "oauth", method: "POST", path: "/api/system/default/gateways/introspect", handler: systemIntrospectRoute.POST, hugeBytes: 17 * 1024 },
    { name: "POST /default/system/oauth2/token", kind: "oauth", method: "POST", path: "/default/system/oauth2/token", handler: tokenRoute.POST, hugeBytes: 17 * 1024 },
    { name: "POST /default/system/oauth2/introspect", kind: "oauth", method: "POST", path: "/default/system/oauth2/introspect", handler: oauthIntrospectRoute.POST, hugeBytes: 17 * 1024 },
  );
  return out;
}

/* ------------------------------------------------------------------------------------------ *
 * The run.                                                                                    *
 * ------------------------------------------------------------------------------------------ */

const savedEnv = { ...process.env };
let list: Endpoint[] = [];

beforeAll(async () => {
  // AWS is a closed local port with static credentials: every AWS call fails at once, the same way.
  const closed = await freePort();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${closed}`,
    AWS_ACCESS_KEY_ID: "AKIAFUZZ",
    AWS_SECRET_ACCESS_KEY: "fuzz",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_MAX_ATTEMPTS: "1",
  });
  resetAwsClients();
  resetAccountCache();
  admin = await userWithToken("admin");
  viewer = await userWithToken("viewer");
  adminSession = await sessionCookie(admin.id);
  for (let i = 0; i < 3; i++) await seedGateway();
  await replenish(await loadWorld());
  await replenish(await loadWorld());
  list = await endpoints();
}, 120_000);

afterAll(() => {
  resetAwsClients();
  process.env = savedEnv;
});

describe("fuzz of every admin and system write endpoint", () => {
  it("finds the write endpoints", () => {
    expect(list.filter((e) => e.kind === "admin").length).toBeGreaterThan(30);
    expect(list.map((e) => e.name)).toContain("DELETE /api/admin/default/users/{id}");
  });

  it("sees a write to any table, and not an authenticated call's heartbeat", async () => {
    const db = await getDb();
    const gw = (await loadWorld()).ids.gateway[0]!;
    const before = await snapshot(db);
    await db.execute(sql`update gateways set last_active_at = now() where id = ${gw}`);
    await db.execute(sql`update api_tokens set last_used_at = now()`);
    expect(changedTables(before, await snapshot(db))).toEqual([]);
    await db.execute(sql`update gateways set description = 'changed by the oracle check' where id = ${gw}`);
    await db.execute(sql`insert into audit_events (actor_name, action, target_type, target_id) values ('fuzz', 'oracle.check', 'gateway', ${gw})`);
    expect(changedTables(before, await snapshot(db)).sort()).toEqual(["audit_events", "gateways"]);
  });

  it(
    "answers no request with a server fault, and changes nothing behind an error answer",
    async () => {
      const started = Date.now();
      const only = process.env.GATEHOUSE_FUZZ_ONLY;
      const selected = list.filter((e) => !only || e.name.includes(only));
      const perEndpoint = Math.max(5, Math.ceil(TOTAL_RUNS / selected.length));
      for (const [i, e] of list.entries()) {
        if (!selected.includes(e)) continue;
        const arb = e.kind === "oauth" ? oauthArbitrary(e.path.endsWith("token") ? "token" : "introspect") : requestArbitrary(e);
        type Outcome = { status: number; problem: string | null; sent: string };
        // The smallest failing request seen (fast-check tries smaller ones while it shrinks).
        let failing: Outcome | undefined;
        const result = await fc.check(
          fc.asyncProperty(arb, async (r) => {
            let outcome: Outcome;
            try {
              outcome = await exercise(e, r);
            } catch (err) {
              outcome = { status: 0, problem: `the fuzz itself failed: ${(err as Error).stack?.slice(0, 400)}`, sent: JSON.stringify(r).slice(0, 300) };
            }
            if (outcome.problem !== null) failing = outcome;
            return outcome.problem === null;
          }),
          { numRuns: perEndpoint, seed: SEED + i, endOnFailure: false, maxSkipsPerRun: 0 },
        );
        if (result.failed && failing) {
          findings.push({ endpoint: e.name, status: failing.status, problem: failing.problem!, input: `${failing.sent} (fast-check: ${result.numShrinks} shrinks, seed ${SEED + i})` });
        }
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const classes = Object.entries(byClass)
        .sort()
        .map(([k, v]) => `${k}=${v}`)
        .join(" ");
      const statuses = Object.entries(byStatus)
        .map(([k, v]) => `${k}:${v}`)
        .join(" ");
      console.log(
        `write-endpoint fuzz (${process.env.GATEHOUSE_TEST_DB}, seed ${SEED}): ${requests} requests over ${selected.length} endpoints in ${seconds} s; ${classes} (${statuses}); AWS-unreachable answers ${JSON.stringify(awsAnswers)}; findings ${findings.length}` +
          findings.map((f) => `\n  - ${f.endpoint} → ${f.status}: ${f.problem}\n    shrunk input: ${f.input}`).join(""),
      );
      if (process.env.GATEHOUSE_FUZZ_VERBOSE) for (const [name, st] of Object.entries(byEndpoint)) console.log(`  ${name}: ${JSON.stringify(st)}\n${Object.entries(samples).filter(([k]) => k.startsWith(`${name} `)).map(([k, v]) => `    ${k.slice(name.length + 1)}: ${[...v].join(" | ")}`).join("\n")}`);
      expect(findings).toEqual([]);
    },
    30 * 60_000,
  );
});
