/**
 * The shape of `GET …/gateways/configuration` (docs/protocol.md) that the authorizer relies on.
 * Unknown properties are ignored (a newer platform may send more); what the authorizer uses is
 * checked, and a document that fails the check is refused whole: the last good configuration
 * stays in force (fail closed on garbage, never half-apply it). Policies stay `unknown` here:
 * the policy engine validates them, one by one.
 *
 * Written by hand rather than with zod (which validates the settings): on a cold start — when
 * this runs first, uncompiled by the JIT — zod/mini took 13–18 ms for a 1,000-API document here,
 * most of the cold-start budget; these loops take about 1 ms.
 */
export interface RawApi {
  id: string;
  service_id: string;
  method: string;
  path: string;
  policy_id?: string | null;
  /** Ours (an extension, docs/protocol.md): the API's shadow policy, evaluated but never enforced. */
  shadow_policy_id?: string | null;
}

export interface RawPolicy {
  id: string;
  policy_name?: string;
  [key: string]: unknown;
}

export interface RawService {
  id: string;
  aws: { api_id: string; stage: string } | null;
}

export interface RawTrustedIssuer {
  issuer: string;
  jwks_uri?: string;
  audiences?: string[];
  introspection_endpoint?: string | null;
  /** Ours (an extension): the issuer's JWK Set as the console fetched it, and when (epoch ms). */
  jwks?: { keys: unknown[] };
  jwks_fetched_at?: number;
}

export interface RawConfiguration {
  issuer_url?: string;
  jwks_url?: string;
  apis: RawApi[];
  policies: RawPolicy[];
  services: RawService[];
  events_per_second?: number;
  /** Absent (not merely empty) on a Cloudentity platform. */
  trusted_issuers?: RawTrustedIssuer[];
  settings?: unknown;
}

export type ParseResult = { ok: true; config: RawConfiguration } | { ok: false; error: string };

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

function api(v: unknown, i: number): RawApi {
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

function policy(v: unknown, i: number): RawPolicy {
  const o = record(v, `policies.${i}`);
  text(o, "id", `policies.${i}`);
  optionalString(o, "policy_name", `policies.${i}`);
  return o as RawPolicy;
}

function service(v: unknown, i: number): RawService {
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

function trustedIssuer(v: unknown, i: number): RawTrustedIssuer {
  const path = `trusted_issuers.${i}`;
  const o = record(v, path);
  const audiences = o.audiences;
  if (audiences !== undefined && audiences !== null && (!Array.isArray(audiences) || audiences.some((a) => typeof a !== "string"))) {
    fail(`${path}.audiences`, "expected a list of strings");
  }
  const out: RawTrustedIssuer = {
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

export function parseConfiguration(body: unknown): ParseResult {
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
