import { parseGoDuration, STACK_DURATION_PATTERN, stackDurationMs } from "./go-duration";

/**
 * The authorizer's settings, once: for each, its environment variable, its stack parameter
 * (infra/authorizer.yaml), the console's key, the default, how a value is read and checked, and
 * what the user is told about it. Everything else is derived from this list: the console's patch
 * schema and defaults (lib/gateways/settings.ts), the settings form (components/gateways/
 * settings-meta.ts), the stack parameters (lib/aws/stack/parameters.ts), the authorizer's reader
 * (lambda/settings/), the OpenAPI schema and the table in lambda/README.md; infra/authorizer.test.ts
 * checks the template against it both ways. Written by hand: it is our protocol, not a library's.
 *
 * Adding a setting: one entry here and its parameter in infra/authorizer.yaml.
 *
 * Two readers with two phrasings: `parse` reads what the authorizer finds in its environment or in
 * the configuration's `settings` (always text, Go's syntax, as Cloudentity's Go authorizer reads
 * it); `problem` checks a value the console stores (a JSON value that becomes a stack parameter,
 * so it must also pass the template's AllowedPattern). Both come from the same bounds.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The template's three parameter groups (the package's own parameters are in Base, not here). */
export type SettingGroup = "base" | "advanced" | "certificate";
export const SETTING_GROUP_LABELS: Record<SettingGroup, string> = {
  base: "Base configuration",
  advanced: "Advanced configuration",
  certificate: "Certificate configuration",
};

/**
 * How a value is entered and typed. `url` and `pem` are checked further where a URL or an X.509
 * certificate can be parsed (the authorizer, the console): that needs the platform, not protocol/.
 */
export type SettingKind = "text" | "secret" | "url" | "select" | "duration" | "boolean" | "seconds" | "name" | "pem";

export const LOGGING_LEVELS = ["error", "warn", "info", "debug", "trace"] as const;
export type LoggingLevel = (typeof LOGGING_LEVELS)[number];

interface EntryBase {
  /** The function's environment variable. */
  env: string;
  /** The stack template's parameter that sets it. */
  parameter: string;
  /** The field of the authorizer's parsed settings. */
  field: string;
  /** The key in the gateway's stored settings (and the configuration's `settings`); null: the console does not store it. */
  consoleKey: string | null;
  /** Whether the authorizer takes it from the configuration's `settings` when its environment leaves it unset. */
  fromConfiguration: boolean;
  group: SettingGroup;
  /** The template's ParameterLabels text. */
  label: string;
  /** What it does, for the settings form and the docs table. */
  description: string;
  /** The template's Default as the environment spells it; "" = unset (the authorizer's own fallback); null = required. */
  default: string | null;
  /** The console's stored default when it is not the template's (AWS_AUTHORIZER_NAME), and how the form shows it. */
  consoleDefault?: string | number | boolean;
  shownDefault?: string;
  /** What an empty value means to the authorizer, for the docs table (AWS_AUTHORIZER_NAME). */
  unset?: string;
  secret?: boolean;
  /** Template constraints, checked against infra/authorizer.yaml. */
  allowedValues?: readonly string[];
  pattern?: string;
  constraint?: string;
  minLength?: number;
  minValue?: number;
  maxValue?: number;
}

export interface SettingEntry<K extends SettingKind = SettingKind, T = unknown, C = unknown> extends EntryBase {
  kind: K;
  /** A duration's bounds. */
  bounds?: DurationBounds;
  /** The authorizer's reading of a (trimmed, non-empty) text value. Messages never include the value of a secret. */
  parse(raw: string): Parsed<T>;
  /** The console's check of a stored value: null when valid, else what is wrong (lower case, no full stop). */
  problem(value: C): string | null;
  /** The stack parameter's text → the console's value (parameters are strings). */
  fromParameter(text: string): C;
}

type Spec = Omit<EntryBase, "fromConfiguration"> & { fromConfiguration?: boolean };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (error: string): Parsed<never> => ({ ok: false, error });
const asText = (text: string) => text;

/** Free text (the client identifier), or a secret (never echoed: no message quotes a value). */
export function text<const S extends Spec>(spec: S, kind: "text" | "secret" = "text") {
  return {
    ...spec,
    fromConfiguration: spec.fromConfiguration ?? false,
    kind,
    secret: kind === "secret",
    parse: (raw: string) => ok(raw),
    problem: (value: string) => (value.trim() === "" ? "is required" : null),
    fromParameter: asText,
  } as const satisfies SettingEntry<"text" | "secret", string, string>;
}

