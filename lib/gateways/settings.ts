import { X509Certificate } from "node:crypto";
import { z } from "zod";
import type { AuthorizerSettings } from "../db/schema";

/** The authorizer's settings (protocol § Authorizer settings) with the published defaults. */
export const DEFAULT_AUTHORIZER_SETTINGS: AuthorizerSettings = {
  LOGGING_LEVEL: "info",
  ACP_RELOAD_INTERVAL: "5s",
  JWKS_MAX_AGE: "10m",
  ANALYTICS_ENABLED: true,
  AWS_INJECT_CONTEXT: false,
  ENFORCEMENT_ALLOW_UNKNOWN: false,
  // Only for rows stored without the key: createGateway stores a unique gatehouse-{id} name for
  // each new gateway. Authorizers own API Gateway authorizers by URI, so a shared name is harmless.
  AWS_AUTHORIZER_NAME: "cloudentity-acp-authorizer",
  AUTHORIZER_CACHE_TTL: 0,
  HTTP_CLIENT_ROOT_CA: "",
  HTTP_CLIENT_INSECURE_SKIP_VERIFY: false,
};

export const LOGGING_LEVELS = ["error", "warn", "info", "debug", "trace"] as const;

/** Go's time.ParseDuration units, as the stack template's AllowedPattern accepts them (no µs). */
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a Go duration, or null when the text is not one. */
export function goDurationMs(text: string): number | null {
  if (!GO_DURATION.test(text)) return null;
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/g)) total += Number(m[1]) * (UNIT_MS[m[2]!] ?? 0);
  return total;
}

export const MIN_RELOAD_INTERVAL_MS = 100;
export const MAX_RELOAD_INTERVAL_MS = 24 * 3_600_000;
export const MIN_JWKS_MAX_AGE_MS = 10_000;
export const MAX_JWKS_MAX_AGE_MS = 24 * 3_600_000;

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n?-----END CERTIFICATE-----/g;
/** CloudFormation parameter values are limited to 4 KB, and the stack passes this one through. */
export const MAX_ROOT_CA_LENGTH = 4096;

/** Null when `text` is empty or one or more PEM certificates (and nothing else); else why not. */
export function rootCaProblem(text: string): string | null {
  if (text.trim() === "") return null;
  if (text.length > MAX_ROOT_CA_LENGTH) return `at most ${MAX_ROOT_CA_LENGTH} characters (a CloudFormation parameter limit)`;
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (blocks.length === 0) return "must be a PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)";
  if (text.replace(PEM_BLOCK, "").trim() !== "") return "only PEM certificate blocks are allowed";
  for (const block of blocks) {
    try {
      new X509Certificate(block[0]);
    } catch {
      return "a PEM block is not a valid X.509 certificate";
    }
  }
  return null;
}

export const reloadIntervalSchema = z
  .string()
  .trim()
  .refine((v) => goDurationMs(v) !== null, "use Go duration syntax, e.g. 500ms, 5s, 1m or 1m30s")
  .refine((v) => (goDurationMs(v) ?? 0) >= MIN_RELOAD_INTERVAL_MS, "at least 100ms")
  .refine((v) => (goDurationMs(v) ?? 0) <= MAX_RELOAD_INTERVAL_MS, "at most 24h");

export const jwksMaxAgeSchema = z
  .string()
  .trim()
  .refine((v) => goDurationMs(v) !== null, "use Go duration syntax, e.g. 30s, 10m or 1h")
  .refine((v) => (goDurationMs(v) ?? 0) >= MIN_JWKS_MAX_AGE_MS, "at least 10s")
  .refine((v) => (goDurationMs(v) ?? 0) <= MAX_JWKS_MAX_AGE_MS, "at most 24h");

export const authorizerSettingsPatchSchema = z.strictObject({
  LOGGING_LEVEL: z.enum(LOGGING_LEVELS).optional(),
  ACP_RELOAD_INTERVAL: reloadIntervalSchema.optional(),
  JWKS_MAX_AGE: jwksMaxAgeSchema.optional(),
  ANALYTICS_ENABLED: z.boolean().optional(),
  AWS_INJECT_CONTEXT: z.boolean().optional(),
  ENFORCEMENT_ALLOW_UNKNOWN: z.boolean().optional(),
  AWS_AUTHORIZER_NAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,128}$/, "1 to 128 letters, digits, _ . or -")
    .optional(),
  AUTHORIZER_CACHE_TTL: z.number().int("a whole number of seconds").min(0, "0 to 3600").max(3600, "0 to 3600").optional(),
  HTTP_CLIENT_ROOT_CA: z
    .string()
    .superRefine((v, ctx) => {
      const problem = rootCaProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  HTTP_CLIENT_INSECURE_SKIP_VERIFY: z.boolean().optional(),
});

export type AuthorizerSettingsPatch = z.infer<typeof authorizerSettingsPatchSchema>;

/** Applies a validated patch; keys left out keep their value (or the default, for old rows). */
export function mergeSettings(current: Partial<AuthorizerSettings> | null | undefined, patch: AuthorizerSettingsPatch = {}): AuthorizerSettings {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<AuthorizerSettings>;
  return { ...DEFAULT_AUTHORIZER_SETTINGS, ...(current ?? {}), ...defined };
}
