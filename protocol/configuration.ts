import type { ApiGroupMetadata } from "./discovery";

/**
 * The configuration document, `GET …/gateways/configuration` (docs/protocol.md): what the console
 * serves (`GatewayConfiguration`, lib/gateways/configuration.ts builds it) and the one validator
 * the authorizer runs on it (`parseConfiguration`, lambda/config/compile.ts). Both sides meet
 * here so the document is written once.
 *
 * The validator is written by hand rather than with zod (which validates the settings): on a
 * cold start — when this runs first, uncompiled by the JIT — zod/mini took 13–18 ms for a
 * 1,000-API document, most of the cold-start budget; these loops take about 1 ms. It checks
 * what the authorizer relies on and ignores unknown properties (a newer platform may send more,
 * and a Cloudentity platform sends less: no `trusted_issuers`, no `settings`); a document that
 * fails the check is refused whole, so the last good configuration stays in force (fail closed
 * on garbage, never half-apply it). Policies stay `unknown` here: the policy engine validates
 * them, one by one.
 */

/* ---------------------------------------------------------------------------------------- *
 * The document as the console serves it                                                    *
 * ---------------------------------------------------------------------------------------- */

/** One API of a bound service: a method on a resource path of the service's REST API stage. */
export interface ConfigurationApi {
  /** The console's API id (a UUID); decision events name it (`api_id`). */
  id: string;
  /** The service the API belongs to: `services[].id`. */
  service_id: string;
  /** `GET`, `POST`, …, or `ANY` (API Gateway's catch-all method). */
  method: string;
  /** API Gateway's resource template: `/pets/{petId}`, `/{proxy+}`. */
  path: string;
  /** The enforced policy (`policies[].id`); absent: *Unrestricted*. */
  policy_id?: string;
  /** Ours (docs/shadow-policies.md): the policy evaluated beside `policy_id` that never decides. */
  shadow_policy_id?: string;
  /** `rest` for API Gateway REST APIs. */
  api_type: string;
  /** The API's place in its service's list (the console's order). */
  position: number;
}

/** A policy some API enforces or shadows (docs/policy-language.md). */
export interface ConfigurationPolicy {
  id: string;
  policy_name: string;
  type: "api";
  language: "cloudentity";
  /** The policy's validators, as the policy engine reads them. */
  validators: unknown[];
}

/** A service bound to one API group of this gateway. */
export interface ConfigurationService {
  id: string;
  name: string;
  description: string;
  gateway_id: string;
  /** The API group the service is bound to (`{api_id}-{stage}`). */
  api_group_id: string;
  /** Which REST API and stage the group is: what the authorizer routes by. */
  api_group_metadata: ApiGroupMetadata;
}

/** Ours: an issuer whose end-user tokens the authorizer accepts. */
export interface ConfigurationTrustedIssuer {
  /** The `iss` its tokens carry. */
  issuer: string;
  /** Where its JWK Set is published. */
  jwks_uri: string;
  /** Accepted `aud` values; empty: any audience. */
  audiences: string[];
  /** Present when its opaque tokens can be introspected through the console. */
  introspection_endpoint?: string;
  /**
   * Ours (docs/enforcement.md § Embedded JWKS): the issuer's JWK Set as the console last fetched
   * it. An authorizer may use these keys until JWKS_MAX_AGE after `jwks_fetched_at` instead of
   * fetching `jwks_uri`. Absent until the console fetched them; always together with
   * `jwks_fetched_at`.
   */
  jwks?: { keys: Record<string, unknown>[] };
  /** When the console fetched `jwks` (an ISO 8601 date-time). */
  jwks_fetched_at?: string;
}

/**
 * Ours: the gateway's authorizer settings, by environment-variable name (`LOGGING_LEVEL`,
 * `ACP_RELOAD_INTERVAL`, …). They fill in what the authorizer's environment leaves unset.
 */
export type ConfigurationSettings = Record<string, string | number | boolean>;

/** Cloudentity's GatewayConfiguration, as the console serves it (with Gatehouse's extensions). */
export interface GatewayConfiguration {
  tenant_id: string;
  /** The issuing server of the gateway's client (`system`). */
  server_id: string;
  /** The first trusted issuer of end-user tokens (or, with none, the console's own). */
  issuer_url: string;
  /** That issuer's JWK Set. */
  jwks_url: string;
  /** Every API of every service bound to this gateway. */
  apis: ConfigurationApi[];
  /** Every policy those APIs reference (`policy_id` or `shadow_policy_id`). */
  policies: ConfigurationPolicy[];
  /** The bound services, with their group. */
  services: ConfigurationService[];
  /** How many decision events per second the authorizer may push. */
  events_per_second: number;
  /** Ours: the issuers of end-user tokens; absent on a Cloudentity platform (then `issuer_url` + `jwks_url`). */
  trusted_issuers: ConfigurationTrustedIssuer[];
  /** Ours: the gateway's authorizer settings. */
  settings: ConfigurationSettings;
}

/* ---------------------------------------------------------------------------------------- *
 * The validator, and what it hands the authorizer                                          *
 * ---------------------------------------------------------------------------------------- */

/** An API as checked: absent policy references are null. */
export type ParsedApi = Pick<ConfigurationApi, "id" | "service_id" | "method" | "path"> & {
  policy_id: string | null;
  shadow_policy_id: string | null;
};

/** A policy as checked: its id (and name, when given); the rest is the policy engine's to check. */
export interface ParsedPolicy {
  id: string;
  policy_name?: string;
  [key: string]: unknown;
}