/** An http(s) URL; the authorizer checks its shape further (lambda/platform/urls.ts). */
export function url<const S extends Spec>(spec: S) {
  return {
    ...spec,
    fromConfiguration: spec.fromConfiguration ?? false,
    kind: "url",
    parse: (raw: string) => (/^https?:\/\/.+/.test(raw) ? ok(raw) : fail("must be an http(s) URL")),
    problem: (value: string) => (/^https?:\/\/.+/.test(value) ? null : "must be an http(s) URL"),
    fromParameter: asText,
  } as const satisfies SettingEntry<"url", string, string>;
}

/** One of `options`, case-insensitive for the authorizer (as Cloudentity's reads LOGGING_LEVEL). */
export function select<const O extends readonly string[], const S extends Spec>(options: O, spec: S) {
  const oneOf = `must be one of ${options.join(", ")}`;
  return {
    ...spec,
    fromConfiguration: spec.fromConfiguration ?? true,
    kind: "select",
    allowedValues: options,
    parse: (raw: string): Parsed<O[number]> => {
      const lower = raw.toLowerCase();
      return (options as readonly string[]).includes(lower) ? ok(lower as O[number]) : fail(oneOf);
    },
    problem: (value: O[number]) => ((options as readonly string[]).includes(value) ? null : oneOf),
    fromParameter: (text: string) => text as O[number],
  } as const satisfies SettingEntry<"select", O[number], O[number]>;
}

const TRUE = ["1", "t", "T", "TRUE", "true", "True"];
const FALSE = ["0", "f", "F", "FALSE", "false", "False"];

/** Go's strconv.ParseBool for the authorizer; the console stores a JSON boolean, the stack "true"/"false". */
export function boolean<const S extends Spec>(spec: S) {
  return {
    ...spec,
    fromConfiguration: spec.fromConfiguration ?? true,
    kind: "boolean",
    allowedValues: ["true", "false"],
    parse: (raw: string) => (TRUE.includes(raw) ? ok(true) : FALSE.includes(raw) ? ok(false) : fail("must be true or false")),
    problem: (value: boolean) => (typeof value === "boolean" ? null : "must be true or false"),
    fromParameter: (text: string) => text === "true",
  } as const satisfies SettingEntry<"boolean", boolean, boolean>;
}

export interface DurationBounds {
  minMs: number;
  maxMs: number;
  /** The bounds as written in messages (100ms, 24h). */
  minText: string;
  maxText: string;
  /** Examples for the syntax message. */
  examples: string;
}

/** A Go duration within bounds: milliseconds for the authorizer, the text for the console and the stack. */
export function duration<const S extends Spec>(bounds: DurationBounds, spec: S) {
  return {
    ...spec,
    fromConfiguration: spec.fromConfiguration ?? true,
    kind: "duration",
    bounds,
    pattern: STACK_DURATION_PATTERN,
    parse: (raw: string): Parsed<number> => {
      const d = parseGoDuration(raw);
      if (!d.ok) return fail(`${d.error} (Go duration syntax, e.g. 500ms, 5s, 1m)`);
      if (d.ms < bounds.minMs || d.ms > bounds.maxMs) return fail(`must be between ${bounds.minText} and ${bounds.maxText}, got ${raw}`);
      return ok(d.ms);
    },
    problem: (value: string) => {
      const ms = stackDurationMs(value.trim());
      if (ms === null) return `use Go duration syntax, e.g. ${bounds.examples}`;
      if (ms < bounds.minMs) return `at least ${bounds.minText}`;
      if (ms > bounds.maxMs) return `at most ${bounds.maxText}`;
      return null;
    },
    fromParameter: asText,
  } as const satisfies SettingEntry<"duration", number, string> & { bounds: DurationBounds };
}

/** Whole seconds from minValue to maxValue (a Number parameter of the template). */
export function seconds<const S extends Spec & { minValue: number; maxValue: number }>(spec: S) {
  const range = `a whole number of seconds from ${spec.minValue} to ${spec.maxValue}`;
  const inRange = (n: number) => Number.isInteger(n) && n >= spec.minValue && n <= spec.maxValue;
  return {
    ...spec,
    fromConfiguration: spec.fromConfiguration ?? true,
    kind: "seconds",
    parse: (raw: string) => (/^\d+$/.test(raw) && raw.length <= String(spec.maxValue).length && inRange(Number(raw)) ? ok(Number(raw)) : fail(`must be ${range}`)),
    problem: (value: number) => (typeof value === "number" && inRange(value) ? null : range),
    fromParameter: (text: string) => Number(text),
  } as const satisfies SettingEntry<"seconds", number, number>;
}

