import * as z from "zod/mini";
import { systemUrls } from "../platform/urls";
import { parseGoDuration } from "./duration";
import { normalizeCertificates } from "./pem";

/**
 * The authorizer's settings: its environment (the protocol reference's table), parsed and
 * validated once at cold start. zod/mini rather than classic zod: the classic build adds ~90 KB
 * gzipped and ~30 ms to every cold start; mini is ~6 KB and ~6 ms.
 *
 * A bad value never throws: `loadSettings` returns every problem with the variable it concerns,
 * and the handler denies every request while logging them (fail closed, no crash loop).
 */
export const LOG_LEVELS = ["error", "warn", "info", "debug", "trace"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const MIN_RELOAD_INTERVAL_MS = 100;
export const MAX_RELOAD_INTERVAL_MS = 24 * 3_600_000;
/** JWKS_MAX_AGE: how long a fetched key set may be used (a removed key stops verifying by then). */
export const DEFAULT_JWKS_MAX_AGE_MS = 10 * 60_000;
export const MIN_JWKS_MAX_AGE_MS = 10_000;
export const MAX_JWKS_MAX_AGE_MS = 24 * 3_600_000;
/**
 * The name of the API Gateway authorizer when AWS_AUTHORIZER_NAME is unset: `gatehouse-{function
 * name}`, unique per stack (Cloudentity's `cloudentity-acp-authorizer` was shared by every stack
 * in a region). Ownership is proven by the authorizer's URI, not its name (sync/attach.ts); the
 * name only lets humans tell the gateways' authorizers apart.
 */
export const DEFAULT_AUTHORIZER_NAME_PREFIX = "gatehouse-";
/** The name when not even the function name is known (outside Lambda). */
export const DEFAULT_AUTHORIZER_NAME = "gatehouse-authorizer";

export function defaultAuthorizerName(functionName: string | undefined): string {
  const fn = (functionName ?? "").trim().replace(/[^A-Za-z0-9_.-]/g, "-");
  return fn === "" ? DEFAULT_AUTHORIZER_NAME : `${DEFAULT_AUTHORIZER_NAME_PREFIX}${fn}`.slice(0, 128);
}

export interface Settings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  loggingLevel: LogLevel;
  reloadIntervalMs: number;
  jwksMaxAgeMs: number;
  analyticsEnabled: boolean;
  injectContext: boolean;
  allowUnknown: boolean;
  region: string | undefined;
  functionName: string | undefined;
  authorizerName: string;
  /** authorizerResultTtlInSeconds of the API Gateway authorizer the sync creates (0 = off). */
  authorizerCacheTtl: number;
  rootCa: string | undefined;
  insecureSkipVerify: boolean;
}

/** Settings the console may also set (configuration `settings`); an env variable always wins. */
export const CONSOLE_SETTINGS = {
  LOGGING_LEVEL: "loggingLevel",
  ACP_RELOAD_INTERVAL: "reloadIntervalMs",
  JWKS_MAX_AGE: "jwksMaxAgeMs",
  ANALYTICS_ENABLED: "analyticsEnabled",
  AWS_INJECT_CONTEXT: "injectContext",
  ENFORCEMENT_ALLOW_UNKNOWN: "allowUnknown",
  AWS_AUTHORIZER_NAME: "authorizerName",
  AWS_AUTHORIZER_CACHE_TTL: "authorizerCacheTtl",
} as const satisfies Record<string, keyof Settings>;
export type ConsoleSetting = keyof typeof CONSOLE_SETTINGS;

export interface SettingProblem {
  variable: string;
  message: string;
}

export type SettingsResult =
  | { ok: true; settings: Settings; fromEnv: ReadonlySet<ConsoleSetting> }
  | { ok: false; problems: SettingProblem[]; loggingLevel: LogLevel };

// ----- one schema per variable (input: the raw string; empty means "not set") -----

/** Go's strconv.ParseBool, as Cloudentity's authorizer reads its booleans. */
const goBool = z.pipe(
  z.string(),
  z.transform((v, ctx) => {
    if (["1", "t", "T", "TRUE", "true", "True"].includes(v)) return true;
    if (["0", "f", "F", "FALSE", "false", "False"].includes(v)) return false;
    ctx.issues.push({ code: "custom", message: "must be true or false", input: v });
    return z.NEVER;
  }),
);

const required = z.string().check(z.minLength(1, "is required"));

const issuerUrl = z.string().check(
  z.superRefine((v, ctx) => {
    const r = systemUrls(v);
    if (!r.ok) ctx.addIssue({ code: "custom", message: r.error, input: v });
  }),
);

const logLevel = z.pipe(
  z.string(),
  z.transform((v, ctx) => {
    const lower = v.toLowerCase();
    if ((LOG_LEVELS as readonly string[]).includes(lower)) return lower as LogLevel;
    ctx.issues.push({ code: "custom", message: `must be one of ${LOG_LEVELS.join(", ")}`, input: v });
    return z.NEVER;
  }),
);

/** A Go duration between `min` and `max` (their spellings say so in the message). */
const durationBetween = (min: number, max: number, range: string) =>
  z.pipe(
    z.string(),
    z.transform((v, ctx) => {
      const d = parseGoDuration(v);
      if (!d.ok) {
        ctx.issues.push({ code: "custom", message: `${d.error} (Go duration syntax, e.g. 500ms, 5s, 1m)`, input: v });
        return z.NEVER;
      }
      if (d.ms < min || d.ms > max) {
        ctx.issues.push({ code: "custom", message: `must be between ${range}, got ${v}`, input: v });
        return z.NEVER;
      }
      return d.ms;
    }),
  );

