import { boolean, duration, name, pem, select, seconds, text, url, type Parsed, type SettingEntry } from "./kinds";

export { SETTING_GROUP_LABELS, type DurationBounds, type Parsed, type SettingEntry, type SettingGroup, type SettingKind } from "./kinds";

/**
 * The authorizer's settings, once: for each, its environment variable, its stack parameter
 * (infra/authorizer.yaml), the console's key, the default, how a value is read and checked, and
 * what the user is told about it. Everything else is derived from this list: the console's patch
 * schema and defaults (lib/gateways/settings.ts), the settings form (components/gateways/
 * settings-meta.ts), the stack parameters (lib/aws/stack/parameters.ts), the authorizer's reader
 * (lambda/settings/), the OpenAPI schema and the table in lambda/README.md; infra/authorizer.test.ts
 * checks the template against it both ways. Written by hand: it is our protocol, not a library's.
 *
 * Adding a setting: one entry here (a builder of ./kinds.ts) and its parameter in
 * infra/authorizer.yaml.
 */

export const LOGGING_LEVELS = ["error", "warn", "info", "debug", "trace"] as const;
export type LoggingLevel = (typeof LOGGING_LEVELS)[number];

export const MIN_RELOAD_INTERVAL_MS = 100;
export const MAX_RELOAD_INTERVAL_MS = 24 * 3_600_000;
/** JWKS_MAX_AGE: how long a fetched key set may be used (a removed key stops verifying by then). */
export const DEFAULT_JWKS_MAX_AGE_MS = 10 * 60_000;
export const MIN_JWKS_MAX_AGE_MS = 10_000;
export const MAX_JWKS_MAX_AGE_MS = 24 * 3_600_000;

/**
 * In the order of the function's environment in the template: Base (the issuer first, as the
 * authorizer reports missing ones), then Advanced, then Certificate.
 */
