import { RouteTable } from "../routing/routes";
import { PolicySlot } from "./policy-slot";
import { parseConfiguration, type ParsedConfiguration } from "../../protocol/configuration";

/**
 * Turns a fetched configuration (checked by the protocol's validator, protocol/configuration.ts)
 * into what the hot path reads: one route table per API group
 * (REST API id + stage, from the bound services' `api_group_metadata.aws`), one slot per
 * referenced policy (compiled on first use, see policy-slot.ts), and the trusted issuers.
 * Route tables are built on first use too (`GroupRoutes`): building all of them for 1,000 APIs
 * took 15–35 ms in a cold process, on the first request's path, which needs one group. Resource
 * paths are still checked when the configuration arrives (one regular expression each), so
 * unusable APIs are reported then; `warm()` builds the remaining tables off the request path.
 * A policy that does not compile — or that an API references but the configuration lacks —
 * denies its APIs (fail closed) and is reported through `onProblem`. Shadow policies
 * (`shadow_policy_id`) get slots from the same map: one compilation whether a policy is enforced
 * on one API and shadowed on another; a broken one only makes its shadow results "broken".
 */
export interface TrustedIssuer {
  issuer: string;
  jwksUri: string | null;
  /** Empty: any audience is accepted (as the console's own verification does). */
  audiences: string[];
  introspection: boolean;
  /** The JWK Set the console embedded (`trusted_issuers[].jwks`) and when it fetched it (epoch ms). */
  embeddedJwks: { keys: unknown[]; fetchedAt: number } | null;
}

export type RoutePolicy = { kind: "unrestricted" } | { kind: "policy"; slot: PolicySlot };

export interface Route {
  /** The platform's API id (what analytics events name). */
  id: string;
  method: string;
  path: string;
  policy: RoutePolicy;
  /**
   * The API's shadow policy (`shadow_policy_id`, ours): evaluated on every decision, never
   * deciding it (decision/shadow.ts). A slot like the enforced ones: missing or not compiling,
   * it resolves to a reason and the shadow result is "broken".
   */
  shadow: PolicySlot | null;
}

/** The routes of one API group, indexed on first use. */
export class GroupRoutes {
  private table: RouteTable<Route> | null = null;
  private pending: Route[] = [];

  push(route: Route): void {
    this.pending.push(route);
  }

  routes(): RouteTable<Route> {
    if (this.table) return this.table;
    const table = new RouteTable<Route>();
    for (const route of this.pending) table.add(route.method, route.path, route); // paths were checked: VALID_TEMPLATE
    this.pending = [];
    return (this.table = table);
  }

  byResource(method: string, resource: string): Route | undefined {
    return this.routes().byResource(method, resource);
  }

  byPathMatch(method: string, path: string): Route | undefined {
    return this.routes().byPathMatch(method, path);
  }
}

/**
 * An API Gateway resource template, as RouteTable accepts it: literal segments (no braces),
 * `{name}` parameters (a name without braces, not ending in `+`), and a `{name+}` greedy one last
 * (whose name RouteTable does not check further).
 */
export const VALID_TEMPLATE = /^(?:\/+(?:[^/{}]+|\{[^/{}]*[^/{}+]\}))*(?:\/+\{[^/]+\+\})?\/*$/;

export interface CompiledConfiguration {
  groups: Map<string, GroupRoutes>;
  /** Builds every route table not built yet (off the request path). */
  warm(): void;
  issuers: TrustedIssuer[];
  eventsPerSecond: number;
  consoleSettings: unknown;
  /** REST APIs (AWS ids) with at least one bound group: the sync attaches the authorizer there. */
  connectedRestApis: Set<string>;
  stats: { groups: number; apis: number; policies: number };
  /** Problems found while compiling (unusable APIs or issuers); policies report theirs on use. */
  problems: string[];
}

export type CompileResult = { ok: true; config: CompiledConfiguration } | { ok: false; error: string };

export const groupKey = (restApiId: string, stage: string) => `${restApiId}/${stage}`;

const MAX_PROBLEMS = 50;

