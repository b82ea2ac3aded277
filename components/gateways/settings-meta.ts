import { LOGGING_LEVELS, type AuthorizerSettingsView } from "./types";

/**
 * The authorizer settings a gateway stores, with the defaults and meanings of the protocol
 * reference's table (§ Authorizer settings). The server owns the values; this is what the
 * Settings tab explains and validates before sending.
 */
export type SettingKey = keyof AuthorizerSettingsView;

export interface SettingMeta {
  key: SettingKey;
  kind: "select" | "duration" | "boolean" | "text" | "seconds" | "pem";
  default: AuthorizerSettingsView[SettingKey];
  description: string;
  options?: readonly string[];
}

export const AUTHORIZER_SETTINGS: SettingMeta[] = [
  { key: "LOGGING_LEVEL", kind: "select", default: "info", options: LOGGING_LEVELS, description: "How much the authorizer logs to CloudWatch: error, warn, info, debug or trace." },
  { key: "ACP_RELOAD_INTERVAL", kind: "duration", default: "5s", description: "How often the authorizer re-fetches its configuration and policies." },
  { key: "JWKS_MAX_AGE", kind: "duration", default: "10m", description: "How long the authorizer uses an identity provider's signing keys (JWKS) before it must fetch them again: a key the provider removed stops verifying within this time, and when the JWKS cannot be fetched for this long its tokens are refused. Refreshed in the background from half this age." },
  { key: "ANALYTICS_ENABLED", kind: "boolean", default: true, description: "Push decision events to the console for analytics." },
  { key: "AWS_INJECT_CONTEXT", kind: "boolean", default: false, description: "Put the base64 authentication context in context.authnCtx for the backend." },
  { key: "ENFORCEMENT_ALLOW_UNKNOWN", kind: "boolean", default: false, description: "Allow requests that match no known API (off: deny them)." },
  { key: "AWS_AUTHORIZER_NAME", kind: "text", default: "gatehouse-<gateway id>", description: "Name of the API Gateway authorizer it creates on each REST API (new gateways get gatehouse- and the first 8 characters of their id). Only a label: the authorizer recognises its own by the function it invokes, never by name." },
  { key: "AUTHORIZER_CACHE_TTL", kind: "seconds", default: 0, description: "API Gateway's authorizer result cache, in seconds (0 = off, at most 3600). A revoked permission lingers this long." },
  { key: "HTTP_CLIENT_ROOT_CA", kind: "pem", default: "", description: "PEM root CA the authorizer trusts for calls to this console." },
  { key: "HTTP_CLIENT_INSECURE_SKIP_VERIFY", kind: "boolean", default: false, description: "Skip TLS verification of calls to this console (development only)." },
];

/** Go's time.ParseDuration syntax, as the stack template accepts it: 500ms, 5s, 1m30s (units ns, us, ms, s, m, h). */
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `minMs` and its spelling: the reload interval allows 100ms, JWKS_MAX_AGE 10s. */
export function durationError(value: string, minMs = 100, minText = "100ms"): string | null {
  const text = value.trim();
  if (!GO_DURATION.test(text)) return "Use Go duration syntax, e.g. 500ms, 5s, 1m or 1m30s.";
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/g)) ms += Number(m[1]) * (UNIT_MS[m[2] ?? ""] ?? 0);
  if (ms < minMs) return `At least ${minText}.`;
  if (ms > 24 * 3_600_000) return "At most 24h.";
  return null;
}

export function jwksMaxAgeError(value: string): string | null {
  return durationError(value, 10_000, "10s");
}

export function authorizerNameError(value: string): string | null {
  return /^[A-Za-z0-9_.-]{1,128}$/.test(value.trim()) ? null : "1 to 128 letters, digits, _ . or -.";
}

export function cacheTtlError(value: number): string | null {
  if (!Number.isInteger(value) || value < 0 || value > 3600) return "A whole number of seconds from 0 to 3600.";
  return null;
}

/** Regions where Lambda and API Gateway commonly run; any other valid code can be typed. */
export const COMMON_REGIONS: { code: string; name: string }[] = [
  { code: "us-east-1", name: "US East (N. Virginia)" },
  { code: "us-east-2", name: "US East (Ohio)" },
  { code: "us-west-1", name: "US West (N. California)" },
  { code: "us-west-2", name: "US West (Oregon)" },
  { code: "ca-central-1", name: "Canada (Central)" },
  { code: "sa-east-1", name: "South America (São Paulo)" },
  { code: "eu-west-1", name: "Europe (Ireland)" },
  { code: "eu-west-2", name: "Europe (London)" },
  { code: "eu-west-3", name: "Europe (Paris)" },
  { code: "eu-central-1", name: "Europe (Frankfurt)" },
  { code: "eu-central-2", name: "Europe (Zurich)" },
  { code: "eu-north-1", name: "Europe (Stockholm)" },
  { code: "eu-south-1", name: "Europe (Milan)" },
  { code: "ap-south-1", name: "Asia Pacific (Mumbai)" },
  { code: "ap-southeast-1", name: "Asia Pacific (Singapore)" },
  { code: "ap-southeast-2", name: "Asia Pacific (Sydney)" },
  { code: "ap-northeast-1", name: "Asia Pacific (Tokyo)" },
  { code: "ap-northeast-2", name: "Asia Pacific (Seoul)" },
  { code: "ap-east-1", name: "Asia Pacific (Hong Kong)" },
  { code: "me-central-1", name: "Middle East (UAE)" },
  { code: "af-south-1", name: "Africa (Cape Town)" },
];

export const DEFAULT_REGION = "us-east-1";

const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

export function regionError(value: string): string | null {
  return REGION.test(value) ? null : "Not an AWS region code (e.g. eu-west-1).";
}

/** The name a new gateway gets (`gatehouse-` + the first 8 characters of its id) counts as the default. */
const GENERATED_AUTHORIZER_NAME = /^gatehouse-[0-9a-f]{8}$/;

export function isDefault(key: SettingKey, value: unknown): boolean {
  if (key === "AWS_AUTHORIZER_NAME" && typeof value === "string" && GENERATED_AUTHORIZER_NAME.test(value)) return true;
  const meta = AUTHORIZER_SETTINGS.find((m) => m.key === key);
  return meta ? meta.default === value : true;
}