export const SETTINGS_CATALOGUE = [
  url({
    env: "ACP_ISSUER_URL", parameter: "IssuerUrl", field: "issuerUrl", consoleKey: null, fromConfiguration: false, group: "base", default: null,
    label: "Issuer URL", description: "Issuer URL of the gateway's OAuth client (its system issuer): {console}/default/system.",
  }),
  text({
    env: "ACP_CLIENT_ID", parameter: "ClientId", field: "clientId", consoleKey: null, fromConfiguration: false, group: "base", default: null, minLength: 1,
    label: "Client identifier", description: "Client identifier of the gateway's OAuth client (Gateway > Settings).",
  }),
  text({
    env: "ACP_CLIENT_SECRET", parameter: "ClientSecret", field: "clientSecret", consoleKey: null, fromConfiguration: false, group: "base", default: null, minLength: 1,
    label: "Client secret", description: "Client secret of the gateway's OAuth client (Gateway > Settings).",
  }, "secret"),
  select(LOGGING_LEVELS, {
    env: "LOGGING_LEVEL", parameter: "LoggingLevel", field: "loggingLevel", consoleKey: "LOGGING_LEVEL", fromConfiguration: true, group: "advanced", default: "info",
    label: "Logging level", description: "How much the authorizer logs to CloudWatch: error, warn, info, debug or trace.",
  }),
  duration({ minMs: MIN_RELOAD_INTERVAL_MS, maxMs: MAX_RELOAD_INTERVAL_MS, minText: "100ms", maxText: "24h", examples: "500ms, 5s, 1m or 1m30s" }, {
    env: "ACP_RELOAD_INTERVAL", parameter: "ReloadInterval", field: "reloadIntervalMs", consoleKey: "ACP_RELOAD_INTERVAL", fromConfiguration: true, group: "advanced", default: "5s",
    constraint: "must be a Go duration such as 500ms, 5s or 1m",
    label: "Reload interval", description: "How often the authorizer re-fetches its configuration and policies.",
  }),
  duration({ minMs: MIN_JWKS_MAX_AGE_MS, maxMs: MAX_JWKS_MAX_AGE_MS, minText: "10s", maxText: "24h", examples: "30s, 10m or 1h" }, {
    env: "JWKS_MAX_AGE", parameter: "JwksMaxAge", field: "jwksMaxAgeMs", consoleKey: "JWKS_MAX_AGE", fromConfiguration: true, group: "advanced", default: "10m",
    constraint: "must be a Go duration from 10s to 24h, such as 30s, 10m or 1h",
    label: "JWKS max age",
    description: "How long the authorizer uses an identity provider's signing keys (JWKS) before it must fetch them again: a key the provider removed stops verifying within this time, and when the JWKS cannot be fetched for this long its tokens are refused. Refreshed in the background from half this age.",
  }),
  boolean({
    env: "ANALYTICS_ENABLED", parameter: "AnalyticsEnabled", field: "analyticsEnabled", consoleKey: "ANALYTICS_ENABLED", fromConfiguration: true, group: "advanced", default: "true",
    label: "Analytics enabled", description: "Push decision events to the console for analytics.",
  }),
  boolean({
    env: "AWS_INJECT_CONTEXT", parameter: "InjectContext", field: "injectContext", consoleKey: "AWS_INJECT_CONTEXT", fromConfiguration: true, group: "advanced", default: "false",
    label: "Inject context", description: "Put the base64 authentication context in context.authnCtx for the backend.",
  }),
  boolean({
    env: "ENFORCEMENT_ALLOW_UNKNOWN", parameter: "EnforcementAllowUnknown", field: "allowUnknown", consoleKey: "ENFORCEMENT_ALLOW_UNKNOWN", fromConfiguration: true, group: "advanced", default: "false",
    label: "Allow unknown APIs", description: "Allow requests that match no known API (off: deny them).",
  }),
  name({
    env: "AWS_AUTHORIZER_NAME", parameter: "AuthorizerName", field: "authorizerName", consoleKey: "AWS_AUTHORIZER_NAME", fromConfiguration: true, group: "advanced",
    // Empty: each function derives gatehouse-<function name>. The console's default is only for rows
    // stored without the key: createGateway stores a unique gatehouse-{id} name for each new gateway.
    // Authorizers own API Gateway authorizers by URI, so a shared name is harmless.
    default: "", consoleDefault: "cloudentity-acp-authorizer", shownDefault: "gatehouse-<gateway id>", unset: "gatehouse-{function name}",
    pattern: "^[A-Za-z0-9_.-]{0,128}$", constraint: "must be empty or 1 to 128 letters, digits, _ . or -",
    label: "API Gateway authorizer name",
    description: "Name of the API Gateway authorizer it creates on each REST API (new gateways get gatehouse- and the first 8 characters of their id). Only a label: the authorizer recognises its own by the function it invokes, never by name.",
  }),
  seconds({
    env: "AWS_AUTHORIZER_CACHE_TTL", parameter: "AuthorizerCacheTtl", field: "authorizerCacheTtl", consoleKey: "AUTHORIZER_CACHE_TTL", fromConfiguration: true, group: "advanced",
    default: "0", minValue: 0, maxValue: 3600,
    label: "Authorizer cache TTL (seconds)", description: "API Gateway's authorizer result cache, in seconds (0 = off, at most 3600). A revoked permission lingers this long.",
  }),
  pem({
    env: "HTTP_CLIENT_ROOT_CA", parameter: "HttpClientRootCa", field: "rootCa", consoleKey: "HTTP_CLIENT_ROOT_CA", fromConfiguration: false, group: "certificate", default: "",
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

/** The authorizer's parsed settings (undefined: unset and no default). */
export type CatalogueSettings = {
  [E in CatalogueEntry as E["field"]]: ParsedValue<E> | (E["default"] extends "" ? undefined : never);
};

/** The entries as the derivations read them (the fixture test of the catalogue adds one). */
export function catalogueEntries(): readonly SettingEntry[] {
  return SETTINGS_CATALOGUE;
}

/** An entry a gateway stores: one with a console key. */
export type StoredEntry = SettingEntry & { consoleKey: keyof AuthorizerSettings };

/** The entries a gateway stores (the console's settings), in catalogue order. */
export function storedEntries(): StoredEntry[] {
  return catalogueEntries().filter((e): e is StoredEntry => e.consoleKey !== null);
}

/** The console's stored default of an entry: its own, else the template's default as a console value. */
export function consoleDefault(entry: SettingEntry): unknown {
  return entry.consoleDefault ?? entry.fromParameter(entry.default ?? "");
}

/** Every stored setting's default: what a gateway starts from (the console, its form, test fixtures). */
export function consoleDefaults(): AuthorizerSettings {
  return Object.fromEntries(storedEntries().map((e) => [e.consoleKey, consoleDefault(e)])) as AuthorizerSettings;
}
