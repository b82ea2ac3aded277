import { AWS_REGION_PATTERN } from "../../protocol/aws-region";
import {
  catalogueEntries,
  DEFAULT_JWKS_MAX_AGE_MS,
  storedEntries,
  type CatalogueSettings,
  type LoggingLevel,
  type Parsed,
  type SettingEntry,
  type SettingKind,
} from "../../protocol/settings/catalogue";
import { systemUrls } from "../platform/urls";
import { normalizeCertificates } from "./pem";

/**
 * The authorizer's settings: its environment (the protocol reference's table), parsed and
 * validated once at cold start by the catalogue's readers (protocol/settings/catalogue.ts), plus
 * the checks that need the platform (the issuer URL's shape, X.509 certificates). Plain functions
 * rather than zod: the classic build adds ~90 KB gzipped and ~30 ms to every cold start.
 *
 * A bad value never throws: `loadSettings` returns every problem with the variable it concerns,
 * and the handler denies every request while logging them (fail closed, no crash loop).
 */
export type LogLevel = LoggingLevel;
export { DEFAULT_JWKS_MAX_AGE_MS };

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

/** The catalogue's settings, plus the function's own identity (set by Lambda, not by the stack). */
export type Settings = Omit<CatalogueSettings, "authorizerName"> & {
  authorizerName: string;
  region: string | undefined;
  functionName: string | undefined;
};

const ENTRIES = catalogueEntries();

/** Settings the console may also set (configuration `settings`); an env variable always wins. */
export const CONSOLE_SETTINGS: Readonly<Record<string, keyof Settings>> = Object.fromEntries(
  storedEntries().filter((e) => e.fromConfiguration).map((e) => [e.env, e.field as keyof Settings]),
);
/** The environment variable of a setting the console may set. */
export type ConsoleSetting = string;

export interface SettingProblem {
  variable: string;
  message: string;
}

export type SettingsResult =
  | { ok: true; settings: Settings; fromEnv: ReadonlySet<ConsoleSetting> }
  | { ok: false; problems: SettingProblem[]; loggingLevel: LogLevel };

/** The checks that need the platform, by kind; their messages never quote the value. */
const PLATFORM_CHECKS: Partial<Record<SettingKind, (v: string) => Parsed<string>>> = {
  url: (v) => {
    const r = systemUrls(v);
    return r.ok ? { ok: true, value: v } : { ok: false, error: r.error };
  },
  pem: (v) => {
    const r = normalizeCertificates(v);
    return r.ok ? { ok: true, value: r.pem } : { ok: false, error: r.error };
  },
};

/** Reads one non-empty value of a setting: the catalogue's reader, then the platform's check. */
export function readSetting(entry: SettingEntry, raw: string): Parsed<unknown> {
  // A PEM keeps its whitespace (its line breaks may have become spaces); the rest is trimmed.
  const parsed = entry.parse(entry.kind === "pem" ? raw : raw.trim());
  const check = PLATFORM_CHECKS[entry.kind];
  return parsed.ok && check ? check(parsed.value as string) : parsed;
}

/** What an unset variable means: its default, or (empty default) undefined — or a derived name. */
function fallback(entry: SettingEntry, env: Record<string, string | undefined>): unknown {
  if (entry.env === "AWS_AUTHORIZER_NAME") return defaultAuthorizerName(env.AWS_LAMBDA_FUNCTION_NAME);
  if (entry.default === null) return "";
  if (entry.default === "") return undefined;
  const d = entry.parse(entry.default);
  if (!d.ok) throw new Error(`the catalogue's default of ${entry.env} does not parse: ${d.error}`);
  return d.value;
}

export function loadSettings(env: Record<string, string | undefined>): SettingsResult {
  const problems: SettingProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const entry of ENTRIES) {
    const raw = env[entry.env];
    values[entry.field] = fallback(entry, env);
    if (raw === undefined || raw.trim() === "") {
      if (entry.default === null) problems.push({ variable: entry.env, message: "is required" });
      continue;
    }
    const r = readSetting(entry, raw);
    if (r.ok) values[entry.field] = r.value;
    else problems.push({ variable: entry.env, message: r.error });
  }
  const region = env.AWS_REGION?.trim() ?? "";
  if (region !== "" && !AWS_REGION_PATTERN.test(region)) problems.push({ variable: "AWS_REGION", message: "must be an AWS region such as us-east-1" });
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME?.trim() ?? "";
  const settings = { ...values, region: region === "" || problems.some((p) => p.variable === "AWS_REGION") ? undefined : region, functionName: functionName === "" ? undefined : functionName } as Settings;
  if (problems.length > 0) return { ok: false, problems, loggingLevel: settings.loggingLevel };
  const fromEnv = new Set(Object.keys(CONSOLE_SETTINGS).filter((k) => (env[k] ?? "").trim() !== ""));
  return { ok: true, settings, fromEnv };
}