const reloadInterval = durationBetween(MIN_RELOAD_INTERVAL_MS, MAX_RELOAD_INTERVAL_MS, "100ms and 24h");
const jwksMaxAge = durationBetween(MIN_JWKS_MAX_AGE_MS, MAX_JWKS_MAX_AGE_MS, "10s and 24h");

const cacheTtl = z.pipe(
  z.string(),
  z.transform((v, ctx) => {
    if (!/^\d{1,4}$/.test(v) || Number(v) > 3600) {
      ctx.issues.push({ code: "custom", message: "must be a whole number of seconds from 0 to 3600", input: v });
      return z.NEVER;
    }
    return Number(v);
  }),
);

const authorizerName = z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,128}$/, "must be 1 to 128 letters, digits, _ . or -"));

const region = z.string().check(z.regex(/^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, "must be an AWS region such as us-east-1"));

const rootCa = z.pipe(
  z.string(),
  z.transform((v, ctx) => {
    const r = normalizeCertificates(v);
    if (!r.ok) {
      ctx.issues.push({ code: "custom", message: r.error, input: "[certificate]" });
      return z.NEVER;
    }
    return r.pem;
  }),
);

type Parser<T> = z.ZodMiniType<T, string>;

/** Parses one variable: `fallback` when unset or empty, else the schema's value or a problem. */
function read<T>(env: Record<string, string | undefined>, variable: string, schema: Parser<T>, fallback: T, problems: SettingProblem[]): T {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === "") return fallback;
  // Secrets are parsed like the rest but never echoed: messages above never include the input.
  const parsed = schema.safeParse(variable === "HTTP_CLIENT_ROOT_CA" ? raw : raw.trim());
  if (parsed.success) return parsed.data;
  problems.push({ variable, message: parsed.error.issues[0]?.message ?? "is invalid" });
  return fallback;
}

export function loadSettings(env: Record<string, string | undefined>): SettingsResult {
  const problems: SettingProblem[] = [];
  const requiredValue = (variable: string, schema: Parser<string> = required) => {
    const v = read(env, variable, schema, "", problems);
    if (v === "" && !problems.some((p) => p.variable === variable)) problems.push({ variable, message: "is required" });
    return v;
  };
  const settings: Settings = {
    issuerUrl: requiredValue("ACP_ISSUER_URL", issuerUrl),
    clientId: requiredValue("ACP_CLIENT_ID"),
    clientSecret: requiredValue("ACP_CLIENT_SECRET"),
    loggingLevel: read(env, "LOGGING_LEVEL", logLevel, "info", problems),
    reloadIntervalMs: read(env, "ACP_RELOAD_INTERVAL", reloadInterval, 5000, problems),
    jwksMaxAgeMs: read(env, "JWKS_MAX_AGE", jwksMaxAge, DEFAULT_JWKS_MAX_AGE_MS, problems),
    analyticsEnabled: read(env, "ANALYTICS_ENABLED", goBool, true, problems),
    injectContext: read(env, "AWS_INJECT_CONTEXT", goBool, false, problems),
    allowUnknown: read(env, "ENFORCEMENT_ALLOW_UNKNOWN", goBool, false, problems),
    region: read<string | undefined>(env, "AWS_REGION", region, undefined, problems),
    functionName: read<string | undefined>(env, "AWS_LAMBDA_FUNCTION_NAME", z.string(), undefined, problems),
    authorizerName: read(env, "AWS_AUTHORIZER_NAME", authorizerName, defaultAuthorizerName(env.AWS_LAMBDA_FUNCTION_NAME), problems),
    authorizerCacheTtl: read(env, "AWS_AUTHORIZER_CACHE_TTL", cacheTtl, 0, problems),
    rootCa: read<string | undefined>(env, "HTTP_CLIENT_ROOT_CA", rootCa, undefined, problems),
    insecureSkipVerify: read(env, "HTTP_CLIENT_INSECURE_SKIP_VERIFY", goBool, false, problems),
  };
  if (problems.length > 0) return { ok: false, problems, loggingLevel: settings.loggingLevel };
  const fromEnv = new Set((Object.keys(CONSOLE_SETTINGS) as ConsoleSetting[]).filter((k) => (env[k] ?? "").trim() !== ""));
  return { ok: true, settings, fromEnv };
}

/** The schema of each console-settable variable, for values that come from the configuration. */
export const CONSOLE_SETTING_PARSERS: { [K in ConsoleSetting]: Parser<Settings[(typeof CONSOLE_SETTINGS)[K]]> } = {
  LOGGING_LEVEL: logLevel,
  ACP_RELOAD_INTERVAL: reloadInterval,
  JWKS_MAX_AGE: jwksMaxAge,
  ANALYTICS_ENABLED: goBool,
  AWS_INJECT_CONTEXT: goBool,
  ENFORCEMENT_ALLOW_UNKNOWN: goBool,
  AWS_AUTHORIZER_NAME: authorizerName,
  AWS_AUTHORIZER_CACHE_TTL: cacheTtl,
};