export function compileConfiguration(body: unknown, onProblem: (problem: string) => void = () => {}): CompileResult {
  const parsed = parseConfiguration(body);
  if (!parsed.ok) return parsed;
  const raw = parsed.config;
  const problems: string[] = [];
  const report = (p: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };

  const policies = policySlots(raw, onProblem);
  const tables = new Map<string, GroupRoutes>(); // by service id
  const groups = new Map<string, GroupRoutes>();
  const connectedRestApis = new Set<string>();
  for (const s of raw.services) {
    const aws = s.aws;
    if (!aws) continue; // a service bound through another kind of group: nothing to route here
    const key = groupKey(aws.api_id, aws.stage);
    if (groups.has(key)) {
      report(`services ${s.id} and another one both claim ${aws.api_id} (${aws.stage}); the first one is enforced`);
      continue;
    }
    const table = new GroupRoutes();
    tables.set(s.id, table);
    groups.set(key, table);
    connectedRestApis.add(aws.api_id);
  }

  let apis = 0;
  for (const a of raw.apis) {
    const table = tables.get(a.service_id);
    if (!table) continue;
    if (!VALID_TEMPLATE.test(a.path)) {
      report(`API ${a.id} (${a.method} ${a.path}) is not a valid API Gateway resource path and can never match`);
      continue;
    }
    const policy = routePolicy(a.policy_id ?? null, policies, onProblem);
    if (policy.kind === "policy") policy.slot.enforced = true;
    const shadow = a.shadow_policy_id ? slotOf(a.shadow_policy_id, policies, onProblem) : null;
    if (shadow) shadow.shadowed = true;
    table.push({ id: a.id, method: a.method.toUpperCase(), path: a.path, policy, shadow });
    apis++;
  }

  return {
    ok: true,
    config: {
      groups,
      warm: () => {
        for (const g of groups.values()) g.routes();
      },
      issuers: trustedIssuers(raw, report),
      eventsPerSecond: typeof raw.events_per_second === "number" && raw.events_per_second > 0 ? raw.events_per_second : 0,
      consoleSettings: raw.settings,
      connectedRestApis,
      stats: { groups: groups.size, apis, policies: policies.size },
      problems,
    },
  };
}

function policySlots(raw: ParsedConfiguration, onProblem: (problem: string) => void): Map<string, PolicySlot> {
  const out = new Map<string, PolicySlot>();
  for (const p of raw.policies) if (!out.has(p.id)) out.set(p.id, new PolicySlot(p.id, p.policy_name ?? p.id, p, onProblem));
  return out;
}

function routePolicy(policyId: string | null, policies: Map<string, PolicySlot>, onProblem: (problem: string) => void): RoutePolicy {
  if (policyId === null || policyId === "") return { kind: "unrestricted" };
  return { kind: "policy", slot: slotOf(policyId, policies, onProblem) };
}

/** The slot of a referenced policy; one the configuration lacks gets a slot that resolves to that reason. */
function slotOf(policyId: string, policies: Map<string, PolicySlot>, onProblem: (problem: string) => void): PolicySlot {
  let slot = policies.get(policyId);
  if (!slot) {
    slot = new PolicySlot(policyId, policyId, undefined, onProblem);
    policies.set(policyId, slot);
  }
  return slot;
}

/**
 * `trusted_issuers` (ours) when present, even empty. A configuration without it (a Cloudentity
 * platform) names one issuer of end-user tokens in `issuer_url` + `jwks_url`.
 */
function trustedIssuers(raw: ParsedConfiguration, report: (p: string) => void): TrustedIssuer[] {
  const httpUrl = (u: string | null | undefined) => (u && /^https?:\/\/[^\s]+$/.test(u) ? u : null);
  if (raw.trusted_issuers === undefined) {
    const jwks = httpUrl(raw.jwks_url);
    return raw.issuer_url && jwks ? [{ issuer: raw.issuer_url, jwksUri: jwks, audiences: [], introspection: false, embeddedJwks: null }] : [];
  }
  return raw.trusted_issuers.map((i) => {
    const jwksUri = httpUrl(i.jwks_uri);
    if (i.jwks_uri && !jwksUri) report(`trusted issuer ${i.issuer} has an unusable jwks_uri; its JWTs are refused`);
    const embeddedJwks = jwksUri && i.jwks && i.jwks_fetched_at !== undefined ? { keys: i.jwks.keys, fetchedAt: i.jwks_fetched_at } : null;
    return { issuer: i.issuer, jwksUri, audiences: i.audiences ?? [], introspection: Boolean(i.introspection_endpoint), embeddedJwks };
  });
}
