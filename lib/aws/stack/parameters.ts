import type { Parameter } from "@aws-sdk/client-cloudformation";
import type { AuthorizerSettings } from "../../db/schema";
import {
  DEFAULT_AUTHORIZER_SETTINGS,
  authorizerSettingsPatchSchema,
  mergeSettings as mergeGatewaySettings,
  type AuthorizerSettingsPatch,
} from "../../gateways/settings";

/**
 * The stack's parameters and the function environment variable each one becomes (1:1, as
 * infra/authorizer.yaml maps them), plus the three that describe the package.
 */
export type SettingKey = keyof AuthorizerSettings;
export type ParameterGroup = "base" | "advanced" | "certificate";

export interface SettingParameter {
  parameter: string;
  env: string;
  setting: SettingKey;
  group: Exclude<ParameterGroup, "base">;
}

export const BASE_PARAMETERS = [
  { parameter: "ClientId", env: "ACP_CLIENT_ID" },
  { parameter: "ClientSecret", env: "ACP_CLIENT_SECRET" },
  { parameter: "IssuerUrl", env: "ACP_ISSUER_URL" },
] as const;

export const SETTING_PARAMETERS: readonly SettingParameter[] = [
  { parameter: "LoggingLevel", env: "LOGGING_LEVEL", setting: "LOGGING_LEVEL", group: "advanced" },
  { parameter: "ReloadInterval", env: "ACP_RELOAD_INTERVAL", setting: "ACP_RELOAD_INTERVAL", group: "advanced" },
  { parameter: "JwksMaxAge", env: "JWKS_MAX_AGE", setting: "JWKS_MAX_AGE", group: "advanced" },
  { parameter: "AnalyticsEnabled", env: "ANALYTICS_ENABLED", setting: "ANALYTICS_ENABLED", group: "advanced" },
  { parameter: "InjectContext", env: "AWS_INJECT_CONTEXT", setting: "AWS_INJECT_CONTEXT", group: "advanced" },
  { parameter: "EnforcementAllowUnknown", env: "ENFORCEMENT_ALLOW_UNKNOWN", setting: "ENFORCEMENT_ALLOW_UNKNOWN", group: "advanced" },
  { parameter: "AuthorizerName", env: "AWS_AUTHORIZER_NAME", setting: "AWS_AUTHORIZER_NAME", group: "advanced" },
  { parameter: "AuthorizerCacheTtl", env: "AWS_AUTHORIZER_CACHE_TTL", setting: "AUTHORIZER_CACHE_TTL", group: "advanced" },
  { parameter: "HttpClientRootCa", env: "HTTP_CLIENT_ROOT_CA", setting: "HTTP_CLIENT_ROOT_CA", group: "certificate" },
  { parameter: "HttpClientInsecureSkipVerify", env: "HTTP_CLIENT_INSECURE_SKIP_VERIFY", setting: "HTTP_CLIENT_INSECURE_SKIP_VERIFY", group: "certificate" },
];

/** Parameters that describe the package rather than configure the function. */
export const PACKAGE_PARAMETERS = ["AuthorizerVersion", "CodeS3Bucket", "CodeS3Key"] as const;

export const SECRET_PARAMETER = "ClientSecret";

/** parameter name → environment variable, for every parameter that configures the function. */
export const ENV_BY_PARAMETER: Readonly<Record<string, string>> = Object.fromEntries(
  [...BASE_PARAMETERS, ...SETTING_PARAMETERS].map((p) => [p.parameter, p.env]),
);

/** Settings a launch or update may set: the gateway's own rules (lib/gateways/settings). */
export const stackSettingsSchema = authorizerSettingsPatchSchema;
export type StackSettingsInput = AuthorizerSettingsPatch;
export const DEFAULT_SETTINGS: AuthorizerSettings = DEFAULT_AUTHORIZER_SETTINGS;

/** Defaults, then what the gateway (or stack) says, then the caller's changes. */
export function mergeSettings(base: Partial<AuthorizerSettings> | null | undefined, override?: StackSettingsInput): AuthorizerSettings {
  return mergeGatewaySettings(base, override);
}

function asParameterValue(v: string | number | boolean): string {
  return typeof v === "string" ? v : String(v);
}

export interface StackInputs {
  clientId: string;
  /** The secret, or `{ usePrevious: true }` to keep the value the stack already has (UsePreviousValue). */
  clientSecret: string | { usePrevious: true };
  issuerUrl: string;
  version: string;
  bucket: string;
  codeKey: string;
  settings: AuthorizerSettings;
}

/** Every parameter except the secret, by name: what the console stores and shows. */
export function publicParameters(i: Omit<StackInputs, "clientSecret">): Record<string, string> {
  const out: Record<string, string> = {
    ClientId: i.clientId,
    IssuerUrl: i.issuerUrl,
    AuthorizerVersion: i.version,
    CodeS3Bucket: i.bucket,
    CodeS3Key: i.codeKey,
  };
  for (const p of SETTING_PARAMETERS) out[p.parameter] = asParameterValue(i.settings[p.setting]);
  return out;
}

export function stackParameters(i: StackInputs): Parameter[] {
  const params: Parameter[] = Object.entries(publicParameters(i)).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  params.push(
    typeof i.clientSecret !== "string"
      ? { ParameterKey: SECRET_PARAMETER, UsePreviousValue: true }
      : { ParameterKey: SECRET_PARAMETER, ParameterValue: i.clientSecret },
  );
  return params;
}