/** A service as checked: its id and, when its group is an AWS one, the REST API and stage. */
export interface ParsedService {
  id: string;
  aws: Pick<ApiGroupMetadata["aws"], "api_id" | "stage"> | null;
}

/** A trusted issuer as checked; `jwks_fetched_at` is epoch milliseconds here. */
export type ParsedTrustedIssuer = Pick<ConfigurationTrustedIssuer, "issuer"> & {
  jwks_uri?: string;
  audiences?: string[];
  introspection_endpoint?: string | null;
  jwks?: { keys: unknown[] };
  jwks_fetched_at?: number;
};

export interface ParsedConfiguration {
  issuer_url?: string;
  jwks_url?: string;
  apis: ParsedApi[];
  policies: ParsedPolicy[];
  services: ParsedService[];
  events_per_second?: number;
  /** Absent (not merely empty) on a Cloudentity platform. */
  trusted_issuers?: ParsedTrustedIssuer[];
  /** Unchecked here: the authorizer's settings reader validates each one it knows. */
  settings?: unknown;
}

export type ConfigurationParseResult = { ok: true; config: ParsedConfiguration } | { ok: false; error: string };

class Malformed extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function fail(path: string, message: string): never {
  throw new Malformed(`the configuration is malformed at ${path}: ${message}`);
}

function text(o: Record<string, unknown>, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== "string" || v === "") fail(`${path}.${key}`, "expected a non-empty string");
  return v;
}

function optionalString(o: Record<string, unknown>, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") fail(`${path}.${key}`, "expected a string");
  return v;
}

function list(o: Record<string, unknown>, key: string): unknown[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail(key, "expected an array");
  return v as unknown[];
}

function record(v: unknown, path: string): Record<string, unknown> {
  if (!isRecord(v)) fail(path, "expected an object");
  return v;
}

function api(v: unknown, i: number): ParsedApi {
  const path = `apis.${i}`;
  const o = record(v, path);
  const p = text(o, "path", path);
  if (!p.startsWith("/")) fail(`${path}.path`, "path must start with /");
  return {
    id: text(o, "id", path),
    service_id: text(o, "service_id", path),
    method: text(o, "method", path),
    path: p,
    policy_id: optionalString(o, "policy_id", path) ?? null,
    shadow_policy_id: optionalString(o, "shadow_policy_id", path) ?? null,
  };
}

function policy(v: unknown, i: number): ParsedPolicy {
  const o = record(v, `policies.${i}`);
  text(o, "id", `policies.${i}`);
  optionalString(o, "policy_name", `policies.${i}`);
  return o as ParsedPolicy;
}

function service(v: unknown, i: number): ParsedService {
  const path = `services.${i}`;
  const o = record(v, path);
  const id = text(o, "id", path);
  const meta = o.api_group_metadata;
  if (meta === undefined || meta === null) return { id, aws: null };
  const m = record(meta, `${path}.api_group_metadata`);
  if (m.aws === undefined || m.aws === null) return { id, aws: null };
  const aws = record(m.aws, `${path}.api_group_metadata.aws`);
  return { id, aws: { api_id: text(aws, "api_id", `${path}.api_group_metadata.aws`), stage: text(aws, "stage", `${path}.api_group_metadata.aws`) } };
}

function trustedIssuer(v: unknown, i: number): ParsedTrustedIssuer {
  const path = `trusted_issuers.${i}`;
  const o = record(v, path);
  const audiences = o.audiences;
  if (audiences !== undefined && audiences !== null && (!Array.isArray(audiences) || audiences.some((a) => typeof a !== "string"))) {
    fail(`${path}.audiences`, "expected a list of strings");
  }
  const out: ParsedTrustedIssuer = {
    issuer: text(o, "issuer", path),
    jwks_uri: optionalString(o, "jwks_uri", path),
    audiences: (audiences as string[] | null | undefined) ?? [],
    introspection_endpoint: optionalString(o, "introspection_endpoint", path) ?? null,
  };
  if (o.jwks !== undefined && o.jwks !== null) {
    const keys = record(o.jwks, `${path}.jwks`).keys;
    if (!Array.isArray(keys)) fail(`${path}.jwks.keys`, "expected an array");
    const at = Date.parse(text(o, "jwks_fetched_at", path));
    if (!Number.isFinite(at)) fail(`${path}.jwks_fetched_at`, "expected a date-time");
    out.jwks = { keys: keys as unknown[] };
    out.jwks_fetched_at = at;
  }
  return out;
}

/** Checks a fetched configuration document; the error names the first malformed place. */
export function parseConfiguration(body: unknown): ConfigurationParseResult {
  try {
    const o = record(body, "(root)");
    const eps = o.events_per_second;
    if (eps !== undefined && eps !== null && typeof eps !== "number") fail("events_per_second", "expected a number");
    const issuers = list(o, "trusted_issuers");
    return {
      ok: true,
      config: {
        issuer_url: optionalString(o, "issuer_url", "(root)"),
        jwks_url: optionalString(o, "jwks_url", "(root)"),
        apis: (list(o, "apis") ?? []).map(api),
        policies: (list(o, "policies") ?? []).map(policy),
        services: (list(o, "services") ?? []).map(service),
        ...(typeof eps === "number" ? { events_per_second: eps } : {}),
        ...(issuers ? { trusted_issuers: issuers.map(trustedIssuer) } : {}),
        settings: o.settings,
      },
    };
  } catch (err) {
    if (err instanceof Malformed) return { ok: false, error: err.message };
    throw err;
  }
}
