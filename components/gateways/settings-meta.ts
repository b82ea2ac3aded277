import { AWS_REGION_PATTERN } from "@/protocol/aws-region";
import { consoleDefault, storedEntries, type SettingEntry } from "@/protocol/settings/catalogue";
import type { AuthorizerSettingsView } from "./types";

/**
 * The authorizer settings a gateway stores, with their defaults, meanings and checks, derived from
 * protocol/settings/catalogue.ts (the protocol reference's table, § Authorizer settings). The
 * server owns the values; this is what the Settings tab explains and validates before sending.
 */
export type SettingKey = keyof AuthorizerSettingsView;

export interface SettingMeta {
  key: SettingKey;
  kind: "select" | "duration" | "boolean" | "text" | "seconds" | "pem";
  default: AuthorizerSettingsView[SettingKey];
  /** How the Default column shows it, when not the stored default itself. */
  shownDefault?: string;
  description: string;
  options?: readonly string[];
  /** A number's bounds (the catalogue's, as the template's MinValue / MaxValue). */
  min?: number;
  max?: number;
}

const FORM_KIND: Partial<Record<SettingEntry["kind"], SettingMeta["kind"]>> = {
  select: "select", duration: "duration", boolean: "boolean", name: "text", text: "text", seconds: "seconds", pem: "pem",
};

const STORED = storedEntries();

export const AUTHORIZER_SETTINGS: SettingMeta[] = STORED.map((e) => ({
  key: e.consoleKey,
  kind: FORM_KIND[e.kind] ?? "text",
  default: consoleDefault(e) as AuthorizerSettingsView[SettingKey],
  ...(e.shownDefault !== undefined && { shownDefault: e.shownDefault }),
  description: e.description,
  ...(e.allowedValues !== undefined && e.kind === "select" && { options: e.allowedValues }),
  ...(e.minValue !== undefined && { min: e.minValue }),
  ...(e.maxValue !== undefined && { max: e.maxValue }),
}));

/** The catalogue's check of a value typed in the form, as a sentence; null when it is valid. */
export function settingError(key: SettingKey, value: unknown): string | null {
  const entry = STORED.find((e) => e.consoleKey === key);
  const problem = entry ? entry.problem(value) : null;
  return problem === null ? null : `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`;
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

export function regionError(value: string): string | null {
  return AWS_REGION_PATTERN.test(value) ? null : "Not an AWS region code (e.g. eu-west-1).";
}

/** The name a new gateway gets (`gatehouse-` + the first 8 characters of its id) counts as the default. */
const GENERATED_AUTHORIZER_NAME = /^gatehouse-[0-9a-f]{8}$/;

export function isDefault(key: SettingKey, value: unknown): boolean {
  if (key === "AWS_AUTHORIZER_NAME" && typeof value === "string" && GENERATED_AUTHORIZER_NAME.test(value)) return true;
  const meta = AUTHORIZER_SETTINGS.find((m) => m.key === key);
  return meta ? (meta.shownDefault ?? meta.default) === value : true;
}