/** An API Gateway authorizer name: 1 to 128 of [A-Za-z0-9_.-] (the template also admits empty: unset). */
export function name<const S extends Spec>(spec: S) {
  const rule = "1 to 128 letters, digits, _ . or -";
  const NAME = /^[A-Za-z0-9_.-]{1,128}$/;
  return {
    ...spec,
    fromConfiguration: spec.fromConfiguration ?? true,
    kind: "name",
    parse: (raw: string) => (NAME.test(raw) ? ok(raw) : fail(`must be ${rule}`)),
    problem: (value: string) => (NAME.test(value.trim()) ? null : rule),
    fromParameter: asText,
  } as const satisfies SettingEntry<"name", string, string>;
}

/** PEM certificates; read and verified where X.509 can be parsed (lambda/settings/pem.ts, lib/gateways/settings.ts). */
export function pem<const S extends Spec>(spec: S) {
  return {
    ...spec,
    fromConfiguration: spec.fromConfiguration ?? false,
    kind: "pem",
    parse: (raw: string) => ok(raw),
    problem: (_value: string): string | null => null,
    fromParameter: asText,
  } as const satisfies SettingEntry<"pem", string, string>;
}

export const MIN_RELOAD_INTERVAL_MS = 100;
export const MAX_RELOAD_INTERVAL_MS = 24 * 3_600_000;
/** JWKS_MAX_AGE: how long a fetched key set may be used (a removed key stops verifying by then). */
export const DEFAULT_JWKS_MAX_AGE_MS = 10 * 60_000;
export const MIN_JWKS_MAX_AGE_MS = 10_000;
export const MAX_JWKS_MAX_AGE_MS = 24 * 3_600_000;

/** In the template's order: Base, then Advanced, then Certificate. */
export const SETTINGS_CATALOGUE = [
  text({
    env: "ACP_CLIENT_ID", parameter: "ClientId", field: "clientId", consoleKey: null, group: "base", default: null, minLength: 1,
    label: "Client identifier", description: "Client identifier of the gateway's OAuth client (Gateway > Settings).",
  }),
  text({
    env: "ACP_CLIENT_SECRET", parameter: "ClientSecret", field: "clientSecret", consoleKey: null, group: "base", default: null, minLength: 1,
    label: "Client secret", description: "Client secret of the gateway's OAuth client (Gateway > Settings).",
  }, "secret"),
  url({
    env: "ACP_ISSUER_URL", parameter: "IssuerUrl", field: "issuerUrl", consoleKey: null, group: "base", default: null,
    pattern: "^https?://.+", constraint: "must be an http(s) URL",
    label: "Issuer URL", description: "Issuer URL of the gateway's OAuth client (its system issuer): {console}/default/system.",
  }),
  select(LOGGING_LEVELS, {
    env: "LOGGING_LEVEL", parameter: "LoggingLevel", field: "loggingLevel", consoleKey: "LOGGING_LEVEL", group: "advanced", default: "info",
    label: "Logging level", description: "How much the authorizer logs to CloudWatch: error, warn, info, debug or trace.",
  }),
  duration({ minMs: MIN_RELOAD_INTERVAL_MS, maxMs: MAX_RELOAD_INTERVAL_MS, minText: "100ms", maxText: "24h", examples: "500ms, 5s, 1m or 1m30s" }, {
    env: "ACP_RELOAD_INTERVAL", parameter: "ReloadInterval", field: "reloadIntervalMs", consoleKey: "ACP_RELOAD_INTERVAL", group: "advanced", default: "5s",
    constraint: "must be a Go duration such as 500ms, 5s or 1m",
    label: "Reload interval", description: "How often the authorizer re-fetches its configuration and policies.",
  }),
  duration({ minMs: MIN_JWKS_MAX_AGE_MS, maxMs: MAX_JWKS_MAX_AGE_MS, minText: "10s", maxText: "24h", examples: "30s, 10m or 1h" }, {
    env: "JWKS_MAX_AGE", parameter: "JwksMaxAge", field: "jwksMaxAgeMs", consoleKey: "JWKS_MAX_AGE", group: "advanced", default: "10m",
    constraint: "must be a Go duration from 10s to 24h, such as 30s, 10m or 1h",
    label: "JWKS max age",
    description: "How long the authorizer uses an identity provider's signing keys (JWKS) before it must fetch them again: a key the provider removed stops verifying within this time, and when the JWKS cannot be fetched for this long its tokens are refused. Refreshed in the background from half this age.",
  }),
  boolean({
    env: "ANALYTICS_ENABLED", parameter: "AnalyticsEnabled", field: "analyticsEnabled", consoleKey: "ANALYTICS_ENABLED", group: "advanced", default: "true",
    label: "Analytics enabled", description: "Push decision events to the console for analytics.",
  }),
  boolean({
    env: "AWS_INJECT_CONTEXT", parameter: "InjectContext", field: "injectContext", consoleKey: "AWS_INJECT_CONTEXT", group: "advanced", default: "false",
    label: "Inject context", description: "Put the base64 authentication context in context.authnCtx for the backend.",
  }),
  boolean({
    env: "ENFORCEMENT_ALLOW_UNKNOWN", parameter: "EnforcementAllowUnknown", field: "allowUnknown", consoleKey: "ENFORCEMENT_ALLOW_UNKNOWN", group: "advanced", default: "false",
    label: "Allow unknown APIs", description: "Allow requests that match no known API (off: deny them).",
  }),
  name({
    env: "AWS_AUTHORIZER_NAME", parameter: "AuthorizerName", field: "authorizerName", consoleKey: "AWS_AUTHORIZER_NAME", group: "advanced",
    // Empty: each function derives gatehouse-<function name>. The console's default is only for rows
    // stored without the key: createGateway stores a unique gatehouse-{id} name for each new gateway.
    // Authorizers own API Gateway authorizers by URI, so a shared name is harmless.
    default: "", consoleDefault: "cloudentity-acp-authorizer", shownDefault: "gatehouse-<gateway id>", unset: "gatehouse-{function name}",
    pattern: "^[A-Za-z0-9_.-]{0,128}$", constraint: "must be empty or 1 to 128 letters, digits, _ . or -",
    label: "API Gateway authorizer name",
    description: "Name of the API Gateway authorizer it creates on each REST API (new gateways get gatehouse- and the first 8 characters of their id). Only a label: the authorizer recognises its own by the function it invokes, never by name.",
  }),
  seconds({
    env: "AWS_AUTHORIZER_CACHE_TTL", parameter: "AuthorizerCacheTtl", field: "authorizerCacheTtl", consoleKey: "AUTHORIZER_CACHE_TTL", group: "advanced",
    default: "0", minValue: 0, maxValue: 3600,
    label: "Authorizer cache TTL (seconds)", description: "API Gateway's authorizer result cache, in seconds (0 = off, at most 3600). A revoked permission lingers this long.",
  }),
  pem({
    env: "HTTP_CLIENT_ROOT_CA", parameter: "HttpClientRootCa", field: "rootCa", consoleKey: "HTTP_CLIENT_ROOT_CA", group: "certificate", default: "",
    label: "Root CA (PEM)", description: "PEM root CA the authorizer trusts for calls to this console.",
  }),
  boolean({
    // Never from the configuration: it is needed to reach the console.
    env: "HTTP_CLIENT_INSECURE_SKIP_VERIFY", parameter: "HttpClientInsecureSkipVerify", field: "insecureSkipVerify", consoleKey: "HTTP_CLIENT_INSECURE_SKIP_VERIFY",
    group: "certificate", default: "false", fromConfiguration: false,
    label: "Skip TLS verification", description: "Skip TLS verification of calls to this console (development only).",
  }),
] as const;

