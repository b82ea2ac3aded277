import type { Parameter } from "@aws-sdk/client-cloudformation";
import { catalogueEntries, storedEntries, type SettingGroup } from "../../../protocol/settings/catalogue";
import type { AuthorizerSettings } from "../../db/schema";
import {
  DEFAULT_AUTHORIZER_SETTINGS,
  authorizerSettingsPatchSchema,
  mergeSettings as mergeGatewaySettings,
  type AuthorizerSettingsPatch,
} from "../../gateways/settings";

/**
 * The stack's parameters and the function environment variable each one becomes (1:1, as
 * infra/authorizer.yaml maps them), derived from protocol/settings/catalogue.ts, plus the three
 * that describe the package.
 */
export type SettingKey = keyof AuthorizerSettings;
export type ParameterGroup = SettingGroup;

export interface SettingParameter {
  parameter: string;
  env: string;
  setting: SettingKey;
  group: Exclude<ParameterGroup, "base">;
}

const ENTRIES = catalogueEntries();

export const BASE_PARAMETERS: readonly { parameter: string; env: string }[] = ENTRIES.filter((e) => e.group === "base").map((e) => ({ parameter: e.parameter, env: e.env }));

export const SETTING_PARAMETERS: readonly SettingParameter[] = storedEntries().flatMap((e) =>
  e.group !== "base" ? [{ parameter: e.parameter, env: e.env, setting: e.consoleKey, group: e.group }] : [],
);

/** Parameters that describe the package rather than configure the function. */
export const PACKAGE_PARAMETERS = ["AuthorizerVersion", "CodeS3Bucket", "CodeS3Key"] as const;

/** The one NoEcho parameter: the client secret. */
export const SECRET_PARAMETER = ENTRIES.find((e) => e.secret === true)!.parameter;

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