export type CatalogueEntry = (typeof SETTINGS_CATALOGUE)[number];
type Stored = Extract<CatalogueEntry, { consoleKey: string }>;
type ConsoleValue<E> = E extends { problem(value: infer C): string | null } ? C : never;
type ParsedValue<E> = E extends { parse(raw: string): Parsed<infer T> } ? T : never;

/** The settings a gateway stores (the console's keys), typed from the catalogue. */
export type AuthorizerSettings = { [E in Stored as E["consoleKey"]]: ConsoleValue<E> };
export type AuthorizerSettingKey = keyof AuthorizerSettings;

/** The authorizer's parsed settings (undefined: unset and no default). */
export type CatalogueSettings = {
  [E in CatalogueEntry as E["field"]]: ParsedValue<E> | (E["default"] extends "" ? undefined : never);
};

/** The entries as the derivations read them (the fixture test of the catalogue adds one). */
export function catalogueEntries(): readonly SettingEntry[] {
  return SETTINGS_CATALOGUE as unknown as readonly SettingEntry[];
}

/** The console's stored default of an entry: its own, else the template's default as a console value. */
export function consoleDefault(entry: SettingEntry): unknown {
  return entry.consoleDefault ?? entry.fromParameter(entry.default ?? "");
}

/** Every stored setting's default: what a gateway starts from (the console, its form, test fixtures). */
export function consoleDefaults(): AuthorizerSettings {
  return Object.fromEntries(catalogueEntries().flatMap((e) => (e.consoleKey === null ? [] : [[e.consoleKey, consoleDefault(e)]]))) as AuthorizerSettings;
}
